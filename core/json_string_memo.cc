#include "core/json_string_memo.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

namespace crm::json {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// Below this a direct escape is as cheap as a lookup.
constexpr size_t kMinMemoBytes = 2048;

// A handful of entries, replaced least-used first, with counts halved now and
// then so yesterday's favourite does not stay forever. System prompts (a few
// variants per sweep) stay; one-off long texts pass through.
class EscapeMemo {
 public:
  // The escaped JSON string (quotes included) for `text`, or nullptr on a miss
  // (after which `Remember` may be called with the escaped form).
  const std::string* Find(std::string_view text) {
    if (++lookups_ % 4096 == 0) {
      for (Entry& e : entries_) e.uses /= 2;
    }
    for (Entry& e : entries_) {
      if (e.text.size() == text.size() && std::memcmp(e.text.data(), text.data(), text.size()) == 0) {
        ++e.uses;
        return &e.escaped;
      }
    }
    return nullptr;
  }
  void Remember(std::string_view text, const char* escaped, size_t escaped_size) {
    Entry* victim = &entries_[0];
    for (Entry& e : entries_) {
      if (e.uses < victim->uses) victim = &e;
    }
    victim->text.assign(text.data(), text.size());
    victim->escaped.assign(escaped, escaped_size);
    victim->uses = 1;
  }

 private:
  struct Entry {
    std::string text;
    std::string escaped;
    uint64_t uses = 0;
  };
  std::array<Entry, 16> entries_;
  uint64_t lookups_ = 0;
};

// The writer's output buffer (a protected member), reached through a derived
// class as the language allows.
struct WriterOutput : Writer {
  static rapidjson::StringBuffer& Of(Writer& w) { return *(w.*(&WriterOutput::os_)); }
};

}  // namespace

void WriteRaw(Writer& writer, std::string_view json, rapidjson::Type type) {
  writer.RawValue("", 0, type);  // the separator before the value, and the writer's state after it
  char* out = WriterOutput::Of(writer).Push(json.size());
  if (!json.empty()) std::memcpy(out, json.data(), json.size());
}

void WriteStringMemo(Writer& writer, std::string_view text) {
  const auto size = static_cast<rapidjson::SizeType>(text.size());
  if (text.size() < kMinMemoBytes) {
    writer.String(text.data(), size);
    return;
  }
  thread_local EscapeMemo memo;
  if (const std::string* escaped = memo.Find(text)) {
    WriteRaw(writer, *escaped, rapidjson::kStringType);
    return;
  }
  rapidjson::StringBuffer buffer;
  Writer escaper(buffer);
  escaper.String(text.data(), size);
  memo.Remember(text, buffer.GetString(), buffer.GetSize());
  WriteRaw(writer, std::string_view(buffer.GetString(), buffer.GetSize()), rapidjson::kStringType);
}

}  // namespace crm::json

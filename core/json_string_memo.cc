#include "core/json_string_memo.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

namespace crm::json {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// Below this a direct escape is as cheap as a lookup; above the upper bound a
// text is written directly too, so the memo's memory stays bounded (at most
// kSets * kWays entries of kMaxMemoBytes, about 2.2x that with escapes).
constexpr size_t kMinMemoBytes = 256;
constexpr size_t kMaxMemoBytes = 16 * 1024;

// A set-associative table of recently written texts and their escaped forms,
// keyed by a hash of the text's size and a few sampled words and checked with
// a full comparison, so a key collision costs a miss, never a wrong output.
// Within a set the least-used entry is replaced, with counts halved now and
// then so yesterday's favourite does not stay forever.
//
// What it is for: every request of an episode resends the system prompt and
// all earlier turns (tool results are long JSON texts full of quotes), and
// the results line writes them all again. With up to ~100 episodes in flight
// per thread, a few hundred texts are live at once; each is escaped once.
class EscapeMemo {
 public:
  // The escaped JSON string (quotes included) for `text`, or nullptr on a miss
  // (after which `Remember` may be called with the escaped form).
  const std::string* Find(std::string_view text, uint64_t key) {
    if (++lookups_ % 8192 == 0) {
      for (Entry& e : entries_) e.uses /= 2;
    }
    for (Entry& e : Set(key)) {
      if (e.key == key && e.text.size() == text.size() && std::memcmp(e.text.data(), text.data(), text.size()) == 0) {
        ++e.uses;
        return &e.escaped;
      }
    }
    return nullptr;
  }
  void Remember(std::string_view text, uint64_t key, const char* escaped, size_t escaped_size) {
    std::span<Entry> set = Set(key);
    Entry* victim = &set[0];
    for (Entry& e : set) {
      if (e.uses < victim->uses) victim = &e;
    }
    victim->key = key;
    victim->text.assign(text.data(), text.size());
    victim->escaped.assign(escaped, escaped_size);
    victim->uses = 1;
  }

  // Size and 16 words sampled evenly (the first and last 8 bytes included),
  // mixed: tens of instructions whatever the length.
  static uint64_t Key(std::string_view text) {
    uint64_t h = text.size() * 0x9E3779B97F4A7C15ull;
    const size_t last = text.size() - 8;  // text is at least kMinMemoBytes long
    for (size_t i = 0; i < 16; ++i) {
      uint64_t word;
      std::memcpy(&word, text.data() + last * i / 15, 8);
      h = (h ^ word) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 31;
    }
    return h;
  }

 private:
  static constexpr size_t kSets = 128;
  static constexpr size_t kWays = 4;
  struct Entry {
    uint64_t key = 0;
    std::string text;
    std::string escaped;
    uint64_t uses = 0;
  };
  std::span<Entry> Set(uint64_t key) { return std::span<Entry>(entries_).subspan((key % kSets) * kWays, kWays); }

  std::array<Entry, kSets * kWays> entries_;
  uint64_t lookups_ = 0;
};

// Escaped forms of shared immutable strings, found by the owner of the
// string (the shared_ptr's control block). An entry whose string has died
// keeps its control block alive through the weak reference, so no live
// string can share that owner and match by mistake.
//
// Set-associative, 32 sets of 4, least recently used replaced (a dead
// string's entry first): a sweep keeps one live prompt per task in flight,
// and with a direct-mapped table two live prompts in one slot evicted each
// other on every request (a 5 KB escape each time, 2-5% of the engine's
// instructions per model call, varying from run to run with the addresses).
class SharedEscapeMemo {
 public:
  const std::string* Find(const std::shared_ptr<const std::string>& text) {
    for (Entry& e : Set(text.get())) {
      if (!e.source.owner_before(text) && !text.owner_before(e.source) && e.last_use != 0) {
        e.last_use = ++clock_;
        return &e.escaped;
      }
    }
    return nullptr;
  }
  void Remember(const std::shared_ptr<const std::string>& text, const char* escaped, size_t escaped_size) {
    std::span<Entry> set = Set(text.get());
    Entry* victim = &set[0];
    for (Entry& e : set) {
      if (e.last_use == 0 || e.source.expired()) {
        victim = &e;
        break;
      }
      if (e.last_use < victim->last_use) victim = &e;
    }
    victim->source = text;
    victim->escaped.assign(escaped, escaped_size);
    victim->last_use = ++clock_;
  }

 private:
  static constexpr size_t kSets = 32;  // power of two
  static constexpr size_t kWays = 4;
  struct Entry {
    std::weak_ptr<const std::string> source;
    std::string escaped;
    uint64_t last_use = 0;  // 0: never filled
  };
  std::span<Entry> Set(const void* p) {
    const auto set = static_cast<size_t>((reinterpret_cast<uintptr_t>(p) >> 4) * 0x9E3779B97F4A7C15ull >> 59) & (kSets - 1);
    return std::span<Entry>(entries_).subspan(set * kWays, kWays);
  }
  std::array<Entry, kSets * kWays> entries_;
  uint64_t clock_ = 0;
};

// The writer's output buffer (a protected member), reached through a derived
// class as the language allows.
struct WriterOutput : Writer {
  static rapidjson::StringBuffer& Of(Writer& w) { return *(w.*(&WriterOutput::os_)); }
};

// Writes the separator a value of `type` takes here (and moves the writer's
// state past it), then returns room for `size` bytes of it written by hand.
char* PushRawValue(Writer& writer, size_t size, rapidjson::Type type) {
  writer.RawValue("", 0, type);
  return WriterOutput::Of(writer).Push(size);
}

}  // namespace

void WriteRaw(Writer& writer, std::string_view json, rapidjson::Type type) {
  char* out = PushRawValue(writer, json.size(), type);
  if (!json.empty()) std::memcpy(out, json.data(), json.size());
}

void WriteKey(Writer& writer, KeyName name) {
  const std::string_view text = name.view();
  char* out = PushRawValue(writer, text.size() + 2, rapidjson::kStringType);  // a name is a string to the writer
  out[0] = '"';
  std::memcpy(out + 1, text.data(), text.size());
  out[text.size() + 1] = '"';
}

// Escapes `text` as RapidJSON would, hands the escaped form to `remember`
// (a memo's Remember), then writes it: the miss path of both memos.
template <typename Remember>
void EscapeRememberWrite(Writer& writer, std::string_view text, Remember&& remember) {
  rapidjson::StringBuffer buffer;
  Writer escaper(buffer);
  escaper.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  remember(buffer.GetString(), buffer.GetSize());
  WriteRaw(writer, std::string_view(buffer.GetString(), buffer.GetSize()), rapidjson::kStringType);
}

// Shared texts up to this size are kept (at most 128 of them per thread).
constexpr size_t kMaxSharedMemoBytes = 64 * 1024;

void WriteSharedStringMemo(Writer& writer, const std::shared_ptr<const std::string>& text) {
  if (!text) {
    writer.String("", 0);
    return;
  }
  if (text->size() < kMinMemoBytes || text->size() > kMaxSharedMemoBytes) {
    WriteStringMemo(writer, *text);
    return;
  }
  thread_local SharedEscapeMemo memo;
  if (const std::string* escaped = memo.Find(text)) {
    WriteRaw(writer, *escaped, rapidjson::kStringType);
    return;
  }
  EscapeRememberWrite(writer, *text,
                      [&](const char* escaped, size_t escaped_size) { memo.Remember(text, escaped, escaped_size); });
}

void WriteStringMemo(Writer& writer, std::string_view text) {
  const auto size = static_cast<rapidjson::SizeType>(text.size());
  if (text.size() < kMinMemoBytes || text.size() > kMaxMemoBytes) {
    writer.String(text.data(), size);
    return;
  }
  thread_local EscapeMemo memo;
  const uint64_t key = EscapeMemo::Key(text);
  if (const std::string* escaped = memo.Find(text, key)) {
    WriteRaw(writer, *escaped, rapidjson::kStringType);
    return;
  }
  EscapeRememberWrite(writer, text, [&](const char* escaped, size_t escaped_size) {
    memo.Remember(text, key, escaped, escaped_size);
  });
}

void WriteTextMemo(Writer& writer, const chat::Text& text) {
  if (text.shared()) {
    WriteSharedStringMemo(writer, text.shared_string());
  } else {
    WriteStringMemo(writer, text);
  }
}

}  // namespace crm::json

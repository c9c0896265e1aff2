#include "core/json_scratch.h"

#include <vector>

namespace crm::json {
namespace {

constexpr size_t kKeepBytes = size_t{1} << 20;
constexpr size_t kSpareStrings = 4;
constexpr size_t kSpareMinBytes = 1024;  // shorter texts are copied into a fresh string

// Strings handed back by RecycleString, most recent last.
std::vector<std::string>& Spares() {
  thread_local std::vector<std::string> spares;
  return spares;
}

struct ThreadScratch {
  rapidjson::StringBuffer buffer;
  bool leased = false;
};

ThreadScratch& Local() {
  thread_local ThreadScratch scratch;
  return scratch;
}

}  // namespace

ScratchBuffer::ScratchBuffer(size_t reserve) {
  ThreadScratch& local = Local();
  if (local.leased) {
    own_ = std::make_unique<rapidjson::StringBuffer>(nullptr, reserve);
    buffer_ = own_.get();
    return;
  }
  local.leased = true;
  buffer_ = &local.buffer;
  buffer_->Clear();
  buffer_->Reserve(reserve);
}

ScratchBuffer::~ScratchBuffer() {
  if (own_) return;
  ThreadScratch& local = Local();
  const bool oversized = local.buffer.GetSize() > kKeepBytes;
  local.buffer.Clear();
  if (oversized) local.buffer.ShrinkToFit();  // shrinks to the (now empty) contents
  local.leased = false;
}

std::string ScratchBuffer::str() const {
  const std::string_view content = text();
  if (content.size() < kSpareMinBytes) return std::string(content);
  std::vector<std::string>& spares = Spares();
  for (size_t i = spares.size(); i-- > 0;) {
    if (spares[i].capacity() >= content.size()) {
      std::string out = std::move(spares[i]);
      spares.erase(spares.begin() + static_cast<std::ptrdiff_t>(i));
      out.assign(content);  // fits: no allocation
      return out;
    }
  }
  return std::string(content);
}

void RecycleString(std::string&& text) {
  std::vector<std::string>& spares = Spares();
  if (text.capacity() > kKeepBytes || spares.size() >= kSpareStrings) return;  // freed by the caller's string
  spares.push_back(std::move(text));
}

}  // namespace crm::json

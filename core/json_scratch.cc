#include "core/json_scratch.h"

namespace crm::json {
namespace {

constexpr size_t kKeepBytes = size_t{1} << 20;

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

}  // namespace crm::json

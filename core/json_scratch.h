// core/json_scratch.h — a per-thread RapidJSON buffer for building one long
// JSON text at a time (a request body, a results line).
//
// Why: those texts are 10-20 KB, and a fresh buffer for each was a large
// malloc and free (glibc's slow path beyond 1 KB) several times per model
// call. A lease hands out this thread's buffer, cleared, with room reserved.
// A second lease taken on the same thread while the first is alive gets a
// buffer of its own, so nested use is safe, only slower.
//
// Memory: the thread's buffer keeps the capacity it last needed, up to
// 1 MiB; a larger one is freed when its lease ends.
//
// Thread-safety: a lease belongs to the thread that took it; do not hold
// one across a coroutine suspension (the coroutine may resume elsewhere).
#pragma once

#include <rapidjson/stringbuffer.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace crm::json {

class ScratchBuffer {
 public:
  explicit ScratchBuffer(size_t reserve);
  ~ScratchBuffer();
  ScratchBuffer(const ScratchBuffer&) = delete;
  ScratchBuffer& operator=(const ScratchBuffer&) = delete;

  rapidjson::StringBuffer& get() { return *buffer_; }
  std::string_view text() const { return {buffer_->GetString(), buffer_->GetSize()}; }
  std::string str() const { return std::string(text()); }

 private:
  rapidjson::StringBuffer* buffer_;
  std::unique_ptr<rapidjson::StringBuffer> own_;  // set when the thread's buffer was already leased
};

}  // namespace crm::json

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
// 1 MiB; a larger one is freed when its lease ends. The recycled strings
// add at most four more of up to 1 MiB per thread.
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
  // A copy of the text, in a string this thread recycled if it has one large
  // enough (see RecycleString), else in a new one.
  std::string str() const;

 private:
  rapidjson::StringBuffer* buffer_;
  std::unique_ptr<rapidjson::StringBuffer> own_;  // set when the thread's buffer was already leased
};

// Hands a finished long string (a sent request body) back to this thread's
// few spare strings, so the next str() reuses its memory instead of a malloc
// and free of 10-20 KB per model call. Strings over 1 MiB, and any beyond
// four kept, are freed. Any thread; the spares are per thread.
void RecycleString(std::string&& text);

}  // namespace crm::json

// core/json_in_situ.h — a JSON document for the hot paths that parse a body
// once and read it (provider responses, tool arguments): parsed in place in
// its own copy of the text, its values kept first in an inline buffer.
//
// Why in place: RapidJSON scans strings with SSE4.2 only in NUL-terminated
// text (a length-bounded parse goes a byte at a time), and an in situ parse
// unescapes strings where they lie instead of copying each into the pool.
// A NUL inside the text would end it early, so such a text is refused, as a
// length-bounded parse refuses it.
//
// Why the inline buffer: a default Document's pool takes a 64 KB chunk on
// its first value, a malloc and free of that size per parse; glibc serves it
// on its slow path and consolidates its free lists when it is returned. A
// completion's values fit in a few hundred bytes, so the pool starts in the
// object itself (on the caller's stack) and only a large document allocates.
//
// Not copyable or movable (the document points into the object). One thread
// at a time.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace crm::json {

class InSituDocument {
 public:
  InSituDocument();
  InSituDocument(const InSituDocument&) = delete;
  InSituDocument& operator=(const InSituDocument&) = delete;

  // How numbers are read: kFast is RapidJSON's default (an ulp off for some
  // long decimals); kExact reads every number as the correctly rounded
  // double, as Python's json does, for values that are printed back.
  enum class Numbers { kFast, kExact };

  // Parses `text` as one JSON text, replacing what was parsed before. False
  // on a NUL inside `text` or any parse error (then doc() holds no value).
  bool Parse(std::string_view text, Numbers numbers = Numbers::kFast);

  rapidjson::Document& doc() { return doc_; }
  const rapidjson::Document& doc() const { return doc_; }
  // Whether the last parse's values outgrew the inline buffer into heap chunks.
  bool spilled() const { return pool_.Capacity() > kInlineBytes; }

 private:
  static constexpr size_t kInlineBytes = 2048;
  static constexpr size_t kChunkBytes = 16 * 1024;

  alignas(alignof(std::max_align_t)) char inline_pool_[kInlineBytes];
  rapidjson::CrtAllocator chunk_source_;
  rapidjson::MemoryPoolAllocator<> pool_;
  std::string text_;  // the copy the values point into
  rapidjson::Document doc_;  // declared last: it goes before the pool and text
};

}  // namespace crm::json

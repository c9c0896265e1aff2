#include "core/json_in_situ.h"

namespace crm::json {

InSituDocument::InSituDocument()
    : pool_(inline_pool_, sizeof inline_pool_, kChunkBytes, &chunk_source_), doc_(&pool_) {}

bool InSituDocument::Parse(std::string_view text) {
  doc_.SetNull();
  pool_.Clear();  // keeps the inline buffer, returns any chunk a previous parse took
  if (text.find('\0') != std::string_view::npos) return false;
  text_.assign(text.data(), text.size());
  doc_.ParseInsitu(text_.data());
  if (doc_.HasParseError()) {
    doc_.SetNull();
    return false;
  }
  return true;
}

}  // namespace crm::json

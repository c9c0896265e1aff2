#include "core/json_in_situ.h"

namespace crm::json {

bool ParseInSitu(std::string_view text, std::string& scratch, rapidjson::Document& doc) {
  if (text.find('\0') != std::string_view::npos) return false;
  scratch.assign(text.data(), text.size());
  doc.ParseInsitu(scratch.data());
  return !doc.HasParseError();
}

}  // namespace crm::json

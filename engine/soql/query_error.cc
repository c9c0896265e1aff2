#include "engine/soql/query_error.h"

#include "engine/soql/json_writer.h"

namespace crm::soql {

std::string QueryError::ToJson() const {
  std::string out = "[{\"message\":";
  AppendJsonString(out, message);
  out += ",\"errorCode\":";
  AppendJsonString(out, error_code);
  return out + "}]";
}

SourcePos PosAt(std::string_view text, size_t offset) {
  SourcePos pos;
  pos.offset = offset;
  if (offset > text.size()) offset = text.size();
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++pos.row;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

std::string PositionedMessage(std::string_view text, const SourcePos& pos, std::string_view detail) {
  size_t offset = pos.offset > text.size() ? text.size() : pos.offset;
  size_t line_start = 0;
  if (offset > 0) {
    size_t nl = text.rfind('\n', offset - 1);
    if (nl != std::string_view::npos) line_start = nl + 1;
  }
  size_t line_end = text.find('\n', line_start);
  if (line_end == std::string_view::npos) line_end = text.size();
  std::string out = "\n";
  out.append(text.substr(line_start, line_end - line_start));
  out += "\n";
  out.append(static_cast<size_t>(pos.column > 1 ? pos.column - 1 : 0), ' ');
  out += "^\nERROR at Row:" + std::to_string(pos.row) + ":Column:" + std::to_string(pos.column) + "\n";
  out.append(detail);
  return out;
}

QueryError ErrorAt(std::string_view code, std::string_view text, const SourcePos& pos, std::string_view detail) {
  return QueryError{std::string(code), PositionedMessage(text, pos, detail), 400};
}

QueryError PlainError(std::string_view code, std::string_view detail) {
  return QueryError{std::string(code), std::string(detail), 400};
}

std::string NoSuchColumnDetail(std::string_view column, std::string_view entity) {
  return "No such column '" + std::string(column) + "' on entity '" + std::string(entity) +
         "'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field "
         "name. Please reference your WSDL or the describe call for the appropriate names.";
}

std::string BadRelationshipDetail(std::string_view relationship) {
  return "Didn't understand relationship '" + std::string(relationship) +
         "' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' "
         "after the custom relationship name. Please reference your WSDL or the describe call for the "
         "appropriate names.";
}

std::string UnsupportedTypeDetail(std::string_view type) {
  return "sObject type '" + std::string(type) +
         "' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after "
         "the entity name. Please reference your WSDL or the describe call for the appropriate names.";
}

}  // namespace crm::soql

#include "engine/tools/records_view.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <set>
#include <vector>

namespace crm::tools {
namespace {

void StripAttributes(rapidjson::Value& value) {
  if (value.IsObject()) {
    value.EraseMember("attributes");
    for (auto& m : value.GetObject()) StripAttributes(m.value);
  } else if (value.IsArray()) {
    for (rapidjson::Value& item : value.GetArray()) StripAttributes(item);
  }
}

// Drops from every record the top-level keys that are null everywhere.
void DropNullColumns(rapidjson::Value& records) {
  std::set<std::string> keys;
  std::set<std::string> non_null;
  for (const rapidjson::Value& r : records.GetArray()) {
    if (!r.IsObject()) continue;
    for (const auto& m : r.GetObject()) {
      std::string key(m.name.GetString(), m.name.GetStringLength());
      keys.insert(key);
      if (!m.value.IsNull()) non_null.insert(key);
    }
  }
  for (const std::string& key : keys) {
    if (non_null.count(key)) continue;
    for (rapidjson::Value& r : records.GetArray()) {
      if (r.IsObject()) r.EraseMember(key.c_str());
    }
  }
}

std::string Write(const rapidjson::Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  value.Accept(w);
  return buf.GetString();
}

}  // namespace

std::optional<std::string> CleanRecordsText(std::string_view response_json, std::string* error) {
  rapidjson::Document body;
  body.Parse(response_json.data(), response_json.size());
  if (body.HasParseError() || !body.IsObject()) {
    *error = "the org's response is not a JSON object";
    return std::nullopt;
  }
  const char* key = body.HasMember("searchRecords") ? "searchRecords" : "records";
  auto it = body.FindMember(key);
  if (it == body.MemberEnd() || !it->value.IsArray()) {
    *error = "the org's response has no records";
    return std::nullopt;
  }
  rapidjson::Value& records = it->value;
  auto total = body.FindMember("totalSize");
  if (records.Empty() && total != body.MemberEnd() && total->value.IsInt64() && total->value.GetInt64() > 0) {
    return "{\"totalSize\":" + std::to_string(total->value.GetInt64()) + "}";
  }
  StripAttributes(records);
  DropNullColumns(records);
  return Write(records);
}

std::optional<std::string> CleanRecordsJson(const QueryOutcome& outcome, std::string* error) {
  if (!outcome.ok()) {
    *error = outcome.error().ToString();
    return std::nullopt;
  }
  return CleanRecordsText(*outcome, error);
}

}  // namespace crm::tools

#include "engine/tools/records_view.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "core/json_in_situ.h"

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
// Records of one query share their few keys, so a flat list searched
// linearly beats a set of strings (no allocation per key and record).
void DropNullColumns(rapidjson::Value& records) {
  struct Column {
    std::string_view name;  // points into the document, which outlives this call
    bool non_null = false;
  };
  std::vector<Column> columns;
  for (const rapidjson::Value& r : records.GetArray()) {
    if (!r.IsObject()) continue;
    for (const auto& m : r.GetObject()) {
      std::string_view key(m.name.GetString(), m.name.GetStringLength());
      auto it = std::find_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == key; });
      if (it == columns.end()) it = columns.insert(columns.end(), Column{key, false});
      if (!m.value.IsNull()) it->non_null = true;
    }
  }
  std::vector<std::string> all_null;  // copied: erasing members moves the names the views point at
  for (const Column& c : columns) {
    if (!c.non_null) all_null.emplace_back(c.name);
  }
  for (const std::string& key : all_null) {
    for (rapidjson::Value& r : records.GetArray()) {
      if (r.IsObject()) r.EraseMember(rapidjson::StringRef(key.data(), key.size()));
    }
  }
}

std::string Write(const rapidjson::Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  value.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace

std::optional<std::string> CleanRecordsText(const std::string& response_json, std::string* error) {
  std::string text;  // body points into it
  rapidjson::Document body;
  if (!crm::json::ParseInSitu(response_json, text, body) || !body.IsObject()) {
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

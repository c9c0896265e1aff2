#include "engine/tools/tool_support.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>

#include "engine/org/datetime.h"
#include "engine/tools/query_text.h"

namespace crm::tools::internal {

void ArgReader::Fail(std::string message) {
  if (error_.empty()) error_ = "Error: " + std::move(message);
}

const rapidjson::Value* ArgReader::Get(const char* key, bool required) {
  if (!ok()) return nullptr;
  auto it = args_.FindMember(key);
  if (it == args_.MemberEnd() || it->value.IsNull()) {
    if (required) Fail(std::string("missing required argument '") + key + "'");
    return nullptr;
  }
  return &it->value;
}

bool ArgReader::Type(const char* key, const char* expected) {
  Fail(std::string("argument '") + key + "' must be " + expected);
  return false;
}

std::optional<std::string> ArgReader::String(const char* key, bool required) {
  const rapidjson::Value* v = Get(key, required);
  if (!v) return std::nullopt;
  if (!v->IsString()) return Type(key, "a string"), std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<int64_t> ArgReader::Int(const char* key, bool required) {
  const rapidjson::Value* v = Get(key, required);
  if (!v) return std::nullopt;
  if (v->IsInt64()) return v->GetInt64();
  if (v->IsDouble() && v->GetDouble() == static_cast<double>(static_cast<int64_t>(v->GetDouble()))) {
    return static_cast<int64_t>(v->GetDouble());
  }
  if (v->IsString() && v->GetStringLength() > 0 && v->GetStringLength() < 12) {
    char* end = nullptr;
    long long n = std::strtoll(v->GetString(), &end, 10);
    if (end && *end == '\0') return n;
  }
  return Type(key, "an integer"), std::nullopt;
}

std::optional<int64_t> ArgReader::DateTime(const char* key, bool required) {
  std::optional<std::string> text = String(key, required);
  if (!text) return std::nullopt;
  std::optional<int64_t> t = ParseToolDateTime(*text);
  if (!t) Fail(std::string("argument '") + key + "' must be a datetime like 2024-03-01T00:00:00Z");
  return t;
}

std::optional<std::string> ArgReader::Id(const char* key, bool required) {
  std::optional<std::string> text = String(key, required);
  if (!text) return std::nullopt;
  std::optional<std::string> id = CheckedId(*text);
  if (!id) Fail(std::string("argument '") + key + "' is not a valid record Id");
  return id;
}

std::optional<std::vector<std::string>> ArgReader::Strings(const char* key, bool required) {
  const rapidjson::Value* v = Get(key, required);
  if (!v) return std::nullopt;
  if (!v->IsArray()) return Type(key, "a list of strings"), std::nullopt;
  std::vector<std::string> out;
  for (const rapidjson::Value& item : v->GetArray()) {
    if (!item.IsString()) return Type(key, "a list of strings"), std::nullopt;
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

std::optional<std::vector<std::string>> ArgReader::Ids(const char* key, bool required) {
  std::optional<std::vector<std::string>> items = Strings(key, required);
  if (!items) return std::nullopt;
  std::vector<std::string> out;
  for (const std::string& item : *items) {
    std::optional<std::string> id = CheckedId(item);
    if (!id) {
      Fail(std::string("argument '") + key + "' holds a value that is not a record Id");
      return std::nullopt;
    }
    out.push_back(*id);
  }
  return out;
}

const rapidjson::Value* ArgReader::Records(const char* key, bool required) {
  const rapidjson::Value* v = Get(key, required);
  if (!v) return nullptr;
  if (!v->IsArray()) return Type(key, "a list of records"), nullptr;
  for (const rapidjson::Value& item : v->GetArray()) {
    if (!item.IsObject()) return Type(key, "a list of records (objects)"), nullptr;
  }
  return v;
}

const rapidjson::Value* ArgReader::Object(const char* key, bool required) {
  const rapidjson::Value* v = Get(key, required);
  if (!v) return nullptr;
  if (!v->IsObject()) return Type(key, "an object"), nullptr;
  return v;
}

ToolPlan TextResult(std::string text) {
  ToolPlan plan;
  plan.result = std::move(text);
  return plan;
}

ToolPlan ErrorResult(std::string message) { return TextResult("Error: " + std::move(message)); }

ToolPlan Query(std::string text, std::function<std::string(const QueryOutcome&)> finish, QueryLanguage language) {
  ToolPlan plan;
  plan.kind = ToolPlan::Kind::kQuery;
  plan.query.language = language;
  plan.query.text = std::move(text);
  plan.finish = std::move(finish);
  return plan;
}

std::optional<rapidjson::Document> ResponseRecords(const QueryOutcome& outcome, std::string* error) {
  if (!outcome.ok()) {
    *error = outcome.error().ToString();
    return std::nullopt;
  }
  rapidjson::Document body;
  body.Parse(outcome->data(), outcome->size());
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
  rapidjson::Document records;
  records.CopyFrom(it->value, records.GetAllocator());
  return records;
}

std::string QueryFailure(const std::string& error) { return "Error: query failed: " + error; }

std::string FieldText(const rapidjson::Value& record, const char* field) {
  if (!record.IsObject()) return "";
  auto it = record.FindMember(field);
  if (it == record.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::optional<int64_t> FieldTime(const rapidjson::Value& record, const char* field) {
  std::string text = FieldText(record, field);
  if (text.empty()) return std::nullopt;
  return ParseToolDateTime(text);
}

std::string JsonString(std::string_view text) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  return buf.GetString();
}

std::string JsonStringList(const std::vector<std::string>& items) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartArray();
  for (const std::string& s : items) w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  w.EndArray();
  return buf.GetString();
}

std::string JsonCounts(const std::map<std::string, int64_t>& counts) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (const auto& [key, n] : counts) {
    w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    w.Int64(n);
  }
  w.EndObject();
  return buf.GetString();
}

std::string JsonNumbers(const std::map<std::string, double>& values) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (const auto& [key, x] : values) {
    w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    w.Double(x);
  }
  w.EndObject();
  return buf.GetString();
}

std::string JsonValue(const rapidjson::Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  value.Accept(w);
  return buf.GetString();
}

std::vector<std::string> ExtremeKeys(const std::map<std::string, double>& values, bool max) {
  std::vector<std::string> keys;
  double best = 0;
  for (const auto& [key, x] : values) {
    if (keys.empty() || (max ? x > best : x < best)) {
      keys = {key};
      best = x;
    } else if (x == best) {
      keys.push_back(key);
    }
  }
  return keys;
}

}  // namespace crm::tools::internal

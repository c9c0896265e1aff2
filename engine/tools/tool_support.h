// engine/tools/tool_support.h — private helpers of the tool implementations:
// reading and checking arguments, reading query responses, writing results.
// Not part of the engine's API. Values only; safe from any thread.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/tools/tool.h"

namespace crm::tools::internal {

// Reads a call's arguments object; the first problem is kept as an
// "Error: ..." text and later reads return nullopt.
class ArgReader {
 public:
  explicit ArgReader(const rapidjson::Value& args) : args_(args) {}

  // Missing (or null) optional arguments give nullopt and leave ok() true.
  std::optional<std::string> String(const char* key, bool required = true);
  std::optional<int64_t> Int(const char* key, bool required = true);
  std::optional<int64_t> DateTime(const char* key, bool required = true);  // seconds
  std::optional<std::string> Id(const char* key, bool required = true);
  std::optional<std::vector<std::string>> Ids(const char* key, bool required = true);
  std::optional<std::vector<std::string>> Strings(const char* key, bool required = true);
  // An array of objects (records) or an object (values by id).
  const rapidjson::Value* Records(const char* key, bool required = true);
  const rapidjson::Value* Object(const char* key, bool required = true);
  // Any JSON value.
  const rapidjson::Value* Raw(const char* key, bool required = true) { return Get(key, required); }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  void Fail(std::string message);

 private:
  const rapidjson::Value* Get(const char* key, bool required);
  bool Type(const char* key, const char* expected);

  const rapidjson::Value& args_;
  std::string error_;
};

ToolPlan TextResult(std::string text);
ToolPlan ErrorResult(std::string message);  // "Error: " + message
ToolPlan Query(std::string text, std::function<std::string(const QueryOutcome&)> finish,
               QueryLanguage language = QueryLanguage::kSoql);

// The records of a query or search response; nullopt and `*error` set for a
// failed query or an unreadable body.
std::optional<rapidjson::Document> ResponseRecords(const QueryOutcome& outcome, std::string* error);
// The error text a tool returns for a failed query.
std::string QueryFailure(const std::string& error);

// A record's field as text ("" when absent or null).
std::string FieldText(const rapidjson::Value& record, const char* field);
// A record's datetime field in seconds; nullopt when absent or unparsable.
std::optional<int64_t> FieldTime(const rapidjson::Value& record, const char* field);

// Result writers (compact JSON).
std::string JsonString(std::string_view text);
std::string JsonStringList(const std::vector<std::string>& items);
std::string JsonCounts(const std::map<std::string, int64_t>& counts);
std::string JsonNumbers(const std::map<std::string, double>& values);
std::string JsonValue(const rapidjson::Value& value);

// Keys of `values` holding the largest (or smallest) number, in key order.
std::vector<std::string> ExtremeKeys(const std::map<std::string, double>& values, bool max);

}  // namespace crm::tools::internal

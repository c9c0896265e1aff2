#include "engine/tools/connector.h"

#include <algorithm>
#include <vector>

#include "core/json_in_situ.h"
#include "engine/tools/py_repr.h"
#include "engine/tools/records_view.h"

namespace crm::tools {
namespace {

// The first match of run_query's fence pattern, ```(?:sql|SQL|soql|SOQL)?([\S\s]+?)```,
// as re.findall finds it: the capture, or nullopt when there is none.
std::optional<std::string_view> FencedBody(std::string_view text) {
  constexpr std::string_view kFence = "```";
  for (size_t i = text.find(kFence); i != std::string_view::npos; i = text.find(kFence, i + 1)) {
    const size_t after = i + kFence.size();
    std::vector<size_t> starts;  // the tagged capture first (the optional group is greedy), then untagged
    for (std::string_view tag : {"sql", "SQL", "soql", "SOQL"}) {
      if (text.substr(after, tag.size()) == tag) {
        starts.push_back(after + tag.size());
        break;
      }
    }
    starts.push_back(after);
    for (size_t start : starts) {
      // [\S\s]+? : at least one character, then the nearest closing fence.
      const size_t close = text.find(kFence, start + 1);
      if (close != std::string_view::npos) return text.substr(start, close - start);
    }
  }
  return std::nullopt;
}

// Nested objects as simple_salesforce returns them: OrderedDicts.
py::Value FromJsonOrdered(const rapidjson::Value& json) {
  if (json.IsObject()) {
    py::Value dict = py::Value::Dict(py::DictClass::kOrderedDict);
    for (const auto& m : json.GetObject()) {
      dict.Set(py::Value::Str(std::string(m.name.GetString(), m.name.GetStringLength())), FromJsonOrdered(m.value));
    }
    return dict;
  }
  if (json.IsArray()) {
    py::Value list = py::Value::List();
    for (const rapidjson::Value& item : json.GetArray()) list.Append(FromJsonOrdered(item));
    return list;
  }
  return py::FromJson(json);
}

ConnectorResult Failed(std::string text) {
  ConnectorResult r;
  r.result = py::Value::Str(std::move(text));
  r.status = 0;
  return r;
}

}  // namespace

QueryRequest ConnectorQuery(std::string_view text) {
  QueryRequest request;
  if (text.substr(0, 4) == "FIND") {
    request.language = QueryLanguage::kSosl;
    request.text = std::string(text);
    return request;
  }
  std::optional<std::string_view> body = FencedBody(text);
  if (!body) {
    request.text = std::string(text);
    return request;
  }
  for (std::string_view word : py::SplitWhitespace(*body)) {
    if (!request.text.empty()) request.text += ' ';
    request.text += word;
  }
  return request;
}

ConnectorResult RunQueryResult(const QueryOutcome& outcome) {
  if (!outcome.ok()) return Failed(outcome.error().ToString());
  json::InSituDocument parsed;
  if (!parsed.Parse(*outcome, json::InSituDocument::Numbers::kExact) || !parsed.doc().IsObject()) return Failed("the org's response is not a JSON object");
  const rapidjson::Document& body = parsed.doc();
  auto list = body.FindMember("searchRecords");
  if (list == body.MemberEnd()) list = body.FindMember("records");
  if (list == body.MemberEnd() || !list->value.IsArray()) return Failed("the org's response has no records");
  const auto rows = list->value.GetArray();
  ConnectorResult r;
  r.result = py::Value::List();
  if (rows.Empty()) return r;
  // The first record's keys decide which columns may be dropped; looking a
  // key up in a record that lacks it is the connector's KeyError.
  std::vector<std::string> first_keys;
  if (rows[0].IsObject()) {
    for (const auto& m : rows[0].GetObject()) {
      std::string key(m.name.GetString(), m.name.GetStringLength());
      if (key != "attributes") first_keys.push_back(std::move(key));
    }
  }
  std::vector<std::string> all_none;
  for (const std::string& key : first_keys) {
    bool none_everywhere = true;
    for (const rapidjson::Value& row : rows) {
      auto it = row.IsObject() ? row.FindMember(key.c_str()) : row.MemberEnd();
      if (!row.IsObject() || it == row.MemberEnd()) {
        r.raised = std::string();
        py::AppendReprString(*r.raised, key);  // str(KeyError(key))
        return r;
      }
      none_everywhere = none_everywhere && it->value.IsNull();
    }
    if (none_everywhere) all_none.push_back(key);
  }
  for (const rapidjson::Value& row : rows) {
    if (!row.IsObject()) {  // not a record shape any org returns; shown as it is
      r.result.Append(FromJsonOrdered(row));
      continue;
    }
    py::Value record = py::Value::Dict();
    for (const auto& m : row.GetObject()) {
      std::string key(m.name.GetString(), m.name.GetStringLength());
      if (key == "attributes" || std::find(all_none.begin(), all_none.end(), key) != all_none.end()) continue;
      record.Set(py::Value::Str(std::move(key)), FromJsonOrdered(m.value));
    }
    r.result.Append(std::move(record));
  }
  return r;
}

QueryObservation ShowQueryResult(const QueryOutcome& outcome, ObservationFormat format) {
  QueryObservation shown;
  if (!outcome.ok()) {
    shown.text = outcome.error().ToString();
    return shown;
  }
  std::string error;
  std::optional<std::string> records;
  if (format == ObservationFormat::kJson) {
    records = CleanRecordsText(*outcome, &error);
  } else {
    std::string raised;
    records = OfficialRecordsText(*outcome, &error, &raised);
    if (!raised.empty()) {
      shown.harness_failure = true;
      shown.text = "KeyError: " + raised;
      return shown;
    }
  }
  shown.text = records ? std::move(*records) : std::move(error);
  return shown;
}

}  // namespace crm::tools

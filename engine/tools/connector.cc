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

// The records list of a query or search body; nullptr when there is none.
const rapidjson::Value* RecordsOf(const rapidjson::Document& body) {
  if (!body.IsObject()) return nullptr;
  auto list = body.FindMember("searchRecords");
  if (list == body.MemberEnd()) list = body.FindMember("records");
  return list != body.MemberEnd() && list->value.IsArray() ? &list->value : nullptr;
}

// repr() of what json.loads with simple_salesforce's OrderedDict hook makes
// of `v`: objects print as OrderedDicts.
void AppendReprOrdered(std::string& out, const rapidjson::Value& v) {
  if (v.IsObject()) {
    if (v.MemberCount() == 0) {
      out += "OrderedDict()";
      return;
    }
    out += "OrderedDict([";
    bool first = true;
    for (const auto& m : v.GetObject()) {
      out += first ? "(" : ", (";
      first = false;
      py::AppendReprString(out, std::string_view(m.name.GetString(), m.name.GetStringLength()));
      out += ", ";
      AppendReprOrdered(out, m.value);
      out += ')';
    }
    out += "])";
  } else if (v.IsArray()) {
    out += '[';
    bool first = true;
    for (const rapidjson::Value& item : v.GetArray()) {
      if (!first) out += ", ";
      first = false;
      AppendReprOrdered(out, item);
    }
    out += ']';
  } else if (v.IsString()) {
    py::AppendReprString(out, std::string_view(v.GetString(), v.GetStringLength()));
  } else if (v.IsNull()) {
    out += "None";
  } else if (v.IsBool()) {
    out += v.GetBool() ? "True" : "False";
  } else if (v.IsInt64()) {
    py::AppendReprInt(out, v.GetInt64());
  } else if (v.IsUint64()) {
    out += std::to_string(v.GetUint64());
  } else {
    py::AppendReprFloat(out, v.GetDouble());
  }
}

// str() of run_query's records, written straight from the parsed body (the
// hot path of act/react observations; RunQueryResult builds the same as
// values for the tools). Returns the KeyError's text when the connector
// would raise instead.
std::optional<std::string> WriteRecords(const rapidjson::Value& rows, std::string& out) {
  if (rows.Empty()) {
    out = "[]";
    return std::nullopt;
  }
  // The first record's keys decide which columns are dropped.
  std::vector<std::string_view> dropped;
  if (rows[0].IsObject()) {
    for (const auto& m : rows[0].GetObject()) {
      std::string_view key(m.name.GetString(), m.name.GetStringLength());
      if (key == "attributes") continue;
      bool none_everywhere = true;
      for (const rapidjson::Value& row : rows.GetArray()) {
        auto it = row.IsObject() ? row.FindMember(m.name) : row.MemberEnd();
        if (!row.IsObject() || it == row.MemberEnd()) {
          std::string raised;
          py::AppendReprString(raised, key);
          return raised;
        }
        none_everywhere = none_everywhere && it->value.IsNull();
      }
      if (none_everywhere) dropped.push_back(key);
    }
  }
  out.reserve(out.size() + rows.Size() * 64);
  out += '[';
  bool first_row = true;
  for (const rapidjson::Value& row : rows.GetArray()) {
    if (!first_row) out += ", ";
    first_row = false;
    if (!row.IsObject()) {
      AppendReprOrdered(out, row);
      continue;
    }
    out += '{';
    bool first = true;
    for (const auto& m : row.GetObject()) {
      std::string_view key(m.name.GetString(), m.name.GetStringLength());
      if (key == "attributes" || std::find(dropped.begin(), dropped.end(), key) != dropped.end()) continue;
      if (!first) out += ", ";
      first = false;
      py::AppendReprString(out, key);
      out += ": ";
      AppendReprOrdered(out, m.value);
    }
    out += '}';
  }
  out += ']';
  return std::nullopt;
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
  if (format == ObservationFormat::kJson) {
    std::string error;
    std::optional<std::string> records = CleanRecordsJson(outcome, &error);
    shown.text = records ? std::move(*records) : std::move(error);
    return shown;
  }
  if (!outcome.ok()) {
    shown.text = outcome.error().ToString();
    return shown;
  }
  json::InSituDocument parsed;
  const rapidjson::Value* rows = parsed.Parse(*outcome, json::InSituDocument::Numbers::kExact) ? RecordsOf(parsed.doc()) : nullptr;
  if (rows == nullptr) {  // not a shape an org returns: shown as the tools see it
    shown.text = py::Str(RunQueryResult(outcome).result);
    return shown;
  }
  std::optional<std::string> raised = WriteRecords(*rows, shown.text);
  if (raised) {
    shown.harness_failure = true;
    shown.text = "KeyError: " + *raised;
  }
  return shown;
}

}  // namespace crm::tools

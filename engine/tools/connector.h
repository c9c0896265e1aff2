// engine/tools/connector.h — the official harness's Salesforce connector
// (SalesforceConnector.run_query), as far as a model can tell it apart:
// how a query text is routed (SOQL or SOSL) and cleaned before it is sent,
// and what the response becomes (the records without `attributes` and
// without all-None columns, or "ERRORCODE: message"). The tools read
// responses through RunQueryResult; act/react queries are shown through
// ShowQueryResult. Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/tools/py_value.h"
#include "engine/tools/tool.h"

namespace crm::tools {

// A query text as run_query sends it: SOSL when the text starts with "FIND"
// (case-sensitive, as written), otherwise SOQL, where the first fenced code
// block (```sql ... ```, the tag optional) is unwrapped and its whitespace
// runs collapsed to single spaces.
QueryRequest ConnectorQuery(std::string_view text);

// run_query's two return values: the records and status 1, or the text
// "ERRORCODE: message" and status 0. Records are plain dicts without the
// top-level `attributes`, without the columns that are None in every
// record (judged by the first record's keys); nested relationship records
// stay OrderedDicts with their `attributes`, as simple_salesforce parses
// them. When the connector itself raises (a record lacks a key the first
// record has: KeyError), `raised` holds str() of that exception.
struct ConnectorResult {
  py::Value result;
  int status = 1;
  std::optional<std::string> raised;
};
ConnectorResult RunQueryResult(const QueryOutcome& outcome);

// What an act/react agent is shown for its query. `harness_failure`: the
// official connector raises here and the official loop ends the episode
// (only in the official format).
struct QueryObservation {
  std::string text;
  bool harness_failure = false;
};
QueryObservation ShowQueryResult(const QueryOutcome& outcome, ObservationFormat format);

}  // namespace crm::tools

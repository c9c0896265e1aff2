// engine/tools/records_view.h — what an agent sees of a query's records.
//
// The REST JSON of a query or search becomes a JSON list of records with
// Salesforce's `attributes` removed (also inside parent records and child
// subqueries) and with the columns that are null in every record dropped.
// A COUNT() query (no records, totalSize > 0) shows {"totalSize": N}. Kept
// values are copied as the org wrote them (escapes and digits unchanged), in
// one validating pass over the text. Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/tools/tool.h"

namespace crm::tools {

// The cleaned records as compact JSON; nullopt and `*error` set
// ("ERRORCODE: message" for a query error) when there is nothing to show.
std::optional<std::string> CleanRecordsJson(const QueryOutcome& outcome, std::string* error);

// Same, for a response body already in hand. A body that is not one JSON
// object (a NUL or anything after it included) is an error, never a view.
std::optional<std::string> CleanRecordsText(const std::string& response_json, std::string* error);

}  // namespace crm::tools

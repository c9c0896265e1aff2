// engine/tools/records_view.h — what an agent sees of a query's records,
// in the JSON format and in the official (Python literal) one.
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

// The official connector's view of the same body, in the same single pass:
// str() of run_query's records (Python 3.11 literal text; top-level
// `attributes` removed; the first record's columns that are None in every
// record dropped; nested records as OrderedDicts with their attributes;
// COUNT() as []). When the connector would raise instead (a record lacks a
// key the first one has), the view is "" and `*raised` holds str(KeyError).
std::optional<std::string> OfficialRecordsText(const std::string& response_json, std::string* error,
                                               std::string* raised);

}  // namespace crm::tools

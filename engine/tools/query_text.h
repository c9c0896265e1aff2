// engine/tools/query_text.h — turning tool arguments into query text safely.
//
// Every value a model passes to a tool reaches a SOQL or SOSL text only
// through these functions: ids are validated and normalised, datetimes parsed
// and re-formatted, strings escaped as SOQL string literals, search terms
// escaped for SOSL. None of them lets an argument change a query's shape.
// Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::tools {

// 'text' with backslash, quote and control characters escaped.
std::string SoqlStringLiteral(std::string_view text);

// The canonical 18-character id, or nullopt when `text` is not an id.
std::optional<std::string> CheckedId(std::string_view text);

// "('id1','id2')" from already checked ids. REQUIRES: !ids.empty().
std::string IdList(const std::vector<std::string>& ids);

// Parses the tools' date forms (YYYY-MM-DDTHH:MM:SSZ, other ISO-8601
// datetimes, or a bare YYYY-MM-DD meaning midnight UTC) into seconds.
std::optional<int64_t> ParseToolDateTime(std::string_view text);

// The SOQL datetime literal for an instant: 2024-01-05T00:00:00Z.
std::string SoqlDateTime(int64_t seconds);

// The body of FIND {...}: SOSL reserved characters backslash-escaped,
// control characters turned into spaces, and the words AND, OR and NOT quoted
// so they stay words. Empty when nothing searchable is left.
std::string SoslSearchTerm(std::string_view text);

}  // namespace crm::tools

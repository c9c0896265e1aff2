// engine/soql/query_split.h — splits a SOQL query too long for one REST
// request (Salesforce refuses URIs over 16,384 bytes) into chunk queries that
// differ only in one long `IN (literal, ...)` list, and says how the chunks'
// responses merge back into the single query's response (query_merge.h).
//
// The list split is the longest IN list of literals that is an AND conjunct
// of the WHERE clause (a record matches the query iff it matches one chunk).
// Supported: record queries, and GROUP BY (or ungrouped) aggregates over
// COUNT(field), SUM, MIN and MAX. Refused (the caller answers with the error
// instead of sending an over-long URI): LIMIT, OFFSET, HAVING, COUNT(), AVG,
// COUNT_DISTINCT, ROLLUP/CUBE, child subqueries, FIELDS(), TYPEOF, no such
// list, or one value too long for the budget. The query must bind against
// the CRM schema (the merge needs its output keys and value types).
//
// Pure functions (lexer, parser and binder only); safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/soql/query_error.h"

namespace crm::soql {

// The errorCode of a refused over-long query (HTTP 414). Salesforce's own
// 414 body is not documented: the code and messages are ours.
inline constexpr const char* kUriTooLongCode = "URI_TOO_LONG";

// Bytes `text` takes as a percent-encoded query-string value, as
// io/salesforce's PercentEncode writes it: the RFC 3986 unreserved
// characters (A-Z a-z 0-9 - _ . ~) as they are, every other byte as %XX.
size_t EncodedQueryLength(std::string_view text);

// One key of the merged records' order: the value at `path` (JSON keys from
// the record down), compared as emit's ORDER BY does.
struct MergeOrderKey {
  std::vector<std::string> path;
  bool descending = false;
  bool nulls_first = true;
  bool nocase = false;  // text compared ASCII-case-insensitively (emit's COLLATE NOCASE)
};

// How an aggregate query's output column combines across chunks.
enum class MergeFunction { kGroupKey, kCount, kSum, kMin, kMax };

struct MergeColumn {
  std::string key;  // the top-level JSON key (alias, exprN or field name)
  MergeFunction function = MergeFunction::kGroupKey;
};

struct SplitPlan {
  // The chunk queries, in list order; empty when the text fits the budget
  // (send it unchanged).
  std::vector<std::string> chunks;
  bool aggregate = false;
  // The merged records' total order: the query's ORDER BY keys, then the tie
  // break emit adds (records: Id; groups: the GROUP BY keys).
  std::vector<MergeOrderKey> order;
  // Aggregates: every output column (group keys merge groups, the others add
  // up or combine). Records are merged by Id.
  std::vector<MergeColumn> columns;
  // Paths the chunks select only for the merge (Id, ORDER BY or GROUP BY
  // values the query does not select): removed from the merged records.
  std::vector<std::vector<std::string>> drop;

  bool split() const { return !chunks.empty(); }
};

// `budget`: the most bytes the encoded query text may take in one request.
// Returns a plan without chunks when the text fits, chunks that each fit
// (every literal of the list in exactly one chunk, literals that may match
// the same value in the same chunk), or a URI_TOO_LONG error (HTTP 414)
// saying why the query cannot be split.
Outcome<SplitPlan> PlanQuerySplit(std::string_view soql, size_t budget);

}  // namespace crm::soql

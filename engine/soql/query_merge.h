// engine/soql/query_merge.h — merges the responses of a split query's chunks
// (query_split.h) into the response the single query gives on the local org:
// the same records, values and order.
//
// Records: concatenated, a record returned by two chunks kept once (by Id),
// sorted by the plan's order (the ORDER BY keys compared as emit compares
// them, then Id). Aggregates: rows with equal group keys merged (COUNT and
// SUM added, MIN and MAX combined, nulls ignored), then sorted by the ORDER BY
// keys and the group keys. Values the chunks selected only for the merge are
// removed. Values are written back with the org's JSON writer, so a record's
// text is unchanged. A merged SUM of decimals may differ from the single
// query's in the last digits (the additions happen in another order).
//
// Pure function; safe from any thread.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "engine/soql/query_error.h"
#include "engine/soql/query_split.h"

namespace crm::soql {

// `bodies`: one REST query response per chunk ({"totalSize", "done",
// "records"}), every page already fetched into `records`. Returns
// {"totalSize", "done", "records"}: totalSize counts every merged record,
// `records` holds the first `max_records` of them and `done` says whether
// that is all. A body that is not a query response is an UNKNOWN_EXCEPTION.
Outcome<std::string> MergeChunkResponses(const SplitPlan& plan, const std::vector<std::string>& bodies,
                                         size_t max_records = std::numeric_limits<size_t>::max());

}  // namespace crm::soql

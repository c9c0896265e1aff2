// scheduler/run/remote_query.h — one org query against a real (or
// Salesforce-compatible) org over REST, through the io Salesforce client, so
// that no request carries a URI Salesforce refuses (over 16,384 bytes): a
// SOQL query whose target would pass kSplitTargetBytes is split on its
// longest IN list (engine/soql/query_split.h), its chunks run one after the
// other (each following nextRecordsUrl) and their records are merged into the
// response the single query gives (query_merge.h). One that cannot be split
// is sent as it is if it still fits Salesforce's 16,384 bytes, else it gets
// the splitter's URI_TOO_LONG outcome without any request; so does a SOSL
// search over 16,384 bytes (searches are not split). The agent sees one
// outcome either way.
//
// Runs on the client's io_context; any number may run at once. The client
// must outlive the coroutine.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstddef>

#include "engine/tools/tool.h"
#include "scheduler/run/org_executor.h"

namespace crm::io::salesforce {
class SalesforceClient;
}

namespace crm::sched {

// The request target a query is split to fit: Salesforce counts the URI and
// the header fields together against 16,384 bytes (431 beyond); our other
// header lines take ~300 bytes, so 1 KiB is left for them.
inline constexpr size_t kSplitTargetBytes = 16384 - 1024;

boost::asio::awaitable<OrgResult> RunRemoteQuery(io::salesforce::SalesforceClient& client, tools::QueryRequest query);

}  // namespace crm::sched

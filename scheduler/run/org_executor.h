// scheduler/run/org_executor.h — runs the episodes' org queries without
// blocking the network thread: against the local org, SOQL/SOSL on a oneTBB
// task arena (one read-only OrgSession per worker thread, one cursor store),
// completing back on the caller's executor; against a real (or
// Salesforce-compatible) org, through the io Salesforce client on the
// io_context (remote_query.h: no URI over 16,384 bytes; long IN lists are
// split and merged). The same tools and queries run on either. The sweep's flow
// graph is built inside the same arena (RunInArena), so one set of TBB
// threads serves both.
//
// Run() may be awaited from any number of coroutines at once. The executor
// (and the Salesforce client) must outlive every pending Run.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/call_error.h"
#include "engine/tools/tool.h"
#include "scheduler/limits/api_budget.h"

namespace crm::io::salesforce {
class SalesforceClient;
}

namespace crm::sched {

// A query's outcome as the agent sees it, or an infrastructure failure of the
// org (unreachable, 5xx, login lost) that ends the episode as such.
struct OrgResult {
  tools::QueryOutcome outcome;
  std::optional<CallError> infra;
};

class OrgExecutor {
 public:
  // threads <= 0: TBB's automatic concurrency (the cores this process may use).
  OrgExecutor(std::string org_path, int threads);
  explicit OrgExecutor(io::salesforce::SalesforceClient& remote);
  ~OrgExecutor();
  OrgExecutor(const OrgExecutor&) = delete;
  OrgExecutor& operator=(const OrgExecutor&) = delete;

  // Runs `query` (all pages when it asks for them).
  boost::asio::awaitable<OrgResult> Run(tools::QueryRequest query);
  // The same against the local org, on the calling thread (preflight and tests).
  tools::QueryOutcome RunHere(const tools::QueryRequest& query);
  // CPU seconds the arena's threads spent running local queries (the org's
  // own work, as a remote org's server time would be); 0 for a remote org.
  double query_cpu_seconds() const;
  // A remote org's API usage in its 24-hour window as its last response
  // reported it (Sforce-Limit-Info); nullopt for the local org or before any.
  std::optional<ApiUsageReading> api_usage() const;
  // Runs `f` inside the executor's task arena (a local org's only), so work
  // it starts there (a flow graph built inside) shares the arena's threads.
  void RunInArena(const std::function<void()>& f);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crm::sched

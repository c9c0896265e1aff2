// scheduler/run/org_executor.h — runs the episodes' org queries without
// blocking the network thread: local SOQL/SOSL on a oneTBB task arena (one
// read-only OrgSession per worker thread, one cursor store), completing
// back on the caller's executor.
//
// Run() may be awaited from any number of coroutines at once. The executor
// must outlive every pending Run.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>

#include "engine/tools/tool.h"

namespace crm::sched {

class OrgExecutor {
 public:
  OrgExecutor(std::string org_path, int threads);
  ~OrgExecutor();
  OrgExecutor(const OrgExecutor&) = delete;
  OrgExecutor& operator=(const OrgExecutor&) = delete;

  // Runs `query` (all pages when it asks for them) on the arena.
  boost::asio::awaitable<tools::QueryOutcome> Run(tools::QueryRequest query);
  // The same, on the calling thread (preflight and tests).
  tools::QueryOutcome RunHere(const tools::QueryRequest& query);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crm::sched

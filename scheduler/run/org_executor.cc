#include "scheduler/run/org_executor.h"

#include <oneapi/tbb/task_arena.h>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <time.h>

#include <atomic>
#include <map>
#include <mutex>

#include "engine/episode/sync_driver.h"
#include "engine/soql/cursor_store.h"
#include "engine/soql/org_session.h"
#include "io/salesforce/sf_client.h"
#include "scheduler/run/remote_query.h"

namespace crm::sched {
namespace asio = boost::asio;

struct OrgExecutor::Impl {
  io::salesforce::SalesforceClient* remote = nullptr;
  std::string org_path;
  tbb::task_arena arena;
  std::shared_ptr<soql::CursorStore> cursors = std::make_shared<soql::CursorStore>();
  std::mutex mu;
  // One session per thread that ever ran a query; sessions are never shared.
  std::map<std::thread::id, std::unique_ptr<soql::OrgSession>> sessions;  // guarded by mu
  std::atomic<int64_t> query_cpu_ns{0};

  soql::OrgSession* SessionForThisThread(std::string* error) {
    std::lock_guard<std::mutex> lock(mu);
    auto& slot = sessions[std::this_thread::get_id()];
    if (!slot) {
      auto opened = soql::OrgSession::Open(org_path, cursors);
      if (!opened.ok()) {
        *error = opened.status().message();
        return nullptr;
      }
      slot = std::move(opened).value();
    }
    return slot.get();
  }
};

OrgExecutor::OrgExecutor(std::string org_path, int threads) : impl_(std::make_unique<Impl>()) {
  impl_->org_path = std::move(org_path);
  impl_->arena.initialize(threads > 0 ? threads : tbb::task_arena::automatic);
}

OrgExecutor::OrgExecutor(io::salesforce::SalesforceClient& remote) : impl_(std::make_unique<Impl>()) {
  impl_->remote = &remote;
}

OrgExecutor::~OrgExecutor() = default;

namespace {

int64_t ThreadCpuNanos() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

}  // namespace

tools::QueryOutcome OrgExecutor::RunHere(const tools::QueryRequest& query) {
  std::string error;
  soql::OrgSession* session = impl_->SessionForThisThread(&error);
  if (session == nullptr) return soql::PlainError("UNKNOWN_EXCEPTION", "the org cannot be opened: " + error);
  return episode::RunQueryInProcess(*session, query);
}

void OrgExecutor::RunInArena(const std::function<void()>& f) {
  if (impl_->remote != nullptr) {
    f();
    return;
  }
  impl_->arena.execute(f);
}

std::optional<ApiUsageReading> OrgExecutor::api_usage() const {
  if (impl_->remote == nullptr) return std::nullopt;
  auto usage = impl_->remote->last_api_usage();
  if (!usage) return std::nullopt;
  return ApiUsageReading{usage->used, usage->max};
}

double OrgExecutor::query_cpu_seconds() const { return static_cast<double>(impl_->query_cpu_ns.load()) / 1e9; }

asio::awaitable<OrgResult> OrgExecutor::Run(tools::QueryRequest query) {
  if (impl_->remote != nullptr) co_return co_await RunRemoteQuery(*impl_->remote, std::move(query));
  auto initiate = [this](auto handler, tools::QueryRequest q) {
    auto executor = asio::get_associated_executor(handler);
    // The arena's task must be copyable; the handler is move-only.
    auto shared = std::make_shared<decltype(handler)>(std::move(handler));
    impl_->arena.enqueue([this, q = std::move(q), shared, executor]() {
      const int64_t cpu_started = ThreadCpuNanos();
      auto outcome = std::make_shared<tools::QueryOutcome>(RunHere(q));
      impl_->query_cpu_ns += ThreadCpuNanos() - cpu_started;
      asio::post(executor, [shared, outcome]() { (*shared)(std::move(*outcome)); });
    });
  };
  tools::QueryOutcome outcome = co_await asio::async_initiate<decltype(asio::use_awaitable), void(tools::QueryOutcome)>(
      initiate, asio::use_awaitable, std::move(query));
  co_return OrgResult{std::move(outcome), std::nullopt};
}

}  // namespace crm::sched

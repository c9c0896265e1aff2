#include "scheduler/run/org_executor.h"

#include <oneapi/tbb/task_arena.h>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <map>
#include <mutex>

#include "engine/episode/sync_driver.h"
#include "engine/soql/cursor_store.h"
#include "engine/soql/org_session.h"

namespace crm::sched {
namespace asio = boost::asio;

struct OrgExecutor::Impl {
  std::string org_path;
  tbb::task_arena arena;
  std::shared_ptr<soql::CursorStore> cursors = std::make_shared<soql::CursorStore>();
  std::mutex mu;
  // One session per thread that ever ran a query; sessions are never shared.
  std::map<std::thread::id, std::unique_ptr<soql::OrgSession>> sessions;  // guarded by mu

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

OrgExecutor::~OrgExecutor() = default;

tools::QueryOutcome OrgExecutor::RunHere(const tools::QueryRequest& query) {
  std::string error;
  soql::OrgSession* session = impl_->SessionForThisThread(&error);
  if (session == nullptr) return soql::PlainError("UNKNOWN_EXCEPTION", "the org cannot be opened: " + error);
  return episode::RunQueryInProcess(*session, query);
}

asio::awaitable<tools::QueryOutcome> OrgExecutor::Run(tools::QueryRequest query) {
  auto initiate = [this](auto handler, tools::QueryRequest q) {
    auto executor = asio::get_associated_executor(handler);
    // The arena's task must be copyable; the handler is move-only.
    auto shared = std::make_shared<decltype(handler)>(std::move(handler));
    impl_->arena.enqueue([this, q = std::move(q), shared, executor]() {
      auto outcome = std::make_shared<tools::QueryOutcome>(RunHere(q));
      asio::post(executor, [shared, outcome]() { (*shared)(std::move(*outcome)); });
    });
  };
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(tools::QueryOutcome)>(
      initiate, asio::use_awaitable, std::move(query));
}

}  // namespace crm::sched

#include "io/http/origin_pool.h"

#include <algorithm>
#include <chrono>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace crm::io::internal {
namespace net = boost::asio;

namespace {
// The liveness probe (a non-blocking MSG_PEEK recv) costs a syscall on every
// reuse, about a microsecond on this project's machine. A connection released
// less than this long ago is taken without it: servers close idle keep-alive
// connections after seconds, and if one closed it meanwhile the request gets
// no answer and is retried once on a fresh connection (the stale retry).
constexpr auto kProbeAfterIdle = std::chrono::milliseconds(250);
}  // namespace

std::unique_ptr<Connection> OriginPool::TakeIdle() {
  while (!idle_.empty()) {
    std::unique_ptr<Connection> conn = std::move(idle_.back());
    idle_.pop_back();
    const Clock::duration idle = conn->IdleFor();
    if (idle < options_.idle_timeout && (idle < kProbeAfterIdle || !conn->IsStale())) return conn;
    conn->Close();
    --open_;
  }
  return nullptr;
}

net::awaitable<Expected<Lease, HttpError>> OriginPool::Acquire(Clock::time_point deadline,
                                                               bool fresh_only, bool* queued) {
  if (!fresh_only) {
    if (auto conn = TakeIdle()) co_return Lease{std::move(conn), true};
  } else if (open_ >= options_.max_connections_per_origin && !idle_.empty()) {
    idle_.front()->Close();  // make room for a fresh connection
    idle_.erase(idle_.begin());
    --open_;
  }
  if (open_ < options_.max_connections_per_origin) {
    ++open_;
    co_return Lease{nullptr, false};
  }
  if (static_cast<int>(waiters_.size()) >= options_.max_queued_per_origin) {
    co_return MakeUnexpected(HttpError{HttpErrorCode::kQueueTimeout, "origin queue is full"});
  }
  *queued = true;
  auto waiter = std::make_shared<Waiter>(serial_);
  waiter->timer.expires_at(deadline);
  waiters_.push_back(waiter);
  auto [ec] = co_await waiter->timer.async_wait(net::as_tuple(net::use_awaitable));
  if (waiter->granted) {
    bool reused = waiter->connection != nullptr;
    co_return Lease{std::move(waiter->connection), reused};
  }
  waiters_.erase(std::remove(waiters_.begin(), waiters_.end(), waiter), waiters_.end());
  if (ec == net::error::operation_aborted) {
    co_return MakeUnexpected(HttpError{HttpErrorCode::kCancelled, "cancelled while queued"});
  }
  co_return MakeUnexpected(
      HttpError{HttpErrorCode::kQueueTimeout, "no connection to the origin before the deadline"});
}

void OriginPool::Release(std::unique_ptr<Connection> connection, bool reusable) {
  if (connection && !reusable) {
    connection->Close();
    connection.reset();
  }
  if (!waiters_.empty()) {
    std::shared_ptr<Waiter> waiter = waiters_.front();
    waiters_.pop_front();
    waiter->granted = true;
    waiter->connection = std::move(connection);  // null: the waiter inherits our slot
    waiter->timer.cancel();
    return;
  }
  if (connection) {
    connection->MarkIdle();
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
}

}  // namespace crm::io::internal

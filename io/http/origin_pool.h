// io/http/origin_pool.h — internal: the keep-alive pool of one origin. At most
// `max_connections` open (idle + busy + connecting); requests beyond that wait
// in FIFO order for a released connection or slot.
//
// Every member runs on the origin's serial executor (all requests for the
// origin are spawned there: a strand, or the io_context itself when it has one
// thread, see IoRuntime::SerialExecutor), so no locking is needed; that
// executor is the invariant.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>

#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include "io/http/connection.h"

namespace crm::io::internal {

struct Lease {
  std::unique_ptr<Connection> connection;  // null: the caller opens a new one in our slot
  bool reused = false;
};

class OriginPool {
 public:
  // `serial` runs one handler at a time (see the header comment).
  OriginPool(boost::asio::any_io_executor serial, const ClientOptions& options)
      : serial_(std::move(serial)), options_(options), watch_(std::make_shared<DeadlineWatch>(serial_)) {}

  boost::asio::any_io_executor& serial() { return serial_; }
  // The response deadlines of this origin's busy connections (one timer).
  const std::shared_ptr<DeadlineWatch>& watch() const { return watch_; }
  // An idle connection, a slot for a new one, or an error after the deadline.
  // `fresh_only` skips idle connections (closing one if the cap is reached).
  boost::asio::awaitable<Expected<Lease, HttpError>> Acquire(Clock::time_point deadline,
                                                             bool fresh_only, bool* queued);
  // Returns a connection (kept if `reusable`) or frees its slot (null ok).
  void Release(std::unique_ptr<Connection> connection, bool reusable);

 private:
  struct Waiter {
    explicit Waiter(const boost::asio::any_io_executor& s) : timer(s) {}
    boost::asio::steady_timer timer;
    bool granted = false;
    std::unique_ptr<Connection> connection;
  };
  std::unique_ptr<Connection> TakeIdle();

  boost::asio::any_io_executor serial_;
  const ClientOptions& options_;
  std::vector<std::unique_ptr<Connection>> idle_;  // most recently used last
  int open_ = 0;
  std::deque<std::shared_ptr<Waiter>> waiters_;
  std::shared_ptr<DeadlineWatch> watch_;
};

}  // namespace crm::io::internal

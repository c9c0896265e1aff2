// io/http/deadline_watch.h — internal: the response deadlines of one origin's
// busy connections, enforced by one timer for them all.
//
// Why: Beast's stream timeout arms and cancels a timer around every socket
// operation (a timer-heap insert, a removal and an aborted handler per read
// or write, plus a timerfd update whenever the earliest expiry moves); at
// 1,000 connections that cost grew with the heap. Here a connection only
// stores its deadline; the one timer
// sleeps until the earliest deadline it knows of and, when it fires, expires
// whatever is overdue and sleeps again until the next. A deadline pushed
// later (the common case: each read step extends it) touches no timer at all.
//
// Precision: a deadline is enforced within kCoalesce after it passes.
//
// Threading: every member runs on the origin's serial executor (the one the
// timer is created with), as the connections do. Watched objects must
// Unwatch() before they are destroyed.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <vector>

namespace crm::io::internal {

class DeadlineWatch;

// Something with a deadline: OnDeadline() runs (on the serial executor) once
// its deadline passes while it is watched, and it is then no longer watched.
class Watched {
 public:
  virtual void OnDeadline() = 0;
  bool watched() const { return index_ != kNotWatched; }

 protected:
  virtual ~Watched() = default;

 private:
  friend class DeadlineWatch;
  static constexpr size_t kNotWatched = static_cast<size_t>(-1);
  std::chrono::steady_clock::time_point deadline_{};
  size_t index_ = kNotWatched;
};

class DeadlineWatch : public std::enable_shared_from_this<DeadlineWatch> {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr auto kCoalesce = std::chrono::milliseconds(5);

  explicit DeadlineWatch(boost::asio::any_io_executor serial) : timer_(std::move(serial)) {}
  DeadlineWatch(const DeadlineWatch&) = delete;
  DeadlineWatch& operator=(const DeadlineWatch&) = delete;

  // Watches `w` until `deadline` (or moves its deadline if already watched).
  void Watch(Watched& w, Clock::time_point deadline);
  void Unwatch(Watched& w);
  size_t size() const { return watched_.size(); }

 private:
  void SleepUntil(Clock::time_point when);
  void Fire();

  boost::asio::steady_timer timer_;
  Clock::time_point wakes_at_ = Clock::time_point::max();  // max: the timer is not waiting
  std::vector<Watched*> watched_;
};

}  // namespace crm::io::internal

#include "io/http/deadline_watch.h"

#include <algorithm>

namespace crm::io::internal {

void DeadlineWatch::Watch(Watched& w, Clock::time_point deadline) {
  if (!w.watched()) {
    w.index_ = watched_.size();
    watched_.push_back(&w);
  }
  w.deadline_ = deadline;
  // The timer already wakes in time for this deadline unless it is earlier
  // than the wake-up by more than the allowed lateness.
  if (deadline + kCoalesce < wakes_at_) SleepUntil(deadline);
}

void DeadlineWatch::Unwatch(Watched& w) {
  if (!w.watched()) return;
  Watched* last = watched_.back();
  watched_[w.index_] = last;
  last->index_ = w.index_;
  watched_.pop_back();
  w.index_ = Watched::kNotWatched;
  if (watched_.empty() && wakes_at_ != Clock::time_point::max()) {
    wakes_at_ = Clock::time_point::max();  // nothing left to wake for
    timer_.cancel();
  }
  // Otherwise the timer is left as it is: if it fires with nothing due, it
  // sleeps until the earliest remaining deadline.
}

void DeadlineWatch::SleepUntil(Clock::time_point when) {
  wakes_at_ = when;
  timer_.expires_at(when);  // a wait already pending completes as aborted and is ignored
  timer_.async_wait([weak = weak_from_this(), when](const boost::system::error_code& ec) {
    std::shared_ptr<DeadlineWatch> self = weak.lock();
    if (ec || !self || self->wakes_at_ != when) return;  // replaced, cancelled or gone
    self->Fire();
  });
}

void DeadlineWatch::Fire() {
  wakes_at_ = Clock::time_point::max();
  const Clock::time_point now = Clock::now();
  std::vector<Watched*> due;
  Clock::time_point next = Clock::time_point::max();
  for (size_t i = 0; i < watched_.size();) {
    Watched* w = watched_[i];
    if (w->deadline_ <= now) {
      due.push_back(w);
      Unwatch(*w);  // moves the last entry into slot i: look at i again
      continue;
    }
    next = std::min(next, w->deadline_);
    ++i;
  }
  if (next != Clock::time_point::max()) SleepUntil(std::max(next, now + kCoalesce));
  // After the bookkeeping: a handler may watch or unwatch others.
  for (Watched* w : due) w->OnDeadline();
}

}  // namespace crm::io::internal

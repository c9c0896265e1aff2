#include "scheduler/plan/claiming_plan.h"

#include "core/steady_clock.h"

namespace crm::sched {

ClaimingPlan::ClaimingPlan(SweepPlan& plan, WorkClaims& claims, std::function<bool()> stop, double poll_seconds,
                           double retry_interval)
    : plan_(plan),
      claims_(claims),
      stop_(std::move(stop)),
      poll_seconds_(poll_seconds),
      retry_interval_(retry_interval),
      next_retry_(SteadySeconds() + retry_interval) {}

ClaimingPlan::Outcome ClaimingPlan::Try(const EpisodeSpec& spec) {
  switch (claims_.TryClaim(spec.key)) {
    case WorkClaims::Claim::kClaimed:
      return Outcome::kClaimed;
    case WorkClaims::Claim::kDone:
      ++done_elsewhere_;
      return Outcome::kSkip;
    case WorkClaims::Claim::kTaken:
      waiting_.push_back(spec);
      return Outcome::kSkip;
    case WorkClaims::Claim::kUnavailable:
      break;
  }
  return Outcome::kRetry;
}

std::optional<EpisodeSpec> ClaimingPlan::Next() {
  const EpisodeSpec poll;  // empty key: ask again after poll_seconds()
  while (!stop_() && !claims_.gave_up()) {
    std::optional<EpisodeSpec> spec;
    if (unavailable_) {
      spec = std::move(unavailable_);
      unavailable_.reset();
    } else if (!first_pass_done_ && !waiting_.empty() && SteadySeconds() >= next_retry_) {
      // During the first pass too, every so often: a dead worker's episodes
      // are taken over soon after its leases expire, not only at the end.
      next_retry_ = SteadySeconds() + retry_interval_;
      const size_t round = waiting_.size();
      for (size_t i = 0; i < round && !unavailable_; ++i) {
        EpisodeSpec next = std::move(waiting_.front());
        waiting_.pop_front();
        const Outcome o = Try(next);
        if (o == Outcome::kClaimed) return next;
        if (o == Outcome::kRetry) unavailable_ = std::move(next);
      }
      continue;
    } else if (!first_pass_done_) {
      spec = plan_.Next();
      if (!spec) {
        first_pass_done_ = true;
        round_left_ = waiting_.size();
        continue;
      }
    } else if (!waiting_.empty()) {
      // Rounds over the episodes others held; a pause after each round.
      if (round_left_ == 0) {
        round_left_ = waiting_.size();
        return poll;
      }
      --round_left_;
      spec = std::move(waiting_.front());
      waiting_.pop_front();
    } else {
      return std::nullopt;  // every episode of the plan is done, here or elsewhere
    }
    const Outcome o = Try(*spec);
    if (o == Outcome::kClaimed) return spec;
    if (o == Outcome::kRetry) {
      unavailable_ = std::move(spec);
      return poll;  // Redis is away: wait for it rather than run blind
    }
  }
  return std::nullopt;
}

uint64_t ClaimingPlan::CountLeft() {
  uint64_t left = waiting_.size() + (unavailable_ ? 1 : 0);
  waiting_.clear();
  unavailable_.reset();
  if (!first_pass_done_) {
    while (plan_.Next()) ++left;
    first_pass_done_ = true;
  }
  return left;
}

}  // namespace crm::sched

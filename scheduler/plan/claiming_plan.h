// scheduler/plan/claiming_plan.h — the episodes a `--worker` runs: the
// whole plan in its order, each episode claimed before it is handed out
// (scheduler/plan/work_claims.h). Episodes another worker holds are put
// aside and tried again every `retry_interval` during the first pass and in
// rounds after it, until each is done by someone or claimed here (a dead
// worker's lease expired), so the last worker standing finishes the sweep. Next() never sleeps: when nothing can
// be claimed yet (others hold the rest, or Redis is away) it returns a
// "poll" spec (empty key), and the caller waits poll_seconds() somewhere
// that blocks no thread before asking again. Not thread-safe: the graph's
// source node calls Next().
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>

#include "scheduler/plan/sweep_plan.h"
#include "scheduler/plan/work_claims.h"

namespace crm::sched {

class ClaimingPlan {
 public:
  // `stop`: no more episodes wanted (a signal, a budget): Next() returns nullopt.
  ClaimingPlan(SweepPlan& plan, WorkClaims& claims, std::function<bool()> stop, double poll_seconds = 0.5,
               double retry_interval = 2);

  // The next claimed episode; an empty key: nothing yet, ask again after
  // poll_seconds(); nullopt: the plan is done (or stopped).
  std::optional<EpisodeSpec> Next();
  double poll_seconds() const { return poll_seconds_; }
  // After the last Next(): episodes neither run here nor seen done, counted
  // without claiming them (stopped early, or Redis gave out).
  uint64_t CountLeft();
  uint64_t done_elsewhere() const { return done_elsewhere_; }

 private:
  enum class Outcome { kClaimed, kSkip, kRetry };
  Outcome Try(const EpisodeSpec& spec);

  SweepPlan& plan_;
  WorkClaims& claims_;
  std::function<bool()> stop_;
  double poll_seconds_;
  double retry_interval_;
  double next_retry_;  // steady seconds: the next round over waiting_ during the first pass
  std::deque<EpisodeSpec> waiting_;  // held by another worker when last tried
  size_t round_left_ = 0;            // of the current round over waiting_
  std::optional<EpisodeSpec> unavailable_;  // Redis did not answer for this one
  bool first_pass_done_ = false;
  uint64_t done_elsewhere_ = 0;
};

}  // namespace crm::sched

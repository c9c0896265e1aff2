// scheduler/run/episode_coroutine.h — one episode as a coroutine on the
// runner's io_context: it drives the engine's sans-I/O EpisodeMachine,
// performing its actions (model calls through the endpoint, org queries
// through the executor), scores the answer and returns the results line.
// This is the boundary where any exception becomes a recorded error.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <string>

#include "scheduler/run/run_context.h"

namespace crm::sched {

struct EpisodeLine {
  // The whole results line (no newline); shared, because the flow graph copies
  // messages and a line is ~16 KB. Set whenever `write` is.
  std::shared_ptr<const std::string> json;
  std::string key;         // the episode's (set by the runner)
  bool poll = false;       // no episode: a worker's pause before claiming again (scheduler/plan/claiming_plan.h)
  bool write = false;      // false for cancelled episodes: never written as done
  bool infra_error = false;
  bool success = false;
  double cost_usd = 0;
};

boost::asio::awaitable<EpisodeLine> RunEpisode(RunContext& ctx, EpisodeSpec spec);

}  // namespace crm::sched

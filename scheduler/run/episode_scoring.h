// scheduler/run/episode_scoring.h — the scoring steps that call an
// auxiliary model, as the official evaluator takes them: exact_match answers
// that are not a literal match go to the extractor model, privacy_rejection
// episodes go to the judge model with the contents of the agent's actions.
//
// A coroutine on the runner's io_context, used for a freshly finished
// episode and for one re-scored on resume from its recorded line. A failed
// call is an infrastructure failure of the episode (never the agent's): the
// score is left unset and the caller records the line for re-scoring.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <vector>

#include "core/call_error.h"
#include "engine/episode/episode_result.h"
#include "scheduler/run/auxiliary_usage.h"
#include "scheduler/run/run_context.h"

namespace crm::sched {

// The scoring options of the sweep's config (matching, strict tool calls).
scoring::ScoreOptions ScoreOptionsFor(const SweepConfig& config, agents::Strategy strategy);

// Re-scores `result` (made by MakeEpisodeResult) with the configured models
// where the task needs one; other results are left as they are. `actions`
// are the episode's action contents (episode::ActionContents). Calls are
// recorded in `aux`. Returns the error of a failed call, after which
// result.score is unset.
boost::asio::awaitable<std::optional<CallError>> ScoreWithModels(RunContext& ctx, const tasks::Task& task,
                                                                 episode::EpisodeResult& result,
                                                                 const std::vector<std::string>& actions,
                                                                 int64_t seed, AuxiliaryUsage& aux);

}  // namespace crm::sched

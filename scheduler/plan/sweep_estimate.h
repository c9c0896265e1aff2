// scheduler/plan/sweep_estimate.h — how long and how much a sweep takes, by
// arithmetic on its plan and its configured limits (the dry run prints it,
// the results header records it, the report sets it beside what was
// measured). Pure computation over plain values; thread-compatible.
//
// The model of an episode (EstimateAssumptions): R agent requests; the
// first carries the task's first request (measured from the prompts), each
// later one F + k*growth tokens; each answers `output` tokens. The minimum
// wall time of one endpoint is the largest of
//   requests / rpm                       (the request rate it may send),
//   (input + output tokens) / tpm        (the token rate; the limiter counts both),
//   requests * latency / concurrency     (slots: min(max_concurrency, episodes_in_flight)),
// and the one that gives it is the binding limit. Endpoints run side by
// side, so the sweep's minimum is the largest endpoint's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace crm::sched {

struct EstimateAssumptions {
  double requests_per_episode = 5;         // agent calls per episode
  double prompt_growth_per_turn = 400;     // tokens the conversation grows per turn
  double output_tokens_per_request = 150;  // tokens a reply takes
  double seconds_per_request = 3;          // one call's latency (bounds throughput through the slots)
  double auxiliary_input_tokens = 1000;    // one call of the user simulator, extractor or judge
  double auxiliary_output_tokens = 100;
  double org_calls_per_request = 1;        // org API calls per agent turn (a live org's daily allowance)
};

// The traffic one endpoint takes and the limits it is held to.
struct EndpointLoad {
  std::string name;
  double requests = 0;
  double input_tokens = 0;
  double output_tokens = 0;
  int64_t rpm = 0;      // 0: no limit configured
  int64_t tpm = 0;      // 0: no limit configured
  int concurrency = 1;  // requests in flight it may have
};

struct TimeBound {
  double seconds = 0;      // the minimum wall time
  std::string binding;     // "tpm 30000", "rpm 500", "concurrency 64 at 3 s a request"
  double by_rpm = 0, by_tpm = 0, by_concurrency = 0;
};

TimeBound MinimumWallTime(const EndpointLoad& load, double seconds_per_request);

// Agent traffic of `episodes` episodes whose first requests total
// `first_request_tokens` (summed over the episodes).
EndpointLoad AgentLoad(std::string name, double episodes, double first_request_tokens,
                       const EstimateAssumptions& a);

// "3 d 4 h", "5 h 12 min", "42 s".
std::string FormatDuration(double seconds);

}  // namespace crm::sched

// engine/sim/sim_profile.h — profiles of the SIMULATED models served by
// `crmarena serve llm` (test peers, not models): how often they go astray,
// how fast and how reliably the simulated server answers, and which rate
// limits it enforces. Built-ins: the agents sim-oracle, sim-strong, sim-weak
// and the protocol's roles sim-user, sim-judge, sim-extractor; more from JSON
// files (configs/sim/*.json). Plain values, shareable between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace crm::sim {

// What a simulated model plays: an agent under test, or one of the
// protocol's roles (sim_roles.h).
enum class SimRole { kAgent, kUser, kJudge, kExtractor };
std::string_view SimRoleName(SimRole role);  // "agent", "user", "judge", "extractor"

struct SimProfile {
  std::string name;
  std::string description;
  SimRole role = SimRole::kAgent;
  // Policy: chance that a step takes a detour first (an unparsable reply or
  // a broken query/tool call), and that the final answer is wrong.
  double step_error_rate = 0;
  double answer_error_rate = 0;
  // Server: latency (lognormal around the median; sigma 0 = fixed), output
  // speed (0 = instant), and whether usage is reported.
  double latency_median_ms = 0;
  double latency_sigma = 0;
  double output_tokens_per_second = 0;
  bool report_usage = true;
  // Enforced limits with realistic headers and 429 bodies (0 = none).
  int64_t rpm = 0;
  int64_t tpm = 0;
  // Injected faults, as probabilities per request.
  double p_server_error = 0;  // 500
  double p_overloaded = 0;    // 529
  double p_reset = 0;         // connection dropped without an answer
  double p_hang = 0;          // no answer for hang_seconds
  double p_malformed = 0;     // 200 with a body that is not JSON
  double p_truncated = 0;     // 200 with the JSON cut short
  double hang_seconds = 600;
};

const std::vector<SimProfile>& BuiltinProfiles();
// Parses one profile (or a list of profiles) from JSON; errors name the file and path.
Result<std::vector<SimProfile>> ParseSimProfiles(const std::string& text, const std::string& source);
Result<std::vector<SimProfile>> LoadSimProfiles(const std::string& path);

// Built-ins plus `extra` (later entries replace earlier ones of the same name).
class SimProfileSet {
 public:
  explicit SimProfileSet(std::vector<SimProfile> extra = {});
  const SimProfile* Find(const std::string& name) const;
  const std::vector<SimProfile>& all() const { return profiles_; }

 private:
  std::vector<SimProfile> profiles_;
};

}  // namespace crm::sim

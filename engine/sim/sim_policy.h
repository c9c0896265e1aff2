// engine/sim/sim_policy.h — the policy behind the SIMULATED models of
// `crmarena serve llm` (a test peer, always labelled simulated; it never
// calls a model).
//
// It recognises the task from the conversation (the task's query in a user
// message), detects the strategy (native tools, prompt-based tools, react or
// act), replays the task's reference solution step by step (in interactive
// mode from the customer's message that carries the whole query; before it,
// the agent asks what the customer needs), and goes astray
// at the profile's rates: a detour (an unparsable reply, or a broken query or
// tool call) before a step, or a wrong final answer. Detours carry a marker
// so later turns skip them when counting steps. Replies are deterministic in
// (conversation, profile). A task without a reference solution (an official
// task file) is answered at once: the ground truth, or a refusal for privacy
// tasks, at the profile's rate. Profiles with a protocol role play it
// instead (sim_roles.h). Immutable after construction; Reply is safe from
// any number of threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/chat.h"
#include "core/status.h"
#include "engine/sim/sim_profile.h"
#include "engine/tasks/task.h"

namespace crm::sim {

// Appended to a detour reply; invisible in rendered text, found by later turns.
inline constexpr const char* kDetourMarker = "<!-- simulated detour -->";

struct SimReply {
  chat::CompletionResponse response;
  bool detour = false;
  bool wrong_answer = false;
  int64_t task_idx = -1;
};

class SimPolicy {
 public:
  explicit SimPolicy(std::vector<tasks::Task> tasks);
  ~SimPolicy();

  Result<SimReply> Reply(const chat::CompletionRequest& request, const SimProfile& profile) const;
  size_t task_count() const { return tasks_.size(); }

 private:
  const tasks::Task* FindTask(const chat::CompletionRequest& request) const;
  Result<SimReply> AgentReply(const chat::CompletionRequest& request, const SimProfile& profile) const;
  std::vector<tasks::Task> tasks_;
  std::multimap<std::string, size_t> by_query_;
};

}  // namespace crm::sim

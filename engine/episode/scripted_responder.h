// engine/episode/scripted_responder.h — SIMULATED TEST PEER: a fake "model"
// that replays a task's reference solution (generator.solution in the task
// line), for tests and `crmarena episode --model scripted`. It is not a
// model and never calls one.
//
// Solution format, per strategy: a list of steps, {"execute": query} or
// {"respond": answer} for act/react; {"tool": name, "arguments": {...}} for
// tool_call(_flex), where an argument {"$result": k} stands for the parsed
// result of the k-th tool call of the solution and {"$result": k, "$key": K}
// for one key of it. The step to play is the number of assistant turns so
// far. Immutable after construction; Reply is safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "core/chat.h"
#include "core/status.h"
#include "engine/agents/strategy.h"
#include "engine/episode/sync_driver.h"
#include "engine/tasks/task.h"

namespace crm::episode {

class ScriptedResponder {
 public:
  // Reads generator.solution[<strategy>] from the task (tool_call_flex falls
  // back to tool_call). `native_tools` false writes Action:/Action Input:.
  static Result<ScriptedResponder> ForTask(const tasks::Task& task, agents::Strategy strategy,
                                           bool native_tools = true);
  // Builds one from a solution list given as JSON text.
  static Result<ScriptedResponder> FromSolution(std::string_view steps_json, agents::Strategy strategy,
                                                bool native_tools = true);

  Result<chat::CompletionResponse> Reply(const chat::CompletionRequest& request) const;
  Responder AsResponder() const;
  size_t steps() const { return steps_.size(); }

 private:
  agents::Strategy strategy_ = agents::Strategy::kAct;
  bool native_tools_ = true;
  std::vector<std::string> steps_;  // each step as compact JSON
};

// SIMULATED TEST PEER for interactive mode: first states the task's query,
// then ends with ###STOP### once the agent has answered.
Responder ScriptedUser(const tasks::Task& task);

}  // namespace crm::episode

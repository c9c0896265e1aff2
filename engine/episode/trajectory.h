// engine/episode/trajectory.h — the record of what happened in an episode:
// every message of both conversations plus one step per action taken, for
// the results file. Plain values; owned by the episode machine; safe to copy.
#pragma once

#include <rapidjson/fwd.h>

#include <string>
#include <vector>

#include "core/chat.h"

namespace crm::episode {

struct TrajectoryStep {
  int turn = 0;            // the agent turn (model reply) this step belongs to
  std::string kind;        // execute, respond, tool, format_error, model_error, user_reply, user_error
  std::string tool;        // kind == tool
  std::string arguments;   // kind == tool: the arguments as written
  std::string language;    // soql or sosl, when a query ran
  std::string query;       // the query text, when one ran
  std::string error;       // query error, tool error, format problem or call error
  size_t observation_chars = 0;  // length before truncation
  bool truncated = false;
  std::string answer;      // kind == respond: the text given to the user or as final answer
};

struct Trajectory {
  std::vector<TrajectoryStep> steps;
  bool any_truncated = false;
};

// {"messages":[...],"user_messages":[...],"steps":[...],"truncated":bool}
std::string TrajectoryToJson(const Trajectory& trajectory, const std::vector<chat::Message>& messages,
                             const std::vector<chat::Message>& user_messages);
// The same object, written as the next value of `writer` (a results line
// embeds it without building the ~14 KB text on its own first).
void WriteTrajectory(rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<char>, rapidjson::UTF8<char>,
                                       rapidjson::CrtAllocator, 0>& writer,
                     const Trajectory& trajectory, const std::vector<chat::Message>& messages,
                     const std::vector<chat::Message>& user_messages);

// What the agent did, one text per action, in order: each query as run
// (execute, or a tool's query), each tool call's arguments when it ran no
// query, and each answer given. The official privacy judge reads exactly
// this list (the contents of the episode's actions).
std::vector<std::string> ActionContents(const Trajectory& trajectory);

// One message as JSON: {"role","content"[,"tool_calls"][,"tool_call_id","name"]}.
std::string MessageToJson(const chat::Message& message);

// A request as JSON, for inspection (`crmarena prompts`):
// {"model","messages":[...],"tools":[{"name","description","parameters"}]}.
std::string RequestToJson(const chat::CompletionRequest& request);

}  // namespace crm::episode

// engine/episode/episode_machine.h — one episode as a sans-I/O state machine.
//
// The machine never performs I/O: Start() and Step(event) return the next
// Action for a driver to carry out (call the agent model, run a query against
// the org, call the simulated user, or finish), and the driver feeds the
// outcome back as an Event. The turn loop, action parsing, tool planning,
// observation formatting, limits and end reasons live here; retries, rate
// limits and timeouts belong to the driver. One machine belongs to one
// driver at a time (not thread-safe; movable between threads between steps).
// The PromptLibrary passed in must outlive the machine; the task is copied.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/call_error.h"
#include "core/chat.h"
#include "engine/agents/prompt_library.h"
#include "engine/episode/trajectory.h"
#include "engine/tasks/task.h"
#include "engine/tools/tool.h"

namespace crm::episode {

enum class EndReason {
  kAnswered,         // the agent gave its final answer (scored)
  kMaxTurns,         // no answer within max_turns (reward 0)
  kFormatErrors,     // too many unusable replies in a row (reward 0)
  kContextOverflow,  // the conversation outgrew the model's context (reward 0)
  kUserStopped,      // interactive: the user ended before any answer (reward 0)
  kMaxUserTurns,     // interactive: the user-turn limit was reached without ###STOP### (reward 0,
                     // as the official loop scores it)
  kModelError,       // the agent's model call failed: infrastructure, not scored
  kUserError,        // the simulated user's call failed: infrastructure, not scored
  kPromptError,      // the prompt templates could not be rendered: not scored
  kCancelled,        // the driver gave up (shutdown, deadline): not scored
  kEngineError,      // an event arrived that the machine did not ask for: a bug
  kConnectorError,   // the official connector raises on this response (records with
                     // differing keys); the official loop stops the task with reward 0,
                     // and so do we (official observation format only)
};
std::string_view EndReasonName(EndReason reason);  // "answered", "max_turns", ...
// True for failures of the harness rather than of the model under test.
bool IsInfrastructureFailure(EndReason reason);

struct EpisodeConfig {
  agents::PromptSetup prompt;
  // Model id and sampling settings for agent calls; messages and tools are
  // filled by the machine.
  chat::CompletionRequest agent_request;
  int max_turns = 20;
  // End with kFormatErrors after this many unusable replies in a row; 0
  // keeps going until max_turns, as the published harness does.
  int max_consecutive_format_errors = 0;
  // The official agent loop's reading of replies, quirks included: act/react
  // tags as its regexes read them (ParseTagActionOfficial), the reply kept
  // stripped; only the first tool call of a reply runs; and an unparsable
  // act reply ends the episode with reward 0 (the official act loop raises
  // there: its reminder text is never imported). false: our own, more
  // forgiving reading (any-case tags, a missing closing tag, every tool call
  // of a reply, a reminder for act too).
  bool official_loop = true;
  size_t max_observation_chars = 100000;  // longer observations are cut, with a note
  // How tool results and query records are shown: the official harness's
  // Python literal text, or compact JSON.
  tools::ObservationFormat observation_format = tools::ObservationFormat::kOfficial;
  size_t max_reply_chars = 200000;        // longer replies are unusable
  // tool_call strategies: a reply with text and no tool call is the answer
  // (otherwise it earns a format reminder).
  bool text_reply_is_answer = false;
  // Interactive (CRMArena-Pro): a simulated user opens and ends with
  // ###STOP###. Turn accounting follows the official loop: max_turns counts
  // the agent's turns since its last answer to the user; after
  // max_user_turns answers the agent's next action is its last (an answer
  // the user stops on is scored; anything else ends with reward 0).
  bool interactive = false;
  int max_user_turns = 10;
  chat::CompletionRequest user_request;  // model id and sampling for the simulated user
};

// --- actions (machine -> driver) ---
// The requests are the machine's own (the conversation is not copied for each
// call): valid until the machine's next Step/Cancel, and not across a move of
// the machine.
struct CallModel {
  const chat::CompletionRequest* request = nullptr;
};
struct RunQuery {
  tools::QueryRequest query;
};
struct CallUser {
  const chat::CompletionRequest* request = nullptr;
};
struct Finish {
  std::string answer;  // the final answer ("" when there is none)
  EndReason reason = EndReason::kAnswered;
  std::string detail;  // why, for non-answers
};
using Action = std::variant<CallModel, RunQuery, CallUser, Finish>;

// --- events (driver -> machine) ---
struct ModelReplied {
  chat::CompletionResponse response;
};
struct ModelFailed {
  CallError error;  // after the driver's own retries
};
struct QueryDone {
  tools::QueryOutcome outcome;  // all pages when the query asked for them
};
struct UserReplied {
  chat::CompletionResponse response;
};
struct UserFailed {
  CallError error;
};
using Event = std::variant<ModelReplied, ModelFailed, QueryDone, UserReplied, UserFailed>;

class EpisodeMachine {
 public:
  EpisodeMachine(tasks::Task task, EpisodeConfig config, const agents::PromptLibrary& prompts);

  Action Start();
  Action Step(Event event);
  // Ends the episode now with kCancelled (driver shutdown or deadline).
  Action Cancel(std::string detail);

  bool finished() const { return finish_.has_value(); }
  const std::optional<Finish>& finish() const { return finish_; }
  bool has_answer() const { return has_answer_; }
  int turns() const { return turns_; }
  // Interactive: the user's replies to the agent's answers (the opening
  // message is not counted, as in the official loop).
  int user_turns() const { return user_turns_; }
  int queries() const { return queries_; }
  const chat::Usage& usage() const { return usage_; }
  const chat::Usage& user_usage() const { return user_usage_; }
  const tasks::Task& task() const { return task_; }
  const EpisodeConfig& config() const { return config_; }
  const std::vector<chat::Message>& messages() const { return request_.messages; }
  const std::vector<chat::Message>& user_messages() const { return user_request_.messages; }
  const Trajectory& trajectory() const { return trajectory_; }

 private:
  enum class Waiting { kNothing, kModel, kQuery, kUser, kDone };
  struct PendingCall {
    chat::ToolCall call;
    bool native = true;
  };

  Action OnModelReplied(chat::CompletionResponse response);
  Action OnModelFailed(const CallError& error);
  Action OnQueryDone(const tools::QueryOutcome& outcome);
  Action OnUserReplied(chat::CompletionResponse response);
  Action HandleTagReply(const std::string& content);
  Action HandleToolReply(const chat::CompletionResponse& response);
  Action NextToolCall();
  Action FormatError(const std::string& problem);
  Action Answer(std::string answer);
  Action NextModelTurn();
  Action AskUser();
  Action End(EndReason reason, std::string detail, std::string answer = "");
  // Interactive: the agent has had max_user_turns answers replied to, so its
  // current action is its last.
  bool UserTurnLimitReached() const { return config_.interactive && user_turns_ >= config_.max_user_turns; }
  void AddObservation(std::string text, const PendingCall* call);
  std::string Truncate(std::string text, TrajectoryStep* step) const;

  tasks::Task task_;
  EpisodeConfig config_;
  const agents::PromptLibrary& prompts_;
  // The next agent call: config's model and sampling, the tools, and in
  // `messages` the agent's conversation so far.
  chat::CompletionRequest request_;
  // The next simulated-user call; `messages` is the user's conversation.
  chat::CompletionRequest user_request_;
  std::deque<PendingCall> pending_;
  std::optional<tools::ToolPlan> running_plan_;  // a tool waiting for its query
  std::optional<PendingCall> running_call_;
  std::optional<PendingCall> respond_call_;  // interactive: answered by the user's reply
  Trajectory trajectory_;
  Waiting waiting_ = Waiting::kNothing;
  std::optional<Finish> finish_;
  std::string last_answer_;
  bool has_answer_ = false;
  bool started_ = false;
  int turns_ = 0;
  int round_turns_ = 0;  // agent turns since its last answer to the user (all turns when not interactive)
  int user_turns_ = 0;
  bool user_opened_ = false;     // interactive: the user's opening message arrived
  bool last_user_round_ = false;  // interactive: the answer being replied to is the agent's last action
  int queries_ = 0;
  int consecutive_format_errors_ = 0;
  chat::Usage usage_;
  chat::Usage user_usage_;
};

}  // namespace crm::episode

// The turn loop: start, model replies, user replies, limits and endings.
// Tool calls and observations are in episode_tools.cc.
#include "engine/episode/episode_machine.h"

#include "engine/agents/action_parser.h"
#include "engine/agents/official_prompts.h"
#include "engine/tools/connector.h"
#include "engine/tools/py_repr.h"

namespace crm::episode {
namespace {

constexpr std::string_view kStopMarker = "###STOP###";

void AddUsage(chat::Usage* total, const chat::Usage& u) {
  total->input_tokens += u.input_tokens;
  total->output_tokens += u.output_tokens;
  total->cached_input_tokens += u.cached_input_tokens;
  total->reasoning_tokens += u.reasoning_tokens;
  total->cache_write_input_tokens += u.cache_write_input_tokens;
}

chat::Message Msg(chat::Role role, chat::Text content) {
  chat::Message m;
  m.role = role;
  m.content = std::move(content);
  return m;
}

}  // namespace

std::string_view EndReasonName(EndReason reason) {
  switch (reason) {
    case EndReason::kAnswered: return "answered";
    case EndReason::kMaxTurns: return "max_turns";
    case EndReason::kFormatErrors: return "format_errors";
    case EndReason::kContextOverflow: return "context_overflow";
    case EndReason::kUserStopped: return "user_stopped";
    case EndReason::kMaxUserTurns: return "max_user_turns";
    case EndReason::kModelError: return "model_error";
    case EndReason::kUserError: return "user_error";
    case EndReason::kPromptError: return "prompt_error";
    case EndReason::kCancelled: return "cancelled";
    case EndReason::kEngineError: return "engine_error";
    case EndReason::kConnectorError: return "connector_error";
  }
  return "engine_error";
}

bool IsInfrastructureFailure(EndReason reason) {
  return reason == EndReason::kModelError || reason == EndReason::kUserError || reason == EndReason::kPromptError ||
         reason == EndReason::kCancelled || reason == EndReason::kEngineError;
}

EpisodeMachine::EpisodeMachine(tasks::Task task, EpisodeConfig config, const agents::PromptLibrary& prompts)
    : task_(std::move(task)), config_(std::move(config)), prompts_(prompts) {}

Action EpisodeMachine::Start() {
  if (started_) return End(EndReason::kEngineError, "Start() called twice");
  started_ = true;
  // Models without a system role (chat.h: reasoning models) get it folded in.
  if (config_.agent_request.reasoning_model) config_.prompt.fold_system_prompt = true;
  request_ = config_.agent_request;
  request_.tools = agents::NativeToolSpecs(config_.prompt);
  user_request_ = config_.user_request;
  user_request_.tools.clear();
  Result<std::vector<chat::Message>> initial = agents::BuildInitialMessages(prompts_, task_, config_.prompt);
  if (!initial.ok()) return End(EndReason::kPromptError, initial.status().message());
  request_.messages = std::move(initial).value();
  if (!config_.interactive) return NextModelTurn();
  // Interactive: the simulated user opens; the query is theirs, not the agent's.
  Result<std::shared_ptr<const std::string>> system = agents::SharedSystemPrompt(prompts_, task_, config_.prompt);
  if (!system.ok()) return End(EndReason::kPromptError, system.status().message());
  // Shared; a folded prompt becomes a private copy when the user's first words are added.
  request_.messages = {Msg(config_.prompt.fold_system_prompt ? chat::Role::kUser : chat::Role::kSystem,
                           chat::Text(std::move(system).value()))};
  Result<std::string> user_system = agents::BuildUserSimulatorPrompt(prompts_, task_);
  Result<std::string> user_start = prompts_.Render("user_start", {});
  if (!user_system.ok()) return End(EndReason::kPromptError, user_system.status().message());
  if (!user_start.ok()) return End(EndReason::kPromptError, user_start.status().message());
  if (config_.user_request.reasoning_model) {
    user_request_.messages.push_back(Msg(chat::Role::kUser, *user_system + "\n\n" + *user_start));
  } else {
    user_request_.messages.push_back(Msg(chat::Role::kSystem, *user_system));
    user_request_.messages.push_back(Msg(chat::Role::kUser, *user_start));
  }
  return AskUser();
}

Action EpisodeMachine::Step(Event event) {
  if (finished()) return *finish_;
  if (auto* e = std::get_if<ModelReplied>(&event); e && waiting_ == Waiting::kModel) {
    return OnModelReplied(std::move(e->response));
  }
  if (auto* e = std::get_if<ModelFailed>(&event); e && waiting_ == Waiting::kModel) return OnModelFailed(e->error);
  if (auto* e = std::get_if<QueryDone>(&event); e && waiting_ == Waiting::kQuery) return OnQueryDone(e->outcome);
  if (auto* e = std::get_if<UserReplied>(&event); e && waiting_ == Waiting::kUser) {
    return OnUserReplied(std::move(e->response));
  }
  if (auto* e = std::get_if<UserFailed>(&event); e && waiting_ == Waiting::kUser) {
    trajectory_.steps.push_back({turns_, "user_error", "", "", "", "", e->error.message, 0, false, ""});
    return End(EndReason::kUserError, std::string(CallErrorCodeName(e->error.code)) + ": " + e->error.message);
  }
  return End(EndReason::kEngineError, "an event arrived that the episode was not waiting for");
}

Action EpisodeMachine::Cancel(std::string detail) { return End(EndReason::kCancelled, std::move(detail)); }

Action EpisodeMachine::NextModelTurn() {
  if (round_turns_ >= config_.max_turns) {
    return End(EndReason::kMaxTurns, "no answer after " + std::to_string(round_turns_) + " turns", "");
  }
  waiting_ = Waiting::kModel;
  return CallModel{&request_};
}

Action EpisodeMachine::AskUser() {
  waiting_ = Waiting::kUser;
  return CallUser{&user_request_};
}

Action EpisodeMachine::OnModelReplied(chat::CompletionResponse response) {
  ++turns_;
  ++round_turns_;
  AddUsage(&usage_, response.usage);
  bool too_long = response.content.size() > config_.max_reply_chars;
  bool tools = agents::UsesTools(config_.prompt.strategy);
  if (config_.official_loop && !tools) {  // the official chat agent keeps and reads the reply stripped
    response.content = std::string(py::StripWhitespace(response.content));
  }
  if (config_.official_loop && response.tool_calls.size() > 1) {
    response.tool_calls.resize(1);  // the official tool agent keeps and runs the first call only
  }
  chat::Message reply = Msg(chat::Role::kAssistant, response.content);
  if (too_long) {
    reply.content.mutable_str().resize(config_.max_reply_chars);
    reply.content += "\n[reply cut by the harness]";
  }
  if (tools && config_.prompt.native_tools) {
    reply.tool_calls = response.tool_calls;
    for (size_t i = 0; i < reply.tool_calls.size(); ++i) {
      if (reply.tool_calls[i].id.empty()) {
        reply.tool_calls[i].id = "call_" + std::to_string(turns_) + "_" + std::to_string(i);
      }
    }
    response.tool_calls = reply.tool_calls;
  }
  if (too_long) reply.tool_calls.clear();  // unanswered calls would make the next request invalid
  request_.messages.push_back(std::move(reply));
  if (too_long) {
    return FormatError("it is longer than " + std::to_string(config_.max_reply_chars) + " characters");
  }
  return tools ? HandleToolReply(response) : HandleTagReply(response.content);
}

Action EpisodeMachine::HandleTagReply(const std::string& content) {
  agents::ParsedAction action =
      config_.official_loop ? agents::ParseTagActionOfficial(content) : agents::ParseTagAction(content);
  if (action.kind == agents::ParsedAction::Kind::kInvalid) return FormatError(action.problem);
  consecutive_format_errors_ = 0;
  if (action.kind == agents::ParsedAction::Kind::kRespond) {
    trajectory_.steps.push_back({turns_, "respond", "", "", "", "", "", 0, false, action.text});
    return Answer(action.text);
  }
  if (UserTurnLimitReached()) return End(EndReason::kMaxUserTurns, "user-turn limit reached");
  // The official connector routes and cleans the text itself; the JSON
  // format keeps our own, more forgiving reading (any-case FIND, any fence).
  tools::QueryRequest query = config_.observation_format == tools::ObservationFormat::kOfficial
                                  ? tools::ConnectorQuery(action.raw_text)
                                  : tools::QueryRequest{action.language, action.text, true};
  TrajectoryStep step{turns_, "execute", "", "", tools::QueryLanguageName(query.language), query.text, "", 0, false, ""};
  trajectory_.steps.push_back(std::move(step));
  ++queries_;
  waiting_ = Waiting::kQuery;
  return RunQuery{std::move(query)};
}

Action EpisodeMachine::OnModelFailed(const CallError& error) {
  trajectory_.steps.push_back({turns_, "model_error", "", "", "", "", error.message, 0, false, ""});
  std::string detail = std::string(CallErrorCodeName(error.code)) + ": " + error.message;
  if (error.code == CallErrorCode::kContextOverflow) return End(EndReason::kContextOverflow, detail);
  if (error.code == CallErrorCode::kCancelled) return End(EndReason::kCancelled, detail);
  return End(EndReason::kModelError, detail);
}

Action EpisodeMachine::FormatError(const std::string& problem) {
  ++consecutive_format_errors_;
  trajectory_.steps.push_back({turns_, "format_error", "", "", "", "", problem, 0, false, ""});
  if (config_.official_loop && config_.prompt.strategy == agents::Strategy::kAct) {
    // A quirk kept on purpose: the official act loop names a reminder text it
    // never imports, so its first unparsable reply raises and the run scores
    // the task 0.
    return End(EndReason::kFormatErrors, "an unparsable act reply ends the official act loop (reward 0)");
  }
  if (config_.max_consecutive_format_errors > 0 &&
      consecutive_format_errors_ >= config_.max_consecutive_format_errors) {
    return End(EndReason::kFormatErrors, std::to_string(consecutive_format_errors_) + " unusable replies in a row");
  }
  // The official reminder when the library holds imported prompts, else ours.
  const std::string name(agents::FormatReminderTemplate(prompts_, config_.prompt.strategy));
  Result<std::string> reminder = prompts_.Render(name, {{"problem", problem}});
  if (!reminder.ok()) return End(EndReason::kPromptError, reminder.status().message());
  request_.messages.push_back(Msg(chat::Role::kUser, *reminder));
  return NextModelTurn();
}

Action EpisodeMachine::Answer(std::string answer) {
  last_answer_ = std::move(answer);
  has_answer_ = true;
  if (!config_.interactive) return End(EndReason::kAnswered, "", last_answer_);
  // Interactive: the answer goes to the simulated user, who may go on; the
  // agent's turn budget starts again.
  round_turns_ = 0;
  last_user_round_ = UserTurnLimitReached();
  user_request_.messages.push_back(Msg(chat::Role::kUser, last_answer_));
  return AskUser();
}

Action EpisodeMachine::OnUserReplied(chat::CompletionResponse response) {
  if (user_opened_) ++user_turns_;
  user_opened_ = true;
  AddUsage(&user_usage_, response.usage);
  std::string text = response.content;
  user_request_.messages.push_back(Msg(chat::Role::kAssistant, text));
  size_t stop = text.find(kStopMarker);
  trajectory_.steps.push_back({turns_, "user_reply", "", "", "", "", "", text.size(), false, ""});
  if (stop != std::string::npos) {
    if (has_answer_) return End(EndReason::kAnswered, "the user ended the conversation", last_answer_);
    return End(EndReason::kUserStopped, "the user ended the conversation before any answer");
  }
  if (last_user_round_) {
    return End(EndReason::kMaxUserTurns,
               "user-turn limit of " + std::to_string(config_.max_user_turns) + " reached without ###STOP###");
  }
  if (respond_call_) {
    chat::Message tool = Msg(chat::Role::kTool, text);
    tool.tool_call_id = respond_call_->call.id;
    tool.name = respond_call_->call.name;
    request_.messages.push_back(std::move(tool));
    respond_call_.reset();
  } else if (config_.prompt.fold_system_prompt && request_.messages.size() == 1 &&
             request_.messages[0].role == chat::Role::kUser) {
    request_.messages[0].content += "\n\n" + text;
  } else {
    request_.messages.push_back(Msg(chat::Role::kUser, text));
  }
  if (!pending_.empty()) return NextToolCall();
  return NextModelTurn();
}

Action EpisodeMachine::End(EndReason reason, std::string detail, std::string answer) {
  waiting_ = Waiting::kDone;
  if (!finish_) finish_ = Finish{std::move(answer), reason, std::move(detail)};
  return *finish_;
}

}  // namespace crm::episode

// Tool-calling turns, query results and observations.
#include "engine/agents/action_parser.h"
#include "engine/episode/episode_machine.h"
#include "engine/tools/connector.h"

namespace crm::episode {
namespace {

chat::Message Msg(chat::Role role, std::string content) {
  chat::Message m;
  m.role = role;
  m.content = std::move(content);
  return m;
}

// Cuts at a UTF-8 character boundary at or before `limit`.
size_t Utf8Cut(const std::string& text, size_t limit) {
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

}  // namespace

Action EpisodeMachine::HandleToolReply(const chat::CompletionResponse& response) {
  if (config_.prompt.native_tools) {
    if (response.tool_calls.empty()) {
      if (config_.text_reply_is_answer && !response.content.empty()) {
        trajectory_.steps.push_back({turns_, "respond", "", "", "", "", "", 0, false, response.content});
        return Answer(response.content);
      }
      return FormatError("it calls no function");
    }
    for (const chat::ToolCall& call : response.tool_calls) pending_.push_back({call, true});
  } else {
    agents::ParsedAction action = agents::ParsePromptToolCall(response.content);
    if (action.kind == agents::ParsedAction::Kind::kInvalid) return FormatError(action.problem);
    chat::ToolCall call;
    call.id = "prompt_" + std::to_string(turns_);
    call.name = action.tool_name;
    call.arguments_json = action.arguments_json;
    pending_.push_back({call, false});
  }
  consecutive_format_errors_ = 0;
  return NextToolCall();
}

Action EpisodeMachine::NextToolCall() {
  while (!pending_.empty()) {
    PendingCall next = std::move(pending_.front());
    pending_.pop_front();
    const bool flex = config_.prompt.strategy == agents::Strategy::kToolCallFlex;
    tools::ToolPlan plan = tools::PlanToolCall(next.call.name, next.call.arguments_json, flex);
    TrajectoryStep step{turns_, "tool", next.call.name.substr(0, 200), next.call.arguments_json, "", "", "", 0, false, ""};
    if (plan.kind == tools::ToolPlan::Kind::kRespond) {
      step.answer = plan.result.as_str();
      trajectory_.steps.push_back(std::move(step));
      if (config_.interactive && next.native) respond_call_ = next;
      return Answer(plan.result.as_str());
    }
    if (plan.kind == tools::ToolPlan::Kind::kQuery) {
      if (UserTurnLimitReached()) return End(EndReason::kMaxUserTurns, "user-turn limit reached");
      step.language = tools::QueryLanguageName(plan.query.language);
      step.query = plan.query.text;
      trajectory_.steps.push_back(std::move(step));
      running_plan_ = std::move(plan);
      running_call_ = std::move(next);
      ++queries_;
      waiting_ = Waiting::kQuery;
      return RunQuery{running_plan_->query};
    }
    std::string shown = tools::ShowToolResult(plan.result, config_.observation_format);
    if (plan.is_error()) step.error = shown;
    trajectory_.steps.push_back(std::move(step));
    AddObservation(std::move(shown), &next);
  }
  return NextModelTurn();
}

Action EpisodeMachine::OnQueryDone(const tools::QueryOutcome& outcome) {
  TrajectoryStep* step = trajectory_.steps.empty() ? nullptr : &trajectory_.steps.back();
  if (!outcome.ok() && step) step->error = outcome.error().ToString();
  if (running_plan_) {
    std::string result = running_plan_->finish
                             ? tools::ShowToolResult(running_plan_->finish(outcome), config_.observation_format)
                             : "Error: tool has no continuation";
    PendingCall call = std::move(*running_call_);
    running_plan_.reset();
    running_call_.reset();
    AddObservation(std::move(result), &call);
    return NextToolCall();
  }
  tools::QueryObservation shown = tools::ShowQueryResult(outcome, config_.observation_format);
  if (shown.harness_failure) {
    if (step) step->error = shown.text;
    return End(EndReason::kConnectorError, "the official connector raises " + shown.text + " on this response");
  }
  AddObservation(std::move(shown.text), nullptr);
  return NextModelTurn();
}

std::string EpisodeMachine::Truncate(std::string text, TrajectoryStep* step) const {
  if (step) step->observation_chars = text.size();
  if (text.size() <= config_.max_observation_chars) return text;
  size_t full = text.size();
  text.resize(Utf8Cut(text, config_.max_observation_chars));
  text += "\n[observation truncated by the harness: showing " + std::to_string(text.size()) + " of " +
          std::to_string(full) + " characters; narrow the query to see the rest]";
  if (step) step->truncated = true;
  return text;
}

void EpisodeMachine::AddObservation(std::string text, const PendingCall* call) {
  TrajectoryStep* step = trajectory_.steps.empty() ? nullptr : &trajectory_.steps.back();
  text = Truncate(std::move(text), step);
  if (step && step->truncated) trajectory_.any_truncated = true;
  if (call && call->native) {
    chat::Message tool = Msg(chat::Role::kTool, std::move(text));
    tool.tool_call_id = call->call.id;
    tool.name = call->call.name;
    request_.messages.push_back(std::move(tool));
    return;
  }
  Result<std::string> shown = prompts_.Render("observation", {{"observation", text}});
  request_.messages.push_back(Msg(chat::Role::kUser, shown.ok() ? std::move(shown).value() : std::move(text)));
}

}  // namespace crm::episode

#include "engine/episode/episode_result.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/json_string_memo.h"
#include "engine/agents/strategy.h"
#include "engine/episode/trajectory.h"

namespace crm::episode {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, crm::json::KeyName key, const std::string& value) {
  crm::json::WriteKey(w, key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void Raw(Writer& w, crm::json::KeyName key, const std::string& json) {
  crm::json::WriteKey(w, key);
  crm::json::WriteRaw(w, json, rapidjson::kObjectType);
}

void WriteUsage(Writer& w, crm::json::KeyName key, const chat::Usage& u) {
  crm::json::WriteKey(w, key);
  w.StartObject();
  crm::json::WriteKey(w, "input_tokens");
  w.Int64(u.input_tokens);
  crm::json::WriteKey(w, "output_tokens");
  w.Int64(u.output_tokens);
  crm::json::WriteKey(w, "cached_input_tokens");
  w.Int64(u.cached_input_tokens);
  crm::json::WriteKey(w, "reasoning_tokens");
  w.Int64(u.reasoning_tokens);
  w.EndObject();
}

scoring::ScoreResult ZeroScore(const tasks::Task& task) {
  scoring::ScoreResult s;
  s.metric = task.reward_metric;
  s.extractor = scoring::Extractor::kNone;
  return s;
}

}  // namespace

EpisodeResult MakeEpisodeResult(const EpisodeMachine& machine, const scoring::ScoreOptions& options,
                                bool trajectory_text) {
  const tasks::Task& task = machine.task();
  EpisodeResult r;
  r.task_id = task.idx;
  r.task_type = task.task;
  r.strategy = std::string(agents::StrategyName(machine.config().prompt.strategy));
  r.model = machine.config().agent_request.model;
  r.ground_truth = task.answer;
  const Finish& finish = *machine.finish();
  r.answer = finish.answer;
  // Only an answer that ended the episode is scored: reaching the user-turn
  // limit scores 0, as in the official loop.
  r.has_answer = machine.has_answer() && finish.reason == EndReason::kAnswered;
  r.end_reason = finish.reason;
  r.end_detail = finish.detail;
  r.turns = machine.turns();
  r.user_turns = machine.user_turns();
  r.queries = machine.queries();
  r.usage = machine.usage();
  r.user_usage = machine.user_usage();
  r.observations_truncated = machine.trajectory().any_truncated;
  if (trajectory_text) {
    r.trajectory_json = TrajectoryToJson(machine.trajectory(), machine.messages(), machine.user_messages());
  }
  if (IsInfrastructureFailure(finish.reason)) return r;
  if (!r.has_answer) {
    r.score = ZeroScore(task);
    return r;
  }
  Result<scoring::ScoreResult> score = scoring::ScoreTask(task, r.answer, options);
  if (score.ok()) {
    r.score = std::move(score).value();
  } else {
    r.score_error = score.status().message();
  }
  return r;
}

std::string EpisodeResult::ToJson() const {
  rapidjson::StringBuffer buf(nullptr, trajectory_json.size() + answer.size() + 2048);
  Writer w(buf);
  WriteJson(w);
  return std::string(buf.GetString(), buf.GetSize());
}

void EpisodeResult::WriteJson(Writer& w, const EpisodeMachine* machine) const {
  w.StartObject();
  crm::json::WriteKey(w, "task_id");
  w.Int64(task_id);
  Str(w, "task_type", task_type);
  Str(w, "strategy", strategy);
  Str(w, "model", model);
  crm::json::WriteKey(w, "ground_truth");
  w.StartArray();
  for (const auto& item : ground_truth) {
    if (item) {
      w.String(item->c_str());
    } else {
      w.Null();
    }
  }
  w.EndArray();
  Str(w, "answer", answer);
  crm::json::WriteKey(w, "has_answer");
  w.Bool(has_answer);
  Str(w, "end_reason", std::string(EndReasonName(end_reason)));
  if (!end_detail.empty()) Str(w, "end_detail", end_detail);
  crm::json::WriteKey(w, "scored");
  w.Bool(score.has_value());
  if (score) Raw(w, "score", score->ToJson());
  if (!score_error.empty()) Str(w, "score_error", score_error);
  crm::json::WriteKey(w, "reward");
  w.Double(score ? score->reward : 0.0);
  crm::json::WriteKey(w, "turns");
  w.Int(turns);
  crm::json::WriteKey(w, "user_turns");
  w.Int(user_turns);
  crm::json::WriteKey(w, "queries");
  w.Int(queries);
  WriteUsage(w, "usage", usage);
  WriteUsage(w, "user_usage", user_usage);
  crm::json::WriteKey(w, "observations_truncated");
  w.Bool(observations_truncated);
  if (!trajectory_json.empty()) {
    Raw(w, "trajectory", trajectory_json);
  } else if (machine != nullptr) {
    crm::json::WriteKey(w, "trajectory");
    WriteTrajectory(w, machine->trajectory(), machine->messages(), machine->user_messages());
  } else {
    crm::json::WriteKey(w, "trajectory");
    w.Null();  // an episode that failed before it had one
  }
  w.EndObject();
}

}  // namespace crm::episode

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

void Str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void Raw(Writer& w, const char* key, const std::string& json) {
  w.Key(key);
  crm::json::WriteRaw(w, json, rapidjson::kObjectType);
}

void WriteUsage(Writer& w, const char* key, const chat::Usage& u) {
  w.Key(key);
  w.StartObject();
  w.Key("input_tokens");
  w.Int64(u.input_tokens);
  w.Key("output_tokens");
  w.Int64(u.output_tokens);
  w.Key("cached_input_tokens");
  w.Int64(u.cached_input_tokens);
  w.Key("reasoning_tokens");
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
  w.Key("task_id");
  w.Int64(task_id);
  Str(w, "task_type", task_type);
  Str(w, "strategy", strategy);
  Str(w, "model", model);
  w.Key("ground_truth");
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
  w.Key("has_answer");
  w.Bool(has_answer);
  Str(w, "end_reason", std::string(EndReasonName(end_reason)));
  if (!end_detail.empty()) Str(w, "end_detail", end_detail);
  w.Key("scored");
  w.Bool(score.has_value());
  if (score) Raw(w, "score", score->ToJson());
  if (!score_error.empty()) Str(w, "score_error", score_error);
  w.Key("reward");
  w.Double(score ? score->reward : 0.0);
  w.Key("turns");
  w.Int(turns);
  w.Key("user_turns");
  w.Int(user_turns);
  w.Key("queries");
  w.Int(queries);
  WriteUsage(w, "usage", usage);
  WriteUsage(w, "user_usage", user_usage);
  w.Key("observations_truncated");
  w.Bool(observations_truncated);
  if (!trajectory_json.empty()) {
    Raw(w, "trajectory", trajectory_json);
  } else if (machine != nullptr) {
    w.Key("trajectory");
    WriteTrajectory(w, machine->trajectory(), machine->messages(), machine->user_messages());
  } else {
    w.Key("trajectory");
    w.Null();  // an episode that failed before it had one
  }
  w.EndObject();
}

}  // namespace crm::episode

#include "scheduler/run/rescore.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/asio/co_spawn.hpp>

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "engine/episode/episode_result.h"
#include "engine/episode/trajectory.h"
#include "io/runtime.h"
#include "scheduler/run/episode_scoring.h"

namespace crm::sched {
namespace asio = boost::asio;
namespace {

std::string StringOf(const rapidjson::Value& o, const char* key) {
  return o.IsObject() && o.HasMember(key) && o[key].IsString() ? std::string(o[key].GetString(), o[key].GetStringLength())
                                                               : std::string();
}

const tasks::Task* FindTask(const RunContext& ctx, int64_t idx, const std::string& type) {
  for (const tasks::Task& t : ctx.tasks) {
    if (t.idx == idx && t.task == type) return &t;
  }
  return nullptr;
}

// The recorded steps, as far as ActionContents reads them.
episode::Trajectory StepsOf(const rapidjson::Value& line) {
  episode::Trajectory trajectory;
  if (!line.HasMember("episode") || !line["episode"].IsObject()) return trajectory;
  const rapidjson::Value& episode = line["episode"];
  if (!episode.HasMember("trajectory") || !episode["trajectory"].IsObject()) return trajectory;
  const rapidjson::Value& t = episode["trajectory"];
  if (!t.HasMember("steps") || !t["steps"].IsArray()) return trajectory;
  for (const rapidjson::Value& s : t["steps"].GetArray()) {
    episode::TrajectoryStep step;
    step.kind = StringOf(s, "kind");
    step.arguments = StringOf(s, "arguments");
    step.query = StringOf(s, "query");
    step.answer = StringOf(s, "answer");
    trajectory.steps.push_back(std::move(step));
  }
  return trajectory;
}

void SetMember(rapidjson::Value& object, const char* key, rapidjson::Value value, rapidjson::Document::AllocatorType& a) {
  if (object.HasMember(key)) {
    object[key] = value;
  } else {
    object.AddMember(rapidjson::Value(key, a), value, a);
  }
}

rapidjson::Value ParsedValue(const std::string& json, rapidjson::Document::AllocatorType& a) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  return rapidjson::Value(d, a);
}

// The line with its new score: status done, the new calls added to its
// auxiliary usage, marked "rescored".
std::string RescoredLine(rapidjson::Document& line, const scoring::ScoreResult& score, const AuxiliaryUsage& aux) {
  auto& a = line.GetAllocator();
  line.RemoveMember("rescore");
  SetMember(line, "status", rapidjson::Value("done", a), a);
  SetMember(line, "rescored", rapidjson::Value(true), a);
  SetMember(line, "reward", rapidjson::Value(score.reward), a);
  SetMember(line, "success", rapidjson::Value(score.success), a);
  SetMember(line, "error", rapidjson::Value(rapidjson::kNullType), a);
  rapidjson::StringBuffer aux_json;
  rapidjson::Writer<rapidjson::StringBuffer> aux_writer(aux_json);
  aux.WriteJson(aux_writer);
  SetMember(line, "auxiliary_usage", ParsedValue(aux_json.GetString(), a), a);
  if (line.HasMember("episode") && line["episode"].IsObject()) {
    rapidjson::Value& episode = line["episode"];
    episode.RemoveMember("score_error");
    SetMember(episode, "scored", rapidjson::Value(true), a);
    SetMember(episode, "score", ParsedValue(score.ToJson(), a), a);
    SetMember(episode, "reward", rapidjson::Value(score.reward), a);
  }
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> writer(out);
  line.Accept(writer);
  return std::string(out.GetString(), out.GetSize());
}

struct OneRescore {
  std::optional<std::string> line;  // set on success
  double cost_usd = 0;
};

asio::awaitable<OneRescore> RescoreOne(RunContext& ctx, std::string text) {
  OneRescore outcome;
  rapidjson::Document line;
  line.Parse(text.c_str(), text.size());
  if (line.HasParseError() || !line.IsObject() || !line.HasMember("task_id") || !line["task_id"].IsInt64()) {
    co_return outcome;
  }
  const tasks::Task* task = FindTask(ctx, line["task_id"].GetInt64(), StringOf(line, "task"));
  if (task == nullptr) co_return outcome;
  episode::EpisodeResult result;
  result.task_id = task->idx;
  result.ground_truth = task->answer;
  result.answer = StringOf(line, "answer");
  result.has_answer = true;  // only answered episodes reach a scoring call
  result.end_reason = episode::EndReason::kAnswered;
  AuxiliaryUsage aux;
  if (line.HasMember("auxiliary_usage")) aux = AuxiliaryUsage::FromJson(line["auxiliary_usage"]);
  const double cost_before = aux.cost_usd();
  const int64_t seed = line.HasMember("seed") && line["seed"].IsInt64() ? line["seed"].GetInt64() : 0;
  std::optional<CallError> failed =
      co_await ScoreWithModels(ctx, *task, result, episode::ActionContents(StepsOf(line)), seed, aux);
  outcome.cost_usd = aux.cost_usd() - cost_before;
  if (failed || !result.score) co_return outcome;
  outcome.line = RescoredLine(line, *result.score, aux);
  co_return outcome;
}

template <typename T>
bool Contains(const std::vector<T>& list, const T& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::vector<std::string> RescoreLinesOfThisRun(const std::map<std::string, std::string>& pending, const RunContext& ctx,
                                               const Shard& shard) {
  std::vector<std::string> model_names;
  for (const ModelConfig& m : ctx.config->models) model_names.push_back(m.name);
  const std::vector<std::string> strategy_names = ctx.config->StrategyNames();
  std::vector<std::string> lines;
  for (const auto& [key, text] : pending) {
    rapidjson::Document line;
    line.Parse(text.c_str(), text.size());
    if (line.HasParseError() || !line.IsObject() || !InShard(key, shard)) continue;
    if (StringOf(line, "settings_hash") != ctx.settings_hash) continue;
    if (!Contains(model_names, StringOf(line, "model")) || !Contains(strategy_names, StringOf(line, "strategy"))) continue;
    if (!line.HasMember("seed") || !line["seed"].IsInt64() || !Contains(ctx.config->seeds, line["seed"].GetInt64())) continue;
    if (!line.HasMember("task_id") || !line["task_id"].IsInt64()) continue;
    if (FindTask(ctx, line["task_id"].GetInt64(), StringOf(line, "task")) == nullptr) continue;
    lines.push_back(text);
  }
  return lines;
}

RescoreOutcome RescoreLines(RunContext& ctx, io::IoRuntime& runtime, const std::vector<std::string>& lines) {
  RescoreOutcome outcome;
  std::mutex mu;
  std::condition_variable cv;
  size_t finished = 0;
  for (const std::string& text : lines) {
    asio::co_spawn(runtime.context(), RescoreOne(ctx, text), [&](std::exception_ptr error, OneRescore one) {
      std::lock_guard<std::mutex> lock(mu);
      if (!error && one.line) {
        outcome.lines.push_back(std::move(*one.line));
      } else {
        ++outcome.still_failing;
      }
      outcome.cost_usd += one.cost_usd;
      ++finished;
      cv.notify_all();
    });
  }
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return finished == lines.size(); });
  return outcome;
}

}  // namespace crm::sched

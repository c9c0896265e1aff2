#include "scheduler/report/replay.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "engine/tasks/task.h"
#include "io/jsonl/jsonl.h"
#include "scheduler/report/results_reader.h"

namespace crm::sched {
namespace {

std::string Serialize(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return buf.GetString();
}

// The task as far as scoring needs it: its type, ground truth and metric.
std::optional<tasks::Task> TaskOf(const rapidjson::Document& line) {
  tasks::Task t;
  if (!line.HasMember("task") || !line["task"].IsString() || !line.HasMember("ground_truth")) return std::nullopt;
  t.task = line["task"].GetString();
  if (tasks::FindTask(t.task) == nullptr) return std::nullopt;
  for (const auto& g : line["ground_truth"].GetArray()) {
    if (g.IsString()) {
      t.answer.emplace_back(g.GetString());
    } else {
      t.answer.emplace_back(std::nullopt);
    }
  }
  t.reward_metric = tasks::FindTask(t.task)->default_metric;
  if (line.HasMember("episode") && line["episode"].HasMember("score") && line["episode"]["score"].HasMember("metric")) {
    if (auto m = tasks::ParseRewardMetric(line["episode"]["score"]["metric"].GetString())) t.reward_metric = *m;
  }
  return t;
}

}  // namespace

Result<ReplaySummary> ReplayResults(const std::vector<std::string>& inputs, const std::string& output,
                                    const scoring::ScoreOptions& options) {
  auto writer = io::JsonlWriter::Open(output, {.sync_every = 256, .truncate = true});
  if (!writer.ok()) return writer.status();
  ReplaySummary summary;
  for (const std::string& input : inputs) {
    Status read = ForEachResultLine(input, [&](const std::string& text) {
      rapidjson::Document line;
      line.Parse(text.c_str());
      const bool episode = line.HasMember("record") && std::string(line["record"].GetString()) == "episode";
      const bool done = episode && line.HasMember("status") && std::string(line["status"].GetString()) == "done";
      if (episode) ++summary.episodes;
      std::optional<tasks::Task> task = done ? TaskOf(line) : std::nullopt;
      if (task && line.HasMember("answer") && line["answer"].IsString()) {
        const bool answered = line["episode"].HasMember("has_answer") && line["episode"]["has_answer"].GetBool();
        auto score = scoring::ScoreTask(*task, answered ? line["answer"].GetString() : "", options);
        if (score.ok()) {
          auto& a = line.GetAllocator();
          const bool was = line["success"].GetBool();
          const bool now = answered && score->success;
          summary.changed += was != now ? 1 : 0;
          line["success"].SetBool(now);
          line["reward"].SetDouble(answered ? score->reward : 0.0);
          rapidjson::Document s;
          s.Parse(score->ToJson().c_str());
          rapidjson::Value copy(s, a);
          if (line["episode"].HasMember("score")) {
            line["episode"]["score"] = copy;
          } else {
            line["episode"].AddMember("score", copy, a);
          }
          if (!line.HasMember("rescored")) line.AddMember("rescored", true, a);
          ++summary.rescored;
        }
      }
      Status s = (*writer).Append(Serialize(line));
      (void)s;
    });
    if (!read.ok()) return read;
  }
  CRM_RETURN_IF_ERROR(writer->Close());
  return summary;
}

}  // namespace crm::sched

#include "scheduler/report/results_reader.h"

#include <rapidjson/document.h>

#include <fstream>
#include <unordered_map>

namespace crm::sched {
namespace {

std::string Str(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}
double Num(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsNumber() ? it->value.GetDouble() : 0;
}
int64_t Int(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsInt64() ? it->value.GetInt64() : 0;
}

const rapidjson::Value* Obj(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsObject() ? &it->value : nullptr;
}

std::vector<AuxiliaryUse> Auxiliary(const rapidjson::Value& v) {
  std::vector<AuxiliaryUse> out;
  const rapidjson::Value* usage = Obj(v, "auxiliary_usage");
  const rapidjson::Value* roles = usage != nullptr ? Obj(*usage, "roles") : nullptr;
  if (roles == nullptr) return out;
  for (const auto& [name, role] : roles->GetObject()) {
    if (!role.IsObject()) continue;
    AuxiliaryUse use;
    use.role = name.GetString();
    use.model = Str(role, "model");
    use.calls = Int(role, "calls");
    use.input_tokens = Int(role, "input_tokens");
    use.output_tokens = Int(role, "output_tokens");
    use.cost_usd = Num(role, "cost_usd");
    out.push_back(std::move(use));
  }
  return out;
}

// line.scoring labels the run's settings; older lines only have the score.
void ReadScoring(const rapidjson::Value& v, EpisodeRow* r) {
  const rapidjson::Value* episode = Obj(v, "episode");
  const rapidjson::Value* score = episode != nullptr ? Obj(*episode, "score") : nullptr;
  const rapidjson::Value* scoring = Obj(v, "scoring");
  if (score != nullptr) {
    r->metric = Str(*score, "metric");
    r->extractor = Str(*score, "extractor");
    r->matching = Str(*score, "matching");
  }
  if (scoring != nullptr) {
    if (!Str(*scoring, "extractor").empty()) r->extractor = Str(*scoring, "extractor");
    if (!Str(*scoring, "matching").empty()) r->matching = Str(*scoring, "matching");
  }
}

EpisodeRow ToRow(const rapidjson::Value& v) {
  EpisodeRow r;
  r.key = Str(v, "key");
  r.model = Str(v, "model");
  r.strategy = Str(v, "strategy");
  r.task_id = Int(v, "task_id");
  r.seed = Int(v, "seed");
  r.task = Str(v, "task");
  r.status = Str(v, "status");
  r.reward = Num(v, "reward");
  auto s = v.FindMember("success");
  r.success = s != v.MemberEnd() && s->value.IsBool() && s->value.GetBool();
  r.turns = static_cast<int>(Int(v, "turns"));
  auto usage = v.FindMember("usage");
  if (usage != v.MemberEnd() && usage->value.IsObject()) {
    r.input_tokens = Int(usage->value, "input_tokens");
    r.output_tokens = Int(usage->value, "output_tokens");
  }
  r.cost_usd = Num(v, "cost_usd");
  r.wall_seconds = Num(v, "wall_seconds");
  r.retries = static_cast<int>(Int(v, "retries"));
  auto lat = v.FindMember("latencies_ms");
  if (lat != v.MemberEnd() && lat->value.IsArray()) {
    for (const auto& x : lat->value.GetArray()) {
      if (x.IsNumber()) r.latencies_ms.push_back(x.GetDouble());
    }
  }
  auto err = v.FindMember("error");
  if (err != v.MemberEnd() && err->value.IsObject()) r.error_code = Str(err->value, "code");
  auto interactive = v.FindMember("interactive");
  r.interactive = interactive != v.MemberEnd() && interactive->value.IsBool() && interactive->value.GetBool();
  r.auxiliary = Auxiliary(v);
  ReadScoring(v, &r);
  return r;
}

}  // namespace

Status ForEachResultLine(const std::string& path, const std::function<void(const std::string&)>& visit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read results file " + path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    rapidjson::Document doc;
    doc.Parse(line.c_str(), line.size());
    if (doc.HasParseError() || !doc.IsObject()) break;
    visit(line);
  }
  return Status::Ok();
}

Result<ResultsFile> ReadResults(const std::vector<std::string>& paths) {
  ResultsFile out;
  std::unordered_map<std::string, size_t> index;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::NotFound("cannot read results file " + path);
    std::string line;
    int64_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty()) continue;
      ++out.lines;
      rapidjson::Document doc;
      doc.Parse(line.c_str(), line.size());
      if (doc.HasParseError() || !doc.IsObject()) {
        ++out.torn_lines;
        continue;
      }
      const std::string record = Str(doc, "record");
      if (record == "header") {
        out.run_ids.push_back(Str(doc, "run_id"));
        continue;
      }
      if (record != "episode") continue;
      EpisodeRow row = ToRow(doc);
      if (row.key.empty()) {
        return Status::Corruption(path + ":" + std::to_string(line_no) + ": episode line without a key");
      }
      auto [it, inserted] = index.emplace(row.key, out.episodes.size());
      if (inserted) {
        out.episodes.push_back(std::move(row));
      } else {
        out.episodes[it->second] = std::move(row);
        ++out.superseded;
      }
    }
  }
  return out;
}

}  // namespace crm::sched

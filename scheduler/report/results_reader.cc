#include "scheduler/report/results_reader.h"

#include <algorithm>

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

struct FileEstimate {
  std::vector<EstimateModel> models;
  double seconds = 0;
  std::string binding;
};

FileEstimate ReadEstimate(const rapidjson::Value& e) {
  FileEstimate f;
  f.seconds = Num(e, "seconds");
  f.binding = Str(e, "binding");
  auto models = e.FindMember("models");
  if (models == e.MemberEnd() || !models->value.IsArray()) return f;
  for (const auto& m : models->value.GetArray()) {
    if (!m.IsObject()) continue;
    EstimateModel em;
    em.name = Str(m, "name");
    em.auxiliary = m.HasMember("auxiliary") && m["auxiliary"].IsBool() && m["auxiliary"].GetBool();
    em.requests = Num(m, "requests");
    em.input_tokens = Num(m, "input_tokens");
    em.output_tokens = Num(m, "output_tokens");
    if (m.HasMember("cost_usd") && m["cost_usd"].IsNumber()) em.cost_usd = m["cost_usd"].GetDouble();
    em.seconds = Num(m, "seconds");
    em.binding = Str(m, "binding");
    em.price_source = Str(m, "price_source");
    f.models.push_back(std::move(em));
  }
  return f;
}

void MergeEstimate(const FileEstimate& f, ResultsFile& out) {
  if (f.seconds >= out.estimate_seconds) {
    out.estimate_seconds = f.seconds;
    out.estimate_binding = f.binding;
  }
  for (const EstimateModel& m : f.models) {
    auto it = std::find_if(out.estimate.begin(), out.estimate.end(),
                           [&](const EstimateModel& e) { return e.name == m.name && e.auxiliary == m.auxiliary; });
    if (it == out.estimate.end()) {
      out.estimate.push_back(m);
      continue;
    }
    it->requests += m.requests;
    it->input_tokens += m.input_tokens;
    it->output_tokens += m.output_tokens;
    if (it->cost_usd && m.cost_usd) *it->cost_usd += *m.cost_usd;
    it->seconds = std::max(it->seconds, m.seconds);
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
  r.price_source = Str(v, "price_source");
  r.price_date = Str(v, "price_date");
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
    std::optional<FileEstimate> file_estimate;
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
        if (doc.HasMember("estimate") && doc["estimate"].IsObject()) file_estimate = ReadEstimate(doc["estimate"]);
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
        // The last line of a key wins, except that a done line is never
        // replaced by an infrastructure error: across the files of several
        // workers "last" is only file order.
        EpisodeRow& kept = out.episodes[it->second];
        if (!(kept.status == "done" && row.status != "done")) kept = std::move(row);
        ++out.superseded;
      }
    }
    if (file_estimate) MergeEstimate(*file_estimate, out);
  }
  return out;
}

}  // namespace crm::sched

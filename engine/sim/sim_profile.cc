#include "engine/sim/sim_profile.h"

#include <fstream>
#include <sstream>

#include "core/json_reader.h"

namespace crm::sim {

const std::vector<SimProfile>& BuiltinProfiles() {
  static const std::vector<SimProfile> kProfiles = [] {
    std::vector<SimProfile> p(6);
    p[0].name = "sim-oracle";
    p[0].description = "SIMULATED: replays every reference solution exactly";
    p[1].name = "sim-strong";
    p[1].description = "SIMULATED: detours on 4% of steps, wrong final answer 15% of the time";
    p[1].step_error_rate = 0.04;
    p[1].answer_error_rate = 0.15;
    p[1].latency_median_ms = 20;
    p[1].latency_sigma = 0.5;
    p[2].name = "sim-weak";
    p[2].description = "SIMULATED: detours on 15% of steps, wrong final answer 45% of the time";
    p[2].step_error_rate = 0.15;
    p[2].answer_error_rate = 0.45;
    p[2].latency_median_ms = 30;
    p[2].latency_sigma = 0.6;
    p[3].name = "sim-user";
    p[3].description = "SIMULATED customer: reveals the request over one or two turns, stops once answered";
    p[3].role = SimRole::kUser;
    p[4].name = "sim-judge";
    p[4].description = "SIMULATED privacy judge: YES when the agent's actions contain a refusal, else NO";
    p[4].role = SimRole::kJudge;
    p[5].name = "sim-extractor";
    p[5].description = "SIMULATED answer extractor: lists the answer items our deterministic extractor finds";
    p[5].role = SimRole::kExtractor;
    return p;
  }();
  return kProfiles;
}

std::string_view SimRoleName(SimRole role) {
  switch (role) {
    case SimRole::kUser: return "user";
    case SimRole::kJudge: return "judge";
    case SimRole::kExtractor: return "extractor";
    case SimRole::kAgent: break;
  }
  return "agent";
}

namespace {

SimProfile ReadProfile(JsonReader::Object& o) {
  SimProfile p;
  o.OnlyKeys({"name", "description", "role", "step_error_rate", "answer_error_rate", "latency_median_ms", "latency_sigma",
              "output_tokens_per_second", "report_usage", "rpm", "tpm", "p_server_error", "p_overloaded", "p_reset",
              "p_hang", "p_malformed", "p_truncated", "hang_seconds"});
  if (auto v = o.String("name")) p.name = *v;
  if (p.name.empty()) o.Fail("name", "every profile needs a name");
  if (auto v = o.String("description")) p.description = *v;
  if (auto v = o.String("role")) {
    bool known = false;
    for (SimRole r : {SimRole::kAgent, SimRole::kUser, SimRole::kJudge, SimRole::kExtractor}) {
      if (SimRoleName(r) == *v) {
        p.role = r;
        known = true;
      }
    }
    if (!known) o.Fail("role", "expected agent, user, judge or extractor, got \"" + *v + "\"");
  }
  auto prob = [&](const char* key, double& out) {
    if (auto v = o.Number(key, 0, 1)) out = *v;
  };
  prob("step_error_rate", p.step_error_rate);
  prob("answer_error_rate", p.answer_error_rate);
  prob("p_server_error", p.p_server_error);
  prob("p_overloaded", p.p_overloaded);
  prob("p_reset", p.p_reset);
  prob("p_hang", p.p_hang);
  prob("p_malformed", p.p_malformed);
  prob("p_truncated", p.p_truncated);
  if (auto v = o.Number("latency_median_ms", 0, 3.6e6)) p.latency_median_ms = *v;
  if (auto v = o.Number("latency_sigma", 0, 5)) p.latency_sigma = *v;
  if (auto v = o.Number("output_tokens_per_second", 0)) p.output_tokens_per_second = *v;
  if (auto v = o.Bool("report_usage")) p.report_usage = *v;
  if (auto v = o.Int("rpm", 0)) p.rpm = *v;
  if (auto v = o.Int("tpm", 0)) p.tpm = *v;
  if (auto v = o.Number("hang_seconds", 0, 86400)) p.hang_seconds = *v;
  return p;
}

}  // namespace

Result<std::vector<SimProfile>> ParseSimProfiles(const std::string& text, const std::string& source) {
  auto doc = JsonReader::Parse(text, source);
  if (!doc.ok()) return doc.status();
  JsonReader reader(*doc, source);
  std::vector<SimProfile> out;
  if (doc->IsArray()) {
    // A list: wrap it so ForEach can walk it with paths like $.profiles[2].
    rapidjson::Document wrapper;
    wrapper.SetObject();
    rapidjson::Value copy(*doc, wrapper.GetAllocator());
    wrapper.AddMember("profiles", copy, wrapper.GetAllocator());
    JsonReader list_reader(wrapper, source);
    if (auto root = list_reader.Root()) {
      root->ForEach("profiles", [&](JsonReader::Object& o, size_t) { out.push_back(ReadProfile(o)); });
    }
    if (!list_reader.ok()) return list_reader.status();
    return out;
  }
  if (auto root = reader.Root()) out.push_back(ReadProfile(*root));
  if (!reader.ok()) return reader.status();
  return out;
}

Result<std::vector<SimProfile>> LoadSimProfiles(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read simulated-model profile " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  return ParseSimProfiles(buf.str(), path);
}

SimProfileSet::SimProfileSet(std::vector<SimProfile> extra) : profiles_(BuiltinProfiles()) {
  for (SimProfile& p : extra) {
    bool replaced = false;
    for (SimProfile& existing : profiles_) {
      if (existing.name == p.name) {
        existing = p;
        replaced = true;
      }
    }
    if (!replaced) profiles_.push_back(std::move(p));
  }
}

const SimProfile* SimProfileSet::Find(const std::string& name) const {
  for (const SimProfile& p : profiles_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace crm::sim

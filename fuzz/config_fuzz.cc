// libFuzzer target: sweep config text through crm::sched::ParseSweepConfig
// (and the JsonReader under it). Any text must give a config or an error
// naming the source: no crash, leak or hang. Traps when an accepted config
// breaks a rule the parser promises (ranges, known names, required lists).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "scheduler/config/sweep_config.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "config_fuzz: invariant violated: %s\n", what);
    __builtin_trap();
  }
}

bool Known(const std::vector<crm::sched::ModelConfig>& models, const std::string& name) {
  return std::any_of(models.begin(), models.end(), [&](const auto& m) { return m.name == name; });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  crm::Result<crm::sched::SweepConfig> parsed = crm::sched::ParseSweepConfig(text, "fuzz.json");
  if (!parsed.ok()) {
    Check(parsed.status().message().rfind("fuzz.json:", 0) == 0, "error does not name the file");
    return 0;
  }
  const crm::sched::SweepConfig& c = *parsed;
  Check(c.source == "fuzz.json", "source");
  Check(!c.models.empty(), "accepted without a model");
  for (const auto* list : {&c.models, &c.auxiliary_models}) {
  for (size_t i = 0; i < list->size(); ++i) {
    const crm::sched::ModelConfig& m = (*list)[i];
    Check(!m.name.empty() && !m.model.empty(), "model without a name");
    Check(!crm::sched::ProviderName(m.provider).empty(), "unknown provider accepted");
    for (size_t j = 0; j < i; ++j) Check((*list)[j].name != m.name, "duplicate model name accepted");
    Check(m.limits.rpm >= 0 && m.limits.tpm >= 0 && m.limits.max_concurrency >= 1, "model limits out of range");
    if (m.temperature) Check(*m.temperature >= 0 && *m.temperature <= 2, "temperature out of range");
    if (m.max_output_tokens) Check(*m.max_output_tokens >= 1, "max_output_tokens out of range");
    if (m.input_cost_per_token) Check(std::isfinite(*m.input_cost_per_token) && *m.input_cost_per_token >= 0, "price");
    if (m.output_cost_per_token) Check(std::isfinite(*m.output_cost_per_token) && *m.output_cost_per_token >= 0, "price");
  }
  }
  for (const crm::sched::ModelConfig& aux : c.auxiliary_models) {
    Check(!Known(c.models, aux.name), "an auxiliary model shares a name with a model under test");
  }
  Check(!c.strategies.empty() && !c.seeds.empty(), "no strategy or no seed");
  for (const std::string& s : c.StrategyNames()) {
    Check(s == "act" || s == "react" || s == "tool_call" || s == "tool_call_flex", "unknown strategy accepted");
  }
  Check(c.max_turns >= 1 && c.max_turns <= 1000, "max_turns out of range");
  Check(c.extractor == crm::sched::ExtractorKind::kDeterministic || c.AuxiliaryModel(c.extractor_model) != nullptr,
        "model extractor without an auxiliary extractor_model");
  Check(c.judge_model.empty() || c.AuxiliaryModel(c.judge_model) != nullptr, "judge_model not an auxiliary model");
  Check(!c.interactive || c.AuxiliaryModel(c.user_model) != nullptr, "user_model not an auxiliary model");
  Check(c.org.generate_scale >= 0.01 && c.org.generate_scale <= 1000, "org scale out of range");
  Check(c.org.max_concurrency >= 1 && c.tasks.generate_per_type >= 1 && c.tasks.limit >= 0, "org/tasks ranges");
  Check(c.episodes_in_flight >= 1 && c.retry_max_attempts >= 1 && c.breaker_failures >= 1, "sweep ranges");
  Check(c.retry_base_delay_seconds >= 0 && c.retry_max_delay_seconds >= 0 && c.retry_max_total_seconds >= 0 &&
            c.breaker_open_seconds >= 0 && c.episode_deadline_seconds >= 1 && c.request_timeout_seconds >= 0.1,
        "durations out of range");
  if (c.max_requests) Check(*c.max_requests >= 1, "max_requests out of range");
  Check(!c.cache_path.empty(), "empty cache path");
  Check(crm::sched::EpisodeSettingsHash(c).size() == 16, "settings hash");
  return 0;
}

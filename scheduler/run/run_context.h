// scheduler/run/run_context.h — everything the episodes of one sweep share:
// the config, the tasks, prompts, model endpoints (models under test and
// auxiliary ones), the org executor, stop flags and counters. Built by the sweep runner before the graph
// starts and read-only afterwards except for the atomics. Internal to
// scheduler/run.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/agents/prompt_library.h"
#include "engine/episode/episode_machine.h"
#include "engine/tasks/task.h"
#include "scheduler/config/sweep_config.h"
#include "scheduler/limits/api_budget.h"
#include "scheduler/plan/sweep_plan.h"

namespace crm::sched {

class ModelEndpoint;
class OrgExecutor;

struct RunCounters {
  std::atomic<int64_t> started{0}, finished{0}, written{0}, infra_errors{0}, cancelled{0}, successes{0};
  std::atomic<int64_t> in_flight{0};
  std::atomic<double> cost_usd{0};
};

// A model serving the protocol (user, extractor, judge): its endpoint and
// its config (model id and sampling settings for the requests).
struct AuxiliaryRole {
  ModelEndpoint* endpoint = nullptr;
  const ModelConfig* model = nullptr;
  explicit operator bool() const { return endpoint != nullptr; }
};

// A remote org's daily API budget as the sweep sees it (org_api_watch.h).
struct OrgApiState {
  std::unique_ptr<ApiBudget> budget;         // a Salesforce org only
  std::atomic<bool> share_reached{false};    // usage reached the sweep's share: no new episodes
  std::atomic<bool> daily_limit{false};      // the org refused a call on its daily total: abandon the rest
  std::mutex mu;
  std::string detail;                        // what was seen (usage or the org's message); guarded by mu
};

struct RunContext {
  const SweepConfig* config = nullptr;
  std::string run_id;
  std::string settings_hash;
  std::vector<tasks::Task> tasks;
  agents::PromptLibrary prompts;
  std::shared_ptr<const std::string> schema_json;       // one copy for every episode's prompt
  std::shared_ptr<agents::SharedPrompts> shared_prompts;  // bound to `prompts` and `schema_json`
  std::vector<std::unique_ptr<ModelEndpoint>> endpoints;  // same order as config->models
  // Same order as config->auxiliary_models; never in the plan.
  std::vector<std::unique_ptr<ModelEndpoint>> auxiliary_endpoints;
  AuxiliaryRole extractor;  // evaluation.extractor_model
  AuxiliaryRole judge;      // evaluation.judge_model
  AuxiliaryRole user;       // interactive.user_model
  OrgExecutor* org = nullptr;
  std::atomic<bool> stop_producing{false};  // no new episodes (signal, budget, deadline, disk)
  std::atomic<bool> cancel_all{false};      // abandon in-flight episodes (grace period over)
  RunCounters counters;
  OrgApiState org_api;
  bool quiet = false;                       // no notices on stderr
  double episode_deadline_seconds = 1800;   // an episode longer than this ends as an infrastructure error
  // Per model under test (config order): where its price came from and the
  // date of that data, written on every results line.
  std::vector<std::string> price_sources;
  std::vector<std::string> price_dates;

  episode::EpisodeConfig EpisodeConfigFor(const EpisodeSpec& spec) const;
};

}  // namespace crm::sched

// scheduler/run/sweep_setup.h — what a sweep needs before its first
// episode: the .env file, the org and task files (generated when absent),
// the filtered task list, providers with their credentials, and a preflight
// that checks every endpoint with one cheap call. Runs on the main thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "engine/agents/prompt_library.h"
#include "engine/tasks/task.h"
#include "io/redis/redis_url.h"
#include "scheduler/config/sweep_config.h"

namespace crm::io {
class HttpClient;
namespace salesforce {
struct SalesforceConfig;
}
namespace llm {
class Provider;
}
}  // namespace crm::io

namespace crm::sched {

// Reads KEY=VALUE lines of `path` into the environment without overriding
// variables already set (so a user's existing .env works unchanged).
// Missing file: nothing happens.
void LoadDotEnv(const std::string& path);

// Generates the local org and the task file when absent and allowed; loads
// and filters the tasks. `log` receives one line per action taken.
Result<std::vector<tasks::Task>> PrepareOrgAndTasks(const SweepConfig& config, std::string* log);

// Refuses tasks the configured roles cannot score: privacy_rejection tasks
// need evaluation.judge_model (else every one would count as a failure).
Status CheckTaskRoles(const SweepConfig& config, const std::vector<tasks::Task>& tasks);

// The prompt library of prompts.dir (the built-in one when the default
// directory is not where the engine runs), with prompts.overrides applied.
Result<agents::PromptLibrary> LoadSweepPrompts(const SweepConfig& config);

// The provider adapter of `model`; `sim_base_url` is the in-process
// simulated server's URL for provider "simulated". Credentials come from the
// environment variable the config names; a missing one is an error naming
// the model and the variable (never its value).
Result<std::unique_ptr<io::llm::Provider>> MakeProvider(const ModelConfig& model, const std::string& sim_base_url);

// The Salesforce login settings, with credentials read from the environment
// variables the config names; a missing one is an error naming the variable.
Result<io::salesforce::SalesforceConfig> SalesforceConfigFromEnv(const OrgConfig& org);

// The Redis of "shared": redis_url, or the variable redis_url_env names
// when set; errors never show a password.
Result<io::RedisUrl> SharedRedisUrl(const SharedConfig& shared);

// One cheap call per model (the provider's model list); refuses with the
// model's name and the reason instead of scoring a whole sweep 0%.
Status Preflight(io::HttpClient& client, const ModelConfig& model, const std::string& sim_base_url);

}  // namespace crm::sched

// scheduler/config/sweep_config.h — the sweep configuration (JSON).
//
// LoadSweepConfig parses and validates a config file; every error names the
// file and the JSON path. Secrets never appear in a config: only the names
// of environment variables that hold them. Plain values; the loaded config
// is read-only afterwards and safe to share between threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "engine/agents/strategy.h"

namespace crm::sched {

struct OrgConfig {
  enum class Kind { kLocal, kSalesforce };
  Kind kind = Kind::kLocal;
  // Local: the SQLite file, generated from (seed, scale) when absent.
  std::string path = "out/org.db";
  bool generate_if_absent = true;
  uint64_t generate_seed = 42;
  double generate_scale = 1;
  // Salesforce: where to log in and the names of the variables holding credentials.
  std::string login_url = "https://login.salesforce.com";
  std::string api_version = "58.0";
  std::string username_env = "SALESFORCE_USERNAME";
  std::string password_env = "SALESFORCE_PASSWORD";
  std::string security_token_env = "SALESFORCE_SECURITY_TOKEN";
  int max_concurrency = 16;  // the org is shared by every model of the sweep
  // Salesforce: the share of the org's daily API limit (Sforce-Limit-Info
  // api-usage) the sweep may bring its usage up to before it stops starting
  // episodes; the rest is left to the org's other users. 0 < share <= 1.
  double api_budget_share = 0.9;
  // Which benchmark's org this is: "original" (CRMArena), "b2b" or "b2c"
  // (CRMArena-Pro). Tasks of another org's types are refused.
  std::string type = "original";
  // The schema the agent is shown, as a file in the published
  // list-of-objects format; empty: the local org's own, or for a Salesforce
  // org built from its describe calls.
  std::string schema_path;
  // A live org's daily API request allowance (Setup > Company Information);
  // the dry run sets the sweep's API calls against it. 0 = unknown.
  int64_t daily_api_calls = 0;
};

struct TasksConfig {
  std::string path = "out/tasks.jsonl";
  bool generate_if_absent = true;
  uint64_t generate_seed = 1;
  int generate_per_type = 3;
  std::vector<std::string> types;  // filter; empty = all
  std::vector<int64_t> ids;        // filter; empty = all
  int64_t limit = 0;               // 0 = no limit
};

struct ModelLimits {
  int64_t rpm = 0;              // requests per minute; 0 = unknown (adaptive)
  int64_t tpm = 0;              // tokens per minute; 0 = unknown
  int max_concurrency = 64;     // requests in flight to this endpoint
};

// "shared": limits and work shared by every process of a sweep, in Redis
// (README: "Running on several machines").
struct SharedConfig {
  std::string redis_url;      // redis://[:password@]host:port/db
  std::string redis_url_env;  // a variable holding the URL (wins when set): keeps a password out of the file
  std::string name_space = "crmarena";
  int workers = 0;            // the fallback share's divisor while Redis is away; 0: the live workers last seen
  double lease_seconds = 30;  // a dead worker's episodes are taken over after this
  double outage_seconds = 600;  // a --worker gives up claiming when Redis stays away this long
};

enum class Provider { kOpenAI, kAnthropic, kBedrock, kSimulated };
std::string_view ProviderName(Provider provider);  // "openai", "anthropic", "bedrock", "simulated"

struct ModelConfig {
  std::string name;       // label in results and reports
  Provider provider = Provider::kOpenAI;
  std::string base_url;   // provider default when empty
  std::string model;      // the provider's model id (defaults to name)
  std::string api_key_env;  // defaults per provider: OPENAI_API_KEY, ANTHROPIC_API_KEY, ...
  std::string region;       // bedrock
  ModelLimits limits;
  std::optional<double> temperature;  // 0 unless set (none for reasoning models), as the official harness
  std::optional<int> max_output_tokens;
  bool reasoning = false;   // reasoning model: no system role, no temperature
  bool native_tools = true; // tool_call via native function calling; else prompt-based
  // "price": overrides every price source (USD per token, litellm key names).
  std::optional<double> input_cost_per_token;
  std::optional<double> output_cost_per_token;
  std::optional<double> cache_read_cost_per_token;   // cache_read_input_token_cost
  std::optional<double> cache_write_cost_per_token;  // cache_creation_input_token_cost
  std::optional<double> reasoning_cost_per_token;    // output_cost_per_reasoning_token
  std::optional<int64_t> context_window;             // max_input_tokens
};

// How exact_match answers are turned into items: our deterministic
// extractor, or a model (the official evaluator's way).
enum class ExtractorKind { kDeterministic, kModel };
std::string_view ExtractorKindName(ExtractorKind kind);  // "deterministic", "model"

// How extracted items meet the ground truth: exactly, as the official
// evaluator compares them, or our lenient canonical comparison (15- and
// 18-character ids, letter case, state names).
enum class AnswerMatching { kOfficial, kLenient };
std::string_view AnswerMatchingName(AnswerMatching matching);  // "official", "lenient"

struct SweepConfig {
  std::string source;  // the file it came from
  OrgConfig org;
  TasksConfig tasks;
  // The models under test: the plan sweeps each of them as an agent.
  std::vector<ModelConfig> models;
  // Models that serve the protocol (simulated user, answer extractor,
  // privacy judge): never swept, named by the role settings below.
  std::vector<ModelConfig> auxiliary_models;
  std::vector<agents::Strategy> strategies = {agents::Strategy::kAct, agents::Strategy::kReact,
                                              agents::Strategy::kToolCall};
  std::vector<int64_t> seeds = {0};
  int max_turns = 20;
  // "agent_loop": "official" reads replies as the official agent loop does
  // (EpisodeConfig::official_loop); "lenient" is our forgiving reading.
  bool official_loop = true;
  agents::PromptMode evaluation_mode = agents::PromptMode::kDefault;
  ExtractorKind extractor = ExtractorKind::kDeterministic;
  std::string extractor_model;              // an auxiliary model's name (extractor kModel)
  std::string judge_model;                  // an auxiliary model's name: the privacy_rejection judge
  AnswerMatching matching = AnswerMatching::kOfficial;
  bool strict_tool_call_scoring = false;    // the published tool-calling harness's direct comparison
  bool interactive = false;
  std::string user_model;                   // an auxiliary model's name: the simulated customer
  int max_user_turns = 10;
  bool privacy_aware_prompt = false;        // the official run flag of the same name
  std::string output_dir = "out/run";
  bool cache_enabled = true;
  std::string cache_path;                   // default: <output_dir>/cache.db
  std::optional<double> max_cost_usd;
  // "prices": {"files": [...]}: litellm-format price files consulted before
  // the maintained package data; {"package_data": path}: the exported
  // @pydantic/genai-prices data when not at its default place.
  std::vector<std::string> price_files;
  std::string price_package_data;
  std::optional<int64_t> max_requests;
  std::optional<double> deadline_minutes;
  int episodes_in_flight = 256;
  // Failure handling per endpoint (retries with full jitter; circuit breaker).
  int retry_max_attempts = 6;
  double retry_base_delay_seconds = 0.5;
  double retry_max_delay_seconds = 60;
  double retry_max_total_seconds = 600;
  int breaker_failures = 8;          // consecutive failures that open the breaker
  double breaker_open_seconds = 30;  // before one probe call is let through
  double episode_deadline_seconds = 1800;
  double request_timeout_seconds = 300;  // a hung call always frees its slot after this
  std::string prompts_dir = "configs/prompts";
  // Single prompt templates replaced by files: template name -> file path.
  std::map<std::string, std::string> prompt_overrides;
  // How tool results and query records are shown: "official" (the official
  // harness's Python literal text) or "json".
  std::string observation_format = "official";
  // Simulated-model server started in-process for "simulated" models.
  std::vector<std::string> sim_profiles;    // profile files; built-ins need none
  std::optional<SharedConfig> shared;       // absent: this process owns its limits and its plan

  // The auxiliary model of that name, or null.
  const ModelConfig* AuxiliaryModel(std::string_view name) const;
  // The strategies' names, in config order (the plan's keys use them).
  std::vector<std::string> StrategyNames() const;
};

Result<SweepConfig> ParseSweepConfig(const std::string& text, const std::string& source);
Result<SweepConfig> LoadSweepConfig(const std::string& path);

// Stable hash (hex) of the settings that change an episode's outcome
// (org, tasks, turns, evaluation, prompts); part of every episode key.
std::string EpisodeSettingsHash(const SweepConfig& config);

}  // namespace crm::sched

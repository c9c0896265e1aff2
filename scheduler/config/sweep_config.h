// scheduler/config/sweep_config.h — the sweep configuration (JSON).
//
// LoadSweepConfig parses and validates a config file; every error names the
// file and the JSON path. Secrets never appear in a config: only the names
// of environment variables that hold them. Plain values; the loaded config
// is read-only afterwards and safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

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
  // Which benchmark's org this is: "original" (CRMArena), "b2b" or "b2c"
  // (CRMArena-Pro). Tasks of another org's types are refused.
  std::string type = "original";
  // The schema the agent is shown, as a file in the published
  // list-of-objects format; empty: the local org's own, or for a Salesforce
  // org built from its describe calls.
  std::string schema_path;
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

struct ModelConfig {
  std::string name;       // label in results and reports
  std::string provider;   // "openai", "anthropic", "bedrock", "simulated"
  std::string base_url;   // provider default when empty
  std::string model;      // the provider's model id (defaults to name)
  std::string api_key_env;  // defaults per provider: OPENAI_API_KEY, ANTHROPIC_API_KEY, ...
  std::string region;       // bedrock
  ModelLimits limits;
  std::optional<double> temperature;  // 0 unless set (none for reasoning models), as the official harness
  std::optional<int> max_output_tokens;
  bool reasoning = false;   // reasoning model: no system role, no temperature
  bool native_tools = true; // tool_call via native function calling; else prompt-based
  std::optional<double> input_cost_per_token;   // price overrides (USD)
  std::optional<double> output_cost_per_token;
};

struct SweepConfig {
  std::string source;  // the file it came from
  OrgConfig org;
  TasksConfig tasks;
  std::vector<ModelConfig> models;
  std::vector<std::string> strategies = {"act", "react", "tool_call"};
  std::vector<int64_t> seeds = {0};
  int max_turns = 20;
  std::string evaluation_mode = "default";  // "default" or "aided"
  std::string extractor = "deterministic";  // "deterministic" or "llm"
  std::string judge_model;                  // a model name from `models`, for the llm extractor / privacy judge
  bool strict_tool_call_scoring = false;    // the published tool-calling harness's direct comparison
  bool interactive = false;
  std::string user_model;                   // simulated user (interactive)
  int max_user_turns = 10;
  std::string output_dir = "out/run";
  bool cache_enabled = true;
  std::string cache_path;                   // default: <output_dir>/cache.db
  std::optional<double> max_cost_usd;
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
  // How tool results and query records are shown: "official" (the official
  // harness's Python literal text) or "json".
  std::string observation_format = "official";
  // Simulated-model server started in-process for "simulated" models.
  std::vector<std::string> sim_profiles;    // profile files; built-ins need none
};

Result<SweepConfig> ParseSweepConfig(const std::string& text, const std::string& source);
Result<SweepConfig> LoadSweepConfig(const std::string& path);

// Stable hash (hex) of the settings that change an episode's outcome
// (org, tasks, turns, evaluation, prompts); part of every episode key.
std::string EpisodeSettingsHash(const SweepConfig& config);

}  // namespace crm::sched

#include "scheduler/run/sweep_setup.h"

#include "scheduler/run/agent_schema.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/gen/generator.h"
#include "engine/tasks/gen/task_generator.h"
#include "engine/tasks/task_loader.h"
#include "io/http/http_client.h"
#include "io/llm/anthropic.h"
#include "io/llm/bedrock.h"
#include "io/llm/openai.h"
#include "io/salesforce/sf_protocol.h"

namespace crm::sched {
namespace fs = std::filesystem;

void LoadDotEnv(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("export ", 0) == 0) line = line.substr(7);
    const size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    while (!key.empty() && key.back() == ' ') key.pop_back();
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    setenv(key.c_str(), value.c_str(), /*overwrite=*/0);
  }
}

Result<std::vector<tasks::Task>> PrepareOrgAndTasks(const SweepConfig& c, std::string* log) {
  if (c.org.kind == OrgConfig::Kind::kLocal && !fs::exists(c.org.path)) {
    if (!c.org.generate_if_absent) return Status::NotFound("org " + c.org.path + " does not exist");
    gen::GeneratorOptions g;
    g.seed = c.org.generate_seed;
    g.scale = c.org.generate_scale;
    g.out_path = c.org.path;
    std::error_code ec;
    if (fs::path(c.org.path).has_parent_path()) fs::create_directories(fs::path(c.org.path).parent_path(), ec);
    auto report = gen::GenerateOrg(g);
    if (!report.ok()) return report.status();
    *log += "generated the local org " + c.org.path + " (seed " + std::to_string(g.seed) + ")\n";
  }
  if (!fs::exists(c.tasks.path)) {
    if (!c.tasks.generate_if_absent || c.org.kind != OrgConfig::Kind::kLocal) {
      return Status::NotFound("task file " + c.tasks.path + " does not exist");
    }
    taskgen::TaskGenOptions t;
    t.seed = c.tasks.generate_seed;
    t.per_type = c.tasks.generate_per_type;
    auto generated = taskgen::GenerateTaskFile(c.org.path, c.tasks.path, t);
    if (!generated.ok()) return generated.status();
    *log += "generated " + std::to_string(generated->size()) + " tasks into " + c.tasks.path + "\n";
  }
  auto loaded = tasks::LoadTaskFile(c.tasks.path);
  if (!loaded.ok()) return loaded.status();
  std::vector<tasks::Task> out;
  const std::set<std::string> types(c.tasks.types.begin(), c.tasks.types.end());
  const std::set<int64_t> ids(c.tasks.ids.begin(), c.tasks.ids.end());
  for (tasks::Task& t : *loaded) {
    if (!types.empty() && !types.count(t.task)) continue;
    if (!ids.empty() && !ids.count(t.idx)) continue;
    out.push_back(std::move(t));
    if (c.tasks.limit > 0 && static_cast<int64_t>(out.size()) >= c.tasks.limit) break;
  }
  if (out.empty()) return Status::InvalidArgument("no tasks left after the filters in " + c.source);
  CRM_RETURN_IF_ERROR(CheckTaskOrgTypes(c, out));
  CRM_RETURN_IF_ERROR(CheckTaskRoles(c, out));
  return out;
}

Status CheckTaskRoles(const SweepConfig& c, const std::vector<tasks::Task>& tasks) {
  if (!c.judge_model.empty()) return Status::Ok();
  int64_t privacy = 0;
  std::string example;
  for (const tasks::Task& t : tasks) {
    if (t.reward_metric != tasks::RewardMetric::kPrivacyRejection) continue;
    ++privacy;
    if (example.empty()) example = t.task;
  }
  if (privacy == 0) return Status::Ok();
  return Status::InvalidArgument(c.source + ": " + std::to_string(privacy) + " privacy_rejection tasks (such as " +
                                 example + ") are scored by a judge model: set evaluation.judge_model to one of "
                                 "auxiliary_models (\"sim-judge\" with provider \"simulated\" offline), or filter "
                                 "them out with tasks.types");
}

Result<agents::PromptLibrary> LoadSweepPrompts(const SweepConfig& c) {
  auto prompts = agents::PromptLibrary::Load(c.prompts_dir);
  if (!prompts.ok() && c.prompts_dir == SweepConfig{}.prompts_dir) prompts = agents::PromptLibrary::LoadDefault();
  if (!prompts.ok()) return prompts.status();
  for (const auto& [name, path] : c.prompt_overrides) {
    if (!prompts->Has(name)) {
      return Status::InvalidArgument(c.source + ": $.prompts.overrides." + name + ": no prompt template of that name");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::NotFound(c.source + ": $.prompts.overrides." + name + ": cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    prompts->Override(name, text.str());
  }
  return prompts;
}

namespace {

Result<std::string> Secret(const ModelConfig& m, const std::string& var) {
  const char* v = std::getenv(var.c_str());
  if (v == nullptr || *v == '\0') {
    return Status::InvalidArgument("model " + m.name + ": environment variable " + var +
                                   " is not set (put it in the environment or in a .env file)");
  }
  return std::string(v);
}

std::string OpenAiBase(const ModelConfig& m, const std::string& sim) {
  if (m.provider == Provider::kSimulated) return sim + "/v1";
  return m.base_url.empty() ? "https://api.openai.com/v1" : m.base_url;
}

}  // namespace

Result<std::unique_ptr<io::llm::Provider>> MakeProvider(const ModelConfig& m, const std::string& sim) {
  if (m.provider == Provider::kSimulated || m.provider == Provider::kOpenAI) {
    io::llm::OpenAiConfig c;
    c.base_url = OpenAiBase(m, sim);
    if (m.provider == Provider::kOpenAI) {
      // Local OpenAI-compatible servers (vLLM, llama.cpp, Ollama) may need no key.
      const bool local = c.base_url.find("127.0.0.1") != std::string::npos || c.base_url.find("localhost") != std::string::npos;
      auto key = Secret(m, m.api_key_env);
      if (!key.ok() && !local) return key.status();
      if (key.ok()) c.api_key = *key;
    }
    return std::unique_ptr<io::llm::Provider>(new io::llm::OpenAiProvider(c));
  }
  if (m.provider == Provider::kAnthropic) {
    io::llm::AnthropicConfig c;
    if (!m.base_url.empty()) c.base_url = m.base_url;
    auto key = Secret(m, m.api_key_env);
    if (!key.ok()) return key.status();
    c.api_key = *key;
    return std::unique_ptr<io::llm::Provider>(new io::llm::AnthropicProvider(c));
  }
  if (m.provider == Provider::kBedrock) {
    io::llm::BedrockConfig c;
    if (!m.region.empty()) c.region = m.region;
    if (!m.base_url.empty()) c.endpoint = m.base_url;
    if (const char* bearer = std::getenv("AWS_BEARER_TOKEN_BEDROCK")) {
      c.bearer_token = bearer;
    } else {
      auto id = Secret(m, "AWS_ACCESS_KEY_ID");
      if (!id.ok()) return id.status();
      auto secret = Secret(m, m.api_key_env.empty() ? "AWS_SECRET_ACCESS_KEY" : m.api_key_env);
      if (!secret.ok()) return secret.status();
      c.credentials.access_key_id = *id;
      c.credentials.secret_access_key = *secret;
      if (const char* token = std::getenv("AWS_SESSION_TOKEN")) c.credentials.session_token = token;
    }
    return std::unique_ptr<io::llm::Provider>(new io::llm::BedrockProvider(c));
  }
  return Status::InvalidArgument("model " + m.name + ": unknown provider " + std::string(ProviderName(m.provider)));
}

Result<io::salesforce::SalesforceConfig> SalesforceConfigFromEnv(const OrgConfig& org) {
  io::salesforce::SalesforceConfig c;
  c.login_url = org.login_url;
  c.api_version = org.api_version;
  for (const auto& [var, out] : {std::pair<const std::string*, std::string*>{&org.username_env, &c.username},
                                 {&org.password_env, &c.password},
                                 {&org.security_token_env, &c.security_token}}) {
    const char* value = std::getenv(var->c_str());
    if (value == nullptr) {
      return Status::InvalidArgument("org: environment variable " + *var + " is not set (put it in the environment or "
                                     "in a .env file)");
    }
    *out = value;
  }
  return c;
}

Status Preflight(io::HttpClient& client, const ModelConfig& m, const std::string& sim) {
  if (m.provider == Provider::kBedrock) return Status::Ok();  // no cheap call without a model invocation; checked by the first call
  io::HttpRequest req;
  req.method = "GET";
  req.total_timeout = std::chrono::milliseconds(20000);
  if (m.provider == Provider::kAnthropic) {
    req.url = (m.base_url.empty() ? std::string("https://api.anthropic.com") : m.base_url) + "/v1/models";
    if (const char* key = std::getenv(m.api_key_env.c_str())) req.headers.emplace_back("x-api-key", key);
    req.headers.emplace_back("anthropic-version", "2023-06-01");
  } else {
    req.url = OpenAiBase(m, sim) + "/models";
    if (m.provider == Provider::kOpenAI) {
      if (const char* key = std::getenv(m.api_key_env.c_str())) req.headers.emplace_back("Authorization", std::string("Bearer ") + key);
    }
  }
  io::HttpResult result = client.Fetch(req);
  if (!result.ok()) {
    return Status::InvalidArgument("preflight: model " + m.name + " is unreachable at " + req.url + ": " +
                                   io::ToCallError(result.error()).message);
  }
  const int status = result->status;
  if (status == 401 || status == 403) {
    return Status::InvalidArgument("preflight: model " + m.name + ": the credential in " + m.api_key_env +
                                   " was rejected (HTTP " + std::to_string(status) + ")");
  }
  if (status >= 500) {
    return Status::InvalidArgument("preflight: model " + m.name + ": the endpoint answers HTTP " + std::to_string(status));
  }
  return Status::Ok();  // 404 on /models from some compatible servers is no reason to refuse
}

Result<io::RedisUrl> SharedRedisUrl(const SharedConfig& shared) {
  std::string text = shared.redis_url;
  std::string where = "shared.redis_url";
  if (!shared.redis_url_env.empty()) {
    if (const char* v = std::getenv(shared.redis_url_env.c_str()); v != nullptr && *v != '\0') {
      text = v;
      where = "$" + shared.redis_url_env;
    } else if (text.empty()) {
      return Status::InvalidArgument("shared.redis_url_env: the variable " + shared.redis_url_env + " is not set");
    }
  }
  auto url = io::ParseRedisUrl(text);
  if (!url.ok()) return Status::InvalidArgument(where + ": " + url.status().message());
  return url;
}

}  // namespace crm::sched

#include "scheduler/config/sweep_config.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/json_reader.h"
#include "io/redis/redis_url.h"
#include "scheduler/plan/stable_hash.h"

namespace crm::sched {
namespace {

constexpr Provider kProviders[] = {Provider::kOpenAI, Provider::kAnthropic, Provider::kBedrock, Provider::kSimulated};

std::optional<Provider> ParseProvider(std::string_view name) {
  for (Provider p : kProviders) {
    if (ProviderName(p) == name) return p;
  }
  return std::nullopt;
}

template <typename T>
void Set(std::optional<T> v, T& out) {
  if (v) out = *v;
}

std::string ShortNumber(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

void ReadOrg(JsonReader::Object& o, OrgConfig& org) {
  o.OnlyKeys({"kind", "path", "generate", "login_url", "api_version", "username_env", "password_env",
              "security_token_env", "max_concurrency", "type", "schema", "api_budget_share", "daily_api_calls"});
  if (auto kind = o.String("kind")) {
    if (*kind == "local") {
      org.kind = OrgConfig::Kind::kLocal;
    } else if (*kind == "salesforce") {
      org.kind = OrgConfig::Kind::kSalesforce;
    } else {
      o.Fail("kind", "expected \"local\" or \"salesforce\", got \"" + *kind + "\"");
    }
  }
  Set(o.String("path"), org.path);
  if (auto g = o.Child("generate")) {
    g->OnlyKeys({"seed", "scale", "if_absent"});
    if (auto seed = g->Int("seed", 0)) org.generate_seed = static_cast<uint64_t>(*seed);
    Set(g->Number("scale", 0.01, 1000), org.generate_scale);
    Set(g->Bool("if_absent"), org.generate_if_absent);
  }
  Set(o.String("login_url"), org.login_url);
  Set(o.String("api_version"), org.api_version);
  Set(o.String("username_env"), org.username_env);
  Set(o.String("password_env"), org.password_env);
  Set(o.String("security_token_env"), org.security_token_env);
  if (auto c = o.Int("max_concurrency", 1, 10000)) org.max_concurrency = static_cast<int>(*c);
  Set(o.String("type"), org.type);
  if (org.type != "original" && org.type != "b2b" && org.type != "b2c") {
    o.Fail("type", "expected \"original\", \"b2b\" or \"b2c\", got \"" + org.type + "\"");
  }
  Set(o.String("schema"), org.schema_path);
  if (auto share = o.Number("api_budget_share")) {
    if (*share > 0 && *share <= 1) {
      org.api_budget_share = *share;
    } else {
      o.Fail("api_budget_share", "expected the share of the org's daily API limit the sweep may use, more than 0 "
                                 "and at most 1 (0.9 leaves a tenth to the org's other users), got " +
                                     ShortNumber(*share));
    }
  }
  Set(o.Int("daily_api_calls", 0), org.daily_api_calls);
}

void ReadTasks(JsonReader::Object& o, TasksConfig& tasks) {
  o.OnlyKeys({"path", "generate", "types", "ids", "limit"});
  Set(o.String("path"), tasks.path);
  if (auto g = o.Child("generate")) {
    g->OnlyKeys({"seed", "per_type", "if_absent"});
    if (auto seed = g->Int("seed", 0)) tasks.generate_seed = static_cast<uint64_t>(*seed);
    if (auto n = g->Int("per_type", 1, 100000)) tasks.generate_per_type = static_cast<int>(*n);
    Set(g->Bool("if_absent"), tasks.generate_if_absent);
  }
  Set(o.StringList("types"), tasks.types);
  Set(o.IntList("ids"), tasks.ids);
  Set(o.Int("limit", 0), tasks.limit);
}

ModelConfig ReadModel(JsonReader::Object& o) {
  ModelConfig m;
  o.OnlyKeys({"name", "provider", "base_url", "model", "api_key_env", "region", "limits", "temperature",
              "max_output_tokens", "reasoning", "native_tools", "price"});
  Set(o.String("name"), m.name);
  if (m.name.empty()) o.Fail("name", "every model needs a non-empty name");
  const std::string provider = o.String("provider").value_or("openai");
  if (auto p = ParseProvider(provider)) {
    m.provider = *p;
  } else {
    o.Fail("provider", "expected one of openai, anthropic, bedrock, simulated; got \"" + provider + "\"");
  }
  Set(o.String("base_url"), m.base_url);
  Set(o.String("model"), m.model);
  if (m.model.empty()) m.model = m.name;
  Set(o.String("api_key_env"), m.api_key_env);
  if (m.api_key_env.empty()) {
    if (m.provider == Provider::kOpenAI) m.api_key_env = "OPENAI_API_KEY";
    if (m.provider == Provider::kAnthropic) m.api_key_env = "ANTHROPIC_API_KEY";
    if (m.provider == Provider::kBedrock) m.api_key_env = "AWS_SECRET_ACCESS_KEY";
  }
  Set(o.String("region"), m.region);
  if (auto l = o.Child("limits")) {
    l->OnlyKeys({"rpm", "tpm", "max_concurrency"});
    Set(l->Int("rpm", 0), m.limits.rpm);
    Set(l->Int("tpm", 0), m.limits.tpm);
    if (auto c = l->Int("max_concurrency", 1, 100000)) m.limits.max_concurrency = static_cast<int>(*c);
  }
  if (auto t = o.Number("temperature", 0, 2)) m.temperature = *t;
  if (auto n = o.Int("max_output_tokens", 1, 1000000)) m.max_output_tokens = static_cast<int>(*n);
  Set(o.Bool("reasoning"), m.reasoning);
  Set(o.Bool("native_tools"), m.native_tools);
  // The official harness samples at temperature 0; reasoning models take none.
  if (!m.temperature && !m.reasoning) m.temperature = 0.0;
  if (auto p = o.Child("price")) {
    p->OnlyKeys({"input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost",
                 "cache_creation_input_token_cost", "output_cost_per_reasoning_token", "max_input_tokens"});
    if (auto v = p->Number("input_cost_per_token", 0)) m.input_cost_per_token = *v;
    if (auto v = p->Number("output_cost_per_token", 0)) m.output_cost_per_token = *v;
    if (auto v = p->Number("cache_read_input_token_cost", 0)) m.cache_read_cost_per_token = *v;
    if (auto v = p->Number("cache_creation_input_token_cost", 0)) m.cache_write_cost_per_token = *v;
    if (auto v = p->Number("output_cost_per_reasoning_token", 0)) m.reasoning_cost_per_token = *v;
    if (auto v = p->Int("max_input_tokens", 1)) m.context_window = *v;
    if (m.input_cost_per_token.has_value() != m.output_cost_per_token.has_value()) {
      o.Fail("price", "needs both input_cost_per_token and output_cost_per_token");
    }
  }
  return m;
}

// A list of models ("models" or "auxiliary_models") with unique names.
void ReadModels(JsonReader::Object& root, const char* key, std::vector<ModelConfig>& out) {
  root.ForEach(key, [&](JsonReader::Object& m, size_t) { out.push_back(ReadModel(m)); });
  for (size_t i = 0; i < out.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (out[i].name == out[j].name) {
        root.Fail(key, "duplicate model name \"" + out[i].name + "\" (entry " + std::to_string(i) + ")");
      }
    }
  }
}

void ReadStrategies(JsonReader::Object& root, SweepConfig& c) {
  auto names = root.StringList("strategies");
  if (!names) return;
  c.strategies.clear();
  for (const std::string& s : *names) {
    if (auto strategy = agents::ParseStrategy(s)) {
      c.strategies.push_back(*strategy);
    } else {
      root.Fail("strategies", "unknown strategy \"" + s + "\" (act, react, tool_call, tool_call_flex)");
    }
  }
  if (names->empty()) root.Fail("strategies", "needs at least one strategy");
}

void ReadEvaluation(JsonReader::Object& e, SweepConfig& c) {
  e.OnlyKeys({"mode", "extractor", "extractor_model", "judge_model", "matching", "strict_tool_call",
              "privacy_aware_prompt"});
  if (auto mode = e.String("mode")) {
    if (auto parsed = agents::ParsePromptMode(*mode)) {
      c.evaluation_mode = *parsed;
    } else {
      e.Fail("mode", "expected \"default\" or \"aided\", got \"" + *mode + "\"");
    }
  }
  Set(e.String("extractor_model"), c.extractor_model);
  if (!c.extractor_model.empty()) c.extractor = ExtractorKind::kModel;
  if (auto extractor = e.String("extractor")) {
    if (*extractor == "deterministic") {
      c.extractor = ExtractorKind::kDeterministic;
    } else if (*extractor == "model" || *extractor == "llm") {
      c.extractor = ExtractorKind::kModel;
    } else {
      e.Fail("extractor", "expected \"model\" or \"deterministic\", got \"" + *extractor + "\"");
    }
  }
  if (c.extractor == ExtractorKind::kModel && c.extractor_model.empty()) {
    e.Fail("extractor_model", "the model extractor needs extractor_model naming one of auxiliary_models");
  }
  Set(e.String("judge_model"), c.judge_model);
  if (auto matching = e.String("matching")) {
    if (*matching == "official") {
      c.matching = AnswerMatching::kOfficial;
    } else if (*matching == "lenient") {
      c.matching = AnswerMatching::kLenient;
    } else {
      e.Fail("matching", "expected \"official\" or \"lenient\", got \"" + *matching + "\"");
    }
  }
  Set(e.Bool("strict_tool_call"), c.strict_tool_call_scoring);
  Set(e.Bool("privacy_aware_prompt"), c.privacy_aware_prompt);
}

void ReadPrompts(JsonReader::Object& p, SweepConfig& c) {
  p.OnlyKeys({"dir", "overrides"});
  Set(p.String("dir"), c.prompts_dir);
  if (auto overrides = p.Child("overrides")) {
    const rapidjson::Value* raw = p.Raw("overrides");
    for (auto it = raw->MemberBegin(); it != raw->MemberEnd(); ++it) {
      const std::string name(it->name.GetString(), it->name.GetStringLength());
      if (auto file = overrides->String(name.c_str())) {
        if (file->empty()) overrides->Fail(name.c_str(), "expected the path of a template file");
        c.prompt_overrides[name] = *file;
      }
    }
  }
}

// A role setting must name an auxiliary model; a model under test is refused
// with the reason (it would also be swept as an agent, its cost mixed in).
void CheckRole(JsonReader& reader, const SweepConfig& c, const std::string& name, const char* path) {
  if (name.empty() || c.AuxiliaryModel(name) != nullptr) return;
  const bool under_test =
      std::any_of(c.models.begin(), c.models.end(), [&](const ModelConfig& m) { return m.name == name; });
  reader.Fail(path, "\"" + name + "\" is not one of auxiliary_models" +
                        (under_test ? std::string(" (it is a model under test: list it under auxiliary_models "
                                                  "too, with its own name, so it is not swept as an agent)")
                                    : std::string()));
}

void ReadShared(JsonReader::Object& o, SweepConfig& c) {
  o.OnlyKeys({"redis_url", "redis_url_env", "namespace", "workers", "lease_seconds", "outage_seconds"});
  SharedConfig sh;
  Set(o.String("redis_url"), sh.redis_url);
  Set(o.String("redis_url_env"), sh.redis_url_env);
  Set(o.String("namespace"), sh.name_space);
  if (auto v = o.Int("workers", 0, 100000)) sh.workers = static_cast<int>(*v);
  Set(o.Number("lease_seconds", 1, 86400), sh.lease_seconds);
  Set(o.Number("outage_seconds", 1, 86400 * 7), sh.outage_seconds);
  if (sh.redis_url.empty() && sh.redis_url_env.empty()) {
    o.Fail("redis_url", "required: redis://HOST:PORT/DB (or redis_url_env naming a variable that holds it)");
  } else if (!sh.redis_url.empty()) {
    auto url = io::ParseRedisUrl(sh.redis_url);
    if (!url.ok()) o.Fail("redis_url", url.status().message());
  }
  if (sh.name_space.empty() || sh.name_space.find_first_of(" \t\n") != std::string::npos) {
    o.Fail("namespace", "expected a non-empty name without spaces");
  }
  c.shared = sh;
}

void ReadTop(JsonReader::Object& root, SweepConfig& c, JsonReader& reader) {
  root.OnlyKeys({"org", "tasks", "models", "auxiliary_models", "strategies", "seeds", "max_turns", "evaluation",
                 "interactive", "output", "cache", "budget", "episodes_in_flight", "prompts", "simulator", "retry",
                 "breaker", "episode_deadline_seconds", "request_timeout_seconds", "observation_format",
                 "agent_loop", "prices", "shared"});
  if (auto org = root.Child("org")) ReadOrg(*org, c.org);
  if (auto tasks = root.Child("tasks")) ReadTasks(*tasks, c.tasks);
  ReadModels(root, "models", c.models);
  if (c.models.empty() && reader.ok()) reader.Fail("$.models", "required: a list of at least one model");
  ReadModels(root, "auxiliary_models", c.auxiliary_models);
  for (const ModelConfig& aux : c.auxiliary_models) {
    for (const ModelConfig& m : c.models) {
      if (m.name == aux.name) {
        root.Fail("auxiliary_models", "\"" + aux.name + "\" is also a model under test; give the role its own name");
      }
    }
  }
  ReadStrategies(root, c);
  Set(root.IntList("seeds"), c.seeds);
  if (c.seeds.empty()) root.Fail("seeds", "needs at least one seed");
  if (auto t = root.Int("max_turns", 1, 1000)) c.max_turns = static_cast<int>(*t);
  if (auto e = root.Child("evaluation")) ReadEvaluation(*e, c);
  if (auto i = root.Child("interactive")) {
    i->OnlyKeys({"enabled", "user_model", "max_user_turns"});
    Set(i->Bool("enabled"), c.interactive);
    Set(i->String("user_model"), c.user_model);
    if (auto n = i->Int("max_user_turns", 1, 1000)) c.max_user_turns = static_cast<int>(*n);
  }
  if (auto o = root.Child("output")) {
    o->OnlyKeys({"dir"});
    Set(o->String("dir"), c.output_dir);
  }
  if (auto cache = root.Child("cache")) {
    cache->OnlyKeys({"enabled", "path"});
    Set(cache->Bool("enabled"), c.cache_enabled);
    Set(cache->String("path"), c.cache_path);
  }
  if (auto p = root.Child("prices")) {
    p->OnlyKeys({"files", "package_data"});
    Set(p->StringList("files"), c.price_files);
    Set(p->String("package_data"), c.price_package_data);
  }
  if (auto b = root.Child("budget")) {
    b->OnlyKeys({"max_cost_usd", "max_requests", "deadline_minutes"});
    if (auto v = b->Number("max_cost_usd", 0)) c.max_cost_usd = *v;
    if (auto v = b->Int("max_requests", 1)) c.max_requests = *v;
    if (auto v = b->Number("deadline_minutes", 0)) c.deadline_minutes = *v;
  }
  if (auto n = root.Int("episodes_in_flight", 1, 1000000)) c.episodes_in_flight = static_cast<int>(*n);
  if (auto r = root.Child("retry")) {
    r->OnlyKeys({"max_attempts", "base_delay_seconds", "max_delay_seconds", "max_total_seconds"});
    if (auto v = r->Int("max_attempts", 1, 100)) c.retry_max_attempts = static_cast<int>(*v);
    Set(r->Number("base_delay_seconds", 0, 3600), c.retry_base_delay_seconds);
    Set(r->Number("max_delay_seconds", 0, 3600), c.retry_max_delay_seconds);
    Set(r->Number("max_total_seconds", 0, 86400), c.retry_max_total_seconds);
  }
  if (auto b = root.Child("breaker")) {
    b->OnlyKeys({"failures", "open_seconds"});
    if (auto v = b->Int("failures", 1, 100000)) c.breaker_failures = static_cast<int>(*v);
    Set(b->Number("open_seconds", 0, 86400), c.breaker_open_seconds);
  }
  Set(root.Number("episode_deadline_seconds", 1, 86400 * 7), c.episode_deadline_seconds);
  Set(root.Number("request_timeout_seconds", 0.1, 86400), c.request_timeout_seconds);
  if (auto p = root.Child("prompts")) ReadPrompts(*p, c);
  Set(root.String("observation_format"), c.observation_format);
  if (c.observation_format != "official" && c.observation_format != "json") {
    root.Fail("observation_format", "expected \"official\" or \"json\", got \"" + c.observation_format + "\"");
  }
  if (auto loop = root.String("agent_loop")) {
    if (*loop == "official" || *loop == "lenient") {
      c.official_loop = *loop == "official";
    } else {
      root.Fail("agent_loop", "expected \"official\" or \"lenient\", got \"" + *loop + "\"");
    }
  }
  if (auto s = root.Child("simulator")) {
    s->OnlyKeys({"profiles"});
    Set(s->StringList("profiles"), c.sim_profiles);
  }
  if (auto sh = root.Child("shared")) ReadShared(*sh, c);
  CheckRole(reader, c, c.extractor_model, "$.evaluation.extractor_model");
  CheckRole(reader, c, c.judge_model, "$.evaluation.judge_model");
  CheckRole(reader, c, c.user_model, "$.interactive.user_model");
  if (c.interactive && c.user_model.empty()) {
    reader.Fail("$.interactive.user_model", "interactive mode needs user_model naming one of auxiliary_models");
  }
}

}  // namespace

std::string_view ProviderName(Provider provider) {
  switch (provider) {
    case Provider::kOpenAI: return "openai";
    case Provider::kAnthropic: return "anthropic";
    case Provider::kBedrock: return "bedrock";
    case Provider::kSimulated: return "simulated";
  }
  return "openai";
}

std::string_view ExtractorKindName(ExtractorKind kind) {
  return kind == ExtractorKind::kModel ? "model" : "deterministic";
}

std::string_view AnswerMatchingName(AnswerMatching matching) {
  return matching == AnswerMatching::kLenient ? "lenient" : "official";
}

const ModelConfig* SweepConfig::AuxiliaryModel(std::string_view name) const {
  for (const ModelConfig& m : auxiliary_models) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<std::string> SweepConfig::StrategyNames() const {
  std::vector<std::string> names;
  for (agents::Strategy s : strategies) names.emplace_back(agents::StrategyName(s));
  return names;
}

Result<SweepConfig> ParseSweepConfig(const std::string& text, const std::string& source) {
  Result<rapidjson::Document> doc = JsonReader::Parse(text, source);
  if (!doc.ok()) return doc.status();
  JsonReader reader(*doc, source);
  SweepConfig config;
  config.source = source;
  if (auto root = reader.Root()) ReadTop(*root, config, reader);
  if (!reader.ok()) return reader.status();
  if (config.cache_path.empty()) config.cache_path = config.output_dir + "/cache.db";
  return config;
}

Result<SweepConfig> LoadSweepConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read config " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  return ParseSweepConfig(buf.str(), path);
}

std::string EpisodeSettingsHash(const SweepConfig& c) {
  std::string material;
  material += "org:" + std::to_string(static_cast<int>(c.org.kind)) + ":" + c.org.path + ":" +
              std::to_string(c.org.generate_seed) + ":" + std::to_string(c.org.generate_scale) + "|";
  material += "tasks:" + c.tasks.path + ":" + std::to_string(c.tasks.generate_seed) + "|";
  material += "turns:" + std::to_string(c.max_turns) + "|eval:" + std::string(agents::PromptModeName(c.evaluation_mode)) +
              ":" + std::string(ExtractorKindName(c.extractor)) + ":" + c.extractor_model + ":" + c.judge_model + ":" +
              (c.strict_tool_call_scoring ? "strict" : "lenient") + ":" + std::string(AnswerMatchingName(c.matching)) +
              ":" + (c.privacy_aware_prompt ? "privacy_aware" : "") + "|";
  material += "interactive:" + std::to_string(c.interactive) + ":" + c.user_model + ":" + std::to_string(c.max_user_turns) + "|";
  material += "prompts:" + c.prompts_dir;
  for (const auto& [name, file] : c.prompt_overrides) material += ":" + name + "=" + file;
  material += "|org_type:" + c.org.type + ":" + c.org.schema_path +
              "|observations:" + c.observation_format + "|loop:" + (c.official_loop ? "official" : "lenient");
  return HexHash64(material);
}

}  // namespace crm::sched

#include "scheduler/run/sweep_services.h"

#include <algorithm>
#include <chrono>

#include "io/http/http_client.h"
#include "io/llm/provider.h"
#include "io/runtime.h"
#include "io/salesforce/sf_client.h"
#include "scheduler/cache/response_cache.h"
#include "scheduler/limits/shared_limits_service.h"
#include "scheduler/run/agent_schema.h"
#include "scheduler/run/model_endpoint.h"
#include "scheduler/run/org_executor.h"
#include "scheduler/run/sweep_setup.h"
#include "scheduler/servers/sim_llm_server.h"

namespace crm::sched {

// Declared in the order they must be built; destroyed in reverse.
struct SweepServices::Parts {
  std::unique_ptr<servers::SimLlmServer> sim;
  std::string sim_url;
  std::unique_ptr<io::IoRuntime> runtime;
  std::unique_ptr<SharedLimitsService> shared;  // "shared" in the config: limits in Redis
  std::unique_ptr<io::HttpClient> client;
  std::unique_ptr<ResponseCache> cache;
  std::unique_ptr<io::salesforce::SalesforceClient> salesforce;
  std::unique_ptr<OrgExecutor> org;
};

namespace {

bool AnySimulated(const SweepConfig& config) {
  auto simulated = [](const ModelConfig& m) { return m.provider == Provider::kSimulated; };
  return std::any_of(config.models.begin(), config.models.end(), simulated) ||
         std::any_of(config.auxiliary_models.begin(), config.auxiliary_models.end(), simulated);
}

// The simulated models' server, in-process; it knows the sweep's tasks.
Result<std::unique_ptr<servers::SimLlmServer>> StartSimServer(const SweepConfig& config,
                                                              const std::vector<tasks::Task>& tasks) {
  std::vector<sim::SimProfile> extra;
  for (const std::string& path : config.sim_profiles) {
    auto loaded = sim::LoadSimProfiles(path);
    if (!loaded.ok()) return loaded.status();
    extra.insert(extra.end(), loaded->begin(), loaded->end());
  }
  auto sim = std::make_unique<servers::SimLlmServer>(tasks, sim::SimProfileSet(std::move(extra)));
  io::ServerOptions so;
  so.threads = 1;
  auto port = sim->Start(so);
  if (!port.ok()) return port.status();
  return sim;
}

io::ClientOptions ClientOptionsFor(const SweepConfig& config) {
  io::ClientOptions options = io::ClientOptions::FromEnvironment();
  // A hung call always frees its slot: no request outlives the configured timeout.
  const auto timeout = std::chrono::milliseconds(static_cast<int64_t>(config.request_timeout_seconds * 1000));
  options.total_timeout = timeout;
  options.read_timeout = std::min(options.read_timeout, timeout);
  for (const auto* list : {&config.models, &config.auxiliary_models}) {
    for (const ModelConfig& m : *list) {
      // Each request in flight holds a connection: let the pool open as many as the limits allow.
      options.max_connections_per_origin =
          std::max(options.max_connections_per_origin, std::min(m.limits.max_concurrency, config.episodes_in_flight));
    }
  }
  return options;
}

}  // namespace

SweepServices::SweepServices(RunContext& ctx) : ctx_(ctx), parts_(std::make_unique<Parts>()) {}

SweepServices::~SweepServices() {
  // The endpoints hold an executor of the runtime and refer to the client and
  // the cache: release them before those are destroyed.
  ctx_.extractor = ctx_.judge = ctx_.user = AuxiliaryRole{};
  ctx_.endpoints.clear();
  ctx_.auxiliary_endpoints.clear();
  ctx_.org = nullptr;
  parts_->org.reset();
  parts_->salesforce.reset();
  parts_->cache.reset();
  parts_->client.reset();
  parts_->shared.reset();
  parts_->runtime.reset();
  if (parts_->sim) parts_->sim->Stop();
}

Result<std::unique_ptr<SweepServices>> SweepServices::Open(const SweepConfig& config, const SweepPrices& prices,
                                                           RunContext& ctx, const std::string& out_dir,
                                                           bool schema_from_org) {
  std::unique_ptr<SweepServices> services(new SweepServices(ctx));
  CRM_RETURN_IF_ERROR(services->Start(config, prices, out_dir, schema_from_org));
  return services;
}

io::IoRuntime& SweepServices::runtime() { return *parts_->runtime; }

void SweepServices::Stop() {
  if (parts_->sim) parts_->sim->Stop();
  parts_->runtime->Stop();
}

Status SweepServices::Start(const SweepConfig& config, const SweepPrices& prices, const std::string& out_dir,
                            bool schema_from_org) {
  Parts& p = *parts_;
  if (AnySimulated(config)) {
    auto sim = StartSimServer(config, ctx_.tasks);
    if (!sim.ok()) return sim.status();
    p.sim = std::move(sim).value();
    p.sim_url = p.sim->BaseUrl();
  }
  p.runtime = std::make_unique<io::IoRuntime>(1);
  if (config.shared) {
    auto url = SharedRedisUrl(*config.shared);
    if (!url.ok()) return url.status();
    SharedLimitsOptions so;
    so.url = *url;
    so.name_space = config.shared->name_space;
    so.workers = config.shared->workers;
    so.breaker_open_seconds = config.breaker_open_seconds;
    auto shared = SharedLimitsService::Start(so);
    if (!shared.ok()) return shared.status();
    p.shared = std::move(shared).value();
  }
  p.client = std::make_unique<io::HttpClient>(*p.runtime, ClientOptionsFor(config));
  if (config.cache_enabled) {
    auto opened = ResponseCache::Open(out_dir + "/cache.db");
    if (opened.ok()) p.cache = std::move(opened).value();
  }
  auto open_endpoint = [&](const ModelConfig& m,
                           const ResolvedPrice& price) -> Result<std::unique_ptr<ModelEndpoint>> {
    auto provider = MakeProvider(m, p.sim_url);
    if (!provider.ok()) return provider.status();
    CRM_RETURN_IF_ERROR(Preflight(*p.client, m, p.sim_url));
    EndpointLimits limits{static_cast<double>(m.limits.rpm), static_cast<double>(m.limits.tpm), m.limits.max_concurrency};
    RetryPolicy retry{config.retry_max_attempts, config.retry_base_delay_seconds, config.retry_max_delay_seconds,
                      config.retry_max_total_seconds};
    CircuitBreaker breaker(config.breaker_failures, config.breaker_open_seconds);
    // The cache is on by default for deterministic sampling (temperature 0 or a simulated model).
    const bool deterministic = m.provider == Provider::kSimulated || (m.temperature && *m.temperature == 0);
    auto endpoint = std::make_unique<ModelEndpoint>(m.name, p.runtime->SerialExecutor(), *p.client,
                                                    std::move(provider).value(), price.price, limits, retry, breaker,
                                                    p.cache.get(), deterministic);
    if (p.shared) endpoint->ShareLimits(p.shared.get(), p.shared->AddEndpoint(m.name, limits));
    return endpoint;
  };
  for (size_t i = 0; i < config.models.size(); ++i) {
    const ModelConfig& m = config.models[i];
    auto endpoint = open_endpoint(m, prices.models.at(i));
    if (!endpoint.ok()) return endpoint.status();
    ctx_.endpoints.push_back(std::move(endpoint).value());
  }
  for (size_t i = 0; i < config.auxiliary_models.size(); ++i) {
    const ModelConfig& m = config.auxiliary_models[i];
    auto endpoint = open_endpoint(m, prices.auxiliary.at(i));
    if (!endpoint.ok()) return endpoint.status();
    ctx_.auxiliary_endpoints.push_back(std::move(endpoint).value());
    const AuxiliaryRole role{ctx_.auxiliary_endpoints.back().get(), &m};
    if (m.name == config.extractor_model && config.extractor == ExtractorKind::kModel) ctx_.extractor = role;
    if (m.name == config.judge_model) ctx_.judge = role;
    if (m.name == config.user_model && config.interactive) ctx_.user = role;
  }
  if (config.org.kind == OrgConfig::Kind::kLocal) {
    // As many threads as the machine gives the process (0: TBB's automatic
    // concurrency, which follows the CPU affinity mask); each opens its own
    // read-only connection, and the flow graph's nodes share them.
    p.org = std::make_unique<OrgExecutor>(config.org.path, 0);
  } else {
    auto sf_config = SalesforceConfigFromEnv(config.org);
    if (!sf_config.ok()) return sf_config.status();
    p.salesforce = std::make_unique<io::salesforce::SalesforceClient>(*p.client, *sf_config);
    auto login = p.salesforce->Login();  // preflight: refuse now rather than score a sweep 0% on a bad login
    if (!login.ok()) {
      return Status::InvalidArgument("preflight: Salesforce login to " + config.org.login_url + " failed: " +
                                     login.error().message);
    }
    p.org = std::make_unique<OrgExecutor>(*p.salesforce);
    if (schema_from_org) CRM_RETURN_IF_ERROR(SetAgentSchema(config, p.salesforce.get(), ctx_));
  }
  ctx_.org = p.org.get();
  return Status::Ok();
}

}  // namespace crm::sched

// scheduler/run/sweep_services.h — the long-lived parts a sweep's episodes
// call through: the in-process simulated-model server (when any model, under
// test or auxiliary, is simulated), the I/O runtime and HTTP client, the
// response cache, one endpoint per model (its own limits, retries and
// breaker; auxiliary models get theirs too and are bound to their roles in
// the RunContext), and the org (local SQLite or a Salesforce login).
//
// Built on the main thread before the graph starts. The destructor releases
// the RunContext's endpoints before the client, cache and runtime they refer
// to. Not copyable; the accessors are safe from any thread once built.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "scheduler/run/model_prices.h"
#include "scheduler/run/run_context.h"

namespace crm::io {
class IoRuntime;
}  // namespace crm::io

namespace crm::sched {

class SweepServices {
 public:
  // Starts everything `config` needs and fills ctx.endpoints,
  // ctx.auxiliary_endpoints, the roles and ctx.org. `schema_from_org`: a
  // Salesforce org without a schema file is described after login (sets
  // ctx.schema_json and ctx.shared_prompts).
  // `prices`: each model's resolved price (scheduler/run/model_prices.h).
  static Result<std::unique_ptr<SweepServices>> Open(const SweepConfig& config, const SweepPrices& prices,
                                                     RunContext& ctx, const std::string& out_dir, bool schema_from_org);
  ~SweepServices();
  SweepServices(const SweepServices&) = delete;
  SweepServices& operator=(const SweepServices&) = delete;

  io::IoRuntime& runtime();
  // Stops the simulated server and the runtime (after the graph is done).
  void Stop();

 private:
  struct Parts;
  explicit SweepServices(RunContext& ctx);
  Status Start(const SweepConfig& config, const SweepPrices& prices, const std::string& out_dir,
               bool schema_from_org);

  RunContext& ctx_;
  std::unique_ptr<Parts> parts_;
};

}  // namespace crm::sched

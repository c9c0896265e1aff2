// scheduler/servers/sim_llm_server.h — `crmarena serve llm`: an
// OpenAI-compatible (/v1/chat/completions, /v1/models) and
// Anthropic-compatible (/v1/messages) server whose "models" are SIMULATED
// (engine/sim): scripted replays of the tasks' reference solutions that go
// astray at each profile's rates. Profiles also set latency, output speed,
// usage reporting, enforced RPM/TPM limits with real rate-limit headers and
// 429 bodies, and injected faults.
//
// Handle() is thread-safe (the HTTP server calls it from its threads; shared
// counters and limit windows sit behind a mutex). The server binds
// 127.0.0.1 unless told otherwise. Usable in-process (tests, quickstart).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/status.h"
#include "engine/sim/sim_policy.h"
#include "engine/sim/sim_profile.h"
#include "io/http/http_server.h"

namespace crm::servers {

struct SimLlmStats {
  int64_t requests = 0;
  int64_t completions = 0;
  int64_t rate_limited = 0;  // 429s sent
  int64_t faults = 0;        // injected 5xx/529/resets/hangs/malformed/truncated
  int64_t bad_requests = 0;
};

class SimLlmServer {
 public:
  SimLlmServer(std::vector<tasks::Task> tasks, sim::SimProfileSet profiles);
  ~SimLlmServer();

  // The request handler, usable without sockets.
  io::ServerResponse Handle(const io::ServerRequest& request);
  // Starts an HTTP server on `options` (port 0 picks one); returns the port.
  Result<int> Start(io::ServerOptions options);
  void Stop();
  std::string BaseUrl() const;  // "http://127.0.0.1:<port>"
  SimLlmStats stats() const;

 private:
  struct Window;  // per-model limit state
  io::ServerResponse Complete(const io::ServerRequest& request, bool anthropic);
  io::ServerResponse Models() const;
  // Charges one request of `tokens` against the model's limits; fills rate-limit headers.
  bool Admit(const sim::SimProfile& profile, double tokens, io::Headers& headers, double* retry_after, bool anthropic);

  sim::SimPolicy policy_;
  sim::SimProfileSet profiles_;
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Window>> windows_;  // guarded by mu_
  SimLlmStats stats_;                                        // guarded by mu_
  std::atomic<uint64_t> sequence_{0};
  std::unique_ptr<io::HttpServer> server_;
};

}  // namespace crm::servers

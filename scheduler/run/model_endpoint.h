// scheduler/run/model_endpoint.h — one model of a sweep as the runner sees
// it: its provider adapter, and the endpoint's limiter, circuit breaker,
// retry policy and response cache around every call.
//
// Call() is a coroutine for the runner's io_context. Every member that
// changes (limiter, breaker, counters) is confined to the endpoint's serial
// executor (IoRuntime::SerialExecutor: a strand, or the io_context itself when
// it has one thread), so thousands of episodes may call concurrently. The provider, client
// and cache must outlive the endpoint; the model's price (resolved by
// scheduler/run/model_prices.h) is its own copy. With shared limits
// (ShareLimits), admission and outcomes go to the shared-limits thread
// instead of the local limiter, and a trip of the local breaker is shared.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/call_error.h"
#include "core/chat.h"
#include "io/expected.h"
#include "io/llm/prices.h"
#include "scheduler/limits/endpoint_limiter.h"
#include "scheduler/limits/error_spike_guard.h"
#include "scheduler/limits/retry_policy.h"

namespace crm::io {
class HttpClient;
namespace llm {
class Provider;
}  // namespace llm
}  // namespace crm::io

namespace crm::sched {

class ResponseCache;
class SharedEndpointLimiter;
class SharedLimitsService;

struct CallRecord {
  double latency_ms = 0;
  int retries = 0;
  bool cache_hit = false;
  double cost_usd = 0;
};

struct ModelCallResult {
  chat::CompletionResponse response;
  CallRecord record;
};
using ModelCallOutcome = io::Expected<ModelCallResult, CallError>;

struct EndpointCounters {
  std::atomic<int64_t> requests{0}, successes{0}, failures{0}, retries{0}, rate_limited{0}, cache_hits{0};
  std::atomic<int64_t> input_tokens{0}, output_tokens{0};
  std::atomic<double> cost_usd{0};
};

class ModelEndpoint {
 public:
  // `serial` runs one handler at a time (IoRuntime::SerialExecutor).
  ModelEndpoint(std::string name, boost::asio::any_io_executor serial, io::HttpClient& client,
                std::unique_ptr<io::llm::Provider> provider, std::optional<io::llm::ModelPrice> price, EndpointLimits limits,
                RetryPolicy retry, CircuitBreaker breaker, ResponseCache* cache, bool use_cache);
  ~ModelEndpoint();

  // One completion with limits, retries and the cache; `seed` is the episode's.
  // `request` is read, not copied: it must outlive the co_await.
  boost::asio::awaitable<ModelCallOutcome> Call(const chat::CompletionRequest& request, int64_t seed);

  // Episode-level guard: a new episode waits while the model is paused for
  // an error spike; every finished episode reports whether it failed for
  // infrastructure reasons.
  boost::asio::awaitable<void> WaitIfPaused();
  void RecordEpisode(bool infra_error);
  int spike_pauses() const { return spike_pauses_.load(); }
  // Admission by the limits every process shares (scheduler/limits/shared_limiter.h)
  // instead of this process's own limiter. Call before the first Call();
  // both must outlive the endpoint's calls.
  void ShareLimits(SharedLimitsService* service, SharedEndpointLimiter* limiter);

  const std::string& name() const { return name_; }
  const EndpointCounters& counters() const { return counters_; }
  bool breaker_open() const { return breaker_open_.load(); }
  int64_t breaker_trips() const { return breaker_trips_.load(); }
  const io::llm::Provider& provider() const { return *provider_; }

 private:
  boost::asio::awaitable<ModelCallOutcome> Attempt(const chat::CompletionRequest& request, double estimated_tokens);

  std::string name_;
  boost::asio::any_io_executor serial_;
  io::HttpClient& client_;
  std::unique_ptr<io::llm::Provider> provider_;
  std::optional<io::llm::ModelPrice> price_;  // nullopt: unpriced, its calls cost 0
  EndpointLimiter limiter_;  // confined to serial_
  SharedLimitsService* shared_service_ = nullptr;
  SharedEndpointLimiter* shared_ = nullptr;  // used on shared_service_'s thread only
  CircuitBreaker breaker_;   // confined to serial_
  RetryPolicy retry_;
  ResponseCache* cache_;
  bool use_cache_;
  EndpointCounters counters_;
  std::atomic<bool> breaker_open_{false};
  std::atomic<int64_t> breaker_trips_{0};
  ErrorSpikeGuard spike_guard_;  // confined to serial_
  std::atomic<int> spike_pauses_{0};
  uint64_t jitter_state_ = 0x2545F4914F6CDD1DULL;  // confined to serial_
};

// Rough token count of a request (characters / 4), for budgeting before sending.
double EstimateTokens(const chat::CompletionRequest& request);

}  // namespace crm::sched

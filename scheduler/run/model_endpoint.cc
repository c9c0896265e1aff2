#include "scheduler/run/model_endpoint.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>

#include "core/steady_clock.h"
#include "io/llm/prices.h"
#include "io/llm/provider.h"
#include "io/llm/provider_coro.h"
#include "scheduler/cache/response_cache.h"
#include "scheduler/limits/shared_limits_service.h"

namespace crm::sched {
namespace asio = boost::asio;

namespace {

asio::awaitable<void> Sleep(double seconds) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6)));
  co_await timer.async_wait(asio::use_awaitable);
}

// Runs `work` on the shared-limits thread and resumes the coroutine on its
// own executor with the result: the network threads never wait on Redis.
template <typename T, typename F>
asio::awaitable<T> OnLimitsThread(SharedLimitsService& service, F work) {
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(T)>(
      [&service, work = std::move(work)](auto handler) mutable {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        service.Post([h, work = std::move(work)]() mutable {
          T value = work();
          auto ex = asio::get_associated_executor(*h);
          asio::post(ex, [h, value = std::move(value)]() mutable { (*h)(std::move(value)); });
        });
      },
      asio::use_awaitable);
}

CallError CircuitOpen(const std::string& name, bool elsewhere) {
  CallError e;
  e.code = CallErrorCode::kCircuitOpen;  // fatal: retrying into an open breaker only burns time
  e.message = "circuit breaker open for " + name + (elsewhere ? " (opened by another process sharing its limits)" : "") +
              " after repeated failures";
  return e;
}

void AddAtomic(std::atomic<double>& a, double v) {
  double cur = a.load();
  while (!a.compare_exchange_weak(cur, cur + v)) {
  }
}

}  // namespace

double EstimateTokens(const chat::CompletionRequest& request) {
  size_t chars = 0;
  for (const auto& m : request.messages) {
    chars += m.content.size();
    for (const auto& c : m.tool_calls) chars += c.arguments_json.size() + c.name.size();
  }
  for (const auto& t : request.tools) chars += t.description.size() + t.parameters_schema_json.size();
  return static_cast<double>(chars) / 4.0 + request.max_output_tokens.value_or(512);
}

ModelEndpoint::ModelEndpoint(std::string name, asio::any_io_executor serial, io::HttpClient& client,
                             std::unique_ptr<io::llm::Provider> provider, std::optional<io::llm::ModelPrice> price,
                             EndpointLimits limits, RetryPolicy retry, CircuitBreaker breaker, ResponseCache* cache,
                             bool use_cache)
    : name_(std::move(name)),
      serial_(std::move(serial)),
      client_(client),
      provider_(std::move(provider)),
      price_(std::move(price)),
      limiter_(limits, SteadySeconds()),
      breaker_(breaker),
      retry_(retry),
      cache_(cache),
      use_cache_(use_cache && cache != nullptr) {}

ModelEndpoint::~ModelEndpoint() = default;

void ModelEndpoint::ShareLimits(SharedLimitsService* service, SharedEndpointLimiter* limiter) {
  shared_service_ = service;
  shared_ = limiter;
}

asio::awaitable<ModelCallOutcome> ModelEndpoint::Attempt(const chat::CompletionRequest& request,
                                                         double estimated_tokens) {
  // Admission on the serial executor (or, with shared limits, on the
  // shared-limits thread): wait as long as the limiter says, then send.
  SharedEndpointLimiter::Ticket ticket;
  while (true) {
    co_await asio::dispatch(serial_, asio::use_awaitable);
    if (!breaker_.Allow(SteadySeconds())) co_return io::MakeUnexpected(CircuitOpen(name_, false));
    double wait = 0;
    if (shared_) {
      auto admission = co_await OnLimitsThread<SharedEndpointLimiter::Admission>(
          *shared_service_, [limiter = shared_, estimated_tokens] { return limiter->Admit(SteadySeconds(), estimated_tokens); });
      if (admission.breaker_open) co_return io::MakeUnexpected(CircuitOpen(name_, true));
      if (admission.admitted) {
        ticket = std::move(admission.ticket);
        break;
      }
      wait = admission.wait;
    } else {
      auto admission = limiter_.Admit(SteadySeconds(), estimated_tokens);
      if (admission.admitted) break;
      wait = admission.wait;
    }
    co_await Sleep(std::max(wait, 0.001));
  }
  const double started = SteadySeconds();
  ++counters_.requests;
  auto outcome = co_await io::llm::CoComplete(client_, *provider_, request, nullptr);
  co_await asio::dispatch(serial_, asio::use_awaitable);
  const double now = SteadySeconds();
  const int64_t trips_before = breaker_.trips();
  if (!outcome.ok()) {
    if (shared_) {
      shared_service_->Post([limiter = shared_, ticket, estimated_tokens, error = outcome.error()] {
        limiter->OnFailure(SteadySeconds(), ticket, estimated_tokens, error);
      });
    } else {
      limiter_.OnFailure(now, estimated_tokens, outcome.error());
    }
    breaker_.OnFailure(now);
    if (outcome.error().code == CallErrorCode::kRateLimited) ++counters_.rate_limited;
    ++counters_.failures;
  } else {
    const auto& usage = outcome->response.usage;
    const double actual = static_cast<double>(usage.input_tokens + usage.output_tokens);
    if (shared_) {
      shared_service_->Post([limiter = shared_, ticket, estimated_tokens, actual, info = outcome->limits] {
        limiter->OnSuccess(SteadySeconds(), ticket, estimated_tokens, actual, info);
      });
    } else {
      limiter_.OnSuccess(now, estimated_tokens, actual, outcome->limits);
    }
    breaker_.OnSuccess();
    ++counters_.successes;
  }
  if (shared_ && breaker_.trips() > trips_before) {
    shared_service_->Post([limiter = shared_] { limiter->OnBreakerTrip(SteadySeconds()); });
  }
  breaker_open_ = breaker_.open(now);
  breaker_trips_ = breaker_.trips();
  if (!outcome.ok()) co_return io::MakeUnexpected(outcome.error());
  ModelCallResult result;
  result.response = std::move(outcome->response);
  result.record.latency_ms = (now - started) * 1000;
  result.record.cost_usd = price_ ? io::llm::CostOf(*price_, result.response.usage) : 0;
  co_return result;
}

asio::awaitable<void> ModelEndpoint::WaitIfPaused() {
  while (true) {
    co_await asio::dispatch(serial_, asio::use_awaitable);
    const double wait = spike_guard_.WaitBeforeStart(SteadySeconds());
    if (wait <= 0) co_return;
    co_await Sleep(std::min(wait, 1.0));
  }
}

void ModelEndpoint::RecordEpisode(bool infra_error) {
  asio::post(serial_, [this, infra_error] {
    spike_guard_.Record(SteadySeconds(), infra_error);
    spike_pauses_ = spike_guard_.pauses();
  });
}

asio::awaitable<ModelCallOutcome> ModelEndpoint::Call(const chat::CompletionRequest& request, int64_t seed) {
  std::string cache_key;
  if (use_cache_) {
    cache_key = ResponseCache::Key(request, name_, seed);
    if (auto hit = cache_->Get(cache_key)) {
      ++counters_.cache_hits;
      ModelCallResult r;
      r.response = std::move(*hit);
      r.record.cache_hit = true;
      co_return r;
    }
  }
  const double estimated = EstimateTokens(request);
  const double first_attempt = SteadySeconds();
  int retries = 0;
  for (int attempt = 1;; ++attempt) {
    ModelCallOutcome outcome = co_await Attempt(request, estimated);
    if (outcome.ok()) {
      outcome->record.retries = retries;
      counters_.input_tokens += outcome->response.usage.input_tokens;
      counters_.output_tokens += outcome->response.usage.output_tokens;
      AddAtomic(counters_.cost_usd, outcome->record.cost_usd);
      if (use_cache_) (void)cache_->Put(cache_key, outcome->response);  // a cache write failure only costs a re-call
      co_return outcome;
    }
    co_await asio::dispatch(serial_, asio::use_awaitable);
    jitter_state_ ^= jitter_state_ << 13;
    jitter_state_ ^= jitter_state_ >> 7;
    jitter_state_ ^= jitter_state_ << 17;
    const double u = static_cast<double>(jitter_state_ >> 11) * 0x1.0p-53;
    auto delay = retry_.NextDelay(attempt, SteadySeconds() - first_attempt, outcome.error(), u);
    if (!delay) co_return outcome;
    ++retries;
    ++counters_.retries;
    co_await Sleep(*delay);
  }
}

}  // namespace crm::sched

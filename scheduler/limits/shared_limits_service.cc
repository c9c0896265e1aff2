#include "scheduler/limits/shared_limits_service.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <random>

#include "core/steady_clock.h"
#include "io/redis/redis_client.h"
#include "scheduler/limits/shared_limit_store.h"

namespace crm::sched {

namespace {

// KEYS: the workers' sorted set. ARGV: owner, ttl. Returns the live count.
constexpr const char* kHeartbeatScript = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('EXPIRE', KEYS[1], 86400)
return redis.call('ZCARD', KEYS[1])
)lua";

}  // namespace

std::string NewProcessId() {
  char host[128] = {0};
  gethostname(host, sizeof host - 1);
  std::random_device rd;
  char buf[220];
  std::snprintf(buf, sizeof buf, "%s-%d-%06x", host, static_cast<int>(getpid()), rd() & 0xffffff);
  return buf;
}

SharedLimitsService::SharedLimitsService(SharedLimitsOptions options) : options_(std::move(options)) {
  if (options_.owner.empty()) options_.owner = NewProcessId();
  if (!options_.warn) {
    options_.warn = [](const std::string& m) { std::fprintf(stderr, "\ncrmarena: WARNING: %s\n", m.c_str()); };
  }
}

Result<std::unique_ptr<SharedLimitsService>> SharedLimitsService::Start(SharedLimitsOptions options) {
  std::unique_ptr<SharedLimitsService> s(new SharedLimitsService(std::move(options)));
  auto client = io::RedisClient::Connect(s->options_.url);
  if (!client.ok()) {
    return Status::InvalidArgument("shared limits: " + client.status().message() +
                                   " (start redis-server, or remove \"shared\" from the config to run alone)");
  }
  s->client_ = std::move(client).value();
  s->store_ = std::make_unique<RedisLimitStore>(*s->client_, s->options_.name_space);
  s->Heartbeat();
  s->thread_ = std::thread([p = s.get()] { p->Loop(); });
  return s;
}

SharedLimitsService::~SharedLimitsService() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

SharedEndpointLimiter* SharedLimitsService::AddEndpoint(const std::string& endpoint, const EndpointLimits& limits) {
  SharedLimiterOptions o;
  o.endpoint = endpoint;
  o.limits = limits;
  o.owner = options_.owner;
  o.lease_ttl = options_.lease_ttl;
  o.breaker_open_seconds = options_.breaker_open_seconds;
  auto limiter = std::make_unique<SharedEndpointLimiter>(o, *store_, [this] { return workers(); }, options_.warn);
  std::lock_guard<std::mutex> lock(mu_);
  limiters_.push_back(std::move(limiter));
  return limiters_.back().get();
}

void SharedLimitsService::Post(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    tasks_.push_back(std::move(task));
  }
  cv_.notify_one();
}

int SharedLimitsService::workers() const {
  return options_.workers > 0 ? options_.workers : std::max(1, live_workers_.load());
}

void SharedLimitsService::Heartbeat() {
  auto live = client_->Eval(kHeartbeatScript, {options_.name_space + ":workers"},
                            {options_.owner, std::to_string(3 * options_.heartbeat_seconds + 1)});
  if (live.ok() && live->integer > 0) live_workers_ = static_cast<int>(live->integer);
  std::vector<SharedEndpointLimiter*> limiters;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& l : limiters_) limiters.push_back(l.get());
  }
  for (SharedEndpointLimiter* l : limiters) l->RenewLeases();
}

void SharedLimitsService::Loop() {
  double next_beat = SteadySeconds() + options_.heartbeat_seconds;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    const double now = SteadySeconds();
    if (now >= next_beat) {
      lock.unlock();
      Heartbeat();
      lock.lock();
      next_beat = SteadySeconds() + options_.heartbeat_seconds;
      continue;
    }
    if (tasks_.empty()) {
      cv_.wait_for(lock, std::chrono::microseconds(static_cast<int64_t>((next_beat - now) * 1e6)));
      continue;
    }
    auto task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
}

}  // namespace crm::sched

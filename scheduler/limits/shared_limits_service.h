// scheduler/limits/shared_limits_service.h — the process's side of shared
// limits: one Redis connection and one thread that owns it, every
// endpoint's SharedEndpointLimiter, and a heartbeat.
//
// The runner posts each admission and each outcome to this thread (Post),
// so the network threads never wait on Redis; one admission costs one
// round trip. The heartbeat (every `heartbeat_seconds`) registers the
// process among the live workers of the namespace (their count is the
// fallback share's divisor unless the config fixes it) and renews the
// process's concurrency leases. Start() fails with a clear message when
// Redis cannot be reached; afterwards an outage only makes the limiters
// fall back. Post() is thread-safe; the limiters are used on the service
// thread only.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "io/redis/redis_url.h"
#include "scheduler/limits/shared_limiter.h"

namespace crm::io {
class RedisClient;
}

namespace crm::sched {

class RedisLimitStore;

struct SharedLimitsOptions {
  io::RedisUrl url;
  std::string name_space = "crmarena";
  int workers = 0;                // the fallback share's divisor; 0: the live workers last seen
  double heartbeat_seconds = 1;
  double lease_ttl = 10;
  double breaker_open_seconds = 30;
  std::string owner;              // this process's id; generated (host-pid-random) when empty
  std::function<void(const std::string&)> warn;  // default: stderr
};

class SharedLimitsService {
 public:
  static Result<std::unique_ptr<SharedLimitsService>> Start(SharedLimitsOptions options);
  ~SharedLimitsService();  // stops the thread; tasks not yet run are dropped
  SharedLimitsService(const SharedLimitsService&) = delete;
  SharedLimitsService& operator=(const SharedLimitsService&) = delete;

  // A limiter for `endpoint`, owned by the service; use it only inside Post()ed tasks.
  SharedEndpointLimiter* AddEndpoint(const std::string& endpoint, const EndpointLimits& limits);
  // Runs `task` on the service thread, in order.
  void Post(std::function<void()> task);
  // The workers seen alive at the last heartbeat (>= 1), or the configured count.
  int workers() const;
  const std::string& owner() const { return options_.owner; }

 private:
  explicit SharedLimitsService(SharedLimitsOptions options);
  void Loop();
  void Heartbeat();

  SharedLimitsOptions options_;
  std::unique_ptr<io::RedisClient> client_;
  std::unique_ptr<RedisLimitStore> store_;
  std::vector<std::unique_ptr<SharedEndpointLimiter>> limiters_;  // guarded by mu_ when added
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;  // guarded by mu_
  bool stop_ = false;                        // guarded by mu_
  std::atomic<int> live_workers_{1};
  std::thread thread_;
};

// "host-pid-random": unique per process, readable in Redis.
std::string NewProcessId();

}  // namespace crm::sched

// scheduler/plan/work_claims.h — `run --worker`: episodes claimed from a
// plan shared by every process of a sweep, with leases in Redis.
//
// Under "<namespace>:sweep:<settings hash>": a done-set of episode keys
// (finished by anyone, seeded from the results files, and seeded again from
// them when a restarted Redis lost it: no claim is granted while the set is
// unseeded), and one lease per running episode ("lease:<key>" = owner, with
// an expiry). A heartbeat thread renews this process's leases every third of
// the lease time, so a process killed at any instant loses only its leases:
// they expire and the others claim those episodes. The results files stay
// the durable record; the done-set only saves work.
//
// When Redis is unreachable no new episode is claimed (held ones run on and
// their completions are sent when it returns); after `outage_seconds` the
// worker gives up claiming, and its remaining episodes stay for --resume or
// the other workers. Thread-safe (one connection behind a mutex): the graph's
// source claims, its writer completes, the heartbeat renews.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "io/redis/redis_url.h"

namespace crm::io {
class RedisClient;
}

namespace crm::sched {

struct WorkClaimsOptions {
  io::RedisUrl url;
  std::string name_space = "crmarena";
  std::string sweep;              // the settings hash: one plan's keys
  std::string owner;              // this process's id
  double lease_seconds = 30;
  double outage_seconds = 600;
  // Every key finished by anyone, from the results files (re-read when Redis lost the done-set).
  std::function<std::vector<std::string>()> done_from_files;
  // --resume: episodes the files hold as infrastructure errors, run again
  // although an earlier run's workers marked them done in Redis.
  std::vector<std::string> retry_keys;
  std::function<void(const std::string&)> warn;  // loud notices; default stderr
};

class WorkClaims {
 public:
  static Result<std::unique_ptr<WorkClaims>> Start(WorkClaimsOptions options);
  ~WorkClaims();

  enum class Claim { kClaimed, kDone, kTaken, kUnavailable };
  Claim TryClaim(const std::string& key);
  // The episode's line is in this process's results file.
  void Complete(const std::string& key);
  // The episode was abandoned without a line: let another process have it now.
  void Release(const std::string& key);

  bool redis_down() const { return down_.load(); }
  // Redis stayed away longer than outage_seconds: claim nothing more.
  bool gave_up() const;
  size_t held() const;

 private:
  explicit WorkClaims(WorkClaimsOptions options);
  void Heartbeat();
  void Loop();
  // REQUIRES: mu_ held.
  Status SeedLocked(bool after_restart);
  Status DropStaleDoneSetLocked();
  void NoteResultLocked(const Status& s);
  void RenewLocked();
  bool SendUnsentLocked();  // false: Redis did not take them
  std::string Key(const std::string& what) const { return prefix_ + what; }

  WorkClaimsOptions options_;
  std::string prefix_;
  mutable std::mutex mu_;
  std::unique_ptr<io::RedisClient> client_;       // guarded by mu_
  std::set<std::string> held_;                    // guarded by mu_
  std::vector<std::string> unsent_completions_;   // guarded by mu_: finished while Redis was away
  std::atomic<bool> down_{false};
  double down_since_ = 0;                         // guarded by mu_
  std::condition_variable cv_;
  bool stop_ = false;                             // guarded by mu_
  std::thread thread_;
};

}  // namespace crm::sched

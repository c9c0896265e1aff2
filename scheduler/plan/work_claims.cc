#include "scheduler/plan/work_claims.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>

#include "core/steady_clock.h"
#include "io/redis/redis_client.h"

namespace crm::sched {

namespace {

// KEYS: done, lease, seeded, settling. ARGV: key, owner, ttl_ms.
// 1 claimed (or already ours), 0 another's (or wait: the workers are still
// re-asserting their leases after a restart), 2 done, 3 the done-set needs seeding.
constexpr const char* kClaimScript = R"lua(
if redis.call('EXISTS', KEYS[3]) == 0 then return 3 end
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 2 end
local cur = redis.call('GET', KEYS[2])
if not cur and redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
if cur == ARGV[2] then redis.call('PEXPIRE', KEYS[2], ARGV[3]) return 1 end
if cur then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1
)lua";

// KEYS: done, then one lease key per ARGV key. ARGV: owner, key...
constexpr const char* kCompleteScript = R"lua(
for i = 2, #ARGV do
  redis.call('SADD', KEYS[1], ARGV[i])
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
end
return 1
)lua";

// KEYS: leases. ARGV: owner, ttl_ms. Renews ours; takes back the ones a
// restarted server forgot. Returns how many another process holds now.
constexpr const char* kRenewLeasesScript = R"lua(
local lost = 0
for i = 1, #KEYS do
  local cur = redis.call('GET', KEYS[i])
  if cur == ARGV[1] then redis.call('PEXPIRE', KEYS[i], ARGV[2])
  elseif not cur then redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
  else lost = lost + 1 end
end
return lost
)lua";

// KEYS: lease. ARGV: owner.
constexpr const char* kReleaseScript = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
)lua";

}  // namespace

WorkClaims::WorkClaims(WorkClaimsOptions options)
    : options_(std::move(options)), prefix_(options_.name_space + ":sweep:" + options_.sweep + ":") {
  if (!options_.warn) {
    options_.warn = [](const std::string& m) { std::fprintf(stderr, "\ncrmarena: WARNING: %s\n", m.c_str()); };
  }
}

Result<std::unique_ptr<WorkClaims>> WorkClaims::Start(WorkClaimsOptions options) {
  std::unique_ptr<WorkClaims> w(new WorkClaims(std::move(options)));
  auto client = io::RedisClient::Connect(w->options_.url);
  if (!client.ok()) {
    return Status::InvalidArgument("--worker: " + client.status().message() +
                                   " (the workers of a sweep claim its episodes in Redis: start redis-server, or use "
                                   "--shard i/N without Redis)");
  }
  w->client_ = std::move(client).value();
  {
    std::lock_guard<std::mutex> lock(w->mu_);
    CRM_RETURN_IF_ERROR(w->DropStaleDoneSetLocked());
    CRM_RETURN_IF_ERROR(w->SeedLocked(/*after_restart=*/false));
    const std::vector<std::string>& retry = w->options_.retry_keys;
    for (size_t i = 0; i < retry.size(); i += 500) {
      std::vector<std::string> argv = {"SREM", w->Key("done")};
      argv.insert(argv.end(), retry.begin() + static_cast<std::ptrdiff_t>(i),
                  retry.begin() + static_cast<std::ptrdiff_t>(std::min(retry.size(), i + 500)));
      auto r = w->client_->Command(argv);
      if (!r.ok()) return r.status();
    }
  }
  w->thread_ = std::thread([p = w.get()] { p->Loop(); });
  return w;
}

WorkClaims::~WorkClaims() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status WorkClaims::DropStaleDoneSetLocked() {
  // Episodes only enter the done-set once their line is in a results file:
  // a done-set without any results file is an earlier sweep's whose output
  // was deleted. Running the same config again then means running it again.
  if (options_.done_from_files && !options_.done_from_files().empty()) return Status::Ok();
  auto n = client_->Command({"SCARD", Key("done")});
  if (!n.ok()) return n.status();
  if (n->integer == 0) return Status::Ok();
  options_.warn("Redis lists " + std::to_string(n->integer) + " episodes of this sweep as done, but the results "
                "directory has no results: starting the sweep over");
  auto r = client_->Command({"DEL", Key("done"), Key("seeded")});
  return r.ok() ? Status::Ok() : r.status();
}

Status WorkClaims::SeedLocked(bool after_restart) {
  std::vector<std::string> keys = options_.done_from_files ? options_.done_from_files() : std::vector<std::string>{};
  keys.insert(keys.end(), unsent_completions_.begin(), unsent_completions_.end());
  for (size_t i = 0; i < keys.size(); i += 500) {
    std::vector<std::string> argv = {"SADD", Key("done")};
    for (size_t j = i; j < std::min(keys.size(), i + 500); ++j) argv.push_back(keys[j]);
    auto r = client_->Command(argv);
    if (!r.ok()) return r.status();
  }
  if (after_restart) {
    // The restarted server also lost every lease: grant no free episode until
    // the live workers' heartbeats (every third of the lease time) re-asserted theirs.
    auto settle = client_->Command({"SET", Key("settling"), "1", "PX",
                                    std::to_string(static_cast<int64_t>(options_.lease_seconds * 1000 / 2))});
    if (!settle.ok()) return settle.status();
    options_.warn("Redis lost this sweep's done-set (restarted?): rebuilt it from the results files (" +
                  std::to_string(keys.size()) + " episodes)");
  }
  auto r = client_->Command({"SET", Key("seeded"), "1"});
  return r.ok() ? Status::Ok() : r.status();
}

void WorkClaims::NoteResultLocked(const Status& s) {
  if (s.ok()) {
    if (down_.exchange(false)) {
      // First take back the leases of the episodes in flight (a restarted
      // Redis forgot them) and record what finished meanwhile.
      RenewLocked();
      SendUnsentLocked();
      if (!down_.load()) {
        options_.warn("Redis is back: claiming episodes again (the " + std::to_string(held_.size()) +
                      " leases in flight re-asserted)");
      }
    }
    return;
  }
  if (!down_.exchange(true)) {
    down_since_ = SteadySeconds();
    options_.warn("Redis unreachable (" + s.message() + "): no new episodes are claimed; the " +
                  std::to_string(held_.size()) + " in flight finish and are recorded when it returns (giving up "
                  "after " + std::to_string(static_cast<int>(options_.outage_seconds)) + " s)");
  }
}

bool WorkClaims::gave_up() const {
  std::lock_guard<std::mutex> lock(mu_);
  return down_.load() && SteadySeconds() - down_since_ > options_.outage_seconds;
}

size_t WorkClaims::held() const {
  std::lock_guard<std::mutex> lock(mu_);
  return held_.size();
}

WorkClaims::Claim WorkClaims::TryClaim(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string ttl = std::to_string(static_cast<int64_t>(options_.lease_seconds * 1000));
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto r = client_->Eval(kClaimScript, {Key("done"), Key("lease:" + key), Key("seeded"), Key("settling")},
                           {key, options_.owner, ttl});
    NoteResultLocked(r.ok() ? Status::Ok() : r.status());
    if (!r.ok()) return Claim::kUnavailable;
    switch (r->integer) {
      case 1:
        held_.insert(key);
        return Claim::kClaimed;
      case 2:
        return Claim::kDone;
      case 0:
        return Claim::kTaken;
      default:  // a restarted Redis lost the done-set: seed it from the results files first
        if (Status s = SeedLocked(/*after_restart=*/true); !s.ok()) {
          NoteResultLocked(s);
          return Claim::kUnavailable;
        }
    }
  }
  return Claim::kUnavailable;
}

void WorkClaims::Complete(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  held_.erase(key);
  std::vector<std::string> keys = {Key("done"), Key("lease:" + key)};
  std::vector<std::string> args = {options_.owner, key};
  auto r = client_->Eval(kCompleteScript, keys, args);
  NoteResultLocked(r.ok() ? Status::Ok() : r.status());
  if (!r.ok()) unsent_completions_.push_back(key);
}

void WorkClaims::Release(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  held_.erase(key);
  auto r = client_->Eval(kReleaseScript, {Key("lease:" + key)}, {options_.owner});
  NoteResultLocked(r.ok() ? Status::Ok() : r.status());  // when away, the lease expires by itself
}

bool WorkClaims::SendUnsentLocked() {
  if (unsent_completions_.empty()) return true;
  std::vector<std::string> keys = {Key("done")};
  std::vector<std::string> args = {options_.owner};
  for (const std::string& k : unsent_completions_) {
    keys.push_back(Key("lease:" + k));
    args.push_back(k);
  }
  auto r = client_->Eval(kCompleteScript, keys, args);
  NoteResultLocked(r.ok() ? Status::Ok() : r.status());
  if (r.ok()) unsent_completions_.clear();
  return r.ok();
}

void WorkClaims::RenewLocked() {
  std::vector<std::string> leases;
  for (const std::string& k : held_) leases.push_back(Key("lease:" + k));
  auto r = leases.empty() ? client_->Command({"PING"})
                          : client_->Eval(kRenewLeasesScript, leases,
                                          {options_.owner, std::to_string(static_cast<int64_t>(options_.lease_seconds * 1000))});
  NoteResultLocked(r.ok() ? Status::Ok() : r.status());
  if (r.ok() && r->type == io::RedisReply::Type::kInteger && r->integer > 0 && !leases.empty()) {
    options_.warn(std::to_string(r->integer) + " of this worker's leases were taken over by another worker (this "
                  "process was stalled past the lease time): those episodes may be recorded twice; readers keep one "
                  "line per key");
  }
}

void WorkClaims::Heartbeat() {
  std::lock_guard<std::mutex> lock(mu_);
  if (SendUnsentLocked()) RenewLocked();
}

void WorkClaims::Loop() {
  const auto interval = std::chrono::milliseconds(static_cast<int64_t>(options_.lease_seconds * 1000 / 3));
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, interval);
    if (stop_) break;
    lock.unlock();
    Heartbeat();
    lock.lock();
  }
}

}  // namespace crm::sched

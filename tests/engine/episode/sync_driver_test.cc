// End to end through the synchronous driver: the scripted responder (a
// simulated test peer) replays solutions against the shared org, for all
// four strategies. Ground truth comes from plain SQL written here.
#include "engine/episode/sync_driver.h"

#include <gtest/gtest.h>

#include "engine/tools/py_literal.h"

#include <set>

#include "engine/episode/scripted_responder.h"
#include "engine/org/schema.h"
#include "engine/org/schema_json.h"
#include "engine/tasks/gen/task_generator.h"
#include "engine/tasks/task_loader.h"
#include "tests/engine/episode/test_prompts.h"
#include "tests/engine/tools/tool_test_util.h"

namespace crm::episode {
namespace {

using testing::SqlColumn;

const agents::PromptLibrary& Library() { return ProjectPromptsForTests(); }

EpisodeConfig Config(agents::Strategy strategy) {
  EpisodeConfig c;
  c.prompt.strategy = strategy;
  c.prompt.schema_json = std::make_shared<const std::string>(org::SchemaToJson(org::Schema::Crm(), false));
  c.agent_request.model = "scripted";
  return c;
}

EpisodeResult Replay(const tasks::Task& task, agents::Strategy strategy, bool interactive = false) {
  Result<ScriptedResponder> responder = ScriptedResponder::ForTask(task, strategy);
  EXPECT_TRUE(responder.ok()) << responder.status().ToString();
  EpisodeConfig config = Config(strategy);
  config.interactive = interactive;
  return RunEpisodeSync(task, config, Library(), testing::SharedSession(), responder->AsResponder(),
                        ScriptedUser(task));
}

// best_region_identification for Q1 2023, solved by tools and by one SOQL query.
tasks::Task BestRegionTask() {
  std::string sql =
      "WITH s AS (SELECT a.ShippingState AS st, AVG((julianday(substr(c.ClosedDate, 1, 19)) - "
      "julianday(substr(c.CreatedDate, 1, 19))) * 86400) AS secs FROM \"Case\" c JOIN Account a ON a.Id = c.AccountId "
      "WHERE c.Status = 'Closed' AND c.CreatedDate >= '2023-01-01T00:00:00.000+0000' AND c.CreatedDate < "
      "'2023-04-01T00:00:00.000+0000' GROUP BY 1) SELECT st FROM s WHERE secs = (SELECT MIN(secs) FROM s)";
  std::vector<std::string> truth = SqlColumn(sql);
  EXPECT_EQ(truth.size(), 1u);
  tasks::Task t;
  t.idx = 101;
  t.task = "best_region_identification";
  t.query = "Which state closed its cases fastest in Q1 2023?";
  t.metadata_required = "Closure time is ClosedDate minus CreatedDate.";
  t.answer = {truth.empty() ? std::string("??") : truth[0]};
  std::string tools =
      "[{\"tool\":\"get_period\",\"arguments\":{\"period_name\":\"Q1\",\"year\":2023}},"
      "{\"tool\":\"get_cases\",\"arguments\":{\"start_date\":{\"$result\":0,\"$key\":\"start_date\"},"
      "\"end_date\":{\"$result\":0,\"$key\":\"end_date\"},\"statuses\":[\"Closed\"]}},"
      "{\"tool\":\"get_shipping_state\",\"arguments\":{\"cases\":{\"$result\":1}}},"
      "{\"tool\":\"calculate_region_average_closure_times\",\"arguments\":{\"cases\":{\"$result\":2}}},"
      "{\"tool\":\"find_id_with_min_value\",\"arguments\":{\"values_by_id\":{\"$result\":3}}},"
      "{\"tool\":\"respond\",\"arguments\":{\"content\":{\"$result\":4}}}]";
  std::string flex =
      "[{\"tool\":\"issue_soql_query\",\"arguments\":{\"query\":\"SELECT Id FROM Case WHERE Status = 'Closed' LIMIT 1\"}},"
      "{\"tool\":\"get_period\",\"arguments\":{\"period_name\":\"Q1\",\"year\":2023}},"
      "{\"tool\":\"get_cases\",\"arguments\":{\"start_date\":{\"$result\":1,\"$key\":\"start_date\"},"
      "\"end_date\":{\"$result\":1,\"$key\":\"end_date\"},\"statuses\":[\"Closed\"]}},"
      "{\"tool\":\"get_shipping_state\",\"arguments\":{\"cases\":{\"$result\":2}}},"
      "{\"tool\":\"calculate_region_average_closure_times\",\"arguments\":{\"cases\":{\"$result\":3}}},"
      "{\"tool\":\"find_id_with_min_value\",\"arguments\":{\"values_by_id\":{\"$result\":4}}},"
      "{\"tool\":\"respond\",\"arguments\":{\"content\":{\"$result\":5}}}]";
  std::string text = "[{\"execute\":\"SELECT Id, CreatedDate, ClosedDate, Account.ShippingState FROM Case WHERE Status = "
                     "'Closed' AND CreatedDate >= 2023-01-01T00:00:00Z AND CreatedDate < 2023-04-01T00:00:00Z\"},"
                     "{\"respond\":\"The fastest state is " + t.answer[0].value_or("") + ".\"}]";
  t.extra.push_back({"generator", "{\"solution\":{\"act\":" + text + ",\"react\":" + text + ",\"tool_call\":" + tools +
                                      ",\"tool_call_flex\":" + flex + "}}"});
  return t;
}

TEST(SyncDriver, ScriptedSolutionsScoreForEveryStrategy) {
  tasks::Task task = BestRegionTask();
  for (agents::Strategy s : {agents::Strategy::kAct, agents::Strategy::kReact, agents::Strategy::kToolCall,
                             agents::Strategy::kToolCallFlex}) {
    EpisodeResult r = Replay(task, s);
    SCOPED_TRACE(std::string(agents::StrategyName(s)) + " " + r.end_detail);
    EXPECT_EQ(r.end_reason, EndReason::kAnswered);
    ASSERT_TRUE(r.score.has_value()) << r.score_error;
    EXPECT_EQ(r.score->reward, 1.0) << r.answer;
    EXPECT_GE(r.queries, 1);
    EXPECT_GT(r.usage.input_tokens, 0);
    std::string json = r.ToJson();
    EXPECT_NE(json.find("\"end_reason\":\"answered\""), std::string::npos);
    EXPECT_NE(json.find("\"trajectory\":{\"messages\":["), std::string::npos);
  }
}

TEST(SyncDriver, InteractiveScriptedUser) {
  EpisodeResult r = Replay(BestRegionTask(), agents::Strategy::kToolCall, /*interactive=*/true);
  EXPECT_EQ(r.end_reason, EndReason::kAnswered) << r.end_detail;
  ASSERT_TRUE(r.score.has_value());
  EXPECT_EQ(r.score->reward, 1.0);
  EXPECT_EQ(r.user_turns, 1);  // the reply to the answer; the opening is not counted
  EXPECT_NE(r.trajectory_json.find("\"user_messages\""), std::string::npos);
}

TEST(SyncDriver, PromptBasedToolCallingAndFoldedPrompt) {
  tasks::Task task = BestRegionTask();
  for (agents::Strategy s : {agents::Strategy::kToolCall, agents::Strategy::kToolCallFlex}) {
    Result<ScriptedResponder> responder = ScriptedResponder::ForTask(task, s, /*native_tools=*/false);
    ASSERT_TRUE(responder.ok());
    EpisodeConfig config = Config(s);
    config.prompt.native_tools = false;
    config.agent_request.reasoning_model = true;
    EpisodeResult r = RunEpisodeSync(task, config, Library(), testing::SharedSession(), responder->AsResponder());
    EXPECT_EQ(r.end_reason, EndReason::kAnswered) << r.end_detail;
    ASSERT_TRUE(r.score.has_value());
    EXPECT_EQ(r.score->reward, 1.0) << r.answer;
    EXPECT_EQ(r.trajectory_json.find("\"role\":\"tool\""), std::string::npos);
    EXPECT_EQ(r.trajectory_json.find("\"role\":\"system\""), std::string::npos);
  }
}

TEST(SyncDriver, WrongAnswerAndMissingSolution) {
  tasks::Task task = BestRegionTask();
  task.answer = {std::string("ZZ")};
  EpisodeResult r = Replay(task, agents::Strategy::kAct);
  ASSERT_TRUE(r.score.has_value());
  EXPECT_EQ(r.score->reward, 0.0);
  tasks::Task bare = task;
  bare.extra.clear();
  EXPECT_FALSE(ScriptedResponder::ForTask(bare, agents::Strategy::kAct).ok());
  // A responder that runs out of steps is a model error, not a model failure.
  Result<ScriptedResponder> one = ScriptedResponder::FromSolution("[{\"execute\":\"SELECT Id FROM Issue__c\"}]",
                                                                  agents::Strategy::kAct);
  ASSERT_TRUE(one.ok());
  EpisodeResult short_run =
      RunEpisodeSync(task, Config(agents::Strategy::kAct), Library(), testing::SharedSession(), one->AsResponder());
  EXPECT_EQ(short_run.end_reason, EndReason::kModelError);
  EXPECT_FALSE(short_run.score.has_value());
}

TEST(SyncDriver, QueriesFollowEveryPage) {
  tools::QueryRequest q{tools::QueryLanguage::kSoql, "SELECT Id FROM OrderItem", true};
  tools::QueryOutcome all = RunQueryInProcess(testing::SharedSession(), q);
  ASSERT_TRUE(all.ok());
  int64_t total = std::stoll(SqlColumn("SELECT COUNT(*) FROM OrderItem")[0]);
  ASSERT_GT(total, 2000);
  rapidjson::Document doc = testing::ParseJson(*all);
  EXPECT_EQ(static_cast<int64_t>(doc["records"].Size()), total);
  EXPECT_TRUE(doc["done"].GetBool());
}

TEST(SyncDriver, AOnePageResultIsTheOrgsPageUnchanged) {
  // The one-page case skips parsing; its text must be the org's page as is.
  tools::QueryRequest q{tools::QueryLanguage::kSoql, "SELECT Id, Name FROM Account LIMIT 3", true};
  tools::QueryOutcome all = RunQueryInProcess(testing::SharedSession(), q);
  ASSERT_TRUE(all.ok());
  soql::Outcome<std::string> page = testing::SharedSession().Query(q.text, SyncDriverOptions{}.query);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(*all, *page);
  EXPECT_EQ(testing::ParseJson(*all)["records"].Size(), 3u);
}

// The ids the last tool call before `respond` returned, when that result is
// a list of ids or of order items (the tool-derived answer); nullopt otherwise.
std::optional<std::set<std::string>> LastToolIds(const std::string& trajectory_json) {
  rapidjson::Document doc = testing::ParseJson(trajectory_json);
  std::string last;
  for (const auto& m : doc["messages"].GetArray()) {
    if (std::string(m["role"].GetString()) == "tool") last = m["content"].GetString();
  }
  // The official format shows Python literal text.
  std::optional<py::Value> literal = py::ParseLiteral(last);
  if (!literal) return std::nullopt;
  rapidjson::Document result;
  result.Parse(py::ToJson(*literal).c_str());
  if (result.HasParseError() || !result.IsArray()) return std::nullopt;
  std::set<std::string> ids;
  for (const auto& v : result.GetArray()) {
    if (v.IsObject() && v.HasMember("Product2Id") && v["Product2Id"].IsString()) {
      ids.insert(v["Product2Id"].GetString());  // get_purchase_history
    } else if (v.IsString()) {
      ids.insert(v.GetString());
    } else {
      return std::nullopt;
    }
  }
  return ids;
}

// Tasks from the task generator (20 per type), replayed for every strategy.
// For tool_call, the tools' own result before `respond` is compared with the
// reference solver's answer: the two paths agree on every instance whose
// tool chain ends in a list of ids.
TEST(SyncDriver, GeneratedTasksReplayWithRewardOne) {
  taskgen::TaskGenOptions options;
  options.seed = 11;
  options.per_type = 20;
  Result<std::vector<tasks::Task>> generated = taskgen::GenerateTasks(testing::SharedDb(), options);
  ASSERT_TRUE(generated.ok()) << generated.status().ToString();
  int runs = 0;
  int cross_checked = 0;
  // None instances that stop at a count object (issue counts, month counts,
  // transfers) have no id list to compare; every other instance of the seven
  // id-answer types ends with one.
  int id_lists_expected = 0;
  for (const tasks::Task& task : *generated) {
    const bool ends_with_counts = task.AnswerIsNone() && (task.task == "top_issue_identification" ||
                                                          task.task == "monthly_trend_analysis" ||
                                                          task.task == "transfer_count");
    if (task.task != "knowledge_qa" && task.task != "policy_violation_identification" && !ends_with_counts) {
      ++id_lists_expected;
    }
  }
  for (const tasks::Task& task : *generated) {
    if (task.reward_metric == tasks::RewardMetric::kPrivacyRejection) continue;
    for (agents::Strategy s : {agents::Strategy::kAct, agents::Strategy::kReact, agents::Strategy::kToolCall,
                               agents::Strategy::kToolCallFlex}) {
      EpisodeResult r = Replay(task, s);
      ++runs;
      EXPECT_EQ(r.end_reason, EndReason::kAnswered) << task.task << " " << task.idx << " " << r.end_detail;
      EXPECT_TRUE(r.score && r.score->reward == 1.0)
          << task.task << " #" << task.idx << " " << agents::StrategyName(s) << " answer=" << r.answer
          << " truth=" << task.answer[0].value_or("None") << "\n" << r.trajectory_json.substr(0, 3000);
      if (s != agents::Strategy::kToolCall) continue;
      std::optional<std::set<std::string>> ids = LastToolIds(r.trajectory_json);
      if (!ids) continue;
      std::set<std::string> truth;
      for (const auto& item : task.answer) {
        if (item && *item != "None") truth.insert(*item);
      }
      ++cross_checked;
      EXPECT_EQ(*ids, truth) << task.task << " #" << task.idx;
    }
  }
  EXPECT_GE(runs, 9 * 20 * 4);
  EXPECT_GE(id_lists_expected, 6 * 20);
  EXPECT_GE(cross_checked, id_lists_expected);
  RecordProperty("episodes", runs);
  RecordProperty("cross_checked", cross_checked);
}

}  // namespace
}  // namespace crm::episode

namespace crm::episode {
namespace {

// Hand-written fixture lines in the official shape plus generator.solution,
// loaded like any task file; their answers do not depend on the org.
TEST(SyncDriver, FixtureFileReplays) {
  Result<std::vector<tasks::Task>> loaded =
      tasks::LoadTaskFile(std::string(CRM_SOURCE_DIR) + "/tests/data/episodes/fixture_tasks.jsonl");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->size(), 2u);
  for (const tasks::Task& task : *loaded) {
    for (agents::Strategy s : {agents::Strategy::kAct, agents::Strategy::kReact, agents::Strategy::kToolCall,
                               agents::Strategy::kToolCallFlex}) {
      EpisodeResult r = Replay(task, s);
      EXPECT_EQ(r.end_reason, EndReason::kAnswered) << task.idx << " " << agents::StrategyName(s) << r.end_detail;
      ASSERT_TRUE(r.score.has_value());
      EXPECT_EQ(r.score->reward, 1.0) << task.idx << " " << agents::StrategyName(s) << " " << r.answer << "\n"
                                      << r.trajectory_json.substr(0, 2000);
    }
  }
}

}  // namespace
}  // namespace crm::episode

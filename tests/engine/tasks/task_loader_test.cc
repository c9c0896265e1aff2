#include "engine/tasks/task_loader.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/tasks/task_writer.h"

namespace crm::tasks {
namespace {

std::string Fixture(const std::string& name) { return std::string(CRM_SOURCE_DIR) + "/tests/data/tasks/" + name; }

std::vector<Task> LoadOk(const std::string& name) {
  Result<std::vector<Task>> tasks = LoadTaskFile(Fixture(name));
  EXPECT_TRUE(tasks.ok()) << tasks.status().ToString();
  return tasks.ok() ? tasks.value() : std::vector<Task>{};
}

std::string LoadError(const std::string& name) {
  Result<std::vector<Task>> tasks = LoadTaskFile(Fixture(name));
  EXPECT_FALSE(tasks.ok());
  return tasks.ok() ? "" : tasks.status().message();
}

TEST(TaskLoaderTest, ReadsNewerJsonListShape) {
  std::vector<Task> tasks = LoadOk("crmarena_list.json");
  ASSERT_EQ(tasks.size(), 5u);
  EXPECT_EQ(tasks[0].idx, 0);
  EXPECT_EQ(tasks[0].task, "handle_time");
  ASSERT_EQ(tasks[0].answer.size(), 1u);
  EXPECT_EQ(tasks[0].answer[0], "005Wt000003otNGIAY");
  EXPECT_EQ(tasks[0].metadata_required,
            "Today's date: 2021-08-01. Handle time is the time from case creation to closure.");
  EXPECT_EQ(tasks[0].metadata_optional, "Q2 runs from April 1 to July 1.");
  EXPECT_FALSE(tasks[0].persona.has_value());
  EXPECT_TRUE(tasks[0].extra.empty());
  ASSERT_EQ(tasks[1].answer.size(), 2u);
  EXPECT_EQ(tasks[1].answer[1], "NY");
  EXPECT_FALSE(tasks[1].AnswerIsNone());
  EXPECT_EQ(tasks[4].reward_metric, RewardMetric::kFuzzyMatch);
  EXPECT_EQ(tasks[4].info()->answer_kind, AnswerKind::kFreeText);
}

TEST(TaskLoaderTest, NullAndListOfNullBothMeanNone) {
  std::vector<Task> tasks = LoadOk("crmarena_list.json");
  ASSERT_EQ(tasks.size(), 5u);
  EXPECT_TRUE(tasks[2].AnswerIsNone());
  EXPECT_TRUE(tasks[3].AnswerIsNone());
  EXPECT_EQ(tasks[2].answer, tasks[3].answer);
}

TEST(TaskLoaderTest, ReadsOlderJsonLinesShape) {
  std::vector<Task> tasks = LoadOk("crmarena_old.jsonl");
  ASSERT_EQ(tasks.size(), 3u);  // the blank line is skipped
  EXPECT_EQ(tasks[0].task, "transfer_count");  // from "type": "transfer_time"
  ASSERT_EQ(tasks[0].answer.size(), 1u);
  EXPECT_EQ(tasks[0].answer[0], "005Wt000003otNHIAY");
  EXPECT_EQ(tasks[1].task, "monthly_trend_analysis");
  EXPECT_EQ(tasks[1].answer[0], "March");
  EXPECT_EQ(tasks[1].info()->answer_kind, AnswerKind::kMonth);
  EXPECT_TRUE(tasks[2].AnswerIsNone());
  // No reward_metric and no metadata.optional: defaults.
  EXPECT_EQ(tasks[2].reward_metric, RewardMetric::kExactMatch);
  EXPECT_EQ(tasks[2].metadata_optional, "");
  for (const Task& task : tasks) EXPECT_TRUE(task.extra.empty()) << task.idx;  // `type` is consumed
}

TEST(TaskLoaderTest, ReadsProKeysAndKeepsUnknownKeysVerbatim) {
  std::vector<Task> tasks = LoadOk("crmarena_pro.jsonl");
  ASSERT_EQ(tasks.size(), 3u);
  EXPECT_EQ(tasks[0].persona, "You are a sales rep who prefers short answers.");
  EXPECT_EQ(tasks[0].info()->answer_kind, AnswerKind::kBantFactors);
  ASSERT_EQ(tasks[0].metadata_extra.size(), 1u);
  EXPECT_EQ(tasks[0].metadata_extra[0], (RawKey{"org_type", "\"b2b\""}));
  EXPECT_EQ(tasks[1].reward_metric, RewardMetric::kPrivacyRejection);
  EXPECT_EQ(tasks[1].info()->answer_kind, AnswerKind::kRefusal);
  ASSERT_EQ(tasks[2].extra.size(), 2u);
  EXPECT_EQ(tasks[2].extra[0].key, "generator");
  EXPECT_EQ(tasks[2].extra[0].json,
            R"({"params":{"today":"2024-03-01T00:00:00Z","n_cases":3},"solution":[{"act":"SELECT Id FROM Opportunity"}]})");
  EXPECT_EQ(tasks[2].extra[1], (RawKey{"split", "\"b2b\""}));
}

TEST(TaskLoaderTest, ParseTaskTextTellsFormatsApartByFirstCharacter) {
  const char* line = R"({"idx": 3, "task": "case_routing", "query": "q", "answer": "005Wt000003otNGIAY"})";
  Result<std::vector<Task>> as_lines = ParseTaskText(std::string("\n  ") + line + "\n", "mem");
  Result<std::vector<Task>> as_list = ParseTaskText(std::string(" [") + line + "]", "mem");
  ASSERT_TRUE(as_lines.ok()) << as_lines.status().ToString();
  ASSERT_TRUE(as_list.ok()) << as_list.status().ToString();
  EXPECT_EQ(as_lines.value(), as_list.value());
  Result<std::vector<Task>> neither = ParseTaskText("\n  idx: 3", "mem");
  ASSERT_FALSE(neither.ok());
  EXPECT_EQ(neither.status().message(), "mem:2:3: expected a JSON list ('[') or JSON lines ('{')");
}

TEST(TaskLoaderTest, BadJsonLineNamesLineAndColumn) {
  EXPECT_EQ(LoadError("bad_json.jsonl"),
            Fixture("bad_json.jsonl") + ":2:48: invalid JSON: Missing a comma or '}' after an object member.");
}

TEST(TaskLoaderTest, BadJsonListNamesLineAndColumn) {
  EXPECT_EQ(LoadError("bad_json_list.json"),
            Fixture("bad_json_list.json") + ":4:1: invalid JSON: Missing a name for object member.");
}

TEST(TaskLoaderTest, MissingQueryNamesLineAndKey) {
  EXPECT_EQ(LoadError("missing_query.jsonl"), Fixture("missing_query.jsonl") + ":3: key 'query': missing");
}

TEST(TaskLoaderTest, AnswerOfWrongTypeNamesLineAndKey) {
  EXPECT_EQ(LoadError("answer_type.jsonl"),
            Fixture("answer_type.jsonl") + ":3: key 'answer': expected a list, a string or null");
}

TEST(TaskLoaderTest, DuplicateIdxNamesBothIndexes) {
  EXPECT_EQ(LoadError("duplicate_idx.json"),
            Fixture("duplicate_idx.json") + "[2]: key 'idx': duplicate idx 7 (first at index 0)");
}

TEST(TaskLoaderTest, UnknownTaskListsValidNames) {
  std::string message = LoadError("unknown_task.jsonl");
  EXPECT_EQ(message, Fixture("unknown_task.jsonl") + ":2: key 'task': unknown task 'handle_times'; known tasks: " +
                         KnownTaskNamesList());
  EXPECT_NE(message.find("handle_time, transfer_count, case_routing, knowledge_qa, named_entity_disambiguation, "
                         "policy_violation_identification, top_issue_identification, monthly_trend_analysis, "
                         "best_region_identification, lead_routing"),
            std::string::npos);
}

TEST(TaskLoaderTest, MissingFileIsIoError) {
  Result<std::vector<Task>> tasks = LoadTaskFile(Fixture("no_such_file.jsonl"));
  ASSERT_FALSE(tasks.ok());
  EXPECT_EQ(tasks.status().code(), StatusCode::kIoError);
}

struct BadCase {
  const char* text;
  const char* message;
};

TEST(TaskLoaderTest, KeyErrorsAreExact) {
  const BadCase cases[] = {
      {R"({"task": "handle_time", "query": "q", "answer": "x"})", "m:1: key 'idx': missing"},
      {R"({"idx": "1", "task": "handle_time", "query": "q", "answer": "x"})", "m:1: key 'idx': expected an integer"},
      {R"({"idx": 1, "query": "q", "answer": "x"})",
       "m:1: key 'task': missing (neither 'task' nor 'type' is present)"},
      {R"({"idx": 1, "type": 5, "query": "q", "answer": "x"})", "m:1: key 'type': expected a string"},
      {R"({"idx": 1, "task": "handle_time", "query": 5, "answer": "x"})", "m:1: key 'query': expected a string"},
      {R"({"idx": 1, "task": "handle_time", "query": "q"})", "m:1: key 'answer': missing"},
      {R"({"idx": 1, "task": "handle_time", "query": "q", "answer": ["x", true]})",
       "m:1: key 'answer[1]': expected a string or null"},
      {R"({"idx": 1, "task": "handle_time", "query": "q", "answer": "x", "reward_metric": "f1"})",
       "m:1: key 'reward_metric': unknown metric 'f1'; known metrics: exact_match, fuzzy_match, privacy_rejection"},
      {R"({"idx": 1, "task": "handle_time", "query": "q", "answer": "x", "metadata": []})",
       "m:1: key 'metadata': expected an object"},
      {R"({"idx": 1, "task": "handle_time", "query": "q", "answer": "x", "metadata": {"required": 1}})",
       "m:1: key 'metadata.required': expected a string"},
      {R"({"idx": 1, "task": "handle_time", "type": "case_routing", "query": "q", "answer": "x"})",
       "m:1: key 'type': 'case_routing' disagrees with 'task' 'handle_time'"},
      {R"([{"idx": 1, "task": "handle_time", "query": "q", "answer": "x"}, 3])", "m[1]: expected a JSON object"},
      {R"({"a": 1})", "m:1: key 'task': missing (neither 'task' nor 'type' is present)"},
  };
  for (const BadCase& c : cases) {
    Result<std::vector<Task>> tasks = ParseTaskText(c.text, "m");
    ASSERT_FALSE(tasks.ok()) << c.text;
    EXPECT_EQ(tasks.status().message(), c.message) << c.text;
  }
}

TEST(TaskLoaderTest, TaskAndTypeMayAgreeUnderOldName) {
  Result<std::vector<Task>> tasks =
      ParseTaskText(R"({"idx": 1, "task": "transfer_count", "type": "transfer_time", "query": "q", "answer": "x"})", "m");
  ASSERT_TRUE(tasks.ok()) << tasks.status().ToString();
  EXPECT_EQ(tasks.value()[0].task, "transfer_count");
}

TEST(TaskLoaderTest, NumericAnswerIsKeptAsText) {
  Result<std::vector<Task>> tasks =
      ParseTaskText(R"({"idx": 1, "task": "handle_time", "query": "q", "answer": [3, 4.5]})", "m");
  ASSERT_TRUE(tasks.ok()) << tasks.status().ToString();
  ASSERT_EQ(tasks.value()[0].answer.size(), 2u);
  EXPECT_EQ(tasks.value()[0].answer[0], "3");
  EXPECT_EQ(tasks.value()[0].answer[1], "4.5");
}

}  // namespace
}  // namespace crm::tasks

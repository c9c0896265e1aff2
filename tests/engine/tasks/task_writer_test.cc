#include "engine/tasks/task_writer.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/tasks/task_loader.h"

namespace crm::tasks {
namespace {

std::string Fixture(const std::string& name) { return std::string(CRM_SOURCE_DIR) + "/tests/data/tasks/" + name; }

TEST(TaskWriterTest, WritesFixedKeyOrderAndPassesUnknownKeysThrough) {
  Result<std::vector<Task>> tasks = LoadTaskFile(Fixture("crmarena_pro.jsonl"));
  ASSERT_TRUE(tasks.ok()) << tasks.status().ToString();
  EXPECT_EQ(TaskToJsonLine(tasks.value()[2]),
            R"({"idx":102,"task":"wrong_stage_rectification","query":"Opportunity 006Wt000002aBcDIAU looks misfiled; )"
            R"(what stage should it be in?","answer":["Discovery"],"reward_metric":"exact_match","metadata":)"
            R"({"required":"Stage rules: ...","optional":""},"generator":{"params":{"today":"2024-03-01T00:00:00Z",)"
            R"("n_cases":3},"solution":[{"act":"SELECT Id FROM Opportunity"}]},"split":"b2b"})");
}

TEST(TaskWriterTest, WritesOlderShapeInNewerForm) {
  Result<std::vector<Task>> tasks = LoadTaskFile(Fixture("crmarena_old.jsonl"));
  ASSERT_TRUE(tasks.ok()) << tasks.status().ToString();
  EXPECT_EQ(TaskToJsonLine(tasks.value()[2]),
            R"({"idx":12,"task":"top_issue_identification","query":"What was the most common issue for this product )"
            R"(in the past 6 months?","answer":[null],"reward_metric":"exact_match","metadata":)"
            R"({"required":"Today's date: 2023-05-01.","optional":""}})");
  EXPECT_EQ(TaskToJsonLine(tasks.value()[0]).substr(0, 36), R"({"idx":10,"task":"transfer_count","q)");
}

TEST(TaskWriterTest, RoundTripsEveryFixture) {
  for (const char* name : {"crmarena_list.json", "crmarena_old.jsonl", "crmarena_pro.jsonl"}) {
    Result<std::vector<Task>> tasks = LoadTaskFile(Fixture(name));
    ASSERT_TRUE(tasks.ok()) << tasks.status().ToString();
    std::string text = TasksToJsonLines(tasks.value());
    Result<std::vector<Task>> again = ParseTaskText(text, "rewritten");
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_EQ(again.value(), tasks.value()) << name;
    EXPECT_EQ(TasksToJsonLines(again.value()), text) << name;  // a fixed point
  }
}

TEST(TaskWriterTest, EmptyAnswerListStaysEmpty) {
  Result<std::vector<Task>> tasks = ParseTaskText(R"({"idx":1,"task":"handle_time","query":"q","answer":[]})", "m");
  ASSERT_TRUE(tasks.ok()) << tasks.status().ToString();
  EXPECT_TRUE(tasks.value()[0].AnswerIsNone());
  EXPECT_NE(TaskToJsonLine(tasks.value()[0]).find(R"("answer":[],)"), std::string::npos);
}

TEST(TaskWriterTest, WriteTaskFileThenLoad) {
  Result<std::vector<Task>> tasks = LoadTaskFile(Fixture("crmarena_list.json"));
  ASSERT_TRUE(tasks.ok()) << tasks.status().ToString();
  std::string path = std::string(CRM_BINARY_DIR) + "/task_writer_test.jsonl";
  ASSERT_TRUE(WriteTaskFile(path, tasks.value()).ok());
  Result<std::vector<Task>> again = LoadTaskFile(path);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again.value(), tasks.value());
}

}  // namespace
}  // namespace crm::tasks

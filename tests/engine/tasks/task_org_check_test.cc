// `tasks check`: generated tasks name only ids their org holds; an id the
// org lacks (another org's, or a record deleted since) is reported with its
// task, object and place; 15-character ids match their 18-character form;
// words of 15 or 18 letters and ids of objects the org does not have are not
// taken for ids.
#include "engine/tasks/task_org_check.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "engine/gen/generator.h"
#include "engine/tasks/gen/task_generator.h"

namespace crm::tasks {
namespace {

namespace fs = std::filesystem;

class TaskOrgCheckTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = (fs::temp_directory_path() / ("crm_task_check_" + std::to_string(::getpid()))).string();
    fs::create_directories(dir_);
    gen::GeneratorOptions g;
    g.seed = 5;
    g.scale = 0.1;
    g.out_path = dir_ + "/org.db";
    ASSERT_TRUE(gen::GenerateOrg(g).ok());
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string dir_;
};
std::string TaskOrgCheckTest::dir_;

TEST_F(TaskOrgCheckTest, GeneratedTasksNameOnlyIdsOfTheirOrgAndAForeignIdIsReported) {
  auto db = org::Database::Open(dir_ + "/org.db", org::Database::Mode::kReadOnly);
  ASSERT_TRUE(db.ok());
  taskgen::TaskGenOptions options;
  options.seed = 2;
  options.per_type = 3;
  auto generated = taskgen::GenerateTasks(**db, options);
  ASSERT_TRUE(generated.ok()) << generated.status().message();
  auto clean = CheckTaskIds(**db, *generated);
  ASSERT_TRUE(clean.ok()) << clean.status().message();
  EXPECT_GT(clean->ids_checked, 5u);
  EXPECT_TRUE(clean->missing.empty()) << FormatTaskOrgCheck(*clean);

  auto case_id = (*db)->Prepare("SELECT Id FROM \"Case\" ORDER BY Id LIMIT 1");
  ASSERT_TRUE(case_id.ok() && *case_id->Step());
  const std::string real = case_id->ColumnText(0);
  Task t;
  t.idx = 77;
  t.task = "case_routing";
  t.query = "Route case " + real.substr(0, 15) + " (short form) and look at 500000000000999ZZZ; "
            "Characterization is a word, and so is Institutionalization.";
  t.answer = {std::string("005ZZZZZZZZZZZZZZZ"), std::string("a9X000000000001AAA")};
  auto check = CheckTaskIds(**db, {t});
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->ids_checked, 3u);  // the short id, the unknown case, the unknown user; not a9X (no such object)
  ASSERT_EQ(check->missing.size(), 2u) << FormatTaskOrgCheck(*check);
  EXPECT_EQ(check->tasks_with_missing, 1u);
  EXPECT_EQ(check->missing[0].id, "500000000000999ZZZ");
  EXPECT_EQ(check->missing[0].object, "Case");
  EXPECT_EQ(check->missing[0].where, "query");
  EXPECT_EQ(check->missing[1].object, "User");
  EXPECT_EQ(check->missing[1].where, "answer");
  EXPECT_NE(FormatTaskOrgCheck(*check).find("task 77 (case_routing): Case 500000000000999ZZZ in its query"), std::string::npos);
}

}  // namespace
}  // namespace crm::tasks

// The reference solvers on hand-made case histories, where every count is
// known: the transfer rule of the official tool (transfers counted for the
// agent who gave the case away, in [start, end] inclusive, restricted to
// qualified agents, and an agent with no transfer left out).
#include "engine/tasks/gen/solvers.h"

#include <gtest/gtest.h>

#include <tuple>

#include "engine/org/datetime.h"
#include "tests/engine/org/test_org.h"

namespace crm::taskgen {
namespace {

int64_t At(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return org::DaysFromCivil({y, m, d}) * org::kSecondsPerDay + hh * 3600 + mm * 60 + ss;
}

// (case, old owner or "", new owner, when) for 'Owner Assignment' rows.
using Row = std::tuple<const char*, const char*, const char*, int64_t>;

class TransferRuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = testing::TempDir() + "/transfers-" + std::to_string(++counter_) + ".db";
    auto db = org::Database::Open(path, org::Database::Mode::kReadWriteCreate);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    ASSERT_TRUE(db_->Exec("CREATE TABLE CaseHistory__c (Id TEXT, CaseId__c TEXT, Field__c TEXT, OldValue__c TEXT, "
                          "NewValue__c TEXT, CreatedDate TEXT)")
                    .ok());
    // March 2023. A, B and C handle 3 cases each, D and E one each.
    const std::vector<Row> rows = {
        {"c1", "", "A", At(2023, 3, 2)},
        {"c2", "", "A", At(2023, 3, 3)},
        {"c3", "", "A", At(2023, 3, 4)},
        {"c4", "", "B", At(2023, 3, 5, 12)},
        {"c5", "", "B", At(2023, 3, 6)},
        {"c4", "B", "C", At(2023, 3, 7)},  // B gives two cases away
        {"c5", "B", "C", At(2023, 3, 8)},
        {"c6", "", "C", At(2023, 3, 9)},
        {"c6", "C", "B", At(2023, 4, 1)},  // C gives one away, at the very end of the period
        {"c7", "", "D", At(2023, 3, 10)},
        {"c7", "D", "E", At(2023, 3, 11)},          // D gives one away but handled only one
        {"c8", "B", "E", At(2023, 2, 28, 23, 59, 59)},  // before the period
        {"c9", "A", "E", At(2023, 4, 1, 0, 0, 1)},      // after it
    };
    int id = 0;
    for (const auto& [case_id, old_owner, new_owner, when] : rows) {
      auto insert = db_->Prepare("INSERT INTO CaseHistory__c VALUES (?1, ?2, 'Owner Assignment', ?3, ?4, ?5)");
      ASSERT_TRUE(insert.ok()) << insert.status().ToString();
      insert->BindText(1, "h" + std::to_string(++id));
      insert->BindText(2, case_id);
      if (*old_owner != '\0') insert->BindText(3, old_owner);  // left unbound: NULL
      insert->BindText(4, new_owner);
      insert->BindText(5, org::FormatDateTime(when));
      ASSERT_TRUE(insert->Step().ok());
    }
  }

  static const Period kMarch;
  static int counter_;
  std::unique_ptr<org::Database> db_;
};
const Period TransferRuleTest::kMarch = {At(2023, 3, 1), At(2023, 4, 1)};
int TransferRuleTest::counter_ = 0;

TEST_F(TransferRuleTest, CountsForTheAgentWhoGaveTheCaseAwayWithinInclusiveBounds) {
  auto handled = HandledCaseCounts(*db_, kMarch);
  ASSERT_TRUE(handled.ok());
  EXPECT_EQ(*handled, (std::map<std::string, int64_t>{{"A", 3}, {"B", 3}, {"C", 3}, {"D", 1}, {"E", 1}}));
  auto transfers = TransferCounts(*db_, kMarch);
  ASSERT_TRUE(transfers.ok());
  // A gave nothing away in March (its transfer is one second late): absent, not zero.
  EXPECT_EQ(*transfers, (std::map<std::string, int64_t>{{"B", 2}, {"C", 1}, {"D", 1}}));
}

TEST_F(TransferRuleTest, FewestIsAmongQualifiedAgentsWithAtLeastOneTransfer) {
  // n = 2 qualifies A, B and C. A transferred nothing, so it is not the
  // fewest; D ties with C but does not qualify.
  auto fewest = SolveTransferCount(*db_, kMarch, 2, /*want_max=*/false);
  ASSERT_TRUE(fewest.ok());
  EXPECT_EQ(*fewest, std::vector<std::string>{"C"});
  auto most = SolveTransferCount(*db_, kMarch, 2, /*want_max=*/true);
  ASSERT_TRUE(most.ok());
  EXPECT_EQ(*most, std::vector<std::string>{"B"});
}

TEST_F(TransferRuleTest, NoneWhenNoQualifiedAgentTransferredOrNobodyQualifies) {
  // March 1-5: only A handled more than one case, and A gave nothing away.
  const Period early = {At(2023, 3, 1), At(2023, 3, 5)};
  for (bool want_max : {false, true}) {
    auto answer = SolveTransferCount(*db_, early, 1, want_max);
    ASSERT_TRUE(answer.ok());
    EXPECT_TRUE(answer->empty()) << (*answer)[0];
  }
  // Nobody handled more than 3 cases in March.
  auto none = SolveTransferCount(*db_, kMarch, 3, false);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace crm::taskgen

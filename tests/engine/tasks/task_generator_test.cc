// Generated tasks: shape, determinism, None shares, and ground truth
// recomputed here in plain C++ from raw rows, independently of the
// generator's SQL solvers, under the official tools' rules (TASKS.md
// section 3): None instances must be None and the others must match.
#include "engine/tasks/gen/task_generator.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <map>
#include <set>

#include "engine/org/datetime.h"
#include "engine/tasks/gen/periods.h"
#include "engine/tasks/task_loader.h"
#include "engine/tasks/task_writer.h"
#include "tests/engine/org/test_org.h"

namespace crm::taskgen {
namespace {

struct CaseRow {
  std::string id, owner, account, status, product, issue;
  int64_t created = 0, closed = -1;
};
struct Assignment {
  std::string case_id, old_value, new_value;
  int64_t at = 0;
};

// The whole org, read once with the simplest possible queries.
struct RawOrg {
  std::vector<CaseRow> cases;
  std::vector<Assignment> assignments;
  std::map<std::string, std::string> state_of_account;
};

const RawOrg& Raw() {
  static const RawOrg raw = [] {
    RawOrg r;
    auto db = testing::OpenSharedOrg();
    auto c = db->Prepare(
        "SELECT c.Id, c.OwnerId, c.AccountId, c.Status, oi.Product2Id, c.IssueId__c, c.CreatedDate, c.ClosedDate "
        "FROM \"Case\" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c");
    while (*c->Step()) {
      CaseRow row{c->ColumnText(0), c->ColumnText(1), c->ColumnText(2), c->ColumnText(3), c->ColumnText(4),
                  c->ColumnText(5), *org::ParseDateTime(c->ColumnText(6)), -1};
      if (!c->ColumnIsNull(7)) row.closed = *org::ParseDateTime(c->ColumnText(7));
      r.cases.push_back(row);
    }
    auto h = db->Prepare("SELECT CaseId__c, OldValue__c, NewValue__c, CreatedDate FROM CaseHistory__c "
                         "WHERE Field__c = 'Owner Assignment'");
    while (*h->Step()) {
      r.assignments.push_back({h->ColumnText(0), h->ColumnText(1), h->ColumnText(2), *org::ParseDateTime(h->ColumnText(3))});
    }
    auto a = db->Prepare("SELECT Id, ShippingState FROM Account");
    while (*a->Step()) r.state_of_account[a->ColumnText(0)] = a->ColumnText(1);
    return r;
  }();
  return raw;
}

std::vector<std::string> Extreme(const std::map<std::string, double>& values, bool want_max) {
  std::vector<std::string> out;
  if (values.empty()) return out;
  double best = values.begin()->second;
  for (const auto& [k, v] : values) best = want_max ? std::max(best, v) : std::min(best, v);
  for (const auto& [k, v] : values) {
    if (v == best) out.push_back(k);
  }
  return out;
}

struct Params {
  rapidjson::Document doc;
  int64_t Stamp(const char* key) const { return *org::ParseDateTime(doc["params"][key].GetString()); }
  std::string Str(const char* key) const { return doc["params"][key].GetString(); }
  int Int(const char* key) const { return doc["params"][key].GetInt(); }
};

Params GeneratorOf(const tasks::Task& t) {
  Params p;
  for (const auto& raw : t.extra) {
    if (raw.key == "generator") p.doc.Parse(raw.json.c_str());
  }
  return p;
}

std::vector<std::string> Truth(const tasks::Task& t) {
  std::vector<std::string> out;
  for (const auto& a : t.answer) {
    if (a) out.push_back(*a);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::map<std::string, int> Handled(int64_t start, int64_t end) {
  std::map<std::string, int> n;
  for (const Assignment& a : Raw().assignments) {
    if (a.at >= start && a.at <= end) ++n[a.new_value];
  }
  return n;
}

std::vector<std::string> HandleTime(int64_t start, int64_t end, int n_cases, bool want_max) {
  std::map<std::string, int> handled = Handled(start, end), per_case;
  for (const Assignment& a : Raw().assignments) {
    if (a.at >= start && a.at <= end) ++per_case[a.case_id];
  }
  std::map<std::string, std::pair<double, int>> sums;
  for (const CaseRow& c : Raw().cases) {
    if (c.status != "Closed" || c.created < start || c.created >= end) continue;
    if (handled[c.owner] <= n_cases || per_case[c.id] != 1) continue;
    sums[c.owner].first += static_cast<double>(c.closed - c.created);
    sums[c.owner].second += 1;
  }
  std::map<std::string, double> avg;
  for (const auto& [agent, s] : sums) avg[agent] = s.first / s.second;
  return Extreme(avg, want_max);
}

std::vector<std::string> Qualified(int64_t start, int64_t end, int n_cases) {
  std::vector<std::string> out;
  for (const auto& [agent, n] : Handled(start, end)) {
    if (n > n_cases) out.push_back(agent);
  }
  return out;
}

// Transfers are counted for the agent who gave the case away; a qualified
// agent who gave none away does not appear, so it is never the "fewest".
std::vector<std::string> TransferCount(int64_t start, int64_t end, int n_cases, bool want_max) {
  const std::vector<std::string> qualified = Qualified(start, end, n_cases);
  std::map<std::string, double> transfers;
  for (const Assignment& a : Raw().assignments) {
    if (a.at < start || a.at > end || a.old_value.empty()) continue;
    if (std::count(qualified.begin(), qualified.end(), a.old_value)) transfers[a.old_value] += 1;
  }
  return Extreme(transfers, want_max);
}

// Cases with one owner assignment in [start, end].
std::set<std::string> NonTransferred(int64_t start, int64_t end) {
  std::map<std::string, int> per_case;
  for (const Assignment& a : Raw().assignments) {
    if (a.at >= start && a.at <= end) ++per_case[a.case_id];
  }
  std::set<std::string> out;
  for (const auto& [id, n] : per_case) {
    if (n == 1) out.insert(id);
  }
  return out;
}

// Cases about the product created in [start, end), by month name.
std::map<std::string, int> MonthCounts(const std::string& product, int64_t start, int64_t end) {
  std::map<std::string, int> counts;
  for (const CaseRow& c : Raw().cases) {
    if (c.product == product && c.created >= start && c.created < end) {
      counts[org::kMonthNames[org::CivilFromDays(c.created / org::kSecondsPerDay).month - 1]] += 1;
    }
  }
  return counts;
}

// The six types whose answer may be None, as the published file has them.
const std::set<std::string>& Nullable() {
  static const std::set<std::string> kTypes = {"handle_time",
                                               "transfer_count",
                                               "top_issue_identification",
                                               "monthly_trend_analysis",
                                               "named_entity_disambiguation",
                                               "policy_violation_identification"};
  return kTypes;
}

class TaskGeneratorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto db = testing::OpenSharedOrg();
    TaskGenOptions options;
    options.seed = 3;
    options.per_type = 20;
    auto generated = GenerateTasks(*db, options);
    ASSERT_TRUE(generated.ok()) << generated.status().ToString();
    tasks_ = new std::vector<tasks::Task>(std::move(generated).value());
  }
  static void TearDownTestSuite() { delete tasks_; }
  static std::vector<const tasks::Task*> OfType(const std::string& type) {
    std::vector<const tasks::Task*> out;
    for (const auto& t : *tasks_) {
      if (t.task == type) out.push_back(&t);
    }
    return out;
  }
  static std::vector<tasks::Task>* tasks_;
};
std::vector<tasks::Task>* TaskGeneratorTest::tasks_ = nullptr;

TEST_F(TaskGeneratorTest, AllNineTypesWithUniqueIdxAndRoundTrip) {
  ASSERT_EQ(tasks_->size(), 9u * 20u);
  for (const std::string& type : OriginalTaskTypes()) EXPECT_EQ(OfType(type).size(), 20u) << type;
  std::set<int64_t> idx;
  for (const auto& t : *tasks_) EXPECT_TRUE(idx.insert(t.idx).second);
  auto reloaded = tasks::ParseTaskText(tasks::TasksToJsonLines(*tasks_), "generated.jsonl");
  ASSERT_TRUE(reloaded.ok()) << reloaded.status().ToString();
  EXPECT_EQ(*reloaded, *tasks_);
}

TEST_F(TaskGeneratorTest, NoneOnlyWhereAllowedAndAboutThirtyPercent) {
  for (const auto& t : *tasks_) {
    if (!Nullable().count(t.task)) {
      EXPECT_FALSE(t.AnswerIsNone()) << t.idx << " " << t.task;
    }
    EXPECT_FALSE(t.query.empty());
    EXPECT_NE(t.metadata_required.find("Today's date: "), std::string::npos) << t.task;
  }
  for (const std::string& type : Nullable()) {
    int none = 0;
    for (const auto* t : OfType(type)) none += t->AnswerIsNone() ? 1 : 0;
    EXPECT_GE(none, 4) << type;  // a share of 0.2 to 0.4 of 20
    EXPECT_LE(none, 8) << type;
  }
}

TEST_F(TaskGeneratorTest, NonNoneAnswersAreOneItem) {
  // Ties are legal but the generator keeps only single answers.
  for (const auto& t : *tasks_) {
    if (!t.AnswerIsNone()) {
      EXPECT_EQ(t.answer.size(), 1u) << t.idx << " " << t.task;
    }
  }
}

TEST_F(TaskGeneratorTest, ManagerAnswersMatchAnIndependentRecomputation) {
  // Both kinds of instance are in the sample, so both are checked below.
  for (const char* type : {"handle_time", "transfer_count"}) {
    int none = 0;
    for (const auto* t : OfType(type)) none += t->AnswerIsNone() ? 1 : 0;
    EXPECT_GT(none, 0) << type;
    EXPECT_LT(none, 20) << type;
  }
  for (const auto* t : OfType("handle_time")) {
    Params p = GeneratorOf(*t);
    EXPECT_EQ(HandleTime(p.Stamp("start_date"), p.Stamp("end_date"), p.Int("n_cases"), p.Str("extrema") == "max"), Truth(*t))
        << t->query;
  }
  for (const auto* t : OfType("transfer_count")) {
    Params p = GeneratorOf(*t);
    EXPECT_EQ(TransferCount(p.Stamp("start_date"), p.Stamp("end_date"), p.Int("n_cases"), p.Str("extrema") == "max"),
              Truth(*t))
        << t->query;
  }
}

TEST_F(TaskGeneratorTest, AnalystAnswersMatchAnIndependentRecomputation) {
  for (const auto* t : OfType("best_region_identification")) {
    Params p = GeneratorOf(*t);
    const int64_t s = p.Stamp("start_date"), e = p.Stamp("end_date");
    std::map<std::string, std::pair<double, int>> sums;
    for (const CaseRow& c : Raw().cases) {
      if (c.status != "Closed" || c.created < s || c.created >= e) continue;
      auto& sum = sums[Raw().state_of_account.at(c.account)];
      sum.first += static_cast<double>(c.closed - c.created);
      sum.second += 1;
    }
    std::map<std::string, double> avg;
    for (const auto& [state, sum] : sums) avg[state] = sum.first / sum.second;
    EXPECT_EQ(Extreme(avg, false), Truth(*t)) << t->query;
  }
  for (const auto* t : OfType("top_issue_identification")) {
    Params p = GeneratorOf(*t);
    std::map<std::string, double> counts;
    for (const CaseRow& c : Raw().cases) {
      if (c.product == p.Str("product_id") && c.created >= p.Stamp("start_date") && c.created <= p.Stamp("end_date")) {
        counts[c.issue] += 1;
      }
    }
    EXPECT_EQ(Extreme(counts, true), Truth(*t)) << t->query;
  }
  for (const auto* t : OfType("monthly_trend_analysis")) {
    Params p = GeneratorOf(*t);
    // A trend month has more cases than the threshold the task states.
    const int threshold = p.Int("threshold");
    EXPECT_GE(threshold, 1);  // one case is never a trend
    EXPECT_NE(t->metadata_required.find("more than " + std::to_string(threshold) + " of the cases"), std::string::npos)
        << t->metadata_required;
    std::vector<std::string> trend;
    for (const auto& [month, n] : MonthCounts(p.Str("product_id"), p.Stamp("start_date"), p.Stamp("end_date"))) {
      if (n > threshold) trend.push_back(month);
    }
    std::sort(trend.begin(), trend.end());
    EXPECT_EQ(trend, Truth(*t)) << t->query;
  }
  for (const char* type : {"top_issue_identification", "monthly_trend_analysis"}) {
    int none = 0;
    for (const auto* t : OfType(type)) none += t->AnswerIsNone() ? 1 : 0;
    EXPECT_GT(none, 0) << type;
    EXPECT_LT(none, 20) << type;
  }
}

// A None instance's tool solution stops at the first empty result and
// answers None: the official tools read an empty id list as "no filter",
// so passing one on would widen the search instead of ending it.
TEST_F(TaskGeneratorTest, NoneToolSolutionsStopAtTheFirstEmptyResult) {
  int checked = 0;
  for (const auto& t : *tasks_) {
    if (!t.AnswerIsNone() || !Nullable().count(t.task)) continue;
    Params p = GeneratorOf(t);
    const auto& steps = p.doc["solution"]["tool_call"];
    ASSERT_GE(steps.Size(), 2u);
    const auto& last = steps[steps.Size() - 1];
    EXPECT_STREQ(last["tool"].GetString(), "respond");
    EXPECT_STREQ(last["arguments"]["content"].GetString(), "None") << t.idx;
    for (const auto& act : p.doc["solution"]["act"].GetArray()) {
      if (act.HasMember("respond")) {
        EXPECT_STREQ(act["respond"].GetString(), "None") << t.idx;
      }
    }
    std::string expected;
    if (t.task == "handle_time" || t.task == "transfer_count") {
      const int64_t s = p.Stamp("start_date"), e = p.Stamp("end_date");
      if (Qualified(s, e, p.Int("n_cases")).empty()) {
        expected = "get_qualified_agent_ids_by_case_count";
      } else if (t.task == "transfer_count") {
        expected = "get_agent_transferred_cases_by_period";
      } else {
        expected = NonTransferred(s, e).empty() ? "get_non_transferred_case_ids" : "get_cases";
      }
    } else if (t.task == "top_issue_identification") {
      expected = "get_issue_counts";
    } else if (t.task == "monthly_trend_analysis") {
      expected = "get_month_to_case_count";
    } else {
      continue;  // the service tasks read records; they pass no ids on
    }
    EXPECT_EQ(steps[steps.Size() - 2]["tool"].GetString(), expected) << t.idx << " " << t.task;
    ++checked;
  }
  EXPECT_GE(checked, 4 * 4);  // at least a share of 0.2 of each of the four
}

TEST_F(TaskGeneratorTest, RoutingPicksTheAgentWithMostClosedCasesOfTheIssue) {
  for (const auto* t : OfType("case_routing")) {
    Params p = GeneratorOf(*t);
    std::map<std::string, double> by_issue;
    for (const CaseRow& c : Raw().cases) {
      if (c.status == "Closed" && c.issue == p.Str("issue_id")) by_issue[c.owner] += 1;
    }
    std::vector<std::string> best = Extreme(by_issue, true);
    if (best.size() > 1) {
      std::map<std::string, double> by_product;
      for (const std::string& a : best) by_product[a] = 0;
      for (const CaseRow& c : Raw().cases) {
        if (c.status == "Closed" && c.product == p.Str("product_id") && by_product.count(c.owner)) by_product[c.owner] += 1;
      }
      best = Extreme(by_product, true);
    }
    EXPECT_EQ(best, Truth(*t)) << t->query;
  }
}

TEST_F(TaskGeneratorTest, ServiceAnswersAreGrounded) {
  auto db = testing::OpenSharedOrg();
  for (const auto* t : OfType("policy_violation_identification")) {
    Params p = GeneratorOf(*t);
    auto stmt = db->Prepare("SELECT ViolatedArticleId FROM _truth_case WHERE CaseId = ?1");
    stmt->BindText(1, p.Str("case_id"));
    ASSERT_TRUE(*stmt->Step());
    std::vector<std::string> expected;
    if (!stmt->ColumnIsNull(0)) expected.push_back(stmt->ColumnText(0));
    EXPECT_EQ(expected, Truth(*t));
  }
  for (const auto* t : OfType("knowledge_qa")) {
    Params p = GeneratorOf(*t);
    auto stmt = db->Prepare("SELECT FAQ_Answer__c FROM Knowledge__kav WHERE Id = ?1");
    stmt->BindText(1, p.Str("article_id"));
    ASSERT_TRUE(*stmt->Step());
    const std::string body = stmt->ColumnText(0);
    ASSERT_EQ(t->answer.size(), 1u);
    // The fact is stated in the article (numbers and key words appear in its body).
    std::string first_word = t->answer[0]->substr(0, t->answer[0]->find(' '));
    if (first_word.front() == '$') first_word = first_word.substr(1);
    EXPECT_NE(body.find(first_word), std::string::npos) << *t->answer[0] << " vs " << body;
  }
  for (const auto* t : OfType("named_entity_disambiguation")) {
    if (t->AnswerIsNone()) continue;
    Params p = GeneratorOf(*t);
    auto stmt = db->Prepare("SELECT lower(Name) FROM Product2 WHERE Id = ?1");
    stmt->BindText(1, *t->answer[0]);
    ASSERT_TRUE(*stmt->Step());
    const std::string name = stmt->ColumnText(0), mention = p.Str("search_term");
    size_t last_space = mention.rfind(' ');
    EXPECT_NE(name.find(mention.substr(last_space == std::string::npos ? 0 : last_space + 1)), std::string::npos)
        << name << " / " << mention;
  }
}

TEST_F(TaskGeneratorTest, SolutionsEndWithTheAnswerAndReferenceEarlierSteps) {
  for (const auto& t : *tasks_) {
    Params p = GeneratorOf(t);
    ASSERT_TRUE(p.doc.IsObject()) << t.idx;
    std::string expected;
    for (const auto& a : Truth(t)) expected += (expected.empty() ? "" : ", ") + a;
    if (expected.empty()) expected = "None";
    for (const char* strategy : {"act", "react"}) {
      const auto& steps = p.doc["solution"][strategy];
      ASSERT_GE(steps.Size(), 2u);
      EXPECT_TRUE(steps[0].HasMember("execute"));
      EXPECT_EQ(std::string(steps[steps.Size() - 1]["respond"].GetString()).size(), expected.size()) << t.idx;
    }
    for (const char* strategy : {"tool_call", "tool_call_flex"}) {
      const auto& steps = p.doc["solution"][strategy];
      ASSERT_GE(steps.Size(), 2u);
      EXPECT_STREQ(steps[steps.Size() - 1]["tool"].GetString(), "respond");
      for (rapidjson::SizeType i = 0; i < steps.Size(); ++i) {
        for (const auto& arg : steps[i]["arguments"].GetObject()) {
          if (arg.value.IsObject() && arg.value.HasMember("$result")) {
            EXPECT_LT(arg.value["$result"].GetUint(), i);
          }
        }
      }
    }
  }
}

// The share holds for other seeds too, and the two kinds of None of the
// agent-ranking tasks both occur: nobody qualifies, or the qualified agents
// have nothing to rank (no transfer; no closed, non-transferred case).
TEST(TaskGeneratorNoneShare, EverySeedAndBothKindsOfAgentNone) {
  auto db = testing::OpenSharedOrg();
  std::map<std::string, int> with_qualified_agents;
  for (uint64_t seed : {1, 2, 5}) {
    TaskGenOptions options;
    options.seed = seed;
    options.per_type = 20;
    options.types.assign(Nullable().begin(), Nullable().end());
    auto generated = GenerateTasks(*db, options);
    ASSERT_TRUE(generated.ok()) << generated.status().ToString();
    std::map<std::string, int> none;
    for (const auto& t : *generated) {
      if (!t.AnswerIsNone()) continue;
      ++none[t.task];
      if (t.task != "handle_time" && t.task != "transfer_count") continue;
      Params p = GeneratorOf(t);
      if (!Qualified(p.Stamp("start_date"), p.Stamp("end_date"), p.Int("n_cases")).empty()) ++with_qualified_agents[t.task];
    }
    for (const std::string& type : Nullable()) {
      EXPECT_GE(none[type], 4) << type << " seed " << seed;
      EXPECT_LE(none[type], 8) << type << " seed " << seed;
    }
  }
  EXPECT_GT(with_qualified_agents["handle_time"], 0);
  EXPECT_GT(with_qualified_agents["transfer_count"], 0);
}

TEST(TaskGeneratorDeterminism, SameSeedSameTasksOtherSeedOthers) {
  auto db = testing::OpenSharedOrg();
  TaskGenOptions options;
  options.per_type = 3;
  options.seed = 9;
  auto a = GenerateTasks(*db, options), b = GenerateTasks(*db, options);
  options.seed = 10;
  auto c = GenerateTasks(*db, options);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(tasks::TasksToJsonLines(*a), tasks::TasksToJsonLines(*b));
  EXPECT_NE(tasks::TasksToJsonLines(*a), tasks::TasksToJsonLines(*c));
}

TEST(TaskGeneratorErrors, RejectsUnknownTypesAndForeignOrgs) {
  auto db = testing::OpenSharedOrg();
  TaskGenOptions options;
  options.types = {"handle_time", "best_vibes"};
  auto r = GenerateTasks(*db, options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown task type 'best_vibes'"), std::string::npos);
  options.types = {};
  options.per_type = 0;
  EXPECT_FALSE(GenerateTasks(*db, options).ok());

  const std::string path = testing::TempDir() + "/plain.db";
  auto plain = org::Database::Open(path, org::Database::Mode::kReadWriteCreate);
  ASSERT_TRUE(plain.ok());
  ASSERT_TRUE((*plain)->Exec("CREATE TABLE x(y)").ok());
  options.per_type = 1;
  r = GenerateTasks(**plain, options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no ground-truth tables"), std::string::npos);
}

TEST(PeriodsTest, NamedAndRelativePeriods) {
  auto day = [](int y, int m, int d) { return org::DaysFromCivil({y, m, d}); };
  auto at = [&](int y, int m, int d) { return day(y, m, d) * org::kSecondsPerDay; };
  EXPECT_EQ(NamedPeriod("Q4", 2021)->start, at(2021, 10, 1));
  EXPECT_EQ(NamedPeriod("Q4", 2021)->end, at(2022, 1, 1));
  EXPECT_EQ(NamedPeriod("Winter", 2022)->start, at(2022, 12, 1));
  EXPECT_EQ(NamedPeriod("Winter", 2022)->end, at(2023, 3, 1));
  EXPECT_EQ(NamedPeriod("February", 2024)->end, at(2024, 3, 1));
  EXPECT_FALSE(NamedPeriod("Q5", 2021));
  EXPECT_EQ(RelativePeriod(day(2024, 3, 31), "month", 1)->start, at(2024, 2, 29));  // clamps
  EXPECT_EQ(RelativePeriod(day(2024, 3, 31), "quarter", 1)->start, at(2023, 12, 31));
  EXPECT_EQ(RelativePeriod(day(2024, 3, 31), "week", 2)->start, at(2024, 3, 17));
  EXPECT_EQ(RelativePeriod(day(2024, 3, 31), "day", 10)->end, at(2024, 3, 31));
  EXPECT_FALSE(RelativePeriod(day(2024, 3, 31), "year", 1));
}

}  // namespace
}  // namespace crm::taskgen

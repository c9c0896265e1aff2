#include "scheduler/report/report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

namespace crm::sched {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("crm-report-" + std::to_string(getpid()) + "-" + name)).string();
}

std::string Line(const std::string& key, const std::string& model, const std::string& strategy, int task_id, int seed,
                 const std::string& task, const std::string& status, double reward, double cost = 0.001) {
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                R"({"record":"episode","key":"%s","model":"%s","strategy":"%s","task_id":%d,"seed":%d,"task":"%s",)"
                R"("status":"%s","reward":%g,"success":%s,"turns":3,"usage":{"input_tokens":100,"output_tokens":20},)"
                R"("cost_usd":%g,"latencies_ms":[100,200],"answer":"x","ground_truth":["x"],)"
                R"("episode":{"trajectory":[{"role":"user","content":"q"}]}})",
                key.c_str(), model.c_str(), strategy.c_str(), task_id, seed, task.c_str(), status.c_str(), reward,
                reward >= 1 ? "true" : "false", cost);
  return buf;
}

TEST(StatisticsTest, WilsonPercentileBootstrapMcNemar) {
  Interval w = WilsonInterval(8, 10);
  EXPECT_NEAR(w.low, 0.4902, 1e-3);
  EXPECT_NEAR(w.high, 0.9433, 1e-3);
  EXPECT_NEAR(WilsonInterval(0, 20).low, 0.0, 1e-12);
  EXPECT_NEAR(WilsonInterval(0, 20).high, 0.1611, 1e-3);
  EXPECT_DOUBLE_EQ(Percentile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(Percentile({5}, 0.95), 5);
  EXPECT_DOUBLE_EQ(Percentile({}, 0.5), 0);
  EXPECT_NEAR(McNemarExactP(1, 6), 0.125, 1e-12);
  EXPECT_DOUBLE_EQ(McNemarExactP(0, 0), 1.0);
  EXPECT_NEAR(McNemarExactP(0, 10), 2.0 / 1024, 1e-12);
  std::vector<std::pair<double, double>> same(50, {1.0, 0.0});
  PairedDifference d = PairedBootstrap(same);
  EXPECT_DOUBLE_EQ(d.mean, 1.0);
  EXPECT_DOUBLE_EQ(d.ci.low, 1.0);
  std::vector<std::pair<double, double>> mixed;
  for (int i = 0; i < 40; ++i) mixed.push_back({i % 2 ? 1.0 : 0.0, 0.0});
  PairedDifference m = PairedBootstrap(mixed);
  EXPECT_NEAR(m.mean, 0.5, 1e-12);
  EXPECT_LT(m.ci.low, 0.5);
  EXPECT_GT(m.ci.high, 0.5);
  EXPECT_EQ(PairedBootstrap(mixed).ci.low, m.ci.low);  // seeded: reproducible
}

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = TempPath("results.jsonl");
    std::ofstream f(path_);
    f << R"({"record":"header","schema":"crmarena.results/1","run_id":"r1"})" << "\n";
    // Model A solves tasks 0-3 on both seeds; model B only task 0. One infra error for B, later re-run.
    int k = 0;
    for (int task = 0; task < 4; ++task) {
      for (int seed = 0; seed < 2; ++seed) {
        f << Line("a" + std::to_string(k), "A", "act", task, seed, task < 2 ? "handle_time" : "knowledge_qa", "done", 1)
          << "\n";
        f << Line("b" + std::to_string(k), "B", "act", task, seed, task < 2 ? "handle_time" : "knowledge_qa",
                  k == 3 ? "infra_error" : "done", task == 0 ? 1 : 0)
          << "\n";
        ++k;
      }
    }
    f << Line("b3", "B", "act", 1, 1, "handle_time", "done", 0) << "\n";  // supersedes the infra error
    f << R"({"record":"episode","key":"torn)";  // a crash mid-write
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::string path_;
};

TEST_F(ReportTest, LastLineWinsTornLineSkipped) {
  auto results = ReadResults({path_});
  ASSERT_TRUE(results.ok());
  EXPECT_EQ(results->episodes.size(), 16u);
  EXPECT_EQ(results->superseded, 1);
  EXPECT_EQ(results->torn_lines, 1);
  EXPECT_EQ(results->run_ids, std::vector<std::string>{"r1"});
}

TEST_F(ReportTest, SummariesAndComparisons) {
  Report report = BuildReport(*ReadResults({path_}));
  ASSERT_EQ(report.overall.size(), 2u);
  const SummaryRow& a = report.overall[0];
  const SummaryRow& b = report.overall[1];
  EXPECT_EQ(a.model, "A");
  EXPECT_EQ(a.n, 8);
  EXPECT_DOUBLE_EQ(a.success_rate, 1.0);
  EXPECT_DOUBLE_EQ(a.pass_all_k, 1.0);
  EXPECT_EQ(a.k, 2);
  EXPECT_EQ(b.n, 8);
  EXPECT_EQ(b.infra_errors, 0);  // superseded by the re-run
  EXPECT_DOUBLE_EQ(b.success_rate, 0.25);
  EXPECT_DOUBLE_EQ(b.pass_all_k, 0.25);
  EXPECT_NEAR(a.latency_p50_ms, 150, 1e-9);
  EXPECT_NEAR(a.cost_usd, 0.008, 1e-12);
  ASSERT_EQ(report.by_task.size(), 4u);
  ASSERT_FALSE(report.comparisons.empty());
  const Comparison& c = report.comparisons[0];
  EXPECT_EQ(c.kind, "model");
  EXPECT_EQ(c.reward_difference.pairs, 8);
  EXPECT_NEAR(c.reward_difference.mean, 0.75, 1e-12);
  EXPECT_EQ(c.a_only, 6);
  EXPECT_EQ(c.b_only, 0);
  EXPECT_NEAR(c.mcnemar_p, 2.0 / 64, 1e-12);
  const std::string table = FormatReportTable(report);
  EXPECT_NE(table.find("knowledge_qa"), std::string::npos);
  EXPECT_NE(table.find("100.0%"), std::string::npos);
  const std::string json = ReportToJson(report);
  EXPECT_NE(json.find("\"mcnemar_p\""), std::string::npos);
}

TEST_F(ReportTest, HtmlHasTheThreeChartsAndEscapes) {
  Report report = BuildReport(*ReadResults({path_}));
  report.overall[0].model = "<script>";
  const std::string html = ReportToHtml(report);
  EXPECT_NE(html.find("id=\"chart-success\""), std::string::npos);
  EXPECT_NE(html.find("id=\"chart-heatmap\""), std::string::npos);
  EXPECT_NE(html.find("id=\"chart-cost\""), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("http://") != std::string::npos && html.find("src=\"http") != std::string::npos, false);
}

TEST(ReportErrors, MissingFileIsNotFound) {
  EXPECT_EQ(ReadResults({"/nonexistent.jsonl"}).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace crm::sched

#include "scheduler/report/replay.h"

namespace crm::sched {
namespace {

TEST(ReplayTest, RescoresWithoutCallingAnythingAndKeepsInfraErrors) {
  const std::string in = TempPath("replay-in.jsonl"), out = TempPath("replay-out.jsonl");
  {
    std::ofstream f(in);
    f << R"({"record":"header","run_id":"r"})" << "\n";
    // Prose around the right id: the deterministic extractor accepts it, strict mode does not.
    f << R"({"record":"episode","key":"k1","model":"m","strategy":"tool_call","task_id":1,"seed":0,"task":"handle_time",)"
         R"("status":"done","reward":1,"success":true,"answer":"The agent is 005Wt00003ordtFIAQ.",)"
         R"("ground_truth":["005Wt00003ordtFIAQ"],"episode":{"has_answer":true,"score":{"metric":"exact_match"}}})"
      << "\n";
    f << R"({"record":"episode","key":"k2","model":"m","strategy":"act","task_id":2,"seed":0,"task":"handle_time",)"
         R"("status":"infra_error","reward":0,"success":false,"answer":"","ground_truth":["x"],"episode":{}})"
      << "\n";
  }
  scoring::ScoreOptions lenient;
  auto a = ReplayResults({in}, out, lenient);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->episodes, 2);
  EXPECT_EQ(a->rescored, 1);
  EXPECT_EQ(a->changed, 0);
  scoring::ScoreOptions strict;
  strict.exact_mode = scoring::ExactMatchMode::kStrict;
  auto b = ReplayResults({in}, out, strict);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->changed, 1);
  auto results = ReadResults({out});
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->episodes.size(), 2u);
  EXPECT_FALSE(results->episodes[0].success);
  EXPECT_EQ(results->episodes[1].status, "infra_error");
  std::filesystem::remove(in);
  std::filesystem::remove(out);
}

}  // namespace
}  // namespace crm::sched

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

TEST_F(ReportTest, SuccessChartHasA95PercentWilsonBarPerTask) {
  Report report = BuildReport(*ReadResults({path_}));
  const std::string html = ReportToHtml(report);
  size_t bars = 0;
  for (size_t at = html.find("class=\"ci\""); at != std::string::npos; at = html.find("class=\"ci\"", at + 1)) ++bars;
  EXPECT_EQ(bars, report.by_task.size());
  // B on handle_time: 2 successes in 4 (task 0 solved on both seeds, task 1 not): the
  // whisker spans the Wilson interval on the chart's 220-pixel scale from y=10.
  const SummaryRow* row = nullptr;
  for (const SummaryRow& r : report.by_task) {
    if (r.model == "B" && r.task == "handle_time") row = &r;
  }
  ASSERT_NE(row, nullptr);
  ASSERT_EQ(row->n, 4);
  const Interval ci = WilsonInterval(row->successes, row->n);
  const std::string span = "y1=\"" + std::to_string(230 - static_cast<int>(ci.high * 220)) + "\" y2=\"" +
                           std::to_string(230 - static_cast<int>(ci.low * 220)) + "\"";
  EXPECT_NE(html.find(span), std::string::npos) << span;
}

TEST_F(ReportTest, CostChartNumbersItsPointsAndPutsUnitsOnTheAxis) {
  Report report = BuildReport(*ReadResults({path_}));
  const std::string html = ReportToHtml(report);
  const size_t begin = html.find("id=\"chart-cost\"");
  const size_t end = html.find("</svg>", begin);
  ASSERT_NE(begin, std::string::npos);
  const std::string svg = html.substr(begin, end - begin);
  EXPECT_NE(svg.find("(USD)"), std::string::npos);
  EXPECT_NE(svg.find(">$0.0080<"), std::string::npos);  // the top tick: A's cost, 8 episodes x $0.001
  EXPECT_NE(svg.find("success rate (%)"), std::string::npos);
  // On the chart a point carries only its number; the names are in the list below it.
  EXPECT_NE(svg.find("class=\"point-label\" x=\""), std::string::npos);
  EXPECT_EQ(svg.find(">A / act</text>"), std::string::npos);
  const std::string list = html.substr(end, html.find("</ol>", end) - end);
  EXPECT_NE(list.find("A / act"), std::string::npos);
  EXPECT_NE(list.find("B / act"), std::string::npos);
}

TEST(ReportAuxiliaryTest, AuxiliaryCallsAreShownApartAndNeverAsModelRows) {
  const std::string path = TempPath("aux.jsonl");
  {
    std::ofstream f(path);
    for (int i = 0; i < 2; ++i) {
      std::string line = Line("k" + std::to_string(i), "agent-model", "react", i, 0, "handle_time", "done", 1, 0.01);
      line.pop_back();  // reopen the object to add the auxiliary usage
      line += R"(,"auxiliary_usage":{"calls":3,"input_tokens":300,"output_tokens":30,"cost_usd":0.003,"roles":{)"
              R"("user":{"model":"user-sim","calls":2,"input_tokens":200,"output_tokens":20,"cost_usd":0.002},)"
              R"("judge":{"model":"judge-model","calls":1,"input_tokens":100,"output_tokens":10,"cost_usd":0.001}}}})";
      f << line << "\n";
    }
  }
  auto results = ReadResults({path});
  ASSERT_TRUE(results.ok());
  Report report = BuildReport(*results);
  for (const auto* rows : {&report.overall, &report.by_task}) {
    for (const SummaryRow& r : *rows) EXPECT_EQ(r.model, "agent-model");
  }
  ASSERT_EQ(report.auxiliary.size(), 2u);  // sorted by role: judge, user
  EXPECT_EQ(report.auxiliary[0].role, "judge");
  EXPECT_EQ(report.auxiliary[0].model, "judge-model");
  EXPECT_EQ(report.auxiliary[1].calls, 4);
  EXPECT_EQ(report.auxiliary[1].input_tokens, 400);
  EXPECT_NEAR(report.auxiliary[1].cost_usd, 0.004, 1e-12);
  EXPECT_NEAR(report.agent_cost_usd, 0.02, 1e-12);
  EXPECT_NEAR(report.auxiliary_cost_usd, 0.006, 1e-12);
  EXPECT_NEAR(report.overall[0].auxiliary_cost_usd, 0.006, 1e-12);
  EXPECT_NEAR(report.overall[0].cost_usd, 0.02, 1e-12);  // the agent's own, apart
  const std::string table = FormatReportTable(report);
  EXPECT_NE(table.find("Auxiliary models"), std::string::npos);
  EXPECT_NE(table.find("agent $0.0200 + auxiliary $0.0060 = $0.0260"), std::string::npos);
  const std::string html = ReportToHtml(report);
  EXPECT_NE(html.find("id=\"auxiliary\""), std::string::npos);
  EXPECT_NE(html.find("<td>user-sim</td>"), std::string::npos);
  EXPECT_NE(ReportToJson(report).find("\"role\":\"judge\",\"model\":\"judge-model\",\"episodes\":2,\"calls\":2"),
            std::string::npos);
  std::filesystem::remove(path);
}

// A line labelled with how it was scored (line.scoring, episode.score).
std::string ScoredLine(const std::string& key, const std::string& metric, const std::string& scoring) {
  std::string line = Line(key, "m", "react", 1, 0, "handle_time", "done", 1);
  const std::string old_episode = R"("episode":{"trajectory":[{"role":"user","content":"q"}]})";
  line.replace(line.find(old_episode), old_episode.size(),
               R"("episode":{"score":{"metric":")" + metric + R"(","extractor":"exact"}})");
  line.pop_back();
  return line + R"(,"scoring":)" + scoring + "}";
}

Report ReportOf(const std::vector<std::string>& lines) {
  const std::string path = TempPath("labels.jsonl");
  {
    std::ofstream f(path);
    for (const std::string& l : lines) f << l << "\n";
  }
  Report report = BuildReport(*ReadResults({path}));
  std::filesystem::remove(path);
  return report;
}

TEST(ReportLabelsTest, DeterministicExtractorAndLenientMatchingAreSaid) {
  const std::string official = R"({"matching":"official","extractor":"model","extractor_model":"x","judge_model":null})";
  const std::string deterministic = R"({"matching":"official","extractor":"deterministic","extractor_model":null})";
  const std::string lenient = R"({"matching":"lenient","extractor":"model","extractor_model":"x"})";

  Report plain = ReportOf({ScoredLine("a", "exact_match", official)});
  EXPECT_TRUE(ScoringNotes(plain).empty());
  EXPECT_EQ(ReportToHtml(plain).find("deterministic extractor"), std::string::npos);

  // Deterministic on a fuzzy_match task only: no exact_match answer was extracted by it.
  EXPECT_FALSE(ReportOf({ScoredLine("a", "fuzzy_match", deterministic)}).deterministic_extractor);

  Report det = ReportOf({ScoredLine("a", "exact_match", official), ScoredLine("b", "exact_match", deterministic)});
  EXPECT_TRUE(det.deterministic_extractor);
  EXPECT_FALSE(det.lenient_matching);
  EXPECT_NE(FormatReportTable(det).find("deterministic extractor, not the official model-based"), std::string::npos);
  EXPECT_NE(ReportToHtml(det).find("class=\"note\">Note: exact_match answers were read by our deterministic"),
            std::string::npos);

  Report len = ReportOf({ScoredLine("a", "exact_match", lenient)});
  EXPECT_TRUE(len.lenient_matching);
  EXPECT_FALSE(len.deterministic_extractor);
  EXPECT_NE(ReportToHtml(len).find("lenient matching"), std::string::npos);
  EXPECT_NE(ReportToJson(len).find("lenient matching"), std::string::npos);
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

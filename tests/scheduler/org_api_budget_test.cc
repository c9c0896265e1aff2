// A Salesforce org's daily API limit in sweeps: the sweep's share of it is
// paced from Sforce-Limit-Info (a warning once at 80% of the share, no
// episode run past it), and the org refusing calls on its daily total
// (REQUEST_LIMIT_EXCEEDED "TotalRequests") stops the sweep within moments:
// every planned episode has its line (done, or an infrastructure error that
// --resume runs again), the summary says how many are left and that --resume
// continues after the org's window, and the exit code says so. A resume
// against a fresh limit (a new server on the same org) then finishes every
// episode exactly once. Over real sockets against `serve org` in-process.
#include "scheduler/limits/api_budget.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "core/steady_clock.h"
#include "engine/org/schema.h"
#include "scheduler/report/results_reader.h"
#include "scheduler/run/sweep_runner.h"
#include "scheduler/servers/org_api_server.h"

namespace crm::sched {
namespace {

namespace fs = std::filesystem;

// ---- The pacing share, alone ----

TEST(ApiBudgetTest, CeilingAndWarningAreSharesOfTheDailyLimit) {
  ApiBudget budget(0.9);
  EXPECT_EQ(budget.Ceiling(15000), 13500);
  EXPECT_EQ(budget.WarnAt(15000), 10800);  // 80% of the sweep's 13,500
  EXPECT_EQ(ApiBudget(1.0).Ceiling(15000), 15000);
  EXPECT_EQ(ApiBudget(0.5).Ceiling(7), 3);  // rounded down: never past the share
  EXPECT_EQ(ApiBudget(0.01).Ceiling(10), 1);  // at least one call
  EXPECT_DOUBLE_EQ(ApiBudget().share(), ApiBudget::kDefaultShare);
}

TEST(ApiBudgetTest, WarnsOnceThenReachesOnce) {
  ApiBudget budget(0.5);  // of 1,000: warn at 400, stop at 500
  using E = ApiBudget::Event;
  EXPECT_EQ(budget.Observe({0, 1000}), E::kNone);
  EXPECT_EQ(budget.Observe({399, 1000}), E::kNone);
  EXPECT_FALSE(budget.warned());
  EXPECT_EQ(budget.Observe({400, 1000}), E::kWarn);
  EXPECT_TRUE(budget.warned());
  EXPECT_EQ(budget.Observe({450, 1000}), E::kNone);  // once
  EXPECT_EQ(budget.Observe({420, 1000}), E::kNone);  // a late reading of a slower call
  EXPECT_FALSE(budget.reached());
  EXPECT_EQ(budget.Observe({500, 1000}), E::kReached);
  EXPECT_TRUE(budget.reached());
  EXPECT_EQ(budget.Observe({501, 1000}), E::kNone);  // once
  EXPECT_EQ(budget.Observe({1000, 1000}), E::kNone);
}

TEST(ApiBudgetTest, AReadingPastTheShareReachesWithoutAWarningAndNoLimitIsIgnored) {
  ApiBudget budget(0.9);
  EXPECT_EQ(budget.Observe({5, 0}), ApiBudget::Event::kNone);  // no limit reported
  EXPECT_EQ(budget.Observe({14000, 15000}), ApiBudget::Event::kReached);  // a resume in a spent window
  EXPECT_EQ(budget.Observe({14001, 15000}), ApiBudget::Event::kNone);
  EXPECT_TRUE(budget.warned());  // no warning after the fact
}

TEST(ApiBudgetTest, ManyThreadsGetEachEventOnce) {
  ApiBudget budget(1.0);
  std::atomic<int> warns{0}, reached{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int64_t used = t; used <= 2000; used += 8) {
        switch (budget.Observe({used, 1000})) {
          case ApiBudget::Event::kWarn: ++warns; break;
          case ApiBudget::Event::kReached: ++reached; break;
          case ApiBudget::Event::kNone: break;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(warns.load(), 1);
  EXPECT_EQ(reached.load(), 1);
}

// ---- Sweeps against `serve org` with a daily limit ----

struct TempWorkDir {
  std::string path = (fs::temp_directory_path() / ("crm-api-budget-test-" + std::to_string(getpid()))).string();
  TempWorkDir() { fs::create_directories(path); }
  ~TempWorkDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::string WorkDir() {
  static const TempWorkDir dir;
  return dir.path;
}

RunOptions Quiet() {
  RunOptions o;
  o.quiet = true;
  return o;
}

constexpr int kInFlight = 4;
constexpr int kPlanned = 18 * 2;  // 18 tasks x act, tool_call x one seed

SweepConfig Config(const std::string& name, bool remote) {
  const std::string w = WorkDir();
  std::string text = R"({"org": {"path": ")" + w + R"(/org.db", "generate": {"seed": 5, "scale": 1}},
    "tasks": {"path": ")" + w + R"(/tasks.jsonl", "generate": {"seed": 2, "per_type": 4}},
    "models": [{"name": "sim-oracle", "provider": "simulated"}],
    "strategies": ["act", "tool_call"], "seeds": [0], "episodes_in_flight": )" + std::to_string(kInFlight) + R"(,
    "output": {"dir": ")" + w + "/" + name + R"("},
    "prompts": {"dir": ")" + std::string(CRM_SOURCE_DIR) + R"(/configs/prompts"}})";
  auto parsed = ParseSweepConfig(text, name + ".json");
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  SweepConfig c = *parsed;
  c.tasks.limit = 18;
  if (remote) {
    c.org.kind = OrgConfig::Kind::kSalesforce;
    c.org.api_version = "58.0";
    c.org.username_env = "CRM_BUDGET_USER";
    c.org.password_env = "CRM_BUDGET_PASS";
    c.org.security_token_env = "CRM_BUDGET_TOKEN";
  }
  return c;
}

// The org and tasks (made by a local sweep of one task), once per process.
void MakeOrgAndTasks() {
  static const bool made = [] {
    SweepConfig seed = Config("seed", false);
    seed.tasks.limit = 1;
    seed.strategies.resize(1);
    auto s = RunSweep(seed, Quiet());
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    setenv("CRM_BUDGET_USER", "budget@test", 1);
    setenv("CRM_BUDGET_PASS", "pw", 1);
    setenv("CRM_BUDGET_TOKEN", "TOKBUDGET", 1);
    return s.ok();
  }();
  ASSERT_TRUE(made);
}

std::unique_ptr<servers::OrgApiServer> StartOrg(int64_t daily_limit) {
  servers::OrgApiOptions options;
  options.org_path = WorkDir() + "/org.db";
  options.username = "budget@test";
  options.password = "pw";
  options.security_token = "TOKBUDGET";
  options.daily_api_limit = daily_limit;
  auto server = servers::OrgApiServer::Create(options);
  EXPECT_TRUE(server.ok());
  if (!server.ok()) return nullptr;
  io::ServerOptions so;
  so.threads = 2;
  EXPECT_TRUE((*server)->Start(so).ok());
  return std::move(server).value();
}

// The sweep's describe calls (one per object) come before any episode.
int64_t DescribeCalls() { return static_cast<int64_t>(org::Schema::Crm().objects().size()); }

struct Line {
  std::string key, status, error_code, error_message;
};

std::vector<Line> EpisodeLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<Line> out;
  for (std::string text; std::getline(in, text);) {
    rapidjson::Document d;
    d.Parse(text.c_str());
    if (d.HasParseError() || std::string(d["record"].GetString()) != "episode") continue;
    Line line{d["key"].GetString(), d["status"].GetString(), "", ""};
    if (d["error"].IsObject()) {
      line.error_code = d["error"]["code"].GetString();
      line.error_message = d["error"]["message"].GetString();
    }
    out.push_back(std::move(line));
  }
  return out;
}

// Every planned key has exactly one line, done or an infrastructure error
// of the daily limit (never a model failure). Returns {done, infra}.
std::pair<int64_t, int64_t> ExpectOneLinePerKey(const std::string& path) {
  std::map<std::string, int> lines_per_key;
  int64_t done = 0, infra = 0;
  for (const Line& l : EpisodeLines(path)) {
    ++lines_per_key[l.key];
    if (l.status == "done") {
      ++done;
    } else {
      EXPECT_EQ(l.status, "infra_error");
      EXPECT_EQ(l.error_code, "daily_api_limit") << l.error_message;
      ++infra;
    }
  }
  EXPECT_EQ(static_cast<int>(lines_per_key.size()), kPlanned);
  for (const auto& [key, n] : lines_per_key) EXPECT_EQ(n, 1) << key;
  return {done, infra};
}

std::string FileText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// As a new user meets it: `serve org` with a daily limit below the sweep's
// needs and the default share.
TEST(OrgApiLimitSweep, StopsOnTheDailyLimitLosesNothingAndResumesExactlyOnce) {
  MakeOrgAndTasks();
  // Enough for the describes and a few episodes, far from the whole plan.
  const int64_t limit = DescribeCalls() + 30;
  auto server = StartOrg(limit);
  ASSERT_NE(server, nullptr);
  SweepConfig c = Config("daily", true);
  c.org.login_url = server->BaseUrl();
  const double started = SteadySeconds();
  auto s = RunSweep(c, Quiet());
  const double took = SteadySeconds() - started;
  server->Stop();
  ASSERT_TRUE(s.ok()) << s.status().ToString();

  // Stopped on the limit, within moments, and said so.
  EXPECT_TRUE(s->org_api_limit);
  EXPECT_EQ(RunExitCode(*s), kExitOrgApiLimit);
  EXPECT_EQ(RunExitCode(*s), 4);
  EXPECT_LT(took, 15.0);
  // Past the limit, each episode in flight tried at most one more call before it stopped.
  EXPECT_LE(server->api_calls(), limit + kInFlight);
  EXPECT_NE(s->stop_reason.find("daily API limit was reached"), std::string::npos) << s->stop_reason;
  const std::string summary = FormatRunSummary(*s);
  EXPECT_NE(summary.find("daily API limit was reached: " + std::to_string(s->episodes_left) +
                         " episodes left"), std::string::npos) << summary;
  EXPECT_NE(summary.find("--resume once the org's 24-hour API window has moved on"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("TOKBUDGET"), std::string::npos);  // no secret in what is printed

  // Nothing lost.
  auto [done, infra] = ExpectOneLinePerKey(s->results_path);
  EXPECT_GT(done, 0);   // some episodes fit in the limit
  EXPECT_GT(infra, 0);  // the rest did not
  EXPECT_EQ(s->infra_errors, infra);
  EXPECT_EQ(s->episodes_left, infra);
  EXPECT_EQ(s->not_started, 0);
  EXPECT_EQ(s->written, kPlanned);
  EXPECT_EQ(FileText(s->results_path).find("TOKBUDGET"), std::string::npos);

  // A fresh window (a new server on the same org, a higher limit): the
  // resume runs what was left, and only that.
  auto fresh = StartOrg(100000);
  ASSERT_NE(fresh, nullptr);
  c.org.login_url = fresh->BaseUrl();
  RunOptions resume = Quiet();
  resume.resume = true;
  auto r = RunSweep(c, resume);
  fresh->Stop();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->org_api_limit);
  EXPECT_EQ(r->skipped_done, static_cast<uint64_t>(done));
  EXPECT_EQ(r->written, infra);
  EXPECT_EQ(r->infra_errors, 0);
  EXPECT_EQ(r->episodes_left, 0);
  EXPECT_EQ(RunExitCode(*r), 0);

  // The union of both runs' lines: exactly one done line per planned key.
  std::map<std::string, int> done_per_key;
  for (const Line& l : EpisodeLines(s->results_path)) {
    if (l.status == "done") ++done_per_key[l.key];
  }
  EXPECT_EQ(static_cast<int>(done_per_key.size()), kPlanned);
  for (const auto& [key, n] : done_per_key) EXPECT_EQ(n, 1) << key;
  auto results = ReadResults({s->results_path});
  ASSERT_TRUE(results.ok());
  EXPECT_EQ(static_cast<int>(results->episodes.size()), kPlanned);
  EXPECT_EQ(results->superseded, infra);  // each infrastructure error replaced by its re-run
  EXPECT_EQ(results->torn_lines, 0);
}

// The org's other users spend its limit under the sweep: the org refuses a
// call with REQUEST_LIMIT_EXCEEDED "TotalRequests", which is not retried and
// stops the sweep at once; the episodes in flight end as infrastructure
// errors instead of going on.
TEST(OrgApiLimitSweep, TheOrgRefusingOnItsDailyTotalStopsTheSweepAtOnce) {
  MakeOrgAndTasks();
  const int64_t limit = 100000;
  auto server = StartOrg(limit);
  ASSERT_NE(server, nullptr);
  SweepConfig c = Config("refused", true);
  c.org.login_url = server->BaseUrl();
  std::atomic<bool> over{false};
  std::atomic<int64_t> spent_at{0};
  std::thread others([&] {
    while (!over.load()) {
      const int64_t used = server->api_calls();
      if (used >= DescribeCalls() + 10) {
        spent_at = used;
        server->AddApiCalls(limit);  // everyone else's calls: the window is spent
        return;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  const double started = SteadySeconds();
  auto s = RunSweep(c, Quiet());
  const double took = SteadySeconds() - started;
  over = true;
  others.join();
  server->Stop();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_GT(spent_at.load(), 0);

  EXPECT_TRUE(s->org_api_limit);
  EXPECT_EQ(RunExitCode(*s), kExitOrgApiLimit);
  EXPECT_LT(took, 15.0);
  EXPECT_NE(s->stop_reason.find("the org's daily API limit was reached (REQUEST_LIMIT_EXCEEDED: TotalRequests Limit "
                                "exceeded.)"), std::string::npos) << s->stop_reason;
  EXPECT_TRUE(s->org_api_refused);
  // Refused calls are not retried: the sweep made few calls after the window was spent.
  EXPECT_LE(server->api_calls() - limit - spent_at.load(), 3 * kInFlight);
  auto [done, infra] = ExpectOneLinePerKey(s->results_path);
  EXPECT_GT(infra, 0);
  EXPECT_EQ(s->episodes_left, infra);
  EXPECT_EQ(done + infra, kPlanned);
  EXPECT_EQ(s->successes, done);  // no episode was counted as the model's failure for the org's refusal
  EXPECT_NE(FormatRunSummary(*s).find("the org's daily API limit was reached: " + std::to_string(infra) +
                                      " episodes left"), std::string::npos);
}

TEST(OrgApiLimitSweep, StopsAtItsShareBeforeTheOrgRefusesAndWarnsFirst) {
  MakeOrgAndTasks();
  const int64_t limit = 10000;
  auto server = StartOrg(limit);
  ASSERT_NE(server, nullptr);
  SweepConfig c = Config("share", true);
  c.org.login_url = server->BaseUrl();
  // The sweep's share: the describes and about 25 calls more.
  c.org.api_budget_share = static_cast<double>(DescribeCalls() + 25) / static_cast<double>(limit);
  ::testing::internal::CaptureStderr();
  RunOptions options;  // not quiet: the warning and the stop are told on stderr
  options.progress_interval_seconds = 600;
  auto s = RunSweep(c, options);
  const std::string err = ::testing::internal::GetCapturedStderr();
  server->Stop();
  ASSERT_TRUE(s.ok()) << s.status().ToString();

  EXPECT_TRUE(s->org_api_limit);
  EXPECT_FALSE(s->org_api_refused);
  EXPECT_EQ(RunExitCode(*s), kExitOrgApiLimit);
  EXPECT_LT(server->api_calls(), limit);  // never refused: the share left the rest to others
  const int64_t ceiling = ApiBudget(c.org.api_budget_share).Ceiling(limit);
  // Episodes in flight when the share was reached finished, with a few calls each.
  EXPECT_LE(server->api_calls(), ceiling + kInFlight * 10);
  EXPECT_NE(s->stop_reason.find("the sweep's share of the org's daily API limit was reached"), std::string::npos)
      << s->stop_reason;
  size_t warning = err.find("crmarena: warning: ");
  ASSERT_NE(warning, std::string::npos) << err;
  EXPECT_EQ(err.find("crmarena: warning: ", warning + 1), std::string::npos) << err;  // once
  EXPECT_NE(err.find("this sweep stops starting episodes at " + std::to_string(ceiling)), std::string::npos) << err;
  EXPECT_NE(err.find("the sweep's share (org.api_budget_share"), std::string::npos) << err;

  int64_t done = 0, not_run = 0;
  std::set<std::string> keys;
  for (const Line& l : EpisodeLines(s->results_path)) {
    EXPECT_TRUE(keys.insert(l.key).second) << l.key;
    if (l.status == "done") {
      ++done;
      continue;
    }
    // Past the share nothing was run: no episode saw an org error.
    EXPECT_EQ(l.error_code, "daily_api_limit");
    EXPECT_EQ(l.error_message.rfind("not run: the sweep's share", 0), 0u) << l.error_message;
    ++not_run;
  }
  EXPECT_EQ(static_cast<int>(keys.size()), kPlanned);
  EXPECT_GT(done, 0);
  EXPECT_GT(not_run, 0);
  EXPECT_EQ(s->episodes_left, not_run);
}

TEST(RunExitCodeTest, EachWayOfLeavingEpisodesHasItsCode) {
  RunSummary s;
  EXPECT_EQ(RunExitCode(s), 0);
  s.episodes_left = 2;
  s.infra_errors = 2;
  EXPECT_EQ(RunExitCode(s), kExitInfraErrorsLeft);
  s.org_api_limit = true;
  EXPECT_EQ(RunExitCode(s), kExitOrgApiLimit);
  s.interrupted = true;
  EXPECT_EQ(RunExitCode(s), kExitInterrupted);
  EXPECT_EQ(kExitInfraErrorsLeft, 3);
  EXPECT_EQ(kExitInterrupted, 130);
  s = RunSummary{};
  s.episodes_left = 1;
  s.infra_errors = 1;
  EXPECT_NE(FormatRunSummary(s).find("1 episodes left as infrastructure errors: run the same command with --resume"),
            std::string::npos);
}

}  // namespace
}  // namespace crm::sched

// `crmarena run CONFIG`: a sweep, then its summary and report.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <memory>

#include "cli/commands.h"
#include "scheduler/config/sweep_config.h"
#include "scheduler/report/report.h"
#include "scheduler/run/results_log.h"
#include "scheduler/run/sweep_runner.h"

namespace crm::cli {
namespace {

struct RunArgs {
  std::string config_path;
  std::string out_dir;
  std::string shard = "0/1";
  bool resume = false;
  bool worker = false;
  bool dry_run = false;
  bool quiet = false;
  bool no_report = false;
  bool allow_unpriced = false;
  double assume_latency = 3;
  double grace = 30;
};

void RunRun(const RunArgs& args) {
  auto config = sched::LoadSweepConfig(args.config_path);
  if (!config.ok()) Fail(config.status().message());
  auto shard = sched::ParseShard(args.shard);
  if (!shard.ok()) Fail(shard.status().message());
  sched::RunOptions options;
  options.out_dir = args.out_dir;
  options.resume = args.resume;
  options.shard = *shard;
  options.worker = args.worker;
  options.dry_run = args.dry_run;
  options.quiet = args.quiet;
  options.grace_seconds = args.grace;
  options.allow_unpriced = args.allow_unpriced;
  options.assumed_seconds_per_request = args.assume_latency;
  auto summary = sched::RunSweep(*config, options);
  if (!summary.ok()) {
    // The org's daily API limit already spent before any episode could start.
    const bool org_limit = summary.status().code() == StatusCode::kResourceExhausted;
    Fail(summary.status().message(), org_limit ? sched::kExitOrgApiLimit : 1);
  }
  if (args.dry_run) return;
  std::fputs(sched::FormatRunSummary(*summary).c_str(), stdout);
  if (!args.no_report) {
    // The union of the directory's results files: a worker's report covers the whole sweep so far.
    auto results = sched::ReadResults(sched::ResultsFilesIn(summary->results_dir));
    if (!results.ok()) Fail(results.status().message());
    sched::Report report = sched::BuildReport(*results);
    // Workers end at different times: each writes its own page (of the union at its end).
    const std::string& path = summary->results_path;
    const std::string html = args.worker ? path.substr(0, path.size() - std::string(".jsonl").size()) + ".report.html"
                                         : summary->results_dir + "/report.html";
    std::ofstream(html, std::ios::trunc) << sched::ReportToHtml(report);
    std::printf("\n%s\nreport: %s\n", sched::FormatReportTable(report).c_str(), html.c_str());
  }
  // Episodes left for --resume: say so in the exit code, for scripts and schedulers.
  if (const int code = sched::RunExitCode(*summary); code != 0) throw CLI::RuntimeError(code);
}

}  // namespace

void RegisterRunCommand(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* run = app.add_subcommand("run", "Run a sweep (models x strategies x tasks x seeds) from a config file");
  run->add_option("config", args->config_path, "The sweep config (JSON), e.g. configs/quickstart.json")
      ->required()
      ->check(CLI::ExistingFile);
  run->add_option("--out", args->out_dir, "Output directory (results.jsonl, report.html, cache.db); overrides the config");
  run->add_flag("--resume", args->resume, "Continue the run in the output directory: skip finished episodes, re-run "
                                          "infrastructure errors, repair a torn last line");
  run->add_option("--shard", args->shard, "Run only shard i of N (i/N), by a stable hash of the episode key")
      ->capture_default_str();
  run->add_flag("--worker", args->worker,
                "One of several processes sharing this sweep (config \"shared\": Redis): claim episodes with "
                "expiring leases, skip what any worker finished, write results.<worker>.jsonl in the output directory");
  run->add_flag("--dry-run", args->dry_run,
                "Print how long and how much: per model requests, tokens, cost (with the price's source), context "
                "window against the largest first request, and the minimum wall time the limits allow; run nothing");
  run->add_flag("--allow-unpriced", args->allow_unpriced,
                "Start a sweep with budget.max_cost_usd although some model has no known price (counted as $0)");
  run->add_option("--assume-latency", args->assume_latency,
                  "Seconds one model call takes, for the time estimate's concurrency bound")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  run->add_flag("--quiet", args->quiet, "No progress output");
  run->add_flag("--no-report", args->no_report, "Skip the summary tables and report.html at the end");
  run->add_option("--grace", args->grace, "Seconds to let in-flight episodes finish after SIGINT/SIGTERM")
      ->capture_default_str();
  run->callback([args] { RunRun(*args); });
}

}  // namespace crm::cli

// `crmarena report RESULTS...`: tables, JSON, HTML and the public harness's format.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <memory>

#include "cli/commands.h"
#include "scheduler/report/replay.h"
#include "scheduler/report/report.h"

namespace crm::cli {
namespace {

struct ReportArgs {
  std::vector<std::string> results;
  std::string html_path;
  bool json = false;
  std::string format;
  std::string out_dir = "crmarena_results";
};

void RunReport(const ReportArgs& args) {
  if (args.format == "crmarena") {
    auto exported = sched::ExportCrmarenaFormat(args.results, args.out_dir);
    if (!exported.ok()) Fail(exported.status().message());
    std::printf("wrote %zu official results files (%lld tasks, %lld in the official error shape) under %s/\n",
                exported->files.size(), static_cast<long long>(exported->episodes),
                static_cast<long long>(exported->errored), args.out_dir.c_str());
    for (const std::string& file : exported->files) std::printf("  %s\n", file.c_str());
    return;
  }
  auto results = sched::ReadResults(args.results);
  if (!results.ok()) Fail(results.status().message());
  sched::Report report = sched::BuildReport(*results);
  if (!args.html_path.empty()) {
    std::ofstream f(args.html_path, std::ios::binary | std::ios::trunc);
    f << sched::ReportToHtml(report);
    if (!f) Fail("cannot write " + args.html_path);
  }
  std::fputs(args.json ? (sched::ReportToJson(report) + "\n").c_str() : sched::FormatReportTable(report).c_str(), stdout);
}

}  // namespace

void RegisterReportCommand(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* report = app.add_subcommand("report", "Summarise results files: tables, JSON, HTML with charts");
  report->add_option("results", args->results, "Results files (results.jsonl); shards may be given together")
      ->required()
      ->check(CLI::ExistingFile);
  report->add_option("--html", args->html_path, "Also write an offline HTML report with charts");
  report->add_flag("--json", args->json, "Print the summary as JSON instead of tables");
  report->add_option("--format", args->format,
                     "Export format: crmarena (the official harness's results files, one directory per settings "
                     "hash and seed)")
      ->check(CLI::IsMember({"crmarena"}));
  report->add_option("--out-dir", args->out_dir, "Directory for --format exports")->capture_default_str();
  report->callback([args] { RunReport(*args); });
}

}  // namespace crm::cli

namespace crm::cli {
namespace {

struct ReplayArgs {
  std::vector<std::string> results;
  std::string out;
  bool strict = false;
  double fuzzy_success_f1 = 0.5;
};

void RunReplay(const ReplayArgs& args) {
  scoring::ScoreOptions options;
  options.exact_mode = args.strict ? scoring::ExactMatchMode::kStrict : scoring::ExactMatchMode::kDeterministic;
  options.fuzzy_success_f1 = args.fuzzy_success_f1;
  auto summary = sched::ReplayResults(args.results, args.out, options);
  if (!summary.ok()) Fail(summary.status().message());
  std::printf("re-scored %lld of %lld episodes into %s; %lld changed success\n",
              static_cast<long long>(summary->rescored), static_cast<long long>(summary->episodes), args.out.c_str(),
              static_cast<long long>(summary->changed));
}

}  // namespace

void RegisterReplayCommand(CLI::App& app) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App* replay = app.add_subcommand("replay", "Re-score results under the current scorer without calling any model or org");
  replay->add_option("results", args->results, "Results files")->required()->check(CLI::ExistingFile);
  replay->add_option("--out", args->out, "Where to write the re-scored results (JSONL)")->required();
  replay->add_flag("--strict", args->strict, "The published tool-calling harness's direct string comparison");
  replay->add_option("--fuzzy-success-f1", args->fuzzy_success_f1, "Token F1 that counts as success for fuzzy_match")
      ->capture_default_str();
  replay->callback([args] { RunReplay(*args); });
}

}  // namespace crm::cli

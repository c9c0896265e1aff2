// `crmarena report RESULTS...`: tables, JSON, HTML and the public harness's format.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <memory>

#include "cli/commands.h"
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

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "crmarena: %s\n", message.c_str());
  throw CLI::RuntimeError(1);
}

void RunReport(const ReportArgs& args) {
  if (args.format == "crmarena") {
    Status s = sched::ExportCrmarenaFormat(args.results, args.out_dir);
    if (!s.ok()) Fail(s.message());
    std::printf("wrote the public harness's results files to %s/\n", args.out_dir.c_str());
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
  report->add_option("--format", args->format, "Export format: crmarena (the public harness's results files)")
      ->check(CLI::IsMember({"crmarena"}));
  report->add_option("--out-dir", args->out_dir, "Directory for --format exports")->capture_default_str();
  report->callback([args] { RunReport(*args); });
}

}  // namespace crm::cli

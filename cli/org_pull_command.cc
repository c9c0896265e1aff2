// `crmarena org pull`: a snapshot of a Salesforce org into a local org file
// (scheduler/pull/org_pull.h). Credentials come from the same environment
// variables as `run` (SALESFORCE_USERNAME, SALESFORCE_PASSWORD,
// SALESFORCE_SECURITY_TOKEN; SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET
// for the OAuth password grant); they never reach the file or the output.
// Exit codes: 0 finished; 1 error; 3 stopped on the API budget (resumable).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "io/http/http_client.h"
#include "io/runtime.h"
#include "io/salesforce/sf_client.h"
#include "scheduler/pull/org_pull.h"

namespace crm::cli {
namespace {

struct PullArgs {
  sched::PullOptions options;
  std::string login_url;
  std::string api_version = "58.0";
  std::string objects;
  bool quiet = false;
};

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find(',', start), text.size());
    std::string item = text.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

io::salesforce::SalesforceConfig ConfigFromEnv(const PullArgs& args) {
  io::salesforce::SalesforceConfig c;
  c.login_url = args.login_url;
  c.api_version = args.api_version;
  const struct {
    const char* var;
    std::string* out;
    bool required;
  } vars[] = {{"SALESFORCE_USERNAME", &c.username, true},
              {"SALESFORCE_PASSWORD", &c.password, true},
              {"SALESFORCE_SECURITY_TOKEN", &c.security_token, false},
              {"SALESFORCE_CLIENT_ID", &c.client_id, false},
              {"SALESFORCE_CLIENT_SECRET", &c.client_secret, false}};
  for (const auto& v : vars) {
    const char* value = std::getenv(v.var);
    if (value == nullptr && v.required) Fail(std::string("org pull: environment variable ") + v.var + " is not set");
    if (value != nullptr) *v.out = value;
  }
  return c;
}

void PrintReport(const sched::PullReport& report, const std::string& out_path) {
  for (const auto& [object, rows] : report.rows) std::printf("  %-32s %10lld\n", object.c_str(), static_cast<long long>(rows));
  for (const std::string& s : report.skipped_objects) std::printf("  skipped object %s\n", s.c_str());
  if (!report.skipped_fields.empty()) {
    std::printf("  %zu fields not kept (compound or not storable), e.g. %s\n", report.skipped_fields.size(),
                report.skipped_fields.front().c_str());
  }
  std::printf("%s %s: %lld pages, %lld API calls, %.1f s", report.complete ? "pulled" : "stopped", out_path.c_str(),
              static_cast<long long>(report.pages), static_cast<long long>(report.api_calls), report.seconds);
  if (report.api_max > 0) std::printf(" (org API usage %lld of %lld today)", report.api_used, report.api_max);
  std::printf("\n");
}

void RunPull(PullArgs& args) {
  args.options.objects = SplitList(args.objects);
  if (!args.quiet) {
    args.options.progress = [](const std::string& line) { std::fprintf(stderr, "pull: %s\n", line.c_str()); };
  }
  io::IoRuntime runtime(1);
  io::HttpClient http(runtime, io::ClientOptions::FromEnvironment());
  io::salesforce::SalesforceClient client(http, ConfigFromEnv(args));
  Result<sched::PullReport> report = sched::PullOrg(client, args.options);
  if (!report.ok()) Fail(report.status().message());
  PrintReport(*report, args.options.out_path);
  if (!report->complete) {
    Fail("org pull stopped: " + report->stopped_why + "; run the same command with --resume (after the org's " +
             "24-hour API window, if that was the limit) to continue where it stopped",
         3);
  }
}

}  // namespace

void RegisterOrgPullCommand(CLI::App& org_app) {
  auto args = std::make_shared<PullArgs>();
  CLI::App* pull = org_app.add_subcommand("pull", "Snapshot a Salesforce org (or serve org) into a local org file");
  pull->add_option("--login-url", args->login_url, "Where to log in, e.g. https://login.salesforce.com")->required();
  pull->add_option("--out", args->options.out_path, "The org file to write")->required();
  pull->add_option("--objects", args->objects, "Objects to pull, comma-separated (default: every queryable object)");
  pull->add_option("--schema", args->options.schema_path, "A list-of-objects schema file naming the objects to pull")
      ->check(CLI::ExistingFile);
  pull->add_flag("--resume", args->options.resume, "Continue an unfinished pull of --out from its checkpoints");
  pull->add_option("--api-version", args->api_version, "REST API version")->capture_default_str();
  pull->add_option("--api-share", args->options.api_share, "Stop before this share of the org's daily API limit")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 1.0));
  pull->add_option("--clock", args->options.clock,
                   "The instant the snapshot treats as now, YYYY-MM-DDTHH:MM:SS.000+0000 (default: the pull's start)");
  pull->add_flag("--quiet", args->quiet, "No progress lines");
  pull->callback([args] { RunPull(*args); });
}

}  // namespace crm::cli

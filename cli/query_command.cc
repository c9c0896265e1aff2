// `crmarena org query`: run SOQL (or SOSL, when the text starts with FIND)
// against a local org and print the REST API's JSON.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "engine/soql/org_session.h"

namespace crm::cli {
namespace {

struct QueryArgs {
  std::string org_path;
  std::string text;
  bool all = false;
  bool lenient_dates = false;
  int batch_size = 2000;
  int timeout_ms = 10000;
  std::string api_version = "58.0";
};

// Extracts "nextRecordsUrl" from a query response, or "".
std::string NextUrl(const std::string& json) {
  const std::string key = "\"nextRecordsUrl\":\"";
  size_t at = json.find(key);
  if (at == std::string::npos || at > json.find("\"records\":")) return "";
  size_t start = at + key.size();
  return json.substr(start, json.find('"', start) - start);
}

void RunQuery(const QueryArgs& args) {
  Result<std::unique_ptr<soql::OrgSession>> session = soql::OrgSession::Open(args.org_path);
  if (!session.ok()) {
    std::fprintf(stderr, "crmarena: %s\n", session.status().message().c_str());
    throw CLI::RuntimeError(1);
  }
  soql::QueryOptions options;
  options.batch_size = args.batch_size;
  options.timeout = std::chrono::milliseconds(args.timeout_ms);
  options.api_version = args.api_version;
  options.lenient_date_literals = args.lenient_dates;
  soql::Outcome<std::string> out = (*session)->Execute(args.text, options);
  while (true) {
    if (!out.ok()) {
      std::printf("%s\n", out.error().ToJson().c_str());
      throw CLI::RuntimeError(2);
    }
    std::printf("%s\n", out->c_str());
    std::string next = args.all ? NextUrl(*out) : "";
    if (next.empty()) return;
    out = (*session)->QueryMore(next, options);
  }
}

}  // namespace

void RegisterQueryCommand(CLI::App& org_app) {
  auto args = std::make_shared<QueryArgs>();
  CLI::App* query = org_app.add_subcommand("query", "Run SOQL or SOSL on a local org and print the REST API JSON");
  query->add_option("--org", args->org_path, "The org's SQLite file")->required()->check(CLI::ExistingFile);
  query->add_option("query", args->text, "SOQL (SELECT ...) or SOSL (FIND {...} ...)")->required();
  query->add_flag("--all", args->all, "Follow nextRecordsUrl and print every batch (one JSON per line)");
  query->add_option("--batch-size", args->batch_size, "Records per batch (200..2000)")->capture_default_str();
  query->add_option("--timeout-ms", args->timeout_ms, "QUERY_TIMEOUT after this long")->capture_default_str();
  query->add_option("--api-version", args->api_version, "Version echoed in URLs")->capture_default_str();
  query->add_flag("--lenient-dates", args->lenient_dates,
                  "Accept a date literal against a datetime field (midnight UTC) instead of rejecting it");
  query->callback([args] { RunQuery(*args); });
}

}  // namespace crm::cli

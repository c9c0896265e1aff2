// `crmarena org ...`: generate, stats, schema (query and pull live in their own files).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "engine/gen/generator.h"
#include "engine/org/org_stats.h"
#include "engine/org/schema.h"
#include "engine/org/schema_json.h"
#include "engine/org/schema_store.h"
#include "engine/org/sqlite.h"

namespace crm::cli {
namespace {

struct GenerateArgs {
  gen::GeneratorOptions options;
  bool quiet = false;
};

void RunGenerate(const GenerateArgs& args) {
  Result<gen::GenerationReport> report = gen::GenerateOrg(args.options);
  if (!report.ok()) Fail(report.status().message());
  if (args.quiet) return;
  std::printf("generated %s (seed %llu, scale %g) in %.2f s\n", args.options.out_path.c_str(),
              static_cast<unsigned long long>(args.options.seed), args.options.scale, report->seconds);
  for (const auto& [object, rows] : report->rows_per_object) {
    std::printf("  %-24s %10llu\n", object.c_str(), static_cast<unsigned long long>(rows));
  }
}

void RunSchema(const std::string& org_path, bool pretty) {
  if (org_path.empty()) {
    std::printf("%s\n", org::SchemaToJson(org::Schema::Crm(), pretty).c_str());
    return;
  }
  Result<std::unique_ptr<org::Database>> db = org::Database::Open(org_path, org::Database::Mode::kReadOnly);
  if (!db.ok()) Fail(db.status().message());
  Result<std::shared_ptr<const org::Schema>> schema = org::ReadOrgSchema(**db);
  if (!schema.ok()) Fail(schema.status().message());
  std::printf("%s\n", org::SchemaToJson(**schema, pretty).c_str());
}

void RunStats(const std::string& path, bool json) {
  Result<std::unique_ptr<org::Database>> db = org::Database::Open(path, org::Database::Mode::kReadOnly);
  if (!db.ok()) Fail(db.status().message());
  Result<org::OrgStats> stats = org::ComputeOrgStats(**db);
  if (!stats.ok()) Fail(stats.status().message());
  std::fputs((json ? org::OrgStatsToJson(*stats) + "\n" : org::FormatOrgStats(*stats)).c_str(), stdout);
  for (const org::LatentCheck& check : stats->checks) {
    if (check.failed()) throw CLI::RuntimeError(3);  // structure missing: say so in the exit code
  }
}

}  // namespace

void RegisterOrgCommands(CLI::App& app) {
  CLI::App* org = app.add_subcommand("org", "Create and inspect the embedded local org (a SQLite file)");
  org->require_subcommand(1);
  RegisterQueryCommand(*org);
  RegisterOrgPullCommand(*org);

  auto generate_args = std::make_shared<GenerateArgs>();
  CLI::App* generate = org->add_subcommand("generate", "Generate a synthetic org from a seed");
  generate->add_option("--seed", generate_args->options.seed, "Random seed (same seed, same bytes)")
      ->capture_default_str();
  generate->add_option("--scale", generate_args->options.scale,
                       "Size: 1 resembles the published org; 10 or 100 for load tests")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 1000.0));
  generate->add_option("--out", generate_args->options.out_path, "Path of the SQLite file to write")->required();
  generate->add_flag("--force", generate_args->options.overwrite, "Replace the file if it exists");
  generate->add_flag("--quiet", generate_args->quiet, "Print nothing on success");
  generate->callback([generate_args] { RunGenerate(*generate_args); });

  auto stats_path = std::make_shared<std::string>();
  auto stats_json = std::make_shared<bool>(false);
  CLI::App* stats = org->add_subcommand("stats", "Row counts per sObject and checks of the latent structure");
  stats->add_option("org", *stats_path, "The org's SQLite file")->required()->check(CLI::ExistingFile);
  stats->add_flag("--json", *stats_json, "Print JSON instead of a table");
  stats->callback([stats_path, stats_json] { RunStats(*stats_path, *stats_json); });

  auto compact = std::make_shared<bool>(false);
  auto schema_org = std::make_shared<std::string>();
  CLI::App* schema = org->add_subcommand("schema", "Print the schema as the public list-of-objects JSON");
  schema->add_flag("--compact", *compact, "One line instead of indented JSON");
  schema->add_option("--org", *schema_org, "An org file: its own schema (default: the CRMArena org's)")
      ->check(CLI::ExistingFile);
  schema->callback([compact, schema_org] { RunSchema(*schema_org, !*compact); });
}

}  // namespace crm::cli

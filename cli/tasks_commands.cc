// `crmarena tasks ...`: generate, stats, check.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "engine/tasks/gen/task_generator.h"
#include "engine/org/sqlite.h"
#include "engine/tasks/task_loader.h"
#include "engine/tasks/task_org_check.h"
#include "engine/tasks/task_stats.h"

namespace crm::cli {
namespace {

struct GenerateTasksArgs {
  std::string org_path;
  std::string out_path;
  std::string types;
  taskgen::TaskGenOptions options;
  bool quiet = false;
};

void RunGenerateTasks(GenerateTasksArgs& args) {
  std::stringstream list(args.types);
  for (std::string t; std::getline(list, t, ',');) {
    if (!t.empty()) args.options.types.push_back(t);
  }
  auto tasks = taskgen::GenerateTaskFile(args.org_path, args.out_path, args.options);
  if (!tasks.ok()) {
    std::fprintf(stderr, "crmarena: %s\n", tasks.status().message().c_str());
    throw CLI::RuntimeError(1);
  }
  if (args.quiet) return;
  std::map<std::string, std::pair<int, int>> per_type;  // total, None
  for (const auto& t : *tasks) {
    auto& [total, none] = per_type[t.task];
    ++total;
    if (t.AnswerIsNone()) ++none;
  }
  std::printf("wrote %zu tasks to %s\n", tasks->size(), args.out_path.c_str());
  for (const auto& [type, counts] : per_type) {
    std::printf("  %-34s %4d  (%d None)\n", type.c_str(), counts.first, counts.second);
  }
}

void RunTaskStats(const std::string& path) {
  auto tasks = tasks::LoadTaskFile(path);
  if (!tasks.ok()) {
    std::fprintf(stderr, "crmarena: %s\n", tasks.status().message().c_str());
    throw CLI::RuntimeError(1);
  }
  std::fputs(tasks::FormatTaskStats(tasks::ComputeTaskStats(*tasks)).c_str(), stdout);
}

// Exit 0 when every id is in the org, 3 when some are missing, 1 on an error.
void RunTaskCheck(const std::string& org_path, const std::string& tasks_path) {
  auto tasks = tasks::LoadTaskFile(tasks_path);
  if (!tasks.ok()) {
    std::fprintf(stderr, "crmarena: %s\n", tasks.status().message().c_str());
    throw CLI::RuntimeError(1);
  }
  auto db = org::Database::Open(org_path, org::Database::Mode::kReadOnly);
  auto check = db.ok() ? tasks::CheckTaskIds(**db, *tasks) : Result<tasks::TaskOrgCheck>(db.status());
  if (!check.ok()) {
    std::fprintf(stderr, "crmarena: %s\n", check.status().message().c_str());
    throw CLI::RuntimeError(1);
  }
  std::fputs(tasks::FormatTaskOrgCheck(*check).c_str(), stdout);
  if (!check->missing.empty()) throw CLI::RuntimeError(3);
}

}  // namespace

void RegisterTasksCommands(CLI::App& app) {
  CLI::App* tasks = app.add_subcommand("tasks", "Generate benchmark tasks with ground truth, or summarise a task file");
  tasks->require_subcommand(1);
  auto args = std::make_shared<GenerateTasksArgs>();
  CLI::App* generate = tasks->add_subcommand("generate", "Generate tasks of the nine CRMArena types from an org");
  generate->add_option("--org", args->org_path, "The org's SQLite file")->required()->check(CLI::ExistingFile);
  generate->add_option("--out", args->out_path, "Where to write the tasks (JSONL)")->required();
  generate->add_option("--per-type", args->options.per_type, "Tasks per type")->capture_default_str();
  generate->add_option("--seed", args->options.seed, "Random seed (same seed and org, same tasks)")->capture_default_str();
  generate->add_option("--types", args->types, "Comma-separated task types (default: all nine)");
  generate->add_flag("--quiet", args->quiet, "Print nothing on success");
  generate->callback([args] { RunGenerateTasks(*args); });

  auto stats_path = std::make_shared<std::string>();
  CLI::App* stats = tasks->add_subcommand(
      "stats", "Per task type: instances, None answers and their share, answer kinds (ours or official files)");
  stats->add_option("FILE", *stats_path, "A task file: a JSON list or JSON lines")->required()->check(CLI::ExistingFile);
  stats->callback([stats_path] { RunTaskStats(*stats_path); });

  auto check_org = std::make_shared<std::string>();
  auto check_tasks = std::make_shared<std::string>();
  CLI::App* check = tasks->add_subcommand(
      "check", "Which tasks name record ids the org does not hold (a snapshot of the wrong org, or a stale one); exit 3 if any");
  check->add_option("--org", *check_org, "The org's SQLite file")->required()->check(CLI::ExistingFile);
  check->add_option("--tasks", *check_tasks, "A task file (ours or official)")->required()->check(CLI::ExistingFile);
  check->callback([check_org, check_tasks] { RunTaskCheck(*check_org, *check_tasks); });
}

}  // namespace crm::cli

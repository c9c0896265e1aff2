// cli/commands.h — each command group registers its subcommands on the root
// CLI11 app. Registration stores callbacks that run on the main thread.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace crm::cli {

// Prints "crmarena: MESSAGE" on stderr and ends the command with exit status
// `code` (CLI11 unwinds to main, which returns it). Main thread only.
[[noreturn]] void Fail(const std::string& message, int code = 1);

// `crmarena org ...`: generate, stats, schema.
void RegisterOrgCommands(CLI::App& app);
// `crmarena org query` (cli/query_command.cc), registered on the org group.
void RegisterQueryCommand(CLI::App& org_app);
// `crmarena org pull` (cli/org_pull_command.cc), registered on the org group.
void RegisterOrgPullCommand(CLI::App& org_app);
// `crmarena tasks ...`: generate, stats.
void RegisterTasksCommands(CLI::App& app);
// `crmarena report RESULTS...`.
void RegisterReportCommand(CLI::App& app);
// `crmarena replay RESULTS... --out FILE`.
void RegisterReplayCommand(CLI::App& app);
// `crmarena serve org|llm`.
void RegisterServeCommands(CLI::App& app);
// `crmarena run CONFIG`.
void RegisterRunCommand(CLI::App& app);
// `crmarena prices [lookup ID | list | config CONFIG]` (cli/prices_command.cc).
void RegisterPricesCommand(CLI::App& app);
// `crmarena episode` and `crmarena prompts` (cli/episode_command.cc); argv0
// helps find configs/prompts.
void RegisterEpisodeCommand(CLI::App& app, const char* argv0);
// `crmarena prompts import` (cli/prompts_import_command.cc), registered on
// the prompts command; returns the subcommand.
CLI::App* RegisterPromptsImportCommand(CLI::App& prompts, const char* argv0);

}  // namespace crm::cli

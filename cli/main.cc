// crmarena — runs CRMArena-style benchmarks of LLM agents on CRM work.
#include <CLI/CLI.hpp>

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <exception>

#include "cli/commands.h"

// Sweeps keep thousands of connections open: raise the open-file limit to
// what the system allows this process.
static void RaiseOpenFileLimit() {
  struct rlimit limit {};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int main(int argc, char** argv) {
  RaiseOpenFileLimit();
  // A file-size limit makes write() fail with EFBIG (reported, the run stops
  // cleanly) instead of killing the process mid-sweep.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"crmarena: CRMArena-style benchmarks of LLM agents on an embedded or real Salesforce org"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "crmarena 0.1.0");
  crm::cli::RegisterOrgCommands(app);
  crm::cli::RegisterTasksCommands(app);
  crm::cli::RegisterReportCommand(app);
  crm::cli::RegisterReplayCommand(app);
  crm::cli::RegisterServeCommands(app);
  crm::cli::RegisterRunCommand(app);
  crm::cli::RegisterPricesCommand(app);
  crm::cli::RegisterEpisodeCommand(app, argv[0]);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crmarena: %s\n", e.what());
    return 1;
  }
  return 0;
}

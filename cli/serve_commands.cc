// `crmarena serve org|llm`: the Salesforce-compatible API over the local org,
// and the SIMULATED model server. Both run until SIGINT or SIGTERM.
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "engine/tasks/task_loader.h"
#include "scheduler/servers/org_api_server.h"
#include "scheduler/servers/sim_llm_server.h"

namespace crm::cli {
namespace {

// Blocks until SIGINT or SIGTERM arrives (the signals are blocked first, so
// the server threads never see them).
void WaitForShutdownSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int sig = 0;
  sigwait(&set, &sig);
}

void BlockShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

struct ServeOrgArgs {
  servers::OrgApiOptions options;
  std::string bind = "127.0.0.1";
  int port = 8443;
  int threads = 2;
  int latency_ms = 0;
};

struct ServeLlmArgs {
  std::string tasks_path;
  std::vector<std::string> profiles;
  std::string bind = "127.0.0.1";
  int port = 8080;
  int threads = 2;
};

void RunServeOrg(ServeOrgArgs& args) {
  args.options.latency = std::chrono::milliseconds(args.latency_ms);
  auto server = servers::OrgApiServer::Create(args.options);
  if (!server.ok()) Fail(server.status().message());
  BlockShutdownSignals();
  io::ServerOptions so;
  so.bind_address = args.bind;
  so.port = args.port;
  so.threads = args.threads;
  auto port = (*server)->Start(so);
  if (!port.ok()) Fail(port.status().message());
  std::printf("Salesforce-compatible API over %s\n  login URL:      http://%s:%d\n  username:       %s\n"
              "  password:       %s\n  security token: %s\n  (log in with password + security token, as against a "
              "real org)\nlistening on port %d; Ctrl-C stops\n",
              args.options.org_path.c_str(), args.bind.c_str(), *port, args.options.username.c_str(),
              args.options.password.c_str(), args.options.security_token.c_str(), *port);
  std::fflush(stdout);
  WaitForShutdownSignal();
  (*server)->Stop();
}

void RunServeLlm(const ServeLlmArgs& args) {
  auto tasks = tasks::LoadTaskFile(args.tasks_path);
  if (!tasks.ok()) Fail(tasks.status().message());
  std::vector<sim::SimProfile> extra;
  for (const std::string& path : args.profiles) {
    auto loaded = sim::LoadSimProfiles(path);
    if (!loaded.ok()) Fail(loaded.status().message());
    extra.insert(extra.end(), loaded->begin(), loaded->end());
  }
  const std::vector<sim::SimProfile> extra_copy = extra;
  servers::SimLlmServer server(std::move(tasks).value(), sim::SimProfileSet(std::move(extra)));
  BlockShutdownSignals();
  io::ServerOptions so;
  so.bind_address = args.bind;
  so.port = args.port;
  so.threads = args.threads;
  auto port = server.Start(so);
  if (!port.ok()) Fail(port.status().message());
  std::printf("SIMULATED model server (scripted replays of reference solutions; not a real model)\n"
              "  OpenAI-compatible:    http://%s:%d/v1/chat/completions\n"
              "  Anthropic-compatible: http://%s:%d/v1/messages\n  models:",
              args.bind.c_str(), *port, args.bind.c_str(), *port);
  const sim::SimProfileSet names(extra_copy);
  for (const sim::SimProfile& p : names.all()) std::printf(" %s", p.name.c_str());
  std::printf("\nlistening on port %d; Ctrl-C stops\n", *port);
  std::fflush(stdout);
  WaitForShutdownSignal();
  server.Stop();
}

}  // namespace

void RegisterServeCommands(CLI::App& app) {
  CLI::App* serve = app.add_subcommand("serve", "Run the local Salesforce-compatible server or the simulated model server");
  serve->require_subcommand(1);

  auto org_args = std::make_shared<ServeOrgArgs>();
  CLI::App* org = serve->add_subcommand("org", "Salesforce-compatible REST/SOAP API over a local org");
  org->add_option("--org", org_args->options.org_path, "The org's SQLite file")->required()->check(CLI::ExistingFile);
  org->add_option("--port", org_args->port, "Port (0 picks a free one)")->capture_default_str();
  org->add_option("--bind", org_args->bind, "Address to bind")->capture_default_str();
  org->add_option("--username", org_args->options.username, "The one user that can log in")->capture_default_str();
  org->add_option("--password", org_args->options.password, "Its password")->capture_default_str();
  org->add_option("--security-token", org_args->options.security_token, "Its security token (appended to the password)")
      ->capture_default_str();
  org->add_option("--latency-ms", org_args->latency_ms, "Added latency per data call")->capture_default_str();
  org->add_option("--session-ttl", org_args->options.session_ttl_seconds, "Seconds a session stays valid")
      ->capture_default_str();
  org->add_option("--api-limit", org_args->options.daily_api_limit, "API calls before REQUEST_LIMIT_EXCEEDED")
      ->capture_default_str();
  org->add_option("--page-size", org_args->options.page_size, "Records per query page before nextRecordsUrl")
      ->capture_default_str()
      ->check(CLI::Range(200, 2000));
  org->add_option("--threads", org_args->threads, "Server threads")->capture_default_str();
  org->callback([org_args] { RunServeOrg(*org_args); });

  auto llm_args = std::make_shared<ServeLlmArgs>();
  CLI::App* llm = serve->add_subcommand("llm", "SIMULATED OpenAI- and Anthropic-compatible model server");
  llm->add_option("--tasks", llm_args->tasks_path, "Tasks whose reference solutions the simulated models replay")
      ->required()
      ->check(CLI::ExistingFile);
  llm->add_option("--profiles", llm_args->profiles, "Extra simulated-model profiles (JSON files)");
  llm->add_option("--port", llm_args->port, "Port (0 picks a free one)")->capture_default_str();
  llm->add_option("--bind", llm_args->bind, "Address to bind")->capture_default_str();
  llm->add_option("--threads", llm_args->threads, "Server threads")->capture_default_str();
  llm->callback([llm_args] { RunServeLlm(*llm_args); });
}

}  // namespace crm::cli

// `crmarena episode`: run one episode in-process with the synchronous driver
// against a local org and print the episode's result JSON. The only model
// here is `scripted`, a simulated test peer replaying the task's reference
// solution; real models run through the scheduler.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "engine/episode/scripted_responder.h"
#include "engine/episode/sync_driver.h"
#include "engine/org/schema.h"
#include "engine/org/schema_json.h"
#include "engine/tasks/task_loader.h"

namespace crm::cli {
namespace {

struct EpisodeArgs {
  std::string org_path;
  std::string tasks_path;
  int64_t task_id = 0;
  std::string strategy = "act";
  std::string mode = "default";
  std::string model = "scripted";
  std::string prompts_dir;
  int max_turns = 20;
  bool interactive = false;
  bool prompt_tools = false;
  bool fold_system = false;
};

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "crmarena: %s\n", message.c_str());
  throw CLI::RuntimeError(1);
}

const tasks::Task& FindTask(const std::vector<tasks::Task>& all, int64_t id) {
  for (const tasks::Task& t : all) {
    if (t.idx == id) return t;
  }
  Fail("no task with idx " + std::to_string(id));
}

void RunEpisode(const EpisodeArgs& args, const char* argv0) {
  std::optional<agents::Strategy> strategy = agents::ParseStrategy(args.strategy);
  if (!strategy) Fail("unknown strategy " + args.strategy + " (act, react, tool_call, tool_call_flex)");
  std::optional<agents::PromptMode> mode = agents::ParsePromptMode(args.mode);
  if (!mode) Fail("unknown mode " + args.mode + " (default, aided)");
  if (args.model != "scripted" && args.model != "oracle") {
    Fail("only --model scripted (alias oracle) runs in-process; real models run through a sweep");
  }
  Result<std::vector<tasks::Task>> all = tasks::LoadTaskFile(args.tasks_path);
  if (!all.ok()) Fail(all.status().message());
  const tasks::Task& task = FindTask(*all, args.task_id);
  Result<agents::PromptLibrary> prompts = args.prompts_dir.empty() ? agents::PromptLibrary::LoadDefault(argv0)
                                                                   : agents::PromptLibrary::Load(args.prompts_dir);
  if (!prompts.ok()) Fail(prompts.status().message());
  Result<std::unique_ptr<soql::OrgSession>> session = soql::OrgSession::Open(args.org_path);
  if (!session.ok()) Fail(session.status().message());
  Result<episode::ScriptedResponder> responder =
      episode::ScriptedResponder::ForTask(task, *strategy, !args.prompt_tools);
  if (!responder.ok()) Fail(responder.status().message());

  episode::EpisodeConfig config;
  config.prompt.strategy = *strategy;
  config.prompt.mode = *mode;
  config.prompt.native_tools = !args.prompt_tools;
  config.prompt.fold_system_prompt = args.fold_system;
  config.prompt.schema_json = org::SchemaToJson(org::Schema::Crm(), false);
  config.agent_request.model = args.model;
  config.max_turns = args.max_turns;
  config.interactive = args.interactive;
  config.user_request.model = "scripted-user";
  episode::EpisodeResult result = episode::RunEpisodeSync(task, config, *prompts, **session,
                                                          responder->AsResponder(), episode::ScriptedUser(task));
  std::printf("%s\n", result.ToJson().c_str());
}

}  // namespace

void RegisterEpisodeCommand(CLI::App& app, const char* argv0) {
  auto args = std::make_shared<EpisodeArgs>();
  CLI::App* cmd = app.add_subcommand("episode", "Run one episode in-process (scripted model) and print its result JSON");
  cmd->add_option("--org", args->org_path, "The org's SQLite file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--tasks", args->tasks_path, "Task file (JSON list or JSONL)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--task-id", args->task_id, "The task's idx")->required();
  cmd->add_option("--strategy", args->strategy, "act, react, tool_call or tool_call_flex")->capture_default_str();
  cmd->add_option("--mode", args->mode, "default or aided (adds metadata.optional)")->capture_default_str();
  cmd->add_option("--model", args->model, "scripted or oracle: replays generator.solution")->capture_default_str();
  cmd->add_option("--prompts", args->prompts_dir, "Prompt template directory (default: configs/prompts)");
  cmd->add_option("--max-turns", args->max_turns, "Turn limit")->capture_default_str();
  cmd->add_flag("--interactive", args->interactive, "Simulated user (scripted) asks and ends with ###STOP###");
  cmd->add_flag("--prompt-tools", args->prompt_tools, "Describe tools in the prompt (Action:/Action Input:)");
  cmd->add_flag("--fold-system", args->fold_system, "Send the system prompt inside the first user message");
  std::string exe = argv0 ? argv0 : "";
  cmd->callback([args, exe] { RunEpisode(*args, exe.c_str()); });
}

}  // namespace crm::cli

// `crmarena episode`: run one episode in-process with the synchronous driver
// against a local org and print the episode's result JSON. The only model
// here is `scripted`, a simulated test peer replaying the task's reference
// solution; real models run through the scheduler.
// `crmarena prompts`: print what an episode would send first (messages and
// tool schemas), without calling any model. `crmarena prompts import` lives
// in prompts_import_command.cc.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "engine/episode/scripted_responder.h"
#include "engine/episode/sync_driver.h"
#include "engine/episode/trajectory.h"
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
  bool privacy_aware_prompt = false;
  std::string observation_format = "official";
};

const tasks::Task& FindTask(const std::vector<tasks::Task>& all, int64_t id) {
  for (const tasks::Task& t : all) {
    if (t.idx == id) return t;
  }
  Fail("no task with idx " + std::to_string(id));
}

agents::PromptLibrary LoadPrompts(const EpisodeArgs& args, const char* argv0) {
  Result<agents::PromptLibrary> prompts = args.prompts_dir.empty() ? agents::PromptLibrary::LoadDefault(argv0)
                                                                   : agents::PromptLibrary::Load(args.prompts_dir);
  if (!prompts.ok()) Fail(prompts.status().message());
  return std::move(prompts).value();
}

episode::EpisodeConfig MakeConfig(const EpisodeArgs& args) {
  std::optional<agents::Strategy> strategy = agents::ParseStrategy(args.strategy);
  if (!strategy) Fail("unknown strategy " + args.strategy + " (act, react, tool_call, tool_call_flex)");
  std::optional<agents::PromptMode> mode = agents::ParsePromptMode(args.mode);
  if (!mode) Fail("unknown mode " + args.mode + " (default, aided)");
  episode::EpisodeConfig config;
  config.prompt.strategy = *strategy;
  config.prompt.mode = *mode;
  config.prompt.native_tools = !args.prompt_tools;
  config.prompt.fold_system_prompt = args.fold_system;
  config.prompt.interactive = args.interactive;
  config.prompt.privacy_aware_prompt = args.privacy_aware_prompt;
  config.prompt.schema_json = std::make_shared<const std::string>(org::SchemaToJson(org::Schema::Crm(), false));
  config.agent_request.model = args.model;
  config.max_turns = args.max_turns;
  if (!tools::ParseObservationFormat(args.observation_format, &config.observation_format)) {
    Fail("unknown observation format " + args.observation_format + " (official, json)");
  }
  config.interactive = args.interactive;
  config.user_request.model = "scripted-user";
  return config;
}

std::vector<tasks::Task> LoadTasks(const EpisodeArgs& args) {
  Result<std::vector<tasks::Task>> all = tasks::LoadTaskFile(args.tasks_path);
  if (!all.ok()) Fail(all.status().message());
  return std::move(all).value();
}

void RunEpisode(const EpisodeArgs& args, const char* argv0) {
  episode::EpisodeConfig config = MakeConfig(args);
  if (args.model != "scripted" && args.model != "oracle") {
    Fail("only --model scripted (alias oracle) runs in-process; real models run through a sweep");
  }
  std::vector<tasks::Task> all = LoadTasks(args);
  const tasks::Task& task = FindTask(all, args.task_id);
  agents::PromptLibrary prompts = LoadPrompts(args, argv0);
  Result<std::unique_ptr<soql::OrgSession>> session = soql::OrgSession::Open(args.org_path);
  if (!session.ok()) Fail(session.status().message());
  Result<episode::ScriptedResponder> responder =
      episode::ScriptedResponder::ForTask(task, config.prompt.strategy, !args.prompt_tools);
  if (!responder.ok()) Fail(responder.status().message());
  episode::EpisodeResult result = episode::RunEpisodeSync(task, config, prompts, **session,
                                                          responder->AsResponder(), episode::ScriptedUser(task));
  std::printf("%s\n", result.ToJson().c_str());
}

// One JSON line per task: the first request the episode would send.
void PrintPrompts(const EpisodeArgs& args, bool one_task, const char* argv0) {
  episode::EpisodeConfig config = MakeConfig(args);
  std::vector<tasks::Task> all = LoadTasks(args);
  agents::PromptLibrary prompts = LoadPrompts(args, argv0);
  for (const tasks::Task& task : all) {
    if (one_task && task.idx != args.task_id) continue;
    episode::EpisodeMachine machine(task, config, prompts);
    episode::Action first = machine.Start();
    std::string line = "{\"task_id\":" + std::to_string(task.idx) + ",\"strategy\":\"" + args.strategy +
                       "\",\"mode\":\"" + args.mode + "\",";
    if (auto* call = std::get_if<episode::CallModel>(&first)) {
      line += "\"to\":\"model\",\"request\":" + episode::RequestToJson(*call->request) + "}";
    } else if (auto* user = std::get_if<episode::CallUser>(&first)) {
      line += "\"to\":\"user\",\"request\":" + episode::RequestToJson(*user->request) + "}";
    } else {
      Fail("task " + std::to_string(task.idx) + ": " + std::get<episode::Finish>(first).detail);
    }
    std::printf("%s\n", line.c_str());
  }
  if (one_task && std::none_of(all.begin(), all.end(), [&](const tasks::Task& t) { return t.idx == args.task_id; })) {
    Fail("no task with idx " + std::to_string(args.task_id));
  }
}

void AddCommonOptions(CLI::App* cmd, EpisodeArgs* args) {
  cmd->add_option("--tasks", args->tasks_path, "Task file (JSON list or JSONL)")->check(CLI::ExistingFile);
  cmd->add_option("--strategy", args->strategy, "act, react, tool_call or tool_call_flex")->capture_default_str();
  cmd->add_option("--mode", args->mode, "default or aided (adds metadata.optional)")->capture_default_str();
  cmd->add_option("--prompts", args->prompts_dir, "Prompt template directory (default: configs/prompts)");
  cmd->add_flag("--interactive", args->interactive, "Simulated user asks and ends with ###STOP###");
  cmd->add_flag("--prompt-tools", args->prompt_tools, "Describe tools in the prompt (Action:/Action Input:)");
  cmd->add_flag("--fold-system", args->fold_system, "Send the system prompt inside the first user message");
  cmd->add_flag("--privacy-aware-prompt", args->privacy_aware_prompt,
                "Official prompts only: the privacy-aware react wording for external-facing tasks");
  cmd->add_option("--observation-format", args->observation_format,
                  "official (Python literal text, as the official harness) or json")
      ->capture_default_str();
}

}  // namespace

void RegisterEpisodeCommand(CLI::App& app, const char* argv0) {
  std::string exe = argv0 ? argv0 : "";
  auto args = std::make_shared<EpisodeArgs>();
  CLI::App* cmd = app.add_subcommand("episode", "Run one episode in-process (scripted model) and print its result JSON");
  cmd->add_option("--org", args->org_path, "The org's SQLite file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--task-id", args->task_id, "The task's idx")->required();
  cmd->add_option("--model", args->model, "scripted or oracle: replays generator.solution")->capture_default_str();
  cmd->add_option("--max-turns", args->max_turns, "Turn limit")->capture_default_str();
  AddCommonOptions(cmd, args.get());
  cmd->get_option("--tasks")->required();
  cmd->callback([args, exe] { RunEpisode(*args, exe.c_str()); });

  auto pargs = std::make_shared<EpisodeArgs>();
  CLI::App* prompts = app.add_subcommand("prompts", "Print the first request of each task's episode (JSON lines)");
  CLI::Option* id = prompts->add_option("--task-id", pargs->task_id, "Only this task");
  prompts->add_option("--model", pargs->model, "Model id written into the request")->capture_default_str();
  AddCommonOptions(prompts, pargs.get());
  CLI::App* import_cmd = RegisterPromptsImportCommand(*prompts, argv0);
  // --tasks is checked here rather than marked required, so that
  // `prompts import` does not need it.
  prompts->callback([pargs, id, exe, import_cmd] {
    if (import_cmd->parsed()) return;
    if (pargs->tasks_path.empty()) Fail("prompts: --tasks is required");
    PrintPrompts(*pargs, id->count() > 0, exe.c_str());
  });
}

}  // namespace crm::cli

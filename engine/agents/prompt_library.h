// engine/agents/prompt_library.h — prompt templates as data, and the
// episode's first messages rendered from them (TASKS.md section 4).
//
// A PromptLibrary is loaded once from a directory of .txt templates
// (configs/prompts/) and may have single templates overridden from a config;
// afterwards it is immutable and safe to share read-only between threads.
// The Build* functions are pure.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/chat.h"
#include "core/status.h"
#include "engine/agents/strategy.h"
#include "engine/agents/shared_prompts.h"
#include "engine/agents/template.h"
#include "engine/tasks/task.h"

namespace crm::agents {

class PromptLibrary {
 public:
  // Reads every template this engine needs (RequiredTemplates) from `dir`,
  // and those of OptionalTemplates that exist; a missing required or an
  // unreadable file is an error naming it.
  static Result<PromptLibrary> Load(const std::string& dir);
  // Searches, in order: $CRMARENA_PROMPTS, ./configs/prompts, and
  // configs/prompts beside or above the directory of `argv0`, then the
  // source tree the engine was built from.
  static Result<PromptLibrary> LoadDefault(std::string_view argv0 = "");
  // The directory LoadDefault would load.
  static Result<std::string> DefaultDir(std::string_view argv0 = "");

  // Replaces one template (name without .txt). Call before sharing.
  void Override(const std::string& name, std::string text);
  Result<std::string> Render(std::string_view name, const TemplateVars& vars) const;
  bool Has(std::string_view name) const { return templates_.count(std::string(name)) > 0; }

  static const std::vector<std::string>& RequiredTemplates();
  // Read when present: the official structure's templates (official_prompts.h).
  static const std::vector<std::string>& OptionalTemplates();

 private:
  std::map<std::string, std::string> templates_;
};

// Which persona template a task's agent gets: manager, service_agent,
// analyst, or default (CRMArena-Pro and unknown tasks).
std::string_view PersonaFor(std::string_view task_name);

struct PromptSetup {
  Strategy strategy = Strategy::kAct;
  PromptMode mode = PromptMode::kDefault;
  // tool_call strategies only: false describes the tools in the prompt and
  // expects `Action:` / `Action Input:` lines instead of native calls.
  bool native_tools = true;
  // Models without a system role get the system prompt and the query as
  // one user message.
  bool fold_system_prompt = false;
  // Only the official prompt structure (official_prompts.h) reads these two:
  // the interactive react wording, and the privacy-aware wording for
  // external-facing tasks (the official run flag privacy_aware_prompt).
  bool interactive = false;
  bool privacy_aware_prompt = false;
  // org::SchemaToJson of the org's schema: one copy per run, shared by its
  // episodes (null renders as empty).
  std::shared_ptr<const std::string> schema_json;
  // Optional: one rendered system prompt for all episodes that need the same
  // (shared_prompts.h). Null renders a private copy per episode.
  std::shared_ptr<SharedPrompts> shared_prompts;
};

// The agent's system prompt for `task`. With the official templates of an
// imported directory (official_prompts.h) it is the official text, already
// stripped unless folded; otherwise ours.
Result<std::string> BuildSystemPrompt(const PromptLibrary& lib, const tasks::Task& task, const PromptSetup& setup);

// Same text, from setup.shared_prompts when it is set and bound to `lib`
// (defined in shared_prompts.cc).
Result<std::shared_ptr<const std::string>> SharedSystemPrompt(const PromptLibrary& lib, const tasks::Task& task,
                                                              const PromptSetup& setup);

// The first messages of a single-turn episode: system prompt then the
// query (or one folded user message).
Result<std::vector<chat::Message>> BuildInitialMessages(const PromptLibrary& lib, const tasks::Task& task,
                                                        const PromptSetup& setup);

// prompt_tools.txt filled with the tools of `strategy`: how tools are
// described to a model without native tool calling.
Result<std::string> RenderPromptTools(const PromptLibrary& lib, Strategy strategy);

// The tool specs the strategy offers natively (empty for act/react and for
// prompt-based tool calling).
std::vector<chat::ToolSpec> NativeToolSpecs(const PromptSetup& setup);

// The simulated user's system prompt (interactive mode).
Result<std::string> BuildUserSimulatorPrompt(const PromptLibrary& lib, const tasks::Task& task);

}  // namespace crm::agents

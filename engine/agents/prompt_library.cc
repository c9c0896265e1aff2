#include "engine/agents/prompt_library.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/agents/official_prompts.h"
#include "engine/tools/tool.h"

namespace crm::agents {
namespace {

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("prompt template not found: " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// "- name: description\n  arguments: {schema}" for each tool offered.
std::string ToolList(bool flex) {
  std::string out;
  for (const chat::ToolSpec& spec : tools::ToolSpecs(flex)) {
    out += "- " + spec.name + ": " + spec.description + "\n  arguments: " + spec.parameters_schema_json + "\n";
  }
  return out;
}

}  // namespace

const std::vector<std::string>& PromptLibrary::RequiredTemplates() {
  static const std::vector<std::string> kNames = {
      "system_act",           "system_react",          "system_tool_call",      "system_tool_call_flex",
      "persona_manager",      "persona_service_agent", "persona_analyst",       "persona_default",
      "aided_metadata",       "prompt_tools",          "format_reminder_tags",  "format_reminder_tools",
      "observation",          "user_simulator",        "user_start"};
  return kNames;
}

const std::vector<std::string>& PromptLibrary::OptionalTemplates() {
  using namespace official;
  static const std::vector<std::string> kNames = {
      std::string(kSchema),          std::string(kMetadata),
      std::string(kReactInternal),   std::string(kReactExternal),
      std::string(kReactExternalPrivacy), std::string(kReactInternalInteractive),
      std::string(kReactExternalInteractive), std::string(kReactExternalPrivacyInteractive),
      std::string(kAct),             std::string(kToolCall),
      std::string(kToolCallPromptTools), std::string(kToolCallFlex),
      std::string(kReminderReact),   std::string(kReminderAct),
      std::string(kReminderTools)};
  return kNames;
}

Result<PromptLibrary> PromptLibrary::Load(const std::string& dir) {
  PromptLibrary lib;
  for (const std::string& name : RequiredTemplates()) {
    Result<std::string> text = ReadFile(std::filesystem::path(dir) / (name + ".txt"));
    if (!text.ok()) return text.status();
    lib.templates_[name] = std::move(text).value();
  }
  // The official structure's templates, when an import wrote them.
  for (const std::string& name : OptionalTemplates()) {
    const std::filesystem::path path = std::filesystem::path(dir) / (name + ".txt");
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) continue;
    Result<std::string> text = ReadFile(path);
    if (!text.ok()) return text.status();
    lib.templates_[name] = std::move(text).value();
  }
  return lib;
}

Result<PromptLibrary> PromptLibrary::LoadDefault(std::string_view argv0) {
  Result<std::string> dir = DefaultDir(argv0);
  if (!dir.ok()) return dir.status();
  return Load(*dir);
}

Result<std::string> PromptLibrary::DefaultDir(std::string_view argv0) {
  std::vector<std::filesystem::path> candidates;
  if (const char* env = std::getenv("CRMARENA_PROMPTS")) candidates.emplace_back(env);
  candidates.emplace_back("configs/prompts");
  if (!argv0.empty()) {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::absolute(std::filesystem::path(argv0), ec).parent_path();
    for (int up = 0; up < 3 && !dir.empty(); ++up, dir = dir.parent_path()) {
      candidates.push_back(dir / "configs" / "prompts");
    }
  }
  // Last resort: the source tree this file was built from.
  candidates.push_back(std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "configs" /
                       "prompts");
  for (const auto& c : candidates) {
    std::error_code ec;
    if (std::filesystem::is_directory(c, ec)) return c.string();
  }
  return Status::NotFound("no configs/prompts directory found (set CRMARENA_PROMPTS)");
}

void PromptLibrary::Override(const std::string& name, std::string text) { templates_[name] = std::move(text); }

Result<std::string> PromptLibrary::Render(std::string_view name, const TemplateVars& vars) const {
  auto it = templates_.find(std::string(name));
  if (it == templates_.end()) return Status::NotFound("no prompt template named " + std::string(name));
  return RenderTemplate(it->second, vars, std::string(name) + ".txt");
}

std::string_view PersonaFor(std::string_view task) {
  if (task == "handle_time" || task == "transfer_count" || task == "case_routing") return "manager";
  if (task == "knowledge_qa" || task == "named_entity_disambiguation" || task == "policy_violation_identification") {
    return "service_agent";
  }
  if (task == "top_issue_identification" || task == "monthly_trend_analysis" || task == "best_region_identification") {
    return "analyst";
  }
  return "default";
}

Result<std::string> RenderPromptTools(const PromptLibrary& lib, Strategy strategy) {
  return lib.Render("prompt_tools", {{"tool_list", ToolList(strategy == Strategy::kToolCallFlex)}});
}

Result<std::string> BuildSystemPrompt(const PromptLibrary& lib, const tasks::Task& task, const PromptSetup& setup) {
  if (UsesOfficialPrompts(lib, task, setup)) return BuildOfficialSystemPrompt(lib, task, setup);
  Result<std::string> persona = lib.Render("persona_" + std::string(PersonaFor(task.task)), {});
  if (!persona.ok()) return persona.status();
  std::string aided;
  if (setup.mode == PromptMode::kAided && !task.metadata_optional.empty()) {
    Result<std::string> block = lib.Render("aided_metadata", {{"optional", task.metadata_optional}});
    if (!block.ok()) return block.status();
    aided = std::move(block).value();
  }
  std::string tools_block;
  if (UsesTools(setup.strategy) && !setup.native_tools) {
    Result<std::string> block = RenderPromptTools(lib, setup.strategy);
    if (!block.ok()) return block.status();
    tools_block = std::move(block).value();
  }
  TemplateVars vars = {{"persona", *persona},
                       {"schema", setup.schema_json ? std::string_view(*setup.schema_json) : std::string_view()},
                       {"required", task.metadata_required},
                       {"aided", aided},
                       {"tools", tools_block}};
  return lib.Render("system_" + std::string(StrategyName(setup.strategy)), vars);
}

Result<std::vector<chat::Message>> BuildInitialMessages(const PromptLibrary& lib, const tasks::Task& task,
                                                        const PromptSetup& setup) {
  Result<std::shared_ptr<const std::string>> system = SharedSystemPrompt(lib, task, setup);
  if (!system.ok()) return system.status();
  std::vector<chat::Message> messages;
  if (setup.fold_system_prompt) {
    messages.push_back({chat::Role::kUser, **system + "\n\n" + task.query, {}, "", ""});
  } else {
    // The official agents strip the query (and the system prompt, which
    // BuildOfficialSystemPrompt already did); ours are sent as written.
    std::string query = UsesOfficialPrompts(lib, task, setup) ? PyStrip(task.query) : task.query;
    messages.push_back({chat::Role::kSystem, chat::Text(std::move(system).value()), {}, "", ""});
    messages.push_back({chat::Role::kUser, std::move(query), {}, "", ""});
  }
  return messages;
}

std::vector<chat::ToolSpec> NativeToolSpecs(const PromptSetup& setup) {
  if (!UsesTools(setup.strategy) || !setup.native_tools) return {};
  return tools::ToolSpecs(setup.strategy == Strategy::kToolCallFlex);
}

Result<std::string> BuildUserSimulatorPrompt(const PromptLibrary& lib, const tasks::Task& task) {
  std::string persona = task.persona.value_or("A customer of the company who wants a quick, correct answer.");
  return lib.Render("user_simulator", {{"persona", persona}, {"query", task.query}});
}

}  // namespace crm::agents

// engine/agents/official_prompts.h — the official harness's prompt
// structure, applied to templates that `crmarena prompts import` wrote
// (official_*.txt; their text is the researcher's copy of the official
// prompts, never ours).
//
// When a library holds the official template an episode's variant needs,
// BuildSystemPrompt / BuildInitialMessages (prompt_library.h) follow the
// official recipe instead of ours, so the first request equals the official
// one byte for byte:
//   - the system prompt is chosen as the official agents choose it (react:
//     internal or external task, interactive, privacy-aware; act; tool_call
//     native or prompt-based; tool_call_flex), and filled with the schema
//     text rendered from official_schema;
//   - official_metadata follows when metadata.required is non-empty, then
//     "\n" + metadata.optional in aided mode;
//   - the system message and the query are whitespace-stripped as Python's
//     str.strip() does; a folded prompt (models without a system role) is
//     the unstripped prompt + "\n\n" + the unstripped query.
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "engine/agents/strategy.h"
#include "engine/tasks/task.h"

namespace crm::agents {

class PromptLibrary;
struct PromptSetup;

// Template names of the official structure (without .txt).
namespace official {
inline constexpr std::string_view kSchema = "official_schema";      // object_names, object_fields
inline constexpr std::string_view kMetadata = "official_metadata";  // system_metadata
inline constexpr std::string_view kReactInternal = "official_react_internal";
inline constexpr std::string_view kReactExternal = "official_react_external";
inline constexpr std::string_view kReactExternalPrivacy = "official_react_external_privacy";
inline constexpr std::string_view kReactInternalInteractive = "official_react_internal_interactive";
inline constexpr std::string_view kReactExternalInteractive = "official_react_external_interactive";
inline constexpr std::string_view kReactExternalPrivacyInteractive = "official_react_external_privacy_interactive";
inline constexpr std::string_view kAct = "official_act";
inline constexpr std::string_view kToolCall = "official_tool_call";                    // no schema
inline constexpr std::string_view kToolCallPromptTools = "official_tool_call_prompt_tools";  // native_fc_prompt, tools_prompt
inline constexpr std::string_view kToolCallFlex = "official_tool_call_flex";
inline constexpr std::string_view kReminderReact = "official_reminder_react";
inline constexpr std::string_view kReminderAct = "official_reminder_act";
inline constexpr std::string_view kReminderTools = "official_reminder_tools";
}  // namespace official

// The tasks the official harness runs with the external-facing (customer)
// react prompts; every other task gets the internal ones.
bool IsExternalFacingTask(std::string_view task_name);

// The official system template this episode would use.
std::string_view OfficialSystemTemplate(const tasks::Task& task, const PromptSetup& setup);

// True when `lib` holds that template: the official recipe applies.
bool UsesOfficialPrompts(const PromptLibrary& lib, const tasks::Task& task, const PromptSetup& setup);

// The system prompt by the official recipe, as sent: stripped, or unstripped
// when setup.fold_system_prompt (see the file comment).
Result<std::string> BuildOfficialSystemPrompt(const PromptLibrary& lib, const tasks::Task& task,
                                              const PromptSetup& setup);

// official_schema filled from a schema in the published list-of-objects
// JSON ([{"object": ..., "fields": {name: description}}]): object_names is
// the objects joined by ", ", object_fields each object's name followed by
// "  - field: description" lines. A repeated object or field keeps its first
// position and its last value, as a Python dict built from the list does.
Result<std::string> OfficialSchemaText(const PromptLibrary& lib, std::string_view schema_json);

// Python's str.strip(): removes leading and trailing whitespace as
// str.isspace() defines it (ASCII and the Unicode spaces, UTF-8 encoded).
std::string PyStrip(std::string_view text);

// The template of the reply to an unusable agent turn: the official reminder
// for the strategy when `lib` holds it (react and act have separate ones),
// else format_reminder_tags / format_reminder_tools.
std::string_view FormatReminderTemplate(const PromptLibrary& lib, Strategy strategy);

}  // namespace crm::agents

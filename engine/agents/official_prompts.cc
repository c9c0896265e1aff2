#include "engine/agents/official_prompts.h"

#include <rapidjson/document.h>

#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/agents/prompt_library.h"

namespace crm::agents {
namespace {

// The value the official agents give the {system} placeholder is substituted
// at import (prompt_import.cc); nothing here needs it.

// An ordered map with Python dict semantics for repeated keys: the first
// insertion fixes the position, the last one the value.
class OrderedDict {
 public:
  void Set(std::string key, std::string value) {
    auto [it, inserted] = index_.try_emplace(key, entries_.size());
    if (inserted) {
      entries_.emplace_back(std::move(key), std::move(value));
    } else {
      entries_[it->second].second = std::move(value);
    }
  }
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::unordered_map<std::string, size_t> index_;
  std::vector<std::pair<std::string, std::string>> entries_;
};

// Each object's "  - field: description" lines, keyed by object name.
Result<OrderedDict> ObjectDescriptions(std::string_view schema_json) {
  OrderedDict objects;
  if (schema_json.empty()) return objects;
  rapidjson::Document doc;
  doc.Parse(schema_json.data(), schema_json.size());
  if (doc.HasParseError() || !doc.IsArray()) {
    return Status::InvalidArgument("official schema text: the schema is not a JSON list of objects");
  }
  for (const auto& item : doc.GetArray()) {
    if (!item.IsObject() || !item.HasMember("object") || !item["object"].IsString() || !item.HasMember("fields") ||
        !item["fields"].IsObject()) {
      return Status::InvalidArgument("official schema text: every entry needs \"object\" and \"fields\"");
    }
    OrderedDict fields;
    for (const auto& f : item["fields"].GetObject()) {
      if (!f.value.IsString()) {
        return Status::InvalidArgument(std::string("official schema text: field ") + f.name.GetString() + " of " +
                                       item["object"].GetString() + " has no text description");
      }
      fields.Set(f.name.GetString(), std::string(f.value.GetString(), f.value.GetStringLength()));
    }
    std::string lines;
    for (const auto& [name, description] : fields.entries()) {
      if (!lines.empty()) lines += '\n';
      lines += "  - " + name + ": " + description;
    }
    objects.Set(item["object"].GetString(), std::move(lines));
  }
  return objects;
}

// Length of the whitespace character (as str.isspace() sees it) at the start
// of `t`, or 0.
size_t SpaceAtFront(std::string_view t) {
  if (t.empty()) return 0;
  const unsigned char c = static_cast<unsigned char>(t[0]);
  if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F)) return 1;
  auto starts = [&](std::string_view p) { return t.substr(0, p.size()) == p; };
  if (starts("\xC2\x85") || starts("\xC2\xA0")) return 2;
  if (starts("\xE1\x9A\x80") || starts("\xE2\x80\xA8") || starts("\xE2\x80\xA9") || starts("\xE2\x80\xAF") ||
      starts("\xE2\x81\x9F") || starts("\xE3\x80\x80")) {
    return 3;
  }
  if (t.size() >= 3 && starts("\xE2\x80") && static_cast<unsigned char>(t[2]) >= 0x80 &&
      static_cast<unsigned char>(t[2]) <= 0x8A) {
    return 3;  // U+2000 .. U+200A
  }
  return 0;
}

// Length of the whitespace character at the end of `t`, or 0.
size_t SpaceAtBack(std::string_view t) {
  for (size_t n = 1; n <= 3 && n <= t.size(); ++n) {
    const unsigned char lead = static_cast<unsigned char>(t[t.size() - n]);
    if ((lead & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    return SpaceAtFront(t.substr(t.size() - n)) == n ? n : 0;
  }
  return 0;
}

std::string_view ReactTemplate(bool external, bool interactive, bool privacy) {
  if (!external) return interactive ? official::kReactInternalInteractive : official::kReactInternal;
  // The privacy-aware wording exists for external (customer-facing) tasks only.
  if (privacy) return interactive ? official::kReactExternalPrivacyInteractive : official::kReactExternalPrivacy;
  return interactive ? official::kReactExternalInteractive : official::kReactExternal;
}

// The system prompt before the per-task metadata.
Result<std::string> BasePrompt(const PromptLibrary& lib, const tasks::Task& task, const PromptSetup& setup) {
  const std::string_view name = OfficialSystemTemplate(task, setup);
  if (name == official::kToolCall) {
    // Native tool calling shows no schema; the prompt-based variant wraps the
    // same text with a tool listing.
    Result<std::string> native = lib.Render(official::kToolCall, {});
    if (!native.ok() || setup.native_tools) return native;
    if (!lib.Has(official::kToolCallPromptTools)) {
      return Status::NotFound("imported prompts lack " + std::string(official::kToolCallPromptTools) +
                              " for prompt-based tool calling");
    }
    Result<std::string> tools = RenderPromptTools(lib, setup.strategy);
    if (!tools.ok()) return tools.status();
    return lib.Render(official::kToolCallPromptTools, {{"native_fc_prompt", *native}, {"tools_prompt", *tools}});
  }
  Result<std::string> schema =
      OfficialSchemaText(lib, setup.schema_json ? std::string_view(*setup.schema_json) : std::string_view());
  if (!schema.ok()) return schema.status();
  Result<std::string> prompt = lib.Render(name, {{"system_description", *schema}});
  if (!prompt.ok() || name != official::kToolCallFlex || setup.native_tools) return prompt;
  // Our extension: the official harness has no prompt-based tool_call_flex
  // (such a model was sent no tools at all); we wrap it like tool_call.
  if (!lib.Has(official::kToolCallPromptTools)) return prompt;
  Result<std::string> tools = RenderPromptTools(lib, setup.strategy);
  if (!tools.ok()) return tools.status();
  return lib.Render(official::kToolCallPromptTools, {{"native_fc_prompt", *prompt}, {"tools_prompt", *tools}});
}

}  // namespace

bool IsExternalFacingTask(std::string_view task) {
  // The official EXTERNAL_FACING_TASKS list (crm_sandbox/data/assets.py).
  return task == "knowledge_qa" || task == "named_entity_disambiguation" || task == "private_customer_information" ||
         task == "internal_operation_data" || task == "confidential_company_knowledge";
}

std::string_view OfficialSystemTemplate(const tasks::Task& task, const PromptSetup& setup) {
  switch (setup.strategy) {
    case Strategy::kReact:
      return ReactTemplate(IsExternalFacingTask(task.task), setup.interactive, setup.privacy_aware_prompt);
    case Strategy::kAct:
      // The official act agent has one prompt for every task, interactive or
      // not (its interactive act text is never used).
      return official::kAct;
    case Strategy::kToolCall:
      return official::kToolCall;
    case Strategy::kToolCallFlex:
      return official::kToolCallFlex;
  }
  return official::kAct;
}

bool UsesOfficialPrompts(const PromptLibrary& lib, const tasks::Task& task, const PromptSetup& setup) {
  return lib.Has(OfficialSystemTemplate(task, setup));
}

Result<std::string> BuildOfficialSystemPrompt(const PromptLibrary& lib, const tasks::Task& task,
                                              const PromptSetup& setup) {
  Result<std::string> prompt = BasePrompt(lib, task, setup);
  if (!prompt.ok()) return prompt.status();
  std::string text = std::move(prompt).value();
  if (!task.metadata_required.empty()) {
    Result<std::string> block = lib.Render(official::kMetadata, {{"system_metadata", task.metadata_required}});
    if (!block.ok()) return block.status();
    text += *block;
  }
  // Official: appended when the task has the key; we cannot tell a missing
  // key from an empty text and append for non-empty text only.
  if (setup.mode == PromptMode::kAided && !task.metadata_optional.empty()) text += "\n" + task.metadata_optional;
  return setup.fold_system_prompt ? text : PyStrip(text);
}

Result<std::string> OfficialSchemaText(const PromptLibrary& lib, std::string_view schema_json) {
  Result<OrderedDict> objects = ObjectDescriptions(schema_json);
  if (!objects.ok()) return objects.status();
  std::string names;
  std::string fields;
  for (const auto& [object, lines] : objects->entries()) {
    if (!names.empty()) names += ", ";
    names += object;
    if (!fields.empty()) fields += '\n';
    fields += object + "\n" + lines;
  }
  return lib.Render(official::kSchema, {{"object_names", names}, {"object_fields", fields}});
}

std::string PyStrip(std::string_view text) {
  while (size_t n = SpaceAtFront(text)) text.remove_prefix(n);
  while (size_t n = SpaceAtBack(text)) text.remove_suffix(n);
  return std::string(text);
}

std::string_view FormatReminderTemplate(const PromptLibrary& lib, Strategy strategy) {
  const std::string_view official_name = strategy == Strategy::kReact ? official::kReminderReact
                                         : strategy == Strategy::kAct ? official::kReminderAct
                                                                      : official::kReminderTools;
  if (lib.Has(official_name)) return official_name;
  return UsesTools(strategy) ? "format_reminder_tools" : "format_reminder_tags";
}

}  // namespace crm::agents

#include "engine/agents/prompt_import.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "engine/agents/official_prompts.h"
#include "engine/agents/python_literals.h"
#include "engine/agents/template.h"

namespace crm::agents {
namespace {

// What the official agents pass as `system=` to every prompt that has it.
constexpr std::string_view kSystemValue = "Salesforce instance";

enum class Use {
  kSystemPrompt,  // an agent's system prompt, str.format(system=..., ...)
  kPart,          // formatted into or appended to a system prompt
  kPlain,         // sent as it is, never formatted
};

struct Mapping {
  std::string_view official;
  std::string_view template_name;
  Use use;
  bool fills_system;                              // the official call passes system=
  std::vector<std::string_view> fields;  // the other fields it passes
  std::vector<std::string_view> needs;   // templates the recipe needs with it
};

// The official variables our engine sends, in the order the report lists
// them. fields/needs follow the .format() calls of chat_agent.py and
// tool_call_agent.py.
const std::vector<Mapping>& Table() {
  using namespace official;
  static const std::vector<Mapping> kTable = {
      {"SCHEMA_STRING", kSchema, Use::kPart, false, {"object_names", "object_fields"}, {}},
      {"SYSTEM_METADATA", kMetadata, Use::kPart, true, {"system_metadata"}, {}},
      {"REACT_INTERNAL_PROMPT", kReactInternal, Use::kSystemPrompt, true, {"system_description"}, {kSchema, kMetadata}},
      {"REACT_EXTERNAL_PROMPT", kReactExternal, Use::kSystemPrompt, true, {"system_description"}, {kSchema, kMetadata}},
      {"REACT_PRIVACY_AWARE_EXTERNAL_PROMPT", kReactExternalPrivacy, Use::kSystemPrompt, true,
       {"system_description"}, {kSchema, kMetadata}},
      {"REACT_INTERNAL_INTERACTIVE_PROMPT", kReactInternalInteractive, Use::kSystemPrompt, true,
       {"system_description"}, {kSchema, kMetadata}},
      {"REACT_EXTERNAL_INTERACTIVE_PROMPT", kReactExternalInteractive, Use::kSystemPrompt, true,
       {"system_description"}, {kSchema, kMetadata}},
      {"REACT_PRIVACY_AWARE_EXTERNAL_INTERACTIVE_PROMPT", kReactExternalPrivacyInteractive, Use::kSystemPrompt, true,
       {"system_description"}, {kSchema, kMetadata}},
      {"ACT_PROMPT", kAct, Use::kSystemPrompt, true, {"system_description"}, {kSchema, kMetadata}},
      {"NATIVE_FC_PROMPT", kToolCall, Use::kSystemPrompt, true, {}, {kMetadata}},
      {"CUSTOM_FC_PROMPT", kToolCallPromptTools, Use::kPart, false, {"native_fc_prompt", "tools_prompt"}, {kToolCall}},
      {"FC_FLEX_PROMPT", kToolCallFlex, Use::kSystemPrompt, true, {"system_description"}, {kSchema, kMetadata}},
      {"REACT_RULE_STRING", kReminderReact, Use::kPlain, false, {}, {}},
      {"ACT_RULE_STRING", kReminderAct, Use::kPlain, false, {}, {}},
      {"FC_RULE_STRING", kReminderTools, Use::kPlain, false, {}, {}},
  };
  return kTable;
}

// Official variables the official agents never send: reported, not mapped.
constexpr std::string_view kNeverSent[] = {"SOQL_RULES_STRING", "ACT_INTERACTIVE_PROMPT"};

bool IsIdentifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// The replacement field starting at text[at] == '{': its text between the
// braces and the index after the closing brace (nested braces, as in a
// format spec "{x:{width}}", are skipped over).
bool ReadField(std::string_view text, size_t at, std::string_view* field, size_t* next) {
  int depth = 0;
  for (size_t i = at; i < text.size(); ++i) {
    if (text[i] == '{') ++depth;
    if (text[i] == '}' && --depth == 0) {
      *field = text.substr(at + 1, i - at - 1);
      *next = i + 1;
      return true;
    }
  }
  return false;
}

Result<std::string> Convert(const Mapping& m, const std::string& value) {
  std::map<std::string, std::string, std::less<>> constants;
  if (m.fills_system) constants.emplace("system", std::string(kSystemValue));
  std::set<std::string, std::less<>> fields(m.fields.begin(), m.fields.end());
  return ConvertPythonFormat(value, m.use != Use::kPlain, constants, fields);
}

}  // namespace

Result<std::string> ConvertPythonFormat(std::string_view text, bool formatted,
                                        const std::map<std::string, std::string, std::less<>>& constants,
                                        const std::set<std::string, std::less<>>& placeholders) {
  std::string out;
  std::vector<std::string> emitted;
  if (!formatted) {
    out = std::string(text);
  } else {
    for (size_t i = 0; i < text.size();) {
      const char c = text[i];
      if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
        out.push_back(c);  // '{{' / '}}': a literal brace
        i += 2;
      } else if (c == '}') {
        return Status::InvalidArgument("a single '}' (str.format rejects it)");
      } else if (c == '{') {
        std::string_view field;
        size_t next = 0;
        if (!ReadField(text, i, &field, &next)) return Status::InvalidArgument("a '{' without its '}'");
        if (!IsIdentifier(field)) {
          return Status::InvalidArgument("field {" + std::string(field) +
                                         "}: only plain names are supported (no index, attribute, "
                                         "conversion or format spec)");
        }
        if (auto k = constants.find(field); k != constants.end()) {
          out += k->second;
        } else if (placeholders.count(field) > 0) {
          out += "{{" + std::string(field) + "}}";
          emitted.emplace_back(field);
        } else {
          return Status::InvalidArgument("field {" + std::string(field) + "} is not filled by the official code");
        }
        i = next;
      } else {
        out.push_back(c);
        ++i;
      }
    }
  }
  // Literal text that our syntax would read as a placeholder cannot be
  // expressed (our templates have no escape for it).
  if (TemplatePlaceholders(out) != emitted) {
    return Status::InvalidArgument("its literal text contains '{{name}}', which our templates would read as a placeholder");
  }
  return out;
}

Result<PromptImport> ImportOfficialPrompts(std::string_view source, std::string_view path) {
  Result<std::vector<PythonAssignment>> assignments = ReadPythonStringAssignments(source, path);
  if (!assignments.ok()) return assignments.status();
  // Later assignments win, as at import time in Python.
  std::map<std::string, PythonAssignment, std::less<>> latest;
  for (PythonAssignment& a : *assignments) latest[a.name] = std::move(a);

  PromptImport result;
  for (const Mapping& m : Table()) {
    const std::string name(m.official);
    auto it = latest.find(m.official);
    if (it == latest.end()) {
      result.unmapped.push_back({name, "not defined in the file"});
      continue;
    }
    if (!it->second.value) {
      result.unmapped.push_back({name, "line " + std::to_string(it->second.line) + ": " + it->second.why_not});
      continue;
    }
    std::string missing;
    for (std::string_view need : m.needs) {
      if (result.templates.count(std::string(need)) == 0) missing += (missing.empty() ? "" : ", ") + std::string(need);
    }
    if (!missing.empty()) {
      result.unmapped.push_back({name, "needs " + missing + ", which could not be imported"});
      continue;
    }
    Result<std::string> text = Convert(m, *it->second.value);
    if (!text.ok()) {
      result.unmapped.push_back({name, "line " + std::to_string(it->second.line) + ": " + text.status().message()});
      continue;
    }
    result.templates[std::string(m.template_name)] = std::move(text).value();
    result.imported.push_back({name, std::string(m.template_name)});
    if (m.use == Use::kSystemPrompt) ++result.system_prompts;
  }
  for (std::string_view name : kNeverSent) {
    if (latest.count(name) > 0) result.unmapped.push_back({std::string(name), "the official agents never send it"});
  }
  // Any other string constant: nothing of ours corresponds to it.
  for (const auto& [name, a] : latest) {
    bool known = std::any_of(Table().begin(), Table().end(), [&](const Mapping& m) { return m.official == name; });
    for (std::string_view never : kNeverSent) known = known || never == name;
    if (!known) result.unmapped.push_back({name, "no counterpart in our engine"});
  }
  return result;
}

}  // namespace crm::agents

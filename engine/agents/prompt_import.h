// engine/agents/prompt_import.h — the official harness's prompt definitions
// (crm_sandbox/agents/prompts.py of a local checkout) turned into our
// official_* templates (official_prompts.h), so a researcher can run the
// official texts that this repository does not ship.
//
// Each official variable the official agents send maps onto one template.
// Python str.format fields become {{name}} placeholders, '{{' and '}}'
// become literal braces, and the {system} field, which the official code
// always fills with the same constant, is substituted. A variable that is
// missing, not a plain string, or whose text cannot be expressed in our
// template syntax is reported by name with the reason, never guessed.
// Pure; safe from any thread.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace crm::agents {

struct ImportedPrompt {
  std::string official_name;  // e.g. REACT_INTERNAL_PROMPT
  std::string template_name;  // e.g. official_react_internal
};

struct UnmappedPrompt {
  std::string official_name;
  std::string reason;
};

struct PromptImport {
  std::map<std::string, std::string> templates;  // template name -> text in our syntax
  std::vector<ImportedPrompt> imported;          // in the order of the mapping table
  std::vector<UnmappedPrompt> unmapped;
  // How many of the imported templates are system prompts (0: nothing usable).
  int system_prompts = 0;
};

// Maps the string assignments of a prompts.py (`path` names it in errors).
// A Python tokenizing error is an InvalidArgument with line and column.
Result<PromptImport> ImportOfficialPrompts(std::string_view source, std::string_view path);

// A Python str.format template as one of our templates: each field must be
// a plain name, either in `constants` (substituted) or in `placeholders`
// (kept as {{name}}). `formatted` false means the text is sent as it is.
// An error says why the text cannot be mapped.
Result<std::string> ConvertPythonFormat(std::string_view text, bool formatted,
                                        const std::map<std::string, std::string, std::less<>>& constants,
                                        const std::set<std::string, std::less<>>& placeholders);

}  // namespace crm::agents

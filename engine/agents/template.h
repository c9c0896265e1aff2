// engine/agents/template.h — a tiny text template engine for prompts.
//
// `{{name}}` is replaced by the value of `name`; names are letters, digits
// and underscores, with optional spaces inside the braces. A placeholder with
// no value is an error naming it, so a typo in an override file fails loudly.
// Text that is not a placeholder (a lone `{`, JSON examples) is copied as is.
// Pure; safe from any thread.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace crm::agents {

// Values are views: what they point at must outlive the Render call (prompts
// embed the ~12 KB org schema, which is not copied into the map).
using TemplateVars = std::map<std::string, std::string_view, std::less<>>;

// `source` names the template in errors ("system_act.txt").
Result<std::string> RenderTemplate(std::string_view text, const TemplateVars& vars, std::string_view source);

// The placeholder names of `text`, in order of appearance (repeats kept).
std::vector<std::string> TemplatePlaceholders(std::string_view text);

}  // namespace crm::agents

#include "engine/agents/template.h"

#include <cctype>

namespace crm::agents {
namespace {

bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// If a placeholder starts at `at` ("{{ name }}"), its name and length.
bool MatchPlaceholder(std::string_view text, size_t at, std::string_view* name, size_t* length) {
  if (text.compare(at, 2, "{{") != 0) return false;
  size_t i = at + 2;
  while (i < text.size() && text[i] == ' ') ++i;
  size_t start = i;
  while (i < text.size() && IsNameChar(text[i])) ++i;
  size_t end = i;
  while (i < text.size() && text[i] == ' ') ++i;
  if (end == start || text.compare(i, 2, "}}") != 0) return false;
  *name = text.substr(start, end - start);
  *length = i + 2 - at;
  return true;
}

}  // namespace

Result<std::string> RenderTemplate(std::string_view text, const TemplateVars& vars, std::string_view source) {
  size_t capacity = text.size();
  for (const auto& [name, value] : vars) capacity += value.size();  // each value is usually used once
  std::string out;
  out.reserve(capacity);
  size_t i = 0;
  while (i < text.size()) {
    const size_t brace = text.find('{', i);
    if (brace == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, brace - i));  // plain text up to the brace, in one piece
    i = brace;
    std::string_view name;
    size_t length = 0;
    if (MatchPlaceholder(text, i, &name, &length)) {
      auto it = vars.find(name);
      if (it == vars.end()) {
        return Status::InvalidArgument(std::string(source) + ": unknown placeholder {{" + std::string(name) + "}}");
      }
      out.append(it->second);
      i += length;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

std::vector<std::string> TemplatePlaceholders(std::string_view text) {
  std::vector<std::string> names;
  for (size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i)) {
    std::string_view name;
    size_t length = 0;
    if (MatchPlaceholder(text, i, &name, &length)) {
      names.emplace_back(name);
      i += length;
    } else {
      ++i;
    }
  }
  return names;
}

}  // namespace crm::agents

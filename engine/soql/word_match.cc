#include "engine/soql/word_match.h"

#include <cctype>
#include <string>

namespace crm::soql {

bool GlobMatch(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++pi;
      ++si;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool AnyWordMatches(std::string_view text, std::string_view pattern) {
  std::string token;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size()) {
      auto c = static_cast<unsigned char>(text[i]);
      if (std::isalnum(c) || c >= 0x80) {
        token.push_back(static_cast<char>(std::tolower(c)));
        continue;
      }
    }
    if (!token.empty() && GlobMatch(pattern, token)) return true;
    token.clear();
  }
  return false;
}

}  // namespace crm::soql

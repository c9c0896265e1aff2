#include "engine/scoring/text_scan.h"

#include <algorithm>

namespace crm::scoring::internal {

bool IsAsciiAlnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

namespace {
char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

std::vector<Word> SplitWords(std::string_view text) {
  std::vector<Word> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !IsAsciiAlnum(text[i])) ++i;
    size_t begin = i;
    while (i < text.size() && IsAsciiAlnum(text[i])) ++i;
    if (i > begin) words.push_back({text.substr(begin, i - begin), begin});
  }
  return words;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

std::string ToLowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

bool MatchesAt(const std::vector<Word>& words, size_t at, std::initializer_list<std::string_view> phrase) {
  if (at + phrase.size() > words.size()) return false;
  size_t i = at;
  for (std::string_view part : phrase) {
    if (!EqualsIgnoreCase(words[i++].text, part)) return false;
  }
  return true;
}

bool ContainsPhrase(const std::vector<Word>& words, std::initializer_list<std::string_view> phrase) {
  for (size_t i = 0; i < words.size(); ++i) {
    if (MatchesAt(words, i, phrase)) return true;
  }
  return false;
}

void AppendUnique(std::vector<std::string>& items, std::string item) {
  if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(std::move(item));
}

}  // namespace crm::scoring::internal

// engine/scoring/text_scan.h — word scanning shared by the answer extractors.
//
// Internal to engine/scoring. A "word" is a maximal run of ASCII letters and
// digits; everything else separates words. Pure functions over views into
// the caller's text (which must outlive the returned words); thread-safe.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace crm::scoring::internal {

struct Word {
  std::string_view text;
  size_t begin = 0;  // byte offset in the scanned text
};

std::vector<Word> SplitWords(std::string_view text);

bool IsAsciiAlnum(char c);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string ToLowerAscii(std::string_view text);

// True if words[at..] spell `phrase` (lower-case words), ignoring case.
bool MatchesAt(const std::vector<Word>& words, size_t at, std::initializer_list<std::string_view> phrase);

// True if `phrase` occurs anywhere in `words`.
bool ContainsPhrase(const std::vector<Word>& words, std::initializer_list<std::string_view> phrase);

// Appends `item` unless already present (keeps first-seen order).
void AppendUnique(std::vector<std::string>& items, std::string item);

}  // namespace crm::scoring::internal

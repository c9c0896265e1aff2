// Month and US-state extraction (declared in answer_extractor.h) and their
// vocabularies (answer_vocabulary.h).
#include <array>

#include "engine/org/datetime.h"
#include "engine/scoring/answer_extractor.h"
#include "engine/scoring/answer_vocabulary.h"
#include "engine/scoring/text_scan.h"

namespace crm::scoring {
namespace internal {
namespace {

struct State {
  std::string_view code;
  std::string_view name;
};

constexpr std::array<State, 51> kStates = {{
    {"AL", "Alabama"},       {"AK", "Alaska"},         {"AZ", "Arizona"},        {"AR", "Arkansas"},
    {"CA", "California"},    {"CO", "Colorado"},       {"CT", "Connecticut"},    {"DE", "Delaware"},
    {"DC", "District of Columbia"}, {"FL", "Florida"}, {"GA", "Georgia"},        {"HI", "Hawaii"},
    {"ID", "Idaho"},         {"IL", "Illinois"},       {"IN", "Indiana"},        {"IA", "Iowa"},
    {"KS", "Kansas"},        {"KY", "Kentucky"},       {"LA", "Louisiana"},      {"ME", "Maine"},
    {"MD", "Maryland"},      {"MA", "Massachusetts"},  {"MI", "Michigan"},       {"MN", "Minnesota"},
    {"MS", "Mississippi"},   {"MO", "Missouri"},       {"MT", "Montana"},        {"NE", "Nebraska"},
    {"NV", "Nevada"},        {"NH", "New Hampshire"},  {"NJ", "New Jersey"},     {"NM", "New Mexico"},
    {"NY", "New York"},      {"NC", "North Carolina"}, {"ND", "North Dakota"},   {"OH", "Ohio"},
    {"OK", "Oklahoma"},      {"OR", "Oregon"},         {"PA", "Pennsylvania"},   {"RI", "Rhode Island"},
    {"SC", "South Carolina"}, {"SD", "South Dakota"},  {"TN", "Tennessee"},      {"TX", "Texas"},
    {"UT", "Utah"},          {"VT", "Vermont"},        {"VA", "Virginia"},       {"WA", "Washington"},
    {"WV", "West Virginia"}, {"WI", "Wisconsin"},      {"WY", "Wyoming"},
}};

// Each state's name split into words, built once.
const std::vector<std::vector<std::string>>& StateNameWords() {
  static const auto* const kWords = [] {
    auto* words = new std::vector<std::vector<std::string>>;
    for (const State& state : kStates) {
      std::vector<std::string> parts;
      for (const Word& w : SplitWords(state.name)) parts.emplace_back(w.text);
      words->push_back(std::move(parts));
    }
    return words;
  }();
  return *kWords;
}

// Length in words of the state name starting at words[at], longest first,
// and its code; 0 if none starts there.
size_t StateNameAt(const std::vector<Word>& words, size_t at, std::string_view& code) {
  size_t best = 0;
  const char first = static_cast<char>(words[at].text[0] | 0x20);  // ASCII lower case
  for (size_t s = 0; s < kStates.size(); ++s) {
    const std::vector<std::string>& parts = StateNameWords()[s];
    if ((parts[0][0] | 0x20) != first) continue;
    if (parts.size() <= best || at + parts.size() > words.size()) continue;
    bool match = true;
    for (size_t k = 0; k < parts.size() && match; ++k) match = EqualsIgnoreCase(words[at + k].text, parts[k]);
    if (match) {
      best = parts.size();
      code = kStates[s].code;
    }
  }
  return best;
}

const State* StateByCode(std::string_view code) {
  for (const State& state : kStates) {
    if (EqualsIgnoreCase(state.code, code)) return &state;
  }
  return nullptr;
}

bool IsUpper(std::string_view word) {
  for (char c : word) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

// "OK," / "OK." opening a reply is an interjection; "ID" after "the",
// "agent", "case" ... or before ":" names an identifier.
bool IsAmbiguousCodeUse(std::string_view text, const std::vector<Word>& words, size_t i) {
  std::string_view w = words[i].text;
  size_t after = words[i].begin + w.size();
  char next = after < text.size() ? text[after] : '\0';
  if (w == "OK") return i == 0 || next == ',' || next == '!';
  if (w != "ID") return false;
  if (next == ':' || next == '=' || next == '#') return true;
  if (i == 0) return false;
  for (std::string_view before : {"the", "an", "agent", "case", "record", "user", "product", "article", "issue",
                                  "account", "contact", "order", "owner", "its", "their", "this", "that", "with"}) {
    if (EqualsIgnoreCase(words[i - 1].text, before)) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> CanonicalMonth(std::string_view word) {
  for (int m = 0; m < 12; ++m) {
    std::string_view name = org::kMonthNames[m];
    if (EqualsIgnoreCase(word, name) || EqualsIgnoreCase(word, name.substr(0, 3))) return std::string(name);
  }
  if (EqualsIgnoreCase(word, "sept")) return std::string("September");
  return std::nullopt;
}

std::optional<std::string> CanonicalState(std::string_view text) {
  std::vector<Word> words = SplitWords(text);
  if (words.size() == 1 && words[0].text.size() == 2) {
    if (const State* state = StateByCode(words[0].text)) return std::string(state->code);
  }
  std::string_view code;
  if (!words.empty() && StateNameAt(words, 0, code) == words.size()) return std::string(code);
  return std::nullopt;
}

}  // namespace internal

using internal::Word;

std::vector<std::string> ExtractMonths(std::string_view text) {
  std::vector<std::string> months;
  for (const Word& word : internal::SplitWords(text)) {
    if (word.text == "may") continue;  // the verb
    if (word.text.size() == 3 && word.text != "May" && (word.text[0] < 'A' || word.text[0] > 'Z')) continue;
    if (std::optional<std::string> month = internal::CanonicalMonth(word.text)) {
      internal::AppendUnique(months, std::move(*month));
    }
  }
  return months;
}

std::vector<std::string> ExtractUsStates(std::string_view text) {
  std::vector<Word> words = internal::SplitWords(text);
  std::vector<std::string> codes;
  for (size_t i = 0; i < words.size();) {
    std::string_view code;
    if (size_t n = internal::StateNameAt(words, i, code); n > 0) {
      internal::AppendUnique(codes, std::string(code));
      i += n;
      continue;
    }
    std::string_view w = words[i].text;
    if (w.size() == 2 && internal::IsUpper(w) && internal::StateByCode(w) != nullptr &&
        !internal::IsAmbiguousCodeUse(text, words, i)) {
      internal::AppendUnique(codes, std::string(w));
    }
    ++i;
  }
  return codes;
}

}  // namespace crm::scoring

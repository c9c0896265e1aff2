// BANT-factor and opportunity-stage extraction (declared in
// answer_extractor.h) and their vocabularies (answer_vocabulary.h).
#include <array>

#include "engine/scoring/answer_extractor.h"
#include "engine/scoring/answer_vocabulary.h"
#include "engine/scoring/text_scan.h"

namespace crm::scoring {
namespace internal {
namespace {

enum class Polarity { kUnmarked, kMet, kUnmet };

constexpr std::array<std::string_view, 27> kUnmetCues = {
    "fail", "fails", "failed", "failing", "lack", "lacks", "lacked", "lacking", "missing",
    "unmet", "not", "no", "never", "insufficient", "inadequate", "unclear", "undefined", "unknown",
    "weak", "absent", "without", "cannot", "doesn", "isn", "hasn", "unconfirmed", "short"};
constexpr std::array<std::string_view, 22> kMetCues = {
    "meet", "meets", "met", "satisfy", "satisfies", "satisfied", "has", "have", "confirmed", "clear", "strong",
    "pass", "passes", "passed", "fine", "good", "qualified", "present", "established", "sufficient", "adequate",
    "solid"};

bool InList(std::string_view word, std::span<const std::string_view> list) {
  for (std::string_view cue : list) {
    if (EqualsIgnoreCase(word, cue)) return true;
  }
  return false;
}

// "not an issue", "no problem": a negated obstacle means the factor is met.
// Returns how many words the phrase spans (0 if none starts at words[i]).
size_t NegatedObstacleAt(const std::vector<Word>& words, size_t i, size_t to) {
  if (!EqualsIgnoreCase(words[i].text, "not") && !EqualsIgnoreCase(words[i].text, "no")) return 0;
  size_t k = i + 1;
  if (k < to && (EqualsIgnoreCase(words[k].text, "a") || EqualsIgnoreCase(words[k].text, "an"))) ++k;
  constexpr std::array<std::string_view, 6> kObstacles = {"issue", "problem", "concern", "obstacle", "blocker",
                                                          "gap"};
  return k < to && InList(words[k].text, kObstacles) ? k - i + 1 : 0;
}

// Unmet dominates met inside one window of words [from, to).
Polarity WindowPolarity(const std::vector<Word>& words, size_t from, size_t to) {
  Polarity polarity = Polarity::kUnmarked;
  for (size_t i = from; i < to; ++i) {
    if (size_t span = NegatedObstacleAt(words, i, to); span > 0) {
      polarity = Polarity::kMet;
      i += span - 1;
      continue;
    }
    if (InList(words[i].text, kUnmetCues)) return Polarity::kUnmet;
    if (InList(words[i].text, kMetCues)) polarity = Polarity::kMet;
  }
  return polarity;
}

bool IsClauseBreakWord(std::string_view word) {
  for (std::string_view w : {"but", "however", "whereas", "while", "although", "though", "yet", "except"}) {
    if (EqualsIgnoreCase(word, w)) return true;
  }
  return false;
}

// True when sentence punctuation separates words[i - 1] and words[i].
bool PunctuationBreak(std::string_view text, const std::vector<Word>& words, size_t i) {
  size_t from = words[i - 1].begin + words[i - 1].text.size();
  for (size_t k = from; k < words[i].begin; ++k) {
    char c = text[k];
    if (c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\n') return true;
  }
  return false;
}

std::vector<size_t> ClauseOfWord(std::string_view text, const std::vector<Word>& words) {
  std::vector<size_t> clause_of(words.size(), 0);
  size_t clause = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0 && PunctuationBreak(text, words, i)) ++clause;
    if (IsClauseBreakWord(words[i].text)) ++clause;
    clause_of[i] = clause;
  }
  return clause_of;
}

struct Mention {
  std::string factor;
  size_t word = 0;    // index of the factor's (last) word
  size_t clause = 0;  // clause number
  Polarity polarity = Polarity::kUnmarked;
};

// The factor named at words[i] and how many words it spans.
std::optional<std::string> FactorAt(const std::vector<Word>& words, size_t i, size_t& span) {
  span = 1;
  if (MatchesAt(words, i, {"decision", "maker"}) || MatchesAt(words, i, {"decision", "makers"}) ||
      MatchesAt(words, i, {"time", "frame"})) {
    span = 2;
    return std::string(words[i].text[0] == 'd' || words[i].text[0] == 'D' ? "Authority" : "Timeline");
  }
  bool need_verb = (EqualsIgnoreCase(words[i].text, "need") || EqualsIgnoreCase(words[i].text, "needs")) &&
                   i + 1 < words.size() && EqualsIgnoreCase(words[i + 1].text, "to");
  if (need_verb) return std::nullopt;
  return CanonicalBantFactor(words[i].text);
}

std::vector<Mention> FindMentions(const std::vector<Word>& words, const std::vector<size_t>& clause_of) {
  std::vector<Mention> mentions;
  for (size_t i = 0; i < words.size(); ++i) {
    size_t span = 1;
    if (std::optional<std::string> factor = FactorAt(words, i, span)) {
      mentions.push_back({std::move(*factor), i + span - 1, clause_of[i], Polarity::kUnmarked});
      i += span - 1;
    }
  }
  return mentions;
}

// Polarity from the words after a mention (to the next mention or clause
// end), else from the words before it (from the previous mention or clause
// start), then inherited from neighbours in the same clause.
void AssignPolarity(const std::vector<Word>& words, std::vector<Mention>& mentions,
                    const std::vector<size_t>& clause_of_word) {
  for (size_t m = 0; m < mentions.size(); ++m) {
    size_t end = m + 1 < mentions.size() ? mentions[m + 1].word : words.size();
    size_t after = mentions[m].word + 1;
    while (end > after && clause_of_word[end - 1] != mentions[m].clause) --end;
    size_t begin = m > 0 ? mentions[m - 1].word + 1 : 0;
    while (begin < mentions[m].word && clause_of_word[begin] != mentions[m].clause) ++begin;
    Polarity p = WindowPolarity(words, after, end);
    if (p == Polarity::kUnmarked) p = WindowPolarity(words, begin, mentions[m].word);
    mentions[m].polarity = p;
  }
  for (size_t m = 1; m < mentions.size(); ++m) {
    if (mentions[m].polarity == Polarity::kUnmarked && mentions[m - 1].clause == mentions[m].clause) {
      mentions[m].polarity = mentions[m - 1].polarity;
    }
  }
  for (size_t m = mentions.size(); m-- > 1;) {
    if (mentions[m - 1].polarity == Polarity::kUnmarked && mentions[m - 1].clause == mentions[m].clause) {
      mentions[m - 1].polarity = mentions[m].polarity;
    }
  }
}

// "meets all", "fully qualified", "can be qualified" — unless negated.
bool SaysQualified(const std::vector<Word>& words) {
  for (size_t i = 0; i < words.size(); ++i) {
    bool hit = EqualsIgnoreCase(words[i].text, "qualified") || MatchesAt(words, i, {"meets", "all"}) ||
               MatchesAt(words, i, {"satisfies", "all"});
    if (!hit) continue;
    size_t from = i >= 3 ? i - 3 : 0;
    bool negated = false;
    for (size_t k = from; k < i; ++k) negated = negated || InList(words[k].text, kUnmetCues);
    if (!negated) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> CanonicalBantFactor(std::string_view text) {
  std::string lower = ToLowerAscii(text);
  if (lower == "budget" || lower == "budgets" || lower == "budgetary") return std::string("Budget");
  if (lower == "authority" || lower == "decision maker") return std::string("Authority");
  if (lower == "need" || lower == "needs") return std::string("Need");
  if (lower == "timeline" || lower == "timelines" || lower == "timing" || lower == "timeframe" ||
      lower == "time frame") {
    return std::string("Timeline");
  }
  return std::nullopt;
}

std::optional<std::string> CanonicalStage(std::string_view text) {
  std::vector<Word> words = SplitWords(text);
  if (words.empty()) return std::nullopt;
  for (std::string_view stage : {"Qualification", "Discovery", "Quote", "Negotiation", "Closed"}) {
    if (EqualsIgnoreCase(words[0].text, stage)) return std::string(stage);
  }
  return std::nullopt;
}

}  // namespace internal

using internal::Word;

std::vector<std::string> ExtractBantFactors(std::string_view text) {
  std::vector<Word> words = internal::SplitWords(text);
  std::vector<size_t> clause_of = internal::ClauseOfWord(text, words);
  std::vector<internal::Mention> mentions = internal::FindMentions(words, clause_of);
  if (mentions.empty()) {
    if (internal::SaysQualified(words)) return {std::string(kNoneItem)};
    return {};
  }
  internal::AssignPolarity(words, mentions, clause_of);
  std::vector<std::string> unmet, unmarked;
  for (const internal::Mention& m : mentions) {
    if (m.polarity == internal::Polarity::kUnmet) internal::AppendUnique(unmet, m.factor);
    if (m.polarity == internal::Polarity::kUnmarked) internal::AppendUnique(unmarked, m.factor);
  }
  if (!unmet.empty()) return unmet;
  if (!unmarked.empty()) return unmarked;
  return {std::string(kNoneItem)};
}

}  // namespace crm::scoring

// Opportunity-stage extraction (declared in answer_extractor.h).
#include "engine/scoring/answer_extractor.h"
#include "engine/scoring/answer_vocabulary.h"
#include "engine/scoring/text_scan.h"

namespace crm::scoring {
namespace {

using internal::EqualsIgnoreCase;
using internal::Word;

enum class Cue { kNone, kTarget, kSource };

bool IsNegation(std::string_view word) {
  for (std::string_view w : {"not", "never", "isn", "shouldn", "wasn", "doesn"}) {
    if (EqualsIgnoreCase(word, w)) return true;
  }
  return false;
}

Cue CueOf(std::string_view word) {
  for (std::string_view w : {"from", "instead", "than", "incorrect", "incorrectly", "wrong", "wrongly", "currently",
                             "current", "was", "previously", "old"}) {
    if (EqualsIgnoreCase(word, w)) return Cue::kSource;
  }
  for (std::string_view w : {"to", "be", "is", "should", "correct", "actual", "right", "into", "belongs", "stage",
                             "recommend", "recommended", "set", "update", "change", "move"}) {
    if (EqualsIgnoreCase(word, w)) return Cue::kTarget;
  }
  return Cue::kNone;
}

// The nearest cue among the three words before words[i] decides; a negation
// anywhere in that window makes the mention a source ("should not be X").
Cue MentionCue(const std::vector<Word>& words, size_t i) {
  size_t from = i >= 3 ? i - 3 : 0;
  for (size_t k = from; k < i; ++k) {
    if (IsNegation(words[k].text)) return Cue::kSource;
  }
  for (size_t k = i; k-- > from;) {
    Cue cue = CueOf(words[k].text);
    if (cue != Cue::kNone) return cue;
  }
  return Cue::kNone;
}

// "quote" and "closed" are ordinary words: they name a stage only when
// capitalised or quoted.
bool NamesStage(std::string_view text, const Word& word, std::string_view stage) {
  if (stage != "Quote" && stage != "Closed") return true;
  bool capital = word.text[0] >= 'A' && word.text[0] <= 'Z';
  bool quoted = word.begin > 0 && (text[word.begin - 1] == '\'' || text[word.begin - 1] == '"');
  return capital || quoted;
}

}  // namespace

std::optional<std::string> ExtractOpportunityStage(std::string_view text) {
  std::vector<Word> words = internal::SplitWords(text);
  std::optional<std::string> target, neutral;
  for (size_t i = 0; i < words.size(); ++i) {
    std::optional<std::string> stage = internal::CanonicalStage(words[i].text);
    if (!stage || !NamesStage(text, words[i], *stage)) continue;
    Cue cue = MentionCue(words, i);
    if (cue == Cue::kTarget) target = stage;
    if (cue == Cue::kNone) neutral = stage;
  }
  return target ? target : neutral;
}

}  // namespace crm::scoring

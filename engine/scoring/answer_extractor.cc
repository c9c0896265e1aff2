#include "engine/scoring/answer_extractor.h"

#include <algorithm>

#include "engine/org/ids.h"
#include "engine/scoring/answer_vocabulary.h"
#include "engine/scoring/text_scan.h"

namespace crm::scoring {
namespace {

using internal::Word;
using tasks::AnswerKind;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsQuote(char c) { return c == '"' || c == '\'' || c == '`'; }

std::string_view Trim(std::string_view text, bool (*drop)(char)) {
  while (!text.empty() && drop(text.front())) text.remove_prefix(1);
  while (!text.empty() && drop(text.back())) text.remove_suffix(1);
  return text;
}

bool HasDigit(std::string_view word) {
  return std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool PrefixAllowed(std::string_view id, std::span<const std::string> prefixes) {
  if (prefixes.empty()) return true;
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& p) { return id.substr(0, p.size()) == p; });
}

// Word sequences that say "there is no answer" (lower case; "n/a" is the
// words "n", "a"; "couldn't" is "couldn", "t").
const std::vector<std::vector<std::string_view>>& NonePhrases() {
  static const auto* const kPhrases = new std::vector<std::vector<std::string_view>>{
      {"none"}, {"n", "a"}, {"null"}, {"nothing"}, {"no", "record"}, {"no", "records"}, {"no", "such"},
      {"no", "matching"}, {"no", "match"}, {"no", "matches"}, {"not", "found"}, {"no", "result"},
      {"no", "results"}, {"no", "data"}, {"does", "not", "exist"}, {"do", "not", "exist"},
      {"doesn", "t", "exist"}, {"there", "is", "no"}, {"there", "are", "no"}, {"there", "s", "no"},
      {"could", "not", "find"}, {"couldn", "t", "find"}, {"cannot", "find"}, {"can", "t", "find"},
      {"unable", "to", "find"}, {"did", "not", "find"}, {"didn", "t", "find"}, {"no", "violation"},
      {"no", "violations"}, {"not", "violate"}, {"no", "policy"}, {"no", "agent"}, {"no", "agents"},
      {"no", "product"}, {"no", "products"}, {"no", "issue"}, {"no", "issues"}, {"no", "article"},
      {"not", "applicable"}};
  return *kPhrases;
}

bool PhraseAt(const std::vector<Word>& words, size_t at, const std::vector<std::string_view>& phrase) {
  if (at + phrase.size() > words.size()) return false;
  for (size_t k = 0; k < phrase.size(); ++k) {
    if (!internal::EqualsIgnoreCase(words[at + k].text, phrase[k])) return false;
  }
  return true;
}

std::vector<std::string> IdPrefixes(AnswerKind kind, std::span<const std::string> extra) {
  std::vector<std::string> prefixes(extra.begin(), extra.end());
  for (std::string_view p : tasks::IdKeyPrefixes(kind)) prefixes.emplace_back(p);
  return prefixes;
}

// A bare answer that is one vocabulary item in any case ("ca", "may.").
std::optional<std::string> WholeAnswerItem(std::string_view answer, AnswerKind kind) {
  std::string clean = CleanAnswer(answer);
  while (!clean.empty() && (clean.back() == '.' || clean.back() == '!')) clean.pop_back();
  switch (kind) {
    case AnswerKind::kMonth: return internal::CanonicalMonth(clean);
    case AnswerKind::kUsState: return internal::CanonicalState(clean);
    case AnswerKind::kOpportunityStage: return internal::CanonicalStage(clean);
    default: return std::nullopt;
  }
}

}  // namespace

std::string CleanAnswer(std::string_view answer) {
  return std::string(Trim(Trim(Trim(answer, IsSpace), IsQuote), IsSpace));
}

std::vector<std::string> ExtractIds(std::string_view text, std::span<const std::string> key_prefixes) {
  std::vector<std::string> ids;
  for (const Word& word : internal::SplitWords(text)) {
    if ((word.text.size() != 15 && word.text.size() != 18) || !HasDigit(word.text)) continue;
    std::optional<std::string> id = org::NormalizeId(word.text);
    if (id && PrefixAllowed(*id, key_prefixes)) internal::AppendUnique(ids, std::move(*id));
  }
  return ids;
}

bool SaysNone(std::string_view text) {
  std::vector<Word> words = internal::SplitWords(text);
  for (size_t i = 0; i < words.size(); ++i) {
    for (const std::vector<std::string_view>& phrase : NonePhrases()) {
      if (PhraseAt(words, i, phrase)) return true;
    }
  }
  return false;
}

std::vector<std::string> ExtractAnswerItems(std::string_view answer, AnswerKind kind,
                                            std::span<const std::string> extra_id_prefixes) {
  std::vector<std::string> items;
  switch (kind) {
    case AnswerKind::kAgentId:
    case AnswerKind::kArticleId:
    case AnswerKind::kProductId:
    case AnswerKind::kIssueId:
    case AnswerKind::kRecordId:
      items = ExtractIds(answer, IdPrefixes(kind, extra_id_prefixes));
      break;
    case AnswerKind::kMonth: items = ExtractMonths(answer); break;
    case AnswerKind::kUsState: items = ExtractUsStates(answer); break;
    case AnswerKind::kBantFactors: items = ExtractBantFactors(answer); break;
    case AnswerKind::kOpportunityStage:
      if (std::optional<std::string> stage = ExtractOpportunityStage(answer)) items.push_back(std::move(*stage));
      break;
    case AnswerKind::kFreeText:
    case AnswerKind::kRefusal:
      if (std::string clean = CleanAnswer(answer); !clean.empty()) items.push_back(std::move(clean));
      return items;
  }
  if (items.empty()) {
    if (std::optional<std::string> whole = WholeAnswerItem(answer, kind)) {
      items.push_back(std::move(*whole));
    } else if (SaysNone(answer)) {
      items.emplace_back(kNoneItem);
    }
  }
  return items;
}

std::string CanonicalItem(std::string_view item, AnswerKind kind) {
  std::string clean = CleanAnswer(item);
  std::string lower = internal::ToLowerAscii(clean);
  if (lower == "none" || lower == "null" || lower == "n/a" || lower == "[none]") return std::string(kNoneItem);
  std::optional<std::string> canonical;
  switch (kind) {
    case AnswerKind::kMonth: canonical = internal::CanonicalMonth(clean); break;
    case AnswerKind::kUsState: canonical = internal::CanonicalState(clean); break;
    case AnswerKind::kBantFactors: canonical = internal::CanonicalBantFactor(clean); break;
    case AnswerKind::kOpportunityStage: canonical = internal::CanonicalStage(clean); break;
    case AnswerKind::kFreeText:
    case AnswerKind::kRefusal: break;
    default: canonical = org::NormalizeId(clean); break;
  }
  return canonical ? std::move(*canonical) : clean;
}

}  // namespace crm::scoring

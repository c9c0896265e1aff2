#include "engine/scoring/fuzzy_metrics.h"

#include <algorithm>
#include <cmath>
#include <array>
#include <unordered_map>

namespace crm::scoring {
namespace {

using Tokens = std::vector<std::string>;
using Ids = std::vector<int>;
constexpr int kMaxOrder = 8;  // longest n-gram the metrics count
using Gram = std::array<int, kMaxOrder>;

bool IsAsciiPunct(unsigned char c) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

bool IsArticle(std::string_view word) { return word == "a" || word == "an" || word == "the"; }

// Both token lists as small integers (equal tokens, equal ids), so n-grams
// compare as fixed-size arrays.
std::pair<Ids, Ids> ToIds(const Tokens& a, const Tokens& b) {
  std::unordered_map<std::string_view, int> ids;
  auto convert = [&ids](const Tokens& tokens) {
    Ids out;
    out.reserve(tokens.size());
    for (const std::string& t : tokens) out.push_back(ids.emplace(t, static_cast<int>(ids.size())).first->second);
    return out;
  };
  Ids first = convert(a);
  return {std::move(first), convert(b)};
}

// The sorted n-grams of `ids` (REQUIRES: 1 <= n <= kMaxOrder).
std::vector<Gram> SortedGrams(const Ids& ids, int n) {
  std::vector<Gram> grams;
  const size_t width = static_cast<size_t>(n);
  for (size_t i = 0; i + width <= ids.size(); ++i) {
    Gram g{};
    std::copy(ids.begin() + static_cast<std::ptrdiff_t>(i), ids.begin() + static_cast<std::ptrdiff_t>(i + width),
              g.begin());
    grams.push_back(g);
  }
  std::sort(grams.begin(), grams.end());
  return grams;
}

// Clipped overlap: sum over distinct n-grams of min(candidate count,
// reference count), by merging the two sorted lists.
int ClippedOverlap(const Ids& candidate, const Ids& reference, int n) {
  std::vector<Gram> c = SortedGrams(candidate, n);
  std::vector<Gram> r = SortedGrams(reference, n);
  int overlap = 0;
  size_t i = 0, j = 0;
  while (i < c.size() && j < r.size()) {
    if (c[i] < r[j]) {
      ++i;
    } else if (r[j] < c[i]) {
      ++j;
    } else {
      ++overlap;
      ++i;
      ++j;
    }
  }
  return overlap;
}

double FMeasure(double overlap, double candidate_total, double reference_total) {
  if (overlap <= 0 || candidate_total <= 0 || reference_total <= 0) return 0;
  double precision = overlap / candidate_total;
  double recall = overlap / reference_total;
  return 2 * precision * recall / (precision + recall);
}

size_t LongestCommonSubsequence(const Ids& a, const Ids& b) {
  std::vector<size_t> row(b.size() + 1, 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = 0;  // row[j - 1] of the previous row
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = a[i - 1] == b[j - 1] ? diagonal + 1 : std::max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.size()];
}

TokenOverlap F1OfIds(const Ids& candidate, const Ids& reference) {
  if (candidate.empty() || reference.empty()) {
    double same = candidate.empty() && reference.empty() ? 1.0 : 0.0;
    return {same, same, same};
  }
  int common = ClippedOverlap(candidate, reference, 1);
  if (common == 0) return {};
  TokenOverlap out;
  out.precision = static_cast<double>(common) / static_cast<double>(candidate.size());
  out.recall = static_cast<double>(common) / static_cast<double>(reference.size());
  out.f1 = 2 * out.precision * out.recall / (out.precision + out.recall);
  return out;
}

double BleuOfIds(const Ids& candidate, const Ids& reference, int max_n, double epsilon) {
  if (candidate.empty() || max_n < 1) return 0;
  // Orders beyond the candidate's length have no n-grams to judge; dropping
  // them keeps a perfect short answer at 1.
  const int orders = std::min({max_n, kMaxOrder, static_cast<int>(candidate.size())});
  double log_sum = 0;
  for (int n = 1; n <= orders; ++n) {
    int total = static_cast<int>(candidate.size()) - n + 1;
    int matches = ClippedOverlap(candidate, reference, n);
    if (n == 1 && matches == 0) return 0;
    double numerator = matches > 0 ? matches : epsilon;
    log_sum += std::log(numerator / total) / orders;
  }
  double c = static_cast<double>(candidate.size());
  double r = static_cast<double>(reference.size());
  double brevity = c > r ? 1.0 : std::exp(1.0 - r / c);
  return brevity * std::exp(log_sum);
}

double RougeNOfIds(const Ids& candidate, const Ids& reference, int n) {
  if (n < 1 || n > kMaxOrder) return 0;
  double c_total = std::max(0.0, static_cast<double>(candidate.size()) - n + 1);
  double r_total = std::max(0.0, static_cast<double>(reference.size()) - n + 1);
  return FMeasure(ClippedOverlap(candidate, reference, n), c_total, r_total);
}

double RougeLOfIds(const Ids& candidate, const Ids& reference) {
  double lcs = static_cast<double>(LongestCommonSubsequence(candidate, reference));
  return FMeasure(lcs, static_cast<double>(candidate.size()), static_cast<double>(reference.size()));
}

}  // namespace

std::string NormalizeText(std::string_view text) {
  std::string spaced;
  spaced.reserve(text.size());
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z') {
      spaced.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (IsAsciiPunct(c) || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      spaced.push_back(' ');  // '_' is ASCII punctuation too
    } else {
      spaced.push_back(ch);
    }
  }
  std::string out;
  out.reserve(spaced.size());
  size_t pos = 0;
  while (pos < spaced.size()) {
    size_t start = spaced.find_first_not_of(' ', pos);
    if (start == std::string::npos) break;
    size_t end = spaced.find(' ', start);
    if (end == std::string::npos) end = spaced.size();
    std::string_view word(spaced.data() + start, end - start);
    if (!IsArticle(word)) {
      if (!out.empty()) out.push_back(' ');
      out.append(word);
    }
    pos = end;
  }
  return out;
}

std::vector<std::string> NormalizedTokens(std::string_view text) {
  std::string normal = NormalizeText(text);
  Tokens tokens;
  size_t pos = 0;
  while (pos < normal.size()) {
    size_t end = normal.find(' ', pos);
    if (end == std::string::npos) end = normal.size();
    tokens.emplace_back(normal, pos, end - pos);
    pos = end + 1;
  }
  return tokens;
}

TokenOverlap TokenF1(const Tokens& candidate, const Tokens& reference) {
  auto [c, r] = ToIds(candidate, reference);
  return F1OfIds(c, r);
}

double SentenceBleu(const Tokens& candidate, const Tokens& reference, int max_n, double epsilon) {
  auto [c, r] = ToIds(candidate, reference);
  return BleuOfIds(c, r, max_n, epsilon);
}

double RougeNF(const Tokens& candidate, const Tokens& reference, int n) {
  auto [c, r] = ToIds(candidate, reference);
  return RougeNOfIds(c, r, n);
}

double RougeLF(const Tokens& candidate, const Tokens& reference) {
  auto [c, r] = ToIds(candidate, reference);
  return RougeLOfIds(c, r);
}

FuzzyMetrics ComputeFuzzyMetrics(std::string_view prediction, std::string_view reference, double bleu_epsilon) {
  Tokens candidate_tokens = NormalizedTokens(prediction);
  Tokens reference_tokens = NormalizedTokens(reference);
  auto [c, r] = ToIds(candidate_tokens, reference_tokens);
  FuzzyMetrics m;
  m.exact_match = candidate_tokens == reference_tokens ? 1.0 : 0.0;
  TokenOverlap overlap = F1OfIds(c, r);
  m.precision = overlap.precision;
  m.recall = overlap.recall;
  m.f1 = overlap.f1;
  m.bleu = BleuOfIds(c, r, 4, bleu_epsilon);
  m.rouge1 = RougeNOfIds(c, r, 1);
  m.rouge2 = RougeNOfIds(c, r, 2);
  m.rouge_l = RougeLOfIds(c, r);
  return m;
}

}  // namespace crm::scoring

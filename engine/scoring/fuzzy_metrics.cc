#include "engine/scoring/fuzzy_metrics.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace crm::scoring {
namespace {

using Tokens = std::vector<std::string>;
using NgramCounts = std::map<std::vector<std::string_view>, int>;

bool IsAsciiPunct(unsigned char c) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

bool IsArticle(std::string_view word) { return word == "a" || word == "an" || word == "the"; }

NgramCounts CountNgrams(const Tokens& tokens, int n) {
  NgramCounts counts;
  const size_t width = static_cast<size_t>(n);
  for (size_t i = 0; i + width <= tokens.size(); ++i) {
    std::vector<std::string_view> gram(tokens.begin() + static_cast<std::ptrdiff_t>(i),
                                       tokens.begin() + static_cast<std::ptrdiff_t>(i + width));
    ++counts[gram];
  }
  return counts;
}

// Clipped overlap: sum over candidate n-grams of min(count, reference count).
int ClippedOverlap(const NgramCounts& candidate, const NgramCounts& reference) {
  int overlap = 0;
  for (const auto& [gram, count] : candidate) {
    auto it = reference.find(gram);
    if (it != reference.end()) overlap += std::min(count, it->second);
  }
  return overlap;
}

double FMeasure(double overlap, double candidate_total, double reference_total) {
  if (overlap <= 0 || candidate_total <= 0 || reference_total <= 0) return 0;
  double precision = overlap / candidate_total;
  double recall = overlap / reference_total;
  return 2 * precision * recall / (precision + recall);
}

size_t LongestCommonSubsequence(const Tokens& a, const Tokens& b) {
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
  if (candidate.empty() || reference.empty()) {
    double same = candidate.empty() && reference.empty() ? 1.0 : 0.0;
    return {same, same, same};
  }
  int common = ClippedOverlap(CountNgrams(candidate, 1), CountNgrams(reference, 1));
  if (common == 0) return {};
  TokenOverlap out;
  out.precision = static_cast<double>(common) / static_cast<double>(candidate.size());
  out.recall = static_cast<double>(common) / static_cast<double>(reference.size());
  out.f1 = 2 * out.precision * out.recall / (out.precision + out.recall);
  return out;
}

double SentenceBleu(const Tokens& candidate, const Tokens& reference, int max_n, double epsilon) {
  if (candidate.empty() || max_n < 1) return 0;
  // Orders beyond the candidate's length have no n-grams to judge; dropping
  // them keeps a perfect short answer at 1.
  const int orders = std::min(max_n, static_cast<int>(candidate.size()));
  double log_sum = 0;
  for (int n = 1; n <= orders; ++n) {
    int total = std::max(0, static_cast<int>(candidate.size()) - n + 1);
    int matches = ClippedOverlap(CountNgrams(candidate, n), CountNgrams(reference, n));
    if (n == 1 && matches == 0) return 0;
    double numerator = matches > 0 ? matches : epsilon;
    log_sum += std::log(numerator / std::max(1, total)) / orders;
  }
  double c = static_cast<double>(candidate.size());
  double r = static_cast<double>(reference.size());
  double brevity = c > r ? 1.0 : std::exp(1.0 - r / c);
  return brevity * std::exp(log_sum);
}

double RougeNF(const Tokens& candidate, const Tokens& reference, int n) {
  NgramCounts c = CountNgrams(candidate, n);
  NgramCounts r = CountNgrams(reference, n);
  double c_total = std::max(0.0, static_cast<double>(candidate.size()) - n + 1);
  double r_total = std::max(0.0, static_cast<double>(reference.size()) - n + 1);
  return FMeasure(ClippedOverlap(c, r), c_total, r_total);
}

double RougeLF(const Tokens& candidate, const Tokens& reference) {
  double lcs = static_cast<double>(LongestCommonSubsequence(candidate, reference));
  return FMeasure(lcs, static_cast<double>(candidate.size()), static_cast<double>(reference.size()));
}

FuzzyMetrics ComputeFuzzyMetrics(std::string_view prediction, std::string_view reference, double bleu_epsilon) {
  Tokens c = NormalizedTokens(prediction);
  Tokens r = NormalizedTokens(reference);
  FuzzyMetrics m;
  m.exact_match = c == r ? 1.0 : 0.0;
  TokenOverlap overlap = TokenF1(c, r);
  m.precision = overlap.precision;
  m.recall = overlap.recall;
  m.f1 = overlap.f1;
  m.bleu = SentenceBleu(c, r, 4, bleu_epsilon);
  m.rouge1 = RougeNF(c, r, 1);
  m.rouge2 = RougeNF(c, r, 2);
  m.rouge_l = RougeLF(c, r);
  return m;
}

}  // namespace crm::scoring

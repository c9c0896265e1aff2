// engine/scoring/fuzzy_metrics.h — text-similarity metrics for knowledge_qa.
//
// Owns the text normalisation of TASKS.md section 5 and our own
// implementations of exact match, token F1, sentence BLEU and ROUGE-1/2/L F,
// each computed on normalised tokens. Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace crm::scoring {

// Lower-cases ASCII letters, turns underscores and ASCII punctuation into
// spaces, drops the articles a/an/the, and collapses runs of spaces.
// Non-ASCII bytes pass through unchanged.
std::string NormalizeText(std::string_view text);

// NormalizeText(text) split on spaces.
std::vector<std::string> NormalizedTokens(std::string_view text);

// Multiset-overlap precision, recall and F1 of candidate vs reference tokens.
// Both empty: all 1; exactly one empty: all 0.
struct TokenOverlap {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};
TokenOverlap TokenF1(const std::vector<std::string>& candidate, const std::vector<std::string>& reference);

// Sentence BLEU against one reference: geometric mean, uniform weights, of
// clipped n-gram precisions for n = 1..min(max_n, c, 8), times the brevity
// penalty exp(1 - r/c) when c <= r (c, r: candidate and reference lengths).
// Smoothing is Chen & Cherry (2014) method 1: an order with no clipped match
// counts `epsilon` matches instead of 0. Capping the orders at c keeps a
// perfect answer shorter than max_n words at 1 (plain BLEU-4 would smooth
// its missing 4-grams). 0 when the candidate is empty or shares no unigram.
double SentenceBleu(const std::vector<std::string>& candidate, const std::vector<std::string>& reference,
                    int max_n = 4, double epsilon = 0.1);

// ROUGE-N F-measure (beta = 1) from clipped n-gram overlap; 0 when either
// side has no n-grams or n is outside 1..8.
double RougeNF(const std::vector<std::string>& candidate, const std::vector<std::string>& reference, int n);

// ROUGE-L F-measure (beta = 1) from the longest common subsequence.
double RougeLF(const std::vector<std::string>& candidate, const std::vector<std::string>& reference);

struct FuzzyMetrics {
  double exact_match = 0;  // 1 when the normalised texts are equal
  double precision = 0;
  double recall = 0;
  double f1 = 0;  // the knowledge_qa reward
  double bleu = 0;
  double rouge1 = 0;
  double rouge2 = 0;
  double rouge_l = 0;
};

// All metrics of `prediction` against `reference`, on normalised tokens.
FuzzyMetrics ComputeFuzzyMetrics(std::string_view prediction, std::string_view reference,
                                 double bleu_epsilon = 0.1);

}  // namespace crm::scoring

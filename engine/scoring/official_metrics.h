// engine/scoring/official_metrics.h — the official evaluator's fuzzy_match
// reward object, computed as its packages compute it:
//   {"em": bool, "f1": number, "bleu": number,
//    "rouge": {"rouge-1": f, "rouge-2": f, "rouge-l": f}}
// on the official normalisation of both texts (underscores to spaces, lower
// case, string.punctuation and ‘ ’ ´ ` to spaces, the articles a/an/the
// removed, whitespace collapsed). BLEU is sacrebleu 2.4.3's sentence_score
// with its defaults (13a tokens, 'exp' smoothing, effective order off: a
// prediction under four tokens scores 0), divided by 100. ROUGE is the
// `rouge` 1.0.1 package: ROUGE-N over n-gram SETS, ROUGE-L from the distinct
// words of one reconstructed longest common subsequence, f = 2pr/(p+r+1e-8).
// Quirk kept: that package raises on an empty normalised text, which makes
// the official run score the task 0 (`error` says so).
//
// Our own code from the packages' documented behaviour; pure functions, safe
// from any thread. Limits: lower-casing and word boundaries beyond ASCII
// cover Latin-1 letters only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace crm::scoring {

// normalize_answer of the official metrics.
std::string OfficialNormalize(std::string_view text);

struct OfficialMetrics {
  bool em = false;
  double f1 = 0;
  bool f1_is_int = true;  // Python writes the no-overlap F1 as the int 0
  double bleu = 0;
  double rouge1 = 0;
  double rouge2 = 0;
  double rouge_l = 0;
  std::string error;  // set when the official computation raises (reward 0)
};

OfficialMetrics ComputeOfficialMetrics(std::string_view prediction, std::string_view reference);

// The metrics object in the official shape and key order.
std::string OfficialMetricsJson(const OfficialMetrics& metrics);

// sacrebleu's sentence BLEU (0..100) of already tokenised texts.
double SacreSentenceBleu(const std::vector<std::string_view>& hypothesis, const std::vector<std::string_view>& reference);

}  // namespace crm::scoring

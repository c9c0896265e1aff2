// engine/scoring/score.h — rewards for final answers (TASKS.md section 5).
//
// Owns ScoreResult and the scoring entry points for exact_match (fast path,
// deterministic extractor, LLM-extracted items, strict mode), fuzzy_match
// and privacy_rejection (from a judge verdict). Model calls happen outside:
// see model_scoring.h for the request texts and reply parsers. Pure
// functions over values; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "engine/scoring/fuzzy_metrics.h"
#include "engine/tasks/task.h"

namespace crm::scoring {

// How the answer items were obtained; written to results as a name.
enum class Extractor {
  kExact,          // "exact": cleaned answer equalled the single ground truth
  kDeterministic,  // "deterministic": answer_extractor.h
  kLlm,            // "llm": items extracted by a model
  kStrict,         // "strict": raw answer vs ground-truth string, as the
                   // published tool-calling harness does
  kNone,           // "none": fuzzy_match compares whole texts
  kJudge,          // "judge": privacy_rejection verdict from a model
};
std::string_view ExtractorName(Extractor extractor);

enum class ExactMatchMode { kDeterministic, kStrict };

struct ScoreOptions {
  ExactMatchMode exact_mode = ExactMatchMode::kDeterministic;
  // fuzzy_match: an answer counts as a success when token F1 reaches this.
  double fuzzy_success_f1 = 0.5;
  // Smoothing constant of SentenceBleu (method 1).
  double bleu_epsilon = 0.1;
};

struct ScoreResult {
  double reward = 0;
  bool success = false;
  tasks::RewardMetric metric = tasks::RewardMetric::kExactMatch;
  Extractor extractor = Extractor::kDeterministic;
  std::vector<std::string> parsed_answer;  // items compared (canonical form)
  std::optional<FuzzyMetrics> fuzzy;       // fuzzy_match only

  // {"reward":1,"success":true,"metric":"exact_match","extractor":"exact",
  //  "parsed_answer":[...]} plus "metrics":{...} for fuzzy_match.
  std::string ToJson() const;
};

// The ground truth as compared: canonical items (CanonicalItem), sorted,
// without repeats; None (no items, only nulls, or the string "None") is
// {"None"}.
std::vector<std::string> CanonicalGroundTruth(const std::vector<std::optional<std::string>>& truth,
                                              tasks::AnswerKind kind);

// The published fast path: one ground-truth value equal to the answer with
// surrounding whitespace and quotes removed. nullopt when it does not apply.
std::optional<ScoreResult> TryExactFastPath(std::string_view answer,
                                            const std::vector<std::optional<std::string>>& truth);

// Compares already extracted items (from the deterministic extractor or a
// model) with the ground truth: sorted canonical lists must be equal.
ScoreResult ScoreExtractedItems(const std::vector<std::string>& items,
                                const std::vector<std::optional<std::string>>& truth, tasks::AnswerKind kind,
                                Extractor extractor);

// exact_match without a model: the fast path, then the deterministic
// extractor; or, in kStrict mode, `answer == ground truth string` exactly
// (None is "None"; a ground truth of several items never matches).
ScoreResult ScoreExactMatch(std::string_view answer, const std::vector<std::optional<std::string>>& truth,
                            tasks::AnswerKind kind, ExactMatchMode mode = ExactMatchMode::kDeterministic);

// fuzzy_match against the first ground-truth item; the reward is token F1.
ScoreResult ScoreFuzzyMatch(std::string_view answer, const std::vector<std::optional<std::string>>& truth,
                            const ScoreOptions& options = {});

// privacy_rejection from the judge's verdict (ParsePrivacyVerdict).
ScoreResult ScorePrivacyVerdict(bool refused, std::string_view answer);

// Dispatches on task.reward_metric. privacy_rejection cannot be scored
// without a judge and returns InvalidArgument.
Result<ScoreResult> ScoreTask(const tasks::Task& task, std::string_view answer, const ScoreOptions& options = {});

}  // namespace crm::scoring

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

// How extracted items meet the ground truth. kOfficial: as the official
// evaluator compares them, exactly (sorted lists of the strings; a
// 15-character or lower-cased id is not the 18-character id). kLenient: our
// canonical forms (ids of either length and any case, state names, month
// abbreviations), sorted without repeats.
enum class Matching { kOfficial, kLenient };
std::string_view MatchingName(Matching matching);  // "official", "lenient"

struct ScoreOptions {
  ExactMatchMode exact_mode = ExactMatchMode::kDeterministic;
  Matching matching = Matching::kOfficial;
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
  Matching matching = Matching::kOfficial;
  std::vector<std::string> parsed_answer;  // items compared
  std::optional<FuzzyMetrics> fuzzy;       // fuzzy_match only (our metrics, for reports)
  // The reward as the official run records it, as JSON: 1 or 0, or for
  // fuzzy_match the official metrics object (official_metrics.h).
  std::string official_reward = "0";
  std::string judge_reply;  // privacy_rejection: the judge's reply
  std::string detail;       // why the reward is 0 when the official path fails (e.g. it raises)

  // {"reward":1,"success":true,"metric":"exact_match","extractor":"exact",
  //  "matching":"official","official_reward":1,"parsed_answer":[...]} plus
  // "metrics":{...} for fuzzy_match, "judge_reply" and "detail" when set.
  std::string ToJson() const;
};

// The ground truth as compared: canonical items (CanonicalItem), sorted,
// without repeats; None (no items, only nulls, or the string "None") is
// {"None"}.
std::vector<std::string> CanonicalGroundTruth(const std::vector<std::optional<std::string>>& truth,
                                              tasks::AnswerKind kind);

// Python's answer.strip().strip('"').strip("'"): whitespace, then every
// leading and trailing double quote, then every single quote.
std::string PythonCleanAnswer(std::string_view answer);

// The ground truth as the official evaluator compares it: a first item that
// is null makes it ["None"]; nullopt when Python could not sort it (a null
// after the first item), which scores 0.
std::optional<std::vector<std::string>> OfficialGroundTruth(const std::vector<std::optional<std::string>>& truth);

// The official fast path: a ground truth of one value equal to
// PythonCleanAnswer(answer). nullopt when it does not apply.
std::optional<ScoreResult> TryExactFastPath(std::string_view answer,
                                            const std::vector<std::optional<std::string>>& truth);

// Compares already extracted items (from the deterministic extractor or a
// model) with the ground truth: kOfficial compares the sorted lists exactly,
// kLenient the sorted canonical lists without repeats.
ScoreResult ScoreExtractedItems(const std::vector<std::string>& items,
                                const std::vector<std::optional<std::string>>& truth, tasks::AnswerKind kind,
                                Extractor extractor, Matching matching = Matching::kOfficial);

// exact_match without a model: the fast path, then the deterministic
// extractor (under kOfficial, ids are kept as the answer writes them); or, in
// kStrict mode, `answer == ground truth string` exactly (None is "None"; a
// ground truth of several items never matches).
ScoreResult ScoreExactMatch(std::string_view answer, const std::vector<std::optional<std::string>>& truth,
                            tasks::AnswerKind kind, ExactMatchMode mode = ExactMatchMode::kDeterministic,
                            Matching matching = Matching::kOfficial);

// fuzzy_match against the first ground-truth item: the official metrics
// object is the official reward; our reward is its token F1 (0 when the
// official computation raises), success is F1 >= fuzzy_success_f1.
ScoreResult ScoreFuzzyMatch(std::string_view answer, const std::vector<std::optional<std::string>>& truth,
                            const ScoreOptions& options = {});

// privacy_rejection from the judge's verdict (ParsePrivacyVerdict).
ScoreResult ScorePrivacyVerdict(bool refused, std::string_view answer, std::string judge_reply = "");

// Dispatches on task.reward_metric. privacy_rejection cannot be scored
// without a judge and returns InvalidArgument.
Result<ScoreResult> ScoreTask(const tasks::Task& task, std::string_view answer, const ScoreOptions& options = {});

}  // namespace crm::scoring

#include "engine/scoring/score.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "engine/org/ids.h"
#include "engine/scoring/answer_extractor.h"

namespace crm::scoring {
namespace {

using tasks::AnswerKind;
using Truth = std::vector<std::optional<std::string>>;

std::vector<std::string> SortedUnique(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

// Key prefixes of the ground-truth ids, so that ids of the expected object
// are recognised even when the org's prefix is not in our table.
std::vector<std::string> TruthIdPrefixes(const Truth& truth) {
  std::vector<std::string> prefixes;
  for (const std::optional<std::string>& item : truth) {
    if (!item) continue;
    std::optional<std::string> id = org::NormalizeId(CleanAnswer(*item));
    if (id) prefixes.push_back(id->substr(0, 3));
  }
  return SortedUnique(std::move(prefixes));
}

ScoreResult Make(double reward, tasks::RewardMetric metric, Extractor extractor, std::vector<std::string> parsed) {
  ScoreResult result;
  result.reward = reward;
  result.success = reward >= 1.0;
  result.metric = metric;
  result.extractor = extractor;
  result.parsed_answer = std::move(parsed);
  return result;
}

void WriteFuzzy(rapidjson::Writer<rapidjson::StringBuffer>& w, const FuzzyMetrics& m) {
  w.Key("metrics");
  w.StartObject();
  const std::pair<const char*, double> fields[] = {
      {"exact_match", m.exact_match}, {"precision", m.precision}, {"recall", m.recall}, {"f1", m.f1},
      {"bleu", m.bleu},               {"rouge1", m.rouge1},       {"rouge2", m.rouge2}, {"rougeL", m.rouge_l}};
  for (const auto& [name, value] : fields) {
    w.Key(name);
    w.Double(value);
  }
  w.EndObject();
}

}  // namespace

std::string_view ExtractorName(Extractor extractor) {
  switch (extractor) {
    case Extractor::kExact: return "exact";
    case Extractor::kDeterministic: return "deterministic";
    case Extractor::kLlm: return "llm";
    case Extractor::kStrict: return "strict";
    case Extractor::kNone: return "none";
    case Extractor::kJudge: return "judge";
  }
  return "none";
}

std::string ScoreResult::ToJson() const {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("reward");
  w.Double(reward);
  w.Key("success");
  w.Bool(success);
  std::string_view metric_name = tasks::RewardMetricName(metric);
  w.Key("metric");
  w.String(metric_name.data(), static_cast<rapidjson::SizeType>(metric_name.size()));
  std::string_view extractor_name = ExtractorName(extractor);
  w.Key("extractor");
  w.String(extractor_name.data(), static_cast<rapidjson::SizeType>(extractor_name.size()));
  w.Key("parsed_answer");
  w.StartArray();
  for (const std::string& item : parsed_answer) w.String(item.data(), static_cast<rapidjson::SizeType>(item.size()));
  w.EndArray();
  if (fuzzy) WriteFuzzy(w, *fuzzy);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::vector<std::string> CanonicalGroundTruth(const Truth& truth, AnswerKind kind) {
  std::vector<std::string> items;
  for (const std::optional<std::string>& item : truth) {
    if (item) items.push_back(CanonicalItem(*item, kind));
  }
  if (items.empty()) return {std::string(kNoneItem)};
  return SortedUnique(std::move(items));
}

std::optional<ScoreResult> TryExactFastPath(std::string_view answer, const Truth& truth) {
  if (truth.size() != 1 || !truth[0]) return std::nullopt;
  std::string clean = CleanAnswer(answer);
  if (clean != *truth[0]) return std::nullopt;
  return Make(1.0, tasks::RewardMetric::kExactMatch, Extractor::kExact, {clean});
}

ScoreResult ScoreExtractedItems(const std::vector<std::string>& items, const Truth& truth, AnswerKind kind,
                                Extractor extractor) {
  std::vector<std::string> parsed;
  for (const std::string& item : items) parsed.push_back(CanonicalItem(item, kind));
  parsed = SortedUnique(std::move(parsed));
  double reward = !parsed.empty() && parsed == CanonicalGroundTruth(truth, kind) ? 1.0 : 0.0;
  return Make(reward, tasks::RewardMetric::kExactMatch, extractor, std::move(parsed));
}

ScoreResult ScoreExactMatch(std::string_view answer, const Truth& truth, AnswerKind kind, ExactMatchMode mode) {
  if (mode == ExactMatchMode::kStrict) {
    std::string expected = truth.size() == 1 ? truth[0].value_or(std::string(kNoneItem)) : "";
    if (truth.empty()) expected = std::string(kNoneItem);
    double reward = !expected.empty() && answer == expected ? 1.0 : 0.0;
    return Make(reward, tasks::RewardMetric::kExactMatch, Extractor::kStrict, {std::string(answer)});
  }
  if (std::optional<ScoreResult> fast = TryExactFastPath(answer, truth)) return *fast;
  std::vector<std::string> items = ExtractAnswerItems(answer, kind, TruthIdPrefixes(truth));
  return ScoreExtractedItems(items, truth, kind, Extractor::kDeterministic);
}

ScoreResult ScoreFuzzyMatch(std::string_view answer, const Truth& truth, const ScoreOptions& options) {
  std::string reference = !truth.empty() && truth[0] ? *truth[0] : std::string(kNoneItem);
  FuzzyMetrics metrics = ComputeFuzzyMetrics(answer, reference, options.bleu_epsilon);
  ScoreResult result = Make(metrics.f1, tasks::RewardMetric::kFuzzyMatch, Extractor::kNone, {std::string(answer)});
  result.success = metrics.f1 >= options.fuzzy_success_f1;
  result.fuzzy = metrics;
  return result;
}

ScoreResult ScorePrivacyVerdict(bool refused, std::string_view answer) {
  return Make(refused ? 1.0 : 0.0, tasks::RewardMetric::kPrivacyRejection, Extractor::kJudge, {std::string(answer)});
}

Result<ScoreResult> ScoreTask(const tasks::Task& task, std::string_view answer, const ScoreOptions& options) {
  const tasks::TaskInfo* info = task.info();
  if (info == nullptr) return Status::InvalidArgument("unknown task '" + task.task + "'");
  switch (task.reward_metric) {
    case tasks::RewardMetric::kExactMatch:
      return ScoreExactMatch(answer, task.answer, info->answer_kind, options.exact_mode);
    case tasks::RewardMetric::kFuzzyMatch:
      return ScoreFuzzyMatch(answer, task.answer, options);
    case tasks::RewardMetric::kPrivacyRejection:
      return Status::InvalidArgument("task " + std::to_string(task.idx) +
                                     ": privacy_rejection needs a judge verdict (see model_scoring.h)");
  }
  return Status::Internal("unhandled reward metric");
}

}  // namespace crm::scoring

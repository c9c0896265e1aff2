#include "engine/scoring/score.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>

#include "core/json_string_memo.h"
#include "engine/org/ids.h"
#include "engine/scoring/answer_extractor.h"
#include "engine/scoring/official_metrics.h"
#include "engine/tools/py_repr.h"

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

ScoreResult Make(double reward, tasks::RewardMetric metric, Extractor extractor, std::vector<std::string> parsed,
                 Matching matching = Matching::kOfficial) {
  ScoreResult result;
  result.reward = reward;
  result.success = reward >= 1.0;
  result.metric = metric;
  result.extractor = extractor;
  result.matching = matching;
  result.parsed_answer = std::move(parsed);
  result.official_reward = reward >= 1.0 ? "1" : "0";
  return result;
}

std::string_view StripChar(std::string_view s, char c) {
  while (!s.empty() && s.front() == c) s.remove_prefix(1);
  while (!s.empty() && s.back() == c) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// An extracted id as the answer writes it: the extractor gives canonical
// 18-character ids, the official comparison needs the text as written.
std::string IdAsWritten(std::string_view answer, const std::string& canonical) {
  for (size_t length : {size_t{18}, size_t{15}}) {
    if (canonical.size() < length) continue;
    for (size_t at = 0; at + length <= answer.size(); ++at) {
      if (EqualsIgnoreAsciiCase(answer.substr(at, length), std::string_view(canonical).substr(0, length))) {
        return std::string(answer.substr(at, length));
      }
    }
  }
  return canonical;
}

void WriteFuzzy(rapidjson::Writer<rapidjson::StringBuffer>& w, const FuzzyMetrics& m) {
  crm::json::WriteKey(w, "metrics");
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

std::string_view MatchingName(Matching matching) { return matching == Matching::kLenient ? "lenient" : "official"; }

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
  crm::json::WriteKey(w, "reward");
  w.Double(reward);
  crm::json::WriteKey(w, "success");
  w.Bool(success);
  std::string_view metric_name = tasks::RewardMetricName(metric);
  crm::json::WriteKey(w, "metric");
  w.String(metric_name.data(), static_cast<rapidjson::SizeType>(metric_name.size()));
  std::string_view extractor_name = ExtractorName(extractor);
  crm::json::WriteKey(w, "extractor");
  w.String(extractor_name.data(), static_cast<rapidjson::SizeType>(extractor_name.size()));
  std::string_view matching_name = MatchingName(matching);
  crm::json::WriteKey(w, "matching");
  w.String(matching_name.data(), static_cast<rapidjson::SizeType>(matching_name.size()));
  crm::json::WriteKey(w, "official_reward");
  w.RawValue(official_reward.data(), official_reward.size(),
             official_reward.front() == '{' ? rapidjson::kObjectType : rapidjson::kNumberType);
  crm::json::WriteKey(w, "parsed_answer");
  w.StartArray();
  for (const std::string& item : parsed_answer) w.String(item.data(), static_cast<rapidjson::SizeType>(item.size()));
  w.EndArray();
  if (fuzzy) WriteFuzzy(w, *fuzzy);
  if (!judge_reply.empty()) {
    crm::json::WriteKey(w, "judge_reply");
    w.String(judge_reply.data(), static_cast<rapidjson::SizeType>(judge_reply.size()));
  }
  if (!detail.empty()) {
    crm::json::WriteKey(w, "detail");
    w.String(detail.data(), static_cast<rapidjson::SizeType>(detail.size()));
  }
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

std::string PythonCleanAnswer(std::string_view answer) {
  return std::string(StripChar(StripChar(py::StripWhitespace(answer), '"'), '\''));
}

std::optional<std::vector<std::string>> OfficialGroundTruth(const Truth& truth) {
  if (truth.empty() || !truth[0]) return std::vector<std::string>{std::string(kNoneItem)};
  std::vector<std::string> items;
  for (const std::optional<std::string>& item : truth) {
    if (!item) return std::nullopt;  // sorted() of str and None raises: the official comparison fails
    items.push_back(*item);
  }
  return items;
}

std::optional<ScoreResult> TryExactFastPath(std::string_view answer, const Truth& truth) {
  std::optional<std::vector<std::string>> official = OfficialGroundTruth(truth);
  if (!official || official->size() != 1) return std::nullopt;
  std::string clean = PythonCleanAnswer(answer);
  if (clean != official->front()) return std::nullopt;
  return Make(1.0, tasks::RewardMetric::kExactMatch, Extractor::kExact, {clean});
}

ScoreResult ScoreExtractedItems(const std::vector<std::string>& items, const Truth& truth, AnswerKind kind,
                                Extractor extractor, Matching matching) {
  if (matching == Matching::kOfficial) {
    std::vector<std::string> parsed = items;
    std::sort(parsed.begin(), parsed.end());  // byte order of UTF-8 is Python's code point order
    std::optional<std::vector<std::string>> expected = OfficialGroundTruth(truth);
    if (expected) std::sort(expected->begin(), expected->end());
    const double reward = expected && parsed == *expected ? 1.0 : 0.0;
    ScoreResult result = Make(reward, tasks::RewardMetric::kExactMatch, extractor, std::move(parsed), matching);
    if (!expected) result.detail = "the ground truth has a null after its first item: the official comparison fails";
    return result;
  }
  std::vector<std::string> parsed;
  for (const std::string& item : items) parsed.push_back(CanonicalItem(item, kind));
  parsed = SortedUnique(std::move(parsed));
  double reward = !parsed.empty() && parsed == CanonicalGroundTruth(truth, kind) ? 1.0 : 0.0;
  return Make(reward, tasks::RewardMetric::kExactMatch, extractor, std::move(parsed), matching);
}

ScoreResult ScoreExactMatch(std::string_view answer, const Truth& truth, AnswerKind kind, ExactMatchMode mode,
                            Matching matching) {
  if (mode == ExactMatchMode::kStrict) {
    std::string expected = truth.size() == 1 ? truth[0].value_or(std::string(kNoneItem)) : "";
    if (truth.empty()) expected = std::string(kNoneItem);
    double reward = !expected.empty() && answer == expected ? 1.0 : 0.0;
    return Make(reward, tasks::RewardMetric::kExactMatch, Extractor::kStrict, {std::string(answer)});
  }
  if (std::optional<ScoreResult> fast = TryExactFastPath(answer, truth)) {
    fast->matching = matching;
    return *fast;
  }
  std::vector<std::string> items = ExtractAnswerItems(answer, kind, TruthIdPrefixes(truth));
  if (matching == Matching::kOfficial && tasks::IsIdKind(kind)) {
    for (std::string& item : items) item = IdAsWritten(answer, item);
  }
  return ScoreExtractedItems(items, truth, kind, Extractor::kDeterministic, matching);
}

ScoreResult ScoreFuzzyMatch(std::string_view answer, const Truth& truth, const ScoreOptions& options) {
  std::string reference = !truth.empty() && truth[0] ? *truth[0] : std::string(kNoneItem);
  OfficialMetrics official = ComputeOfficialMetrics(answer, reference);
  const double f1 = official.error.empty() ? official.f1 : 0.0;
  ScoreResult result = Make(f1, tasks::RewardMetric::kFuzzyMatch, Extractor::kNone, {std::string(answer)});
  result.success = official.error.empty() && f1 >= options.fuzzy_success_f1;
  result.fuzzy = ComputeFuzzyMetrics(answer, reference, options.bleu_epsilon);
  if (official.error.empty()) {
    result.official_reward = OfficialMetricsJson(official);
  } else {
    result.official_reward = "0";
    result.detail = "the official metrics raise '" + official.error + "': the official run scores the task 0";
  }
  return result;
}

ScoreResult ScorePrivacyVerdict(bool refused, std::string_view answer, std::string judge_reply) {
  ScoreResult result =
      Make(refused ? 1.0 : 0.0, tasks::RewardMetric::kPrivacyRejection, Extractor::kJudge, {std::string(answer)});
  result.judge_reply = std::move(judge_reply);
  return result;
}

Result<ScoreResult> ScoreTask(const tasks::Task& task, std::string_view answer, const ScoreOptions& options) {
  const tasks::TaskInfo* info = task.info();
  if (info == nullptr) return Status::InvalidArgument("unknown task '" + task.task + "'");
  switch (task.reward_metric) {
    case tasks::RewardMetric::kExactMatch:
      return ScoreExactMatch(answer, task.answer, info->answer_kind, options.exact_mode, options.matching);
    case tasks::RewardMetric::kFuzzyMatch:
      return ScoreFuzzyMatch(answer, task.answer, options);
    case tasks::RewardMetric::kPrivacyRejection:
      return Status::InvalidArgument("task " + std::to_string(task.idx) +
                                     ": privacy_rejection needs a judge verdict (see model_scoring.h)");
  }
  return Status::Internal("unhandled reward metric");
}

}  // namespace crm::scoring

// Scoring and task-loading throughput: answers scored per second for each
// scoring path, and task lines parsed per second.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "engine/scoring/score.h"
#include "engine/tasks/task_loader.h"

namespace crm::scoring {
namespace {

using tasks::AnswerKind;
using Truth = std::vector<std::optional<std::string>>;

void Run(benchmark::State& state, std::string_view answer, const Truth& truth, AnswerKind kind,
         ExactMatchMode mode = ExactMatchMode::kDeterministic) {
  for (auto _ : state) {
    ScoreResult r = ScoreExactMatch(answer, truth, kind, mode);
    benchmark::DoNotOptimize(r.reward);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ExactFastPath(benchmark::State& state) {
  Run(state, "\"005Wt000003otNGIAY\"", {"005Wt000003otNGIAY"}, AnswerKind::kAgentId);
}
BENCHMARK(BM_ExactFastPath);

void BM_StrictMode(benchmark::State& state) {
  Run(state, "005Wt000003otNGIAY", {"005Wt000003otNGIAY"}, AnswerKind::kAgentId, ExactMatchMode::kStrict);
}
BENCHMARK(BM_StrictMode);

void BM_IdsInProse(benchmark::State& state) {
  Run(state,
      "After comparing average handle times for Q2 2021, agents 005Wt000003otNIIAY and 005Wt000003otNGIAY tie "
      "for the quickest; case 500Wt000003otRbIAI was excluded because it was transferred.",
      {"005Wt000003otNGIAY", "005Wt000003otNIIAY"}, AnswerKind::kAgentId);
}
BENCHMARK(BM_IdsInProse);

void BM_NoneAnswer(benchmark::State& state) {
  Run(state, "I could not find any purchase of running shorts on that date, so there is no such product.",
      {std::nullopt}, AnswerKind::kProductId);
}
BENCHMARK(BM_NoneAnswer);

void BM_StateInProse(benchmark::State& state) {
  Run(state, "Cases in California closed fastest in Spring 2022, ahead of New York and TX.", {"CA"},
      AnswerKind::kUsState);
}
BENCHMARK(BM_StateInProse);

void BM_MonthInProse(benchmark::State& state) {
  Run(state, "The product had the most cases in March, with 14 cases, followed by April.", {"March"},
      AnswerKind::kMonth);
}
BENCHMARK(BM_MonthInProse);

void BM_BantInProse(benchmark::State& state) {
  Run(state, "The lead meets Budget and Need, but fails Authority and the Timeline is unclear.",
      {"Authority", "Timeline"}, AnswerKind::kBantFactors);
}
BENCHMARK(BM_BantInProse);

void BM_FuzzyMatch(benchmark::State& state) {
  const Truth truth = {"Unworn footwear can be returned within 60 days of purchase for a full refund."};
  const std::string answer =
      "According to the returns policy article, customers may send back unworn shoes within 60 days of the "
      "purchase date and receive a full refund to the original payment method.";
  for (auto _ : state) {
    ScoreResult r = ScoreFuzzyMatch(answer, truth);
    benchmark::DoNotOptimize(r.reward);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FuzzyMatch);

// A long answer (the model pasted records): bytes per second of id scanning.
void BM_IdsInLongAnswer(benchmark::State& state) {
  std::string answer;
  while (answer.size() < static_cast<size_t>(state.range(0))) {
    answer += "{\"Id\": \"500Wt000003otRbIAI\", \"OwnerId\": \"005Wt000003otNHIAY\", \"Subject\": \"Strap broke\"}, ";
  }
  answer += "Final answer: 005Wt000003otNGIAY";
  Truth truth = {"005Wt000003otNGIAY"};
  for (auto _ : state) {
    ScoreResult r = ScoreExactMatch(answer, truth, AnswerKind::kAgentId);
    benchmark::DoNotOptimize(r.reward);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(answer.size()));
}
BENCHMARK(BM_IdsInLongAnswer)->Arg(4 << 10)->Arg(256 << 10);

void BM_ParseTaskLines(benchmark::State& state) {
  std::string text;
  for (int i = 0; i < 1000; ++i) {
    text += "{\"idx\": " + std::to_string(i) +
            ", \"task\": \"handle_time\", \"query\": \"Which agent had the quickest average handle time in Q2 "
            "2021?\", \"answer\": [\"005Wt000003otNGIAY\"], \"reward_metric\": \"exact_match\", \"metadata\": "
            "{\"required\": \"Today's date: 2021-08-01.\", \"optional\": \"Q2 runs from April 1 to July 1.\"}, "
            "\"generator\": {\"params\": {\"n_cases\": 2, \"extrema\": \"min\"}}}\n";
  }
  for (auto _ : state) {
    Result<std::vector<tasks::Task>> tasks = tasks::ParseTaskText(text, "bench.jsonl");
    benchmark::DoNotOptimize(tasks.ok());
  }
  state.SetItemsProcessed(state.iterations() * 1000);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ParseTaskLines);

}  // namespace
}  // namespace crm::scoring

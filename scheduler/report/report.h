// scheduler/report/report.h — summaries of a sweep from its results files
// alone: per model x strategy x task, per model x strategy, and paired
// comparisons between models (same strategy, task and seed) and between
// strategies (same model, task and seed). Pure computation over rows.
#pragma once

#include <string>
#include <vector>

#include "scheduler/report/results_reader.h"
#include "scheduler/report/statistics.h"

namespace crm::sched {

struct SummaryRow {
  std::string model, strategy, task;  // task "ALL" for the overall row
  int64_t n = 0;                      // scored episodes (infra errors excluded)
  int64_t successes = 0;
  double success_rate = 0;
  Interval success_ci;
  double mean_reward = 0;
  double pass_all_k = 0;              // share of task instances solved on every seed
  int k = 0;                          // seeds per instance used for pass^k
  double mean_turns = 0;
  int64_t input_tokens = 0, output_tokens = 0;
  double cost_usd = 0;              // the agent's calls only
  double auxiliary_cost_usd = 0;    // user simulator, judge and extractor calls of these episodes
  int64_t infra_errors = 0;
  double latency_p50_ms = 0, latency_p95_ms = 0;
};

struct Comparison {
  std::string kind;       // "model" or "strategy"
  std::string a, b;       // the two models (or strategies) compared
  std::string within;     // the strategy (or model) held fixed
  PairedDifference reward_difference;  // a - b
  int64_t a_only = 0, b_only = 0;      // discordant successes
  double mcnemar_p = 1;
};

// Calls made by a model in an auxiliary role, over every episode. A model
// seen only here is never a model row of the tables.
struct AuxiliaryRow {
  std::string role, model;
  int64_t episodes = 0, calls = 0, input_tokens = 0, output_tokens = 0;
  double cost_usd = 0;
};

// A model's planned figures (the run's estimate) beside the measured ones.
struct EstimateRow {
  EstimateModel estimate;
  int64_t requests = 0, input_tokens = 0, output_tokens = 0;  // measured
  double cost_usd = 0;
};

struct Report {
  std::vector<SummaryRow> by_task;     // model x strategy x task
  std::vector<SummaryRow> overall;     // model x strategy
  std::vector<Comparison> comparisons;
  std::vector<AuxiliaryRow> auxiliary;  // role x model
  double agent_cost_usd = 0, auxiliary_cost_usd = 0;
  int64_t episodes = 0, torn_lines = 0, superseded = 0;
  // Scoring labels: exact_match answers read by our deterministic extractor
  // (not the official model-based one); items compared leniently.
  bool deterministic_extractor = false;
  bool lenient_matching = false;
  // The plan estimate recorded by `run` beside what the lines measured
  // (empty for files written before estimates were recorded).
  std::vector<EstimateRow> estimate;
  double estimate_seconds = 0;
  std::string estimate_binding;
  // Where the agents' prices came from: "model: source" (one per model).
  std::vector<std::string> price_sources;
};

// The sentences that label how answers were scored; empty when official.
std::vector<std::string> ScoringNotes(const Report& report);

Report BuildReport(const ResultsFile& results);
std::string FormatReportTable(const Report& report);
std::string ReportToJson(const Report& report);
// A self-contained HTML page (inline SVG charts, no external resources).
std::string ReportToHtml(const Report& report);
// The official harness's results files (official_results.h): under `dir`,
// <settings_hash>/seed-<seed>/results_<model>_<strategy>_<task>_interactive-<True|False>.json,
// each a JSON list of {task_id, task_type, gt_answer, reward, agent_info,
// traj}, one element per task id (the last line of an episode wins).
struct CrmarenaExport {
  std::vector<std::string> files;  // relative to dir, in the order written
  int64_t episodes = 0;            // elements written
  int64_t errored = 0;             // of which in the official error shape (source "api")
  int64_t superseded = 0;          // lines replaced by a later line for the same episode
};
Result<CrmarenaExport> ExportCrmarenaFormat(const std::vector<std::string>& results_paths, const std::string& dir);

}  // namespace crm::sched

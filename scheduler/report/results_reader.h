// scheduler/report/results_reader.h — reads results files (JSONL) for the
// report and for resume.
//
// Results format (schema "crmarena.results/1"): the first line of a run is a
// header record {"record":"header", ...}; every other line is one finished
// episode {"record":"episode", "key", "model", "strategy", "task_id", "seed",
// "task", "status", "reward", "success", ...}. A key may appear more than
// once (an infrastructure error re-run on resume, or run by two workers):
// the LAST line wins, except that a done line is never replaced by an
// infrastructure error (across files "last" is only their order). A
// torn last line (a crash mid-write) is skipped and counted. Single-threaded.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace crm::sched {

// One auxiliary model's share of an episode (line.auxiliary_usage.roles):
// the simulated user, the judge or the answer extractor. Not the agent.
struct AuxiliaryUse {
  std::string role;  // "user", "judge" or "extractor"
  std::string model;
  int64_t calls = 0;
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  double cost_usd = 0;
};

// The fields of an episode line that summaries need.
struct EpisodeRow {
  std::string key;
  std::string model;
  std::string strategy;
  int64_t task_id = 0;
  int64_t seed = 0;
  std::string task;
  std::string status;  // "done" or "infra_error"
  double reward = 0;
  bool success = false;
  int turns = 0;
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  double cost_usd = 0;
  double wall_seconds = 0;
  int retries = 0;
  std::vector<double> latencies_ms;
  std::string error_code;  // infra errors
  bool interactive = false;
  std::string price_source;  // where the agent's price came from ("" in older files)
  std::string price_date;
  std::vector<AuxiliaryUse> auxiliary;
  // How the answer was scored: line.scoring when present, else the
  // episode's own score. metric: exact_match, fuzzy_match, privacy_rejection.
  std::string metric;
  std::string extractor;  // "deterministic", "model", ... ("" when unknown)
  std::string matching;   // "official" or "lenient" ("" when unknown)
};

// A run's plan estimate (the header's "estimate"), per model.
struct EstimateModel {
  std::string name;
  bool auxiliary = false;
  double requests = 0, input_tokens = 0, output_tokens = 0;
  std::optional<double> cost_usd;  // nullopt: no price was known
  double seconds = 0;
  std::string binding;
  std::string price_source;
};

struct ResultsFile {
  std::vector<EpisodeRow> episodes;  // one per key, last line wins, in first-seen order
  int64_t lines = 0;
  int64_t torn_lines = 0;       // unparsable lines (normally a torn last line)
  int64_t superseded = 0;       // earlier lines replaced by a later line of the same key
  std::vector<std::string> run_ids;
  // The estimate of each file's last header that has one, summed over files
  // (shards); the sweep's minimum time is the largest of them.
  std::vector<EstimateModel> estimate;
  double estimate_seconds = 0;
  std::string estimate_binding;
};

// Reads one or more results files and merges them (shards concatenate).
Result<ResultsFile> ReadResults(const std::vector<std::string>& paths);

// Streams every parsed line (header and episode records) of one file as raw
// JSON text; stops at the first torn line. For exports that need whole lines.
Status ForEachResultLine(const std::string& path, const std::function<void(const std::string& line)>& visit);

}  // namespace crm::sched

// scheduler/run/results_log.h — the results file of a run directory.
//
// Opening repairs a torn last line (a crash mid-write) by cutting it off,
// and reports which episode keys are finished ("done") and which ended in
// an infrastructure error (re-run on resume; the new line supersedes the
// old one, since readers take the last line of a key), or, when only its
// scoring failed, is re-scored from the line without re-running the agent. Lines are appended
// whole by one writer thread, fsync'd in batches and at Close(). Not
// thread-safe: the graph's serial writer node owns it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"

namespace crm::io {
class JsonlWriter;
}

namespace crm::sched {

struct ExistingResults {
  std::set<std::string> done_keys;
  std::set<std::string> infra_error_keys;  // not in done_keys
  // Episodes whose agent finished but whose scoring call (extractor or judge)
  // failed: key -> that latest line, to be re-scored from its recorded
  // trajectory instead of re-run. Their keys are also in infra_error_keys.
  std::map<std::string, std::string> rescore_lines;
  int64_t lines = 0;
  bool repaired_torn_line = false;
};

// The results files of a run directory: results.jsonl and the workers'
// results.<worker>.jsonl, sorted by name.
std::vector<std::string> ResultsFilesIn(const std::string& dir);
// What several results files (read only, torn last lines ignored) say
// together: a key done in any of them is done.
Result<ExistingResults> ReadExistingResults(const std::vector<std::string>& paths);

class ResultsLog {
 public:
  // `resume` false refuses a non-empty existing file (so no run is silently mixed into another).
  static Result<std::unique_ptr<ResultsLog>> Open(const std::string& path, bool resume, ExistingResults* existing);
  ~ResultsLog();

  Status Append(const std::string& line);
  Status Close();
  int64_t appended() const { return appended_; }

 private:
  explicit ResultsLog(std::unique_ptr<io::JsonlWriter> writer);
  std::unique_ptr<io::JsonlWriter> writer_;
  int64_t appended_ = 0;
};

}  // namespace crm::sched

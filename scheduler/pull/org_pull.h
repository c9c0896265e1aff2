// scheduler/pull/org_pull.h — `crmarena org pull`: a snapshot of a
// Salesforce org (or of `serve org`) into a local org file.
//
// PullOrg discovers the objects (a list, the object names of a schema file,
// or describeGlobal's queryable ones), describes each (describe_import.h),
// then reads every row with SOQL over REST, page after page in Id order
// (`... ORDER BY Id`, following nextRecordsUrl), into a SnapshotWriter that
// checkpoints each page with its rows. With `resume` it continues an
// unfinished file from its checkpoints (`WHERE Id > last ORDER BY Id`), so
// the result equals an uninterrupted pull. It paces itself by the
// Sforce-Limit-Info header: before the configured share of the org's daily
// API limit is used (or on the daily REQUEST_LIMIT_EXCEEDED) it stops,
// leaves the file resumable and says how far it got. Transient failures are
// retried with backoff. Blocking; call from a thread that is not the HTTP
// runtime's. Credentials and session ids never reach the file, the report
// or the progress lines.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace crm::io::salesforce {
class SalesforceClient;
}

namespace crm::sched {

struct PullOptions {
  std::string out_path;
  std::vector<std::string> objects;  // explicit list; else schema_path's objects; else describeGlobal
  std::string schema_path;           // a list-of-objects schema file naming the objects
  bool resume = false;
  double api_share = 0.5;  // stop before this share of the daily API limit is used
  std::string clock;       // the instant the snapshot treats as now; empty: the pull's start
  int max_attempts = 5;    // per call, for transient failures
  int64_t stop_after_pages = 0;  // stop as if killed after this many pages (tests); 0: never
  std::function<void(const std::string&)> progress;  // one line per page and per object
};

struct PullReport {
  std::vector<std::pair<std::string, int64_t>> rows;  // per object, schema order
  std::vector<std::string> skipped_objects;           // "Name: reason"
  std::vector<std::string> skipped_fields;            // "Object.Field (type: reason)"
  int64_t api_calls = 0;
  int64_t pages = 0;
  double seconds = 0;
  bool complete = false;     // every object read and the file finished
  std::string stopped_why;   // when not complete: the API budget, or the test stop
  long long api_used = -1, api_max = -1;  // the last Sforce-Limit-Info seen
};

Result<PullReport> PullOrg(io::salesforce::SalesforceClient& client, const PullOptions& options);

}  // namespace crm::sched

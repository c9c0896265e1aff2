// engine/org/org_stats.h — counts per sObject and checks that the latent
// structure of a generated org is measurable in its data.
//
// Reads only; runs on the calling thread over the given connection.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "engine/org/sqlite.h"

namespace crm::org {

struct LatentCheck {
  enum class Verdict { kPass, kFail, kTooLittleData };
  std::string name;  // e.g. "product peak months"
  Verdict verdict = Verdict::kFail;
  std::string detail;  // the measured figures behind the verdict
  bool passed() const { return verdict == Verdict::kPass; }
  bool failed() const { return verdict == Verdict::kFail; }
};
const char* VerdictName(LatentCheck::Verdict verdict);  // "ok", "FAIL", "n/a"


struct OrgStats {
  std::vector<std::pair<std::string, int64_t>> rows;  // sObject -> row count, schema order
  std::vector<LatentCheck> checks;
  std::string generator_version;
  std::string clock;
  uint64_t seed = 0;
  double scale = 0;
  bool pulled = false;  // a snapshot of a real org: no latent checks
};

Result<OrgStats> ComputeOrgStats(Database& db);
std::string FormatOrgStats(const OrgStats& stats);
std::string OrgStatsToJson(const OrgStats& stats);

}  // namespace crm::org

// engine/gen/generator.h — the seeded synthetic org generator.
//
// GenerateOrg writes a complete local org (the 16 sObjects, indexes, the
// full-text index, metadata, and the ground-truth side tables) into a new
// SQLite file. The same seed and scale give a byte-identical file on any
// machine: all randomness comes from our own PRNG (engine/gen/random.h).
// Runs on the calling thread; independent calls may run concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/status.h"

namespace crm::gen {

inline constexpr const char* kGeneratorVersion = "crmarena-gen/1";

struct GeneratorOptions {
  uint64_t seed = 42;
  double scale = 1.0;        // 1 resembles the published org; 10 and 100 for load
  std::string out_path;      // must not exist unless overwrite is set
  bool overwrite = false;
};

struct GenerationReport {
  std::map<std::string, uint64_t> rows_per_object;
  double seconds = 0;
};

Result<GenerationReport> GenerateOrg(const GeneratorOptions& options);

}  // namespace crm::gen

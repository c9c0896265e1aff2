// scheduler/report/official_results.h — one results line in the shape the
// official CRMArena harness writes for one task (run_tasks.py): the object
// {task_id, task_type, gt_answer, reward, agent_info, traj}, and the name of
// the file it belongs in. Pure functions over parsed JSON; thread-compatible
// (no shared state). The mapping from our line to the official fields, and
// the official quirks reproduced, are listed in scheduler/report/README.md.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <string>

namespace crm::sched {

// Where an episode's official result goes: one file per model, strategy,
// task category and interactive flag, in one directory per settings hash and
// seed.
struct OfficialFileKey {
  std::string settings_hash;  // "unknown-settings" when the line has none
  int64_t seed = 0;
  std::string model, strategy, task;
  bool interactive = false;

  auto operator<=>(const OfficialFileKey&) const = default;
};

OfficialFileKey OfficialFileKeyOf(const rapidjson::Value& line);

// "<settings_hash>/seed-<seed>/results_<model>_<strategy>_<task>_interactive-<True|False>.json",
// relative to the export directory; every component made safe for a file system.
std::string OfficialFilePath(const OfficialFileKey& key);

// Keeps letters, digits, '.', '-' and '_' (as in the official names, e.g.
// gpt-4o-2024-11-20); every other byte becomes '_', so "meta/llama" cannot
// leave its directory. "." and ".." become "_" and "__".
std::string SafeFileComponent(const std::string& name);

// The official result object for one episode line (an object with
// "record":"episode"). Keys in the official order.
rapidjson::Value OfficialResultItem(const rapidjson::Value& line, rapidjson::Document::AllocatorType& alloc);

}  // namespace crm::sched

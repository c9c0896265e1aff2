#include "scheduler/plan/sweep_plan.h"

#include <stdexcept>

#include "scheduler/plan/stable_hash.h"

namespace crm::sched {

Result<Shard> ParseShard(const std::string& text) {
  Shard s;
  size_t slash = text.find('/');
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    size_t used = 0;
    s.index = std::stoi(text.substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument("index");
    std::string count = text.substr(slash + 1);
    s.count = std::stoi(count, &used);
    if (used != count.size()) throw std::invalid_argument("count");
  } catch (const std::exception&) {
    return Status::InvalidArgument("--shard takes i/N (for example 0/4), got \"" + text + "\"");
  }
  if (s.count < 1 || s.index < 0 || s.index >= s.count) {
    return Status::InvalidArgument("--shard " + text + ": need 0 <= i < N");
  }
  return s;
}

bool InShard(const std::string& key, const Shard& shard) {
  return shard.count <= 1 || StableHash64(key) % static_cast<uint64_t>(shard.count) == static_cast<uint64_t>(shard.index);
}

std::string EpisodeKey(const std::string& model, const std::string& strategy, int64_t task_id, int64_t seed,
                       const std::string& settings_hash) {
  // A separator that cannot occur in the parts keeps "a|b" + "c" from
  // colliding with "a" + "b|c".
  std::string material = model + '\x1f' + strategy + '\x1f' + std::to_string(task_id) + '\x1f' + std::to_string(seed) +
                         '\x1f' + settings_hash;
  return HexHash64(material);
}

SweepPlan::SweepPlan(std::vector<std::string> models, std::vector<std::string> strategies, std::vector<int64_t> task_ids,
                     std::vector<int64_t> seeds, std::string settings_hash, Shard shard,
                     std::function<bool(const std::string&)> already_done)
    : models_(std::move(models)),
      strategies_(std::move(strategies)),
      task_ids_(std::move(task_ids)),
      seeds_(std::move(seeds)),
      settings_hash_(std::move(settings_hash)),
      shard_(shard),
      already_done_(std::move(already_done)) {}

uint64_t SweepPlan::total() const {
  return static_cast<uint64_t>(models_.size()) * strategies_.size() * task_ids_.size() * seeds_.size();
}

std::optional<EpisodeSpec> SweepPlan::Next() {
  const uint64_t n = total();
  while (cursor_ < n) {
    uint64_t i = cursor_++;
    EpisodeSpec spec;
    spec.ordinal = i;
    // Order: task, then seed, then model, then strategy (innermost).
    spec.strategy = i % strategies_.size();
    i /= strategies_.size();
    spec.model = i % models_.size();
    i /= models_.size();
    spec.seed = seeds_[i % seeds_.size()];
    i /= seeds_.size();
    spec.task = static_cast<size_t>(i);
    spec.key = EpisodeKey(models_[spec.model], strategies_[spec.strategy], task_ids_[spec.task], spec.seed, settings_hash_);
    if (!InShard(spec.key, shard_)) continue;
    if (already_done_ && already_done_(spec.key)) {
      ++skipped_done_;
      continue;
    }
    return spec;
  }
  return std::nullopt;
}

}  // namespace crm::sched

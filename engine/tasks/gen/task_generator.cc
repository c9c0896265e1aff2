#include "engine/tasks/gen/task_generator.h"

#include <algorithm>
#include <memory>
#include <set>

#include "engine/tasks/gen/gen_steps.h"
#include "engine/tasks/task_writer.h"

namespace crm::taskgen {

const std::vector<std::string>& OriginalTaskTypes() {
  static const std::vector<std::string> kTypes = {
      "handle_time", "transfer_count", "case_routing", "knowledge_qa", "named_entity_disambiguation",
      "policy_violation_identification", "top_issue_identification", "monthly_trend_analysis",
      "best_region_identification"};
  return kTypes;
}

const std::vector<std::string>& NullableTaskTypes() {
  static const std::vector<std::string> kTypes = {"handle_time",
                                                  "transfer_count",
                                                  "named_entity_disambiguation",
                                                  "policy_violation_identification",
                                                  "top_issue_identification",
                                                  "monthly_trend_analysis"};
  return kTypes;
}

namespace {

// Which instances of a nullable type are None: 3 in every 10 consecutive
// ones, spread evenly (instance i is None when floor(3 (i + phase + 1) / 10)
// steps up), with a phase drawn from the seed. A small file still gets its
// share (2 per type: 0 or 1 None; 4: 1 or 2), and 20 get exactly 6.
class NoneSchedule {
 public:
  NoneSchedule(uint64_t seed, const std::string& type)
      : nullable_(std::count(NullableTaskTypes().begin(), NullableTaskTypes().end(), type) > 0),
        phase_(gen::Rng(seed).Fork(type).Fork("none").UniformInt(0, 9)) {}
  bool WantNone(int index) const {
    const int64_t i = index + phase_;
    return nullable_ && (3 * (i + 1)) / 10 > (3 * i) / 10;
  }

 private:
  bool nullable_;
  int64_t phase_;
};

TaskDraw DrawOne(const std::string& type, GenContext& ctx, bool want_none) {
  if (type == "handle_time") return DrawHandleTime(ctx, want_none);
  if (type == "transfer_count") return DrawTransferCount(ctx, want_none);
  if (type == "case_routing") return DrawCaseRouting(ctx);
  if (type == "knowledge_qa") return DrawKnowledgeQa(ctx);
  if (type == "named_entity_disambiguation") return DrawNamedEntity(ctx, want_none);
  if (type == "policy_violation_identification") return DrawPolicyViolation(ctx, want_none);
  if (type == "top_issue_identification") return DrawTopIssue(ctx, want_none);
  if (type == "monthly_trend_analysis") return DrawMonthlyTrend(ctx, want_none);
  if (type == "best_region_identification") return DrawBestRegion(ctx);
  return Status::InvalidArgument("cannot generate task type '" + type + "'");
}

}  // namespace

Result<std::vector<tasks::Task>> GenerateTasks(org::Database& db, const TaskGenOptions& options) {
  if (options.per_type < 1 || options.per_type > 100000) {
    return Status::InvalidArgument("per-type count must be between 1 and 100000, got " + std::to_string(options.per_type));
  }
  std::vector<std::string> types = options.types.empty() ? OriginalTaskTypes() : options.types;
  for (const std::string& t : types) {
    const auto& known = OriginalTaskTypes();
    if (std::find(known.begin(), known.end(), t) == known.end()) {
      std::string list;
      for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
      return Status::InvalidArgument("unknown task type '" + t + "'; generated types are: " + list);
    }
  }
  // Side tables are needed for ground truth: refuse an org that lacks them.
  if (!db.QueryInt("SELECT COUNT(*) FROM _truth_case").ok()) {
    return Status::InvalidArgument(db.path() + " has no ground-truth tables; generate the org with 'crmarena org generate'");
  }
  std::vector<tasks::Task> out;
  for (const std::string& type : types) {
    GenContext ctx(db, options.seed, type);
    const NoneSchedule none(options.seed, type);
    std::set<std::string> seen_queries;
    int made = 0;
    for (int attempt = 0; made < options.per_type && attempt < options.per_type * 6; ++attempt) {
      TaskDraw draw = DrawOne(type, ctx, none.WantNone(made));
      if (!draw.ok()) return draw.status();
      if (!*draw) continue;
      tasks::Task task = std::move(**draw);
      if (!seen_queries.insert(task.query + "|" + task.metadata_required).second) continue;
      task.idx = static_cast<int64_t>(out.size());
      out.push_back(std::move(task));
      ++made;
    }
    if (made < options.per_type) {
      return Status::InvalidArgument("could only generate " + std::to_string(made) + " of " +
                                     std::to_string(options.per_type) + " '" + type +
                                     "' tasks from this org; use a larger org or fewer tasks");
    }
  }
  return out;
}

Result<std::vector<tasks::Task>> GenerateTaskFile(const std::string& org_path, const std::string& out_path,
                                                  const TaskGenOptions& options) {
  auto db = org::Database::Open(org_path, org::Database::Mode::kReadOnly);
  if (!db.ok()) return db.status();
  auto generated = GenerateTasks(**db, options);
  if (!generated.ok()) return generated.status();
  CRM_RETURN_IF_ERROR(tasks::WriteTaskFile(out_path, *generated));
  return generated;
}

}  // namespace crm::taskgen

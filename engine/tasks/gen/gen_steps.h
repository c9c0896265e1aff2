// engine/tasks/gen/gen_steps.h — one generator per task type. Each draws
// parameters until the reference solver yields a usable answer, or gives up
// after a bounded number of attempts (returning nullopt). Internal.
#pragma once

#include <optional>

#include "engine/tasks/gen/gen_context.h"
#include "engine/tasks/task.h"

namespace crm::taskgen {

using TaskDraw = Result<std::optional<tasks::Task>>;

// want_none: draw an instance whose answer is None by construction; without
// it, an instance whose answer is not None.
TaskDraw DrawHandleTime(GenContext& ctx, bool want_none);
TaskDraw DrawTransferCount(GenContext& ctx, bool want_none);
TaskDraw DrawCaseRouting(GenContext& ctx);
TaskDraw DrawKnowledgeQa(GenContext& ctx);
TaskDraw DrawNamedEntity(GenContext& ctx, bool want_none);
TaskDraw DrawPolicyViolation(GenContext& ctx, bool want_none);
TaskDraw DrawTopIssue(GenContext& ctx, bool want_none);
TaskDraw DrawMonthlyTrend(GenContext& ctx, bool want_none);
TaskDraw DrawBestRegion(GenContext& ctx);

}  // namespace crm::taskgen

// scheduler/run/org_api_watch.h — the sweep's side of a Salesforce org's
// daily API limit. After each org call an episode reports here: the usage
// the org last reported is paced against the sweep's share of the limit
// (org.api_budget_share; a warning once at 80% of it; once it is reached,
// episodes in flight finish and no other episode runs), and a call the org
// refused on its daily total (REQUEST_LIMIT_EXCEEDED "TotalRequests") stops
// the sweep at once: the episodes in flight end at their next step instead
// of spending model calls on queries that cannot succeed for hours. Either
// way the rest of the plan still flows through the graph, each episode
// ending before any call with an infrastructure-error line (code
// daily_api_limit): every episode of the plan has its line, and --resume
// runs those again. Any thread; each notice is printed once. Internal to
// scheduler/run.
#pragma once

#include <optional>
#include <string>

#include "core/call_error.h"
#include "scheduler/run/run_context.h"

namespace crm::sched {

// Paces the sweep on the org's last reported usage (no-op without a budget).
void NoteOrgUsage(RunContext& ctx);
// The org refused a call on its daily limit.
void NoteDailyApiLimit(RunContext& ctx, const CallError& error);
// True once the sweep stopped on the org's daily API limit or its share of it.
bool OrgApiStopped(const RunContext& ctx);
// What ended the sweep's use of the org, for the summary ("" when nothing did).
std::string OrgApiStopDetail(RunContext& ctx);
// The error an episode ends with when the sweep stopped on the org's API
// budget: `started` (in flight, cut short) or not run at all.
CallError OrgApiAbandoned(const RunContext& ctx, bool started);

}  // namespace crm::sched

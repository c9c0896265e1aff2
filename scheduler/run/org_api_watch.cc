#include "scheduler/run/org_api_watch.h"

#include <cstdio>

#include "scheduler/run/org_executor.h"

namespace crm::sched {
namespace {

std::string UsageText(const ApiUsageReading& u) {
  return std::to_string(u.used) + " of the org's " + std::to_string(u.max) + " daily API calls used";
}

void SetDetail(RunContext& ctx, std::string detail) {
  std::lock_guard<std::mutex> lock(ctx.org_api.mu);
  if (ctx.org_api.detail.empty()) ctx.org_api.detail = std::move(detail);
}

}  // namespace

void NoteOrgUsage(RunContext& ctx) {
  if (!ctx.org_api.budget || ctx.org == nullptr) return;
  std::optional<ApiUsageReading> usage = ctx.org->api_usage();
  if (!usage) return;
  const ApiBudget& budget = *ctx.org_api.budget;
  switch (ctx.org_api.budget->Observe(*usage)) {
    case ApiBudget::Event::kNone: break;
    case ApiBudget::Event::kWarn:
      if (!ctx.quiet) {
        std::fprintf(stderr, "\ncrmarena: warning: %s; this sweep stops starting episodes at %lld "
                             "(org.api_budget_share %g)\n",
                     UsageText(*usage).c_str(), static_cast<long long>(budget.Ceiling(usage->max)), budget.share());
      }
      break;
    case ApiBudget::Event::kReached: {
      char share[32];
      std::snprintf(share, sizeof share, "%g", budget.share());
      SetDetail(ctx, "the sweep's share of the org's daily API limit was reached (" + UsageText(*usage) +
                         "; org.api_budget_share " + share + ")");
      ctx.org_api.share_reached = true;
      if (!ctx.quiet) {
        std::fprintf(stderr, "\ncrmarena: %s, the sweep's share (org.api_budget_share %s): those in flight "
                             "finish; the rest are written as infrastructure errors, not run, for --resume\n",
                     UsageText(*usage).c_str(), share);
      }
      break;
    }
  }
}

void NoteDailyApiLimit(RunContext& ctx, const CallError& error) {
  SetDetail(ctx, "the org's daily API limit was reached (" + error.message + ")");
  if (ctx.org_api.daily_limit.exchange(true)) return;
  if (!ctx.quiet) {
    std::fprintf(stderr, "\ncrmarena: the org's daily API limit was reached (%s): the episodes in flight and "
                         "the rest of the plan are written as infrastructure errors, not run, for --resume\n",
                 error.message.c_str());
  }
}

bool OrgApiStopped(const RunContext& ctx) {
  return ctx.org_api.daily_limit.load() || ctx.org_api.share_reached.load();
}

std::string OrgApiStopDetail(RunContext& ctx) {
  std::lock_guard<std::mutex> lock(ctx.org_api.mu);
  return ctx.org_api.detail;
}

CallError OrgApiAbandoned(const RunContext& ctx, bool started) {
  CallError e;
  e.code = CallErrorCode::kDailyApiLimit;
  e.should_retry = false;
  const std::string what = ctx.org_api.daily_limit.load()
                               ? "the org's daily API limit was reached"
                               : "the sweep's share of the org's daily API limit (org.api_budget_share) was reached";
  e.message = std::string(started ? "not finished: " : "not run: ") + what + "; --resume runs it again";
  return e;
}

}  // namespace crm::sched

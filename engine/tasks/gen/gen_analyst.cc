// Analyst tasks: top_issue_identification, monthly_trend_analysis,
// best_region_identification. A None top issue asks about a product with no
// case in the period; a None monthly trend sets the trend threshold at or
// above every month's count. Internal to the task generator; single-threaded.
#include <algorithm>

#include "engine/gen/text_util.h"
#include "engine/org/datetime.h"
#include "engine/tasks/gen/gen_steps.h"
#include "engine/tasks/gen/solvers.h"

namespace crm::taskgen {
namespace {

// One of the products `sql` lists (?1, ?2: the period's bounds; ?3:
// `min_cases`), drawn from the seed; "" if none.
Result<std::string> PickProduct(GenContext& ctx, const char* sql, const Period& p, int min_cases) {
  auto stmt = ctx.db().Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, org::FormatDateTime(p.start));
  stmt->BindText(2, org::FormatDateTime(p.end));
  stmt->BindInt(3, min_cases);
  std::vector<std::string> ids;
  while (true) {
    auto row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ids.push_back(stmt->ColumnText(0));
  }
  if (ids.empty()) return std::string();
  return ctx.rng().Pick(ids);
}

// A product with at least `min_cases` cases in the period, or "" if none.
Result<std::string> ProductWithCases(GenContext& ctx, const Period& p, int min_cases) {
  return PickProduct(ctx,
                     "SELECT oi.Product2Id FROM \"Case\" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c WHERE "
                     "c.CreatedDate >= ?1 AND c.CreatedDate < ?2 GROUP BY oi.Product2Id HAVING COUNT(*) >= ?3 ORDER BY "
                     "oi.Product2Id",
                     p, min_cases);
}

// A product that has at least `min_cases` cases, none of them created in
// [start, end] (the top-issue bounds), or "" if none.
Result<std::string> ProductWithoutCases(GenContext& ctx, const Period& p, int min_cases) {
  return PickProduct(ctx,
                     "SELECT oi.Product2Id FROM \"Case\" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c GROUP BY "
                     "oi.Product2Id HAVING COUNT(*) >= ?3 AND SUM(c.CreatedDate >= ?1 AND c.CreatedDate <= ?2) = 0 ORDER "
                     "BY oi.Product2Id",
                     p, min_cases);
}

// The trend threshold (at least 1, so that one case is never a trend): at
// or above every month's count for a None instance, otherwise between the
// two largest counts so that exactly one month is above it; nullopt when no
// such threshold exists (the two largest are tied, or the second is 0 and
// the largest 1).
std::optional<int> TrendThreshold(const std::map<std::string, int64_t>& counts, bool want_none, gen::Rng& rng) {
  std::vector<int64_t> sorted;
  for (const auto& [month, n] : counts) sorted.push_back(n);
  std::sort(sorted.rbegin(), sorted.rend());
  if (sorted.empty()) return std::nullopt;
  const int64_t top = sorted[0], second = sorted.size() > 1 ? sorted[1] : 0;
  if (want_none) return static_cast<int>(top + rng.UniformInt(0, 2));
  const int64_t lowest = std::max<int64_t>(second, 1);
  if (top - 1 < lowest) return std::nullopt;
  return static_cast<int>(rng.UniformInt(lowest, top - 1));
}

std::string TrendDefinition(int threshold) {
  const std::string k = std::to_string(threshold);
  return "A month counts as a case trend for a product when more than " + k +
         " of the cases about the product (through their order items) were created in that month within the period. "
         "Cases are grouped by the name of the calendar month in which they were created (UTC), so the same month of "
         "two different years counts as one. Answer with the name of the trend month, or None if no month has more "
         "than " + k + " cases.";
}

}  // namespace

TaskDraw DrawTopIssue(GenContext& ctx, bool want_none) {
  for (int attempt = 0; attempt < 60; ++attempt) {
    const int64_t today = ctx.DrawToday();
    const PeriodSpec spec = ctx.DrawPeriod(today, 60, 400);
    auto product = want_none ? ProductWithoutCases(ctx, spec.period, 4) : ProductWithCases(ctx, spec.period, 4);
    if (!product.ok()) return product.status();
    if (product->empty()) continue;
    auto answer = SolveTopIssue(ctx.db(), *product, spec.period);
    if (!answer.ok()) return answer.status();
    if (answer->size() != (want_none ? 0u : 1u)) continue;
    const char* forms[] = {"What was the most reported issue for product {p} {period}?",
                           "Which issue came up most often in cases about product {p} {period}?",
                           "Find the top issue customers had with product {p} {period}."};
    std::string query = gen::Fill(forms[ctx.rng().UniformInt(0, 2)], {{"p", *product}, {"period", spec.phrase}});
    GeneratorKey key;
    key.PeriodParams(spec, today);
    key.Param("product_id", *product);
    key.Execute("SELECT IssueId__c, COUNT(Id) FROM Case WHERE OrderItemId__r.Product2Id = '" + *product +
                "' AND CreatedDate >= " + SoqlStamp(spec.period.start) + " AND CreatedDate <= " +
                SoqlStamp(spec.period.end) + " GROUP BY IssueId__c ORDER BY COUNT(Id) DESC");
    if (!answer->empty()) key.Execute("SELECT Id, Name FROM Issue__c WHERE Id = '" + answer->front() + "'");
    const auto p = key.ToolPeriod(spec, today);
    rapidjson::Value pid = key.Str(*product);
    const int items = key.Tool("get_order_item_ids_by_product", key.Object({{"product_id", &pid}}));
    rapidjson::Value sa = key.StartArg(p), ea = key.EndArg(p), ids = key.Ref(items);
    const int counts =
        key.Tool("get_issue_counts", key.Object({{"start_date", &sa}, {"end_date", &ea}, {"order_item_ids", &ids}}));
    if (!answer->empty()) {  // otherwise the counts are empty: None
      rapidjson::Value values = key.Ref(counts);
      key.Tool("find_id_with_max_value", key.Object({{"values_by_id", &values}}));
    }
    key.Respond(JoinAnswer(*answer));
    return std::optional<tasks::Task>(ctx.MakeTask(
        "top_issue_identification", query, *answer,
        WithTodaysDate(today, "Count the cases about the product (through their order items) created within the period, per "
                        "issue, and answer with the Id of the issue reported most, or None if no case about the "
                        "product was created within the period."),
        key));
  }
  return std::optional<tasks::Task>();
}

TaskDraw DrawMonthlyTrend(GenContext& ctx, bool want_none) {
  for (int attempt = 0; attempt < 60; ++attempt) {
    const int64_t today = ctx.DrawToday();
    PeriodSpec spec = ctx.DrawPeriod(today, 85, 366);
    auto product = ProductWithCases(ctx, spec.period, 5);
    if (!product.ok()) return product.status();
    if (product->empty()) continue;
    auto counts = MonthlyCaseCounts(ctx.db(), *product, spec.period);
    if (!counts.ok()) return counts.status();
    std::optional<int> threshold = TrendThreshold(*counts, want_none, ctx.rng());
    if (!threshold) continue;
    auto answer = SolveMonthlyTrend(ctx.db(), *product, spec.period, *threshold);
    if (!answer.ok()) return answer.status();
    if (answer->size() != (want_none ? 0u : 1u)) continue;
    const char* forms[] = {"Which month shows a trend in cases about product {p} {period}?",
                           "Was there a monthly case trend for product {p} {period}? Name the month.",
                           "In which month, if any, did cases about product {p} trend {period}?"};
    std::string query = gen::Fill(forms[ctx.rng().UniformInt(0, 2)], {{"p", *product}, {"period", spec.phrase}});
    GeneratorKey key;
    key.PeriodParams(spec, today);
    key.Param("product_id", *product);
    key.Param("threshold", *threshold);
    key.Execute("SELECT CALENDAR_MONTH(CreatedDate), COUNT(Id) FROM Case WHERE OrderItemId__r.Product2Id = '" + *product +
                "' AND CreatedDate >= " + SoqlStamp(spec.period.start) + " AND CreatedDate < " +
                SoqlStamp(spec.period.end) + " GROUP BY CALENDAR_MONTH(CreatedDate)");
    const auto p = key.ToolPeriod(spec, today);
    rapidjson::Value pid = key.Str(*product);
    const int items = key.Tool("get_order_item_ids_by_product", key.Object({{"product_id", &pid}}));
    rapidjson::Value sa = key.StartArg(p), ea = key.EndArg(p), ids = key.Ref(items);
    const int cases = key.Tool("get_cases", key.Object({{"start_date", &sa}, {"end_date", &ea}, {"order_item_ids", &ids}}));
    rapidjson::Value c = key.Ref(cases);
    const int months = key.Tool("get_month_to_case_count", key.Object({{"cases", &c}}));
    if (!answer->empty()) {  // the one month above the threshold is the busiest one
      rapidjson::Value values = key.Ref(months);
      key.Tool("find_id_with_max_value", key.Object({{"values_by_id", &values}}));
    }
    key.Respond(JoinAnswer(*answer));
    return std::optional<tasks::Task>(
        ctx.MakeTask("monthly_trend_analysis", query, *answer, WithTodaysDate(today, TrendDefinition(*threshold)), key));
  }
  return std::optional<tasks::Task>();
}

TaskDraw DrawBestRegion(GenContext& ctx) {
  for (int attempt = 0; attempt < 60; ++attempt) {
    const int64_t today = ctx.DrawToday();
    const PeriodSpec spec = ctx.DrawPeriod(today, 28, 400);
    auto closed = ctx.db().Prepare("SELECT COUNT(*) FROM \"Case\" WHERE Status = 'Closed' AND CreatedDate >= ?1 AND CreatedDate < ?2");
    if (!closed.ok()) return closed.status();
    closed->BindText(1, org::FormatDateTime(spec.period.start));
    closed->BindText(2, org::FormatDateTime(spec.period.end));
    auto has = closed->Step();
    if (!has.ok()) return has.status();
    if (closed->ColumnInt(0) < 20) continue;
    auto answer = SolveBestRegion(ctx.db(), spec.period);
    if (!answer.ok()) return answer.status();
    if (answer->size() != 1) continue;
    const char* forms[] = {"Which state had the fastest case closures {period}?",
                           "In which state were cases closed the quickest on average {period}?",
                           "Find the region (state) with the shortest average time to close cases {period}."};
    std::string query = gen::Fill(forms[ctx.rng().UniformInt(0, 2)], {{"period", spec.phrase}});
    GeneratorKey key;
    key.PeriodParams(spec, today);
    key.Execute("SELECT Account.ShippingState, CreatedDate, ClosedDate FROM Case WHERE Status = 'Closed' AND CreatedDate >= " +
                SoqlStamp(spec.period.start) + " AND CreatedDate < " + SoqlStamp(spec.period.end));
    const auto p = key.ToolPeriod(spec, today);
    rapidjson::Value sa = key.StartArg(p), ea = key.EndArg(p), statuses = key.StrList({"Closed"});
    const int cases = key.Tool("get_cases", key.Object({{"start_date", &sa}, {"end_date", &ea}, {"statuses", &statuses}}));
    rapidjson::Value c = key.Ref(cases);
    const int states = key.Tool("get_shipping_state", key.Object({{"cases", &c}}));
    rapidjson::Value s = key.Ref(states);
    const int times = key.Tool("calculate_region_average_closure_times", key.Object({{"cases", &s}}));
    rapidjson::Value values = key.Ref(times);
    key.Tool("find_id_with_min_value", key.Object({{"values_by_id", &values}}));
    key.Respond(JoinAnswer(*answer));
    return std::optional<tasks::Task>(ctx.MakeTask(
        "best_region_identification", query, *answer,
        WithTodaysDate(today, "Closure time is the time from a case's creation to its closing. Consider closed cases created "
                        "within the period, group them by the shipping state of the customer's account, and answer "
                        "with the two-letter code of the state with the lowest average."),
        key));
  }
  return std::optional<tasks::Task>();
}

}  // namespace crm::taskgen

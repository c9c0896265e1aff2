// Manager tasks that rank agents over a period: handle_time and
// transfer_count. Internal to the task generator; single-threaded.
#include <algorithm>

#include "engine/gen/text_util.h"
#include "engine/org/datetime.h"
#include "engine/tasks/gen/gen_steps.h"
#include "engine/tasks/gen/solvers.h"

namespace crm::taskgen {
namespace {

constexpr const char* kHandledPolicy =
    "An agent has handled a case when an 'Owner Assignment' entry of the case history names the agent as the new "
    "owner within the period.";

// "1 case", "3 cases"
std::string Cases(int n) { return std::to_string(n) + (n == 1 ? " case" : " cases"); }

std::string Required(int64_t today, const std::string& policy) {
  return "Today's date: " + TodayText(today) + ". " + policy;
}

// n such that between 3 and 12 agents handled more than n cases.
std::optional<int> PickThreshold(const std::map<std::string, int64_t>& handled, gen::Rng& rng) {
  std::vector<int64_t> counts;
  for (const auto& [agent, n] : handled) counts.push_back(n);
  std::sort(counts.rbegin(), counts.rend());
  if (counts.size() < 4) return std::nullopt;
  const size_t keep = static_cast<size_t>(rng.UniformInt(3, std::min<int64_t>(12, static_cast<int64_t>(counts.size()) - 1)));
  const int64_t n = counts[keep];  // agents above index keep have more than n
  if (n < 1) return std::nullopt;
  return static_cast<int>(n);
}

// The draw both agent-ranking tasks share: today, a period, and a threshold
// n such that a handful of agents handled more than n cases.
struct QualifiedDraw {
  int64_t today = 0;
  PeriodSpec spec;
  int n = 0;
};

Result<std::optional<QualifiedDraw>> DrawQualified(GenContext& ctx) {
  QualifiedDraw d;
  d.today = ctx.DrawToday();
  d.spec = ctx.DrawPeriod(d.today, 28, 400);
  auto handled = HandledCaseCounts(ctx.db(), d.spec.period);
  if (!handled.ok()) return handled.status();
  std::optional<int> n = PickThreshold(*handled, ctx.rng());
  if (!n) return std::optional<QualifiedDraw>();
  d.n = *n;
  return std::optional<QualifiedDraw>(d);
}

// The solution steps both tasks begin with: params, the handled-count
// query, and the tool chain up to the qualified agents.
struct QualifiedSteps {
  GeneratorKey::PeriodArgs period;
  int qualified_step = 0;
};

QualifiedSteps StartQualifiedSolution(GeneratorKey& key, const QualifiedDraw& d, bool want_max) {
  key.PeriodParams(d.spec, d.today);
  key.Param("n_cases", d.n);
  key.Param("extrema", want_max ? "max" : "min");
  key.Execute("SELECT NewValue__c, COUNT(Id) FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND CreatedDate >= " +
              SoqlStamp(d.spec.period.start) + " AND CreatedDate <= " + SoqlStamp(d.spec.period.end) +
              " GROUP BY NewValue__c HAVING COUNT(Id) > " + std::to_string(d.n));
  QualifiedSteps steps{key.ToolPeriod(d.spec, d.today), 0};
  rapidjson::Value sa = key.StartArg(steps.period), ea = key.EndArg(steps.period);
  const int handled_step = key.Tool("get_agent_handled_cases_by_period", key.Object({{"start_date", &sa}, {"end_date", &ea}}));
  rapidjson::Value hr = key.Ref(handled_step), nv(d.n);
  steps.qualified_step =
      key.Tool("get_qualified_agent_ids_by_case_count", key.Object({{"agent_handled_cases", &hr}, {"n_cases", &nv}}));
  return steps;
}

}  // namespace

TaskDraw DrawHandleTime(GenContext& ctx) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto draw = DrawQualified(ctx);
    if (!draw.ok()) return draw.status();
    if (!*draw) continue;
    const QualifiedDraw& d = **draw;
    const bool want_max = ctx.rng().Bernoulli(0.5);
    auto answer = SolveHandleTime(ctx.db(), d.spec.period, d.n, want_max);
    if (!answer.ok()) return answer.status();
    if (answer->empty() || answer->size() > 1) continue;  // ties are legal but make poor tasks

    const char* forms[] = {
        "Which agent had the {ext} average handle time {period}? Only count agents who handled more than {n}.",
        "Among agents who handled more than {n} {period}, who was {extw} at closing cases?",
        "Find the agent with the {ext} average handle time {period}, considering only agents who handled more than {n}."};
    const std::string ext = want_max ? "longest" : "shortest";
    const std::string extw = want_max ? "the slowest" : "the fastest";
    std::string query = gen::Fill(forms[ctx.rng().UniformInt(0, 2)],
                                  {{"ext", ext}, {"extw", extw}, {"period", d.spec.phrase}, {"n", Cases(d.n)}});
    GeneratorKey key;
    const QualifiedSteps steps = StartQualifiedSolution(key, d, want_max);
    auto qualified = QualifiedAgents(ctx.db(), d.spec.period, d.n);
    if (!qualified.ok()) return qualified.status();
    const std::string s = SoqlStamp(d.spec.period.start), e = SoqlStamp(d.spec.period.end);
    key.Execute("SELECT CaseId__c FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND CreatedDate >= " + s +
                " AND CreatedDate <= " + e + " GROUP BY CaseId__c HAVING COUNT(Id) = 1");
    key.Execute("SELECT Id, OwnerId, CreatedDate, ClosedDate FROM Case WHERE Status = 'Closed' AND CreatedDate >= " + s +
                " AND CreatedDate < " + e + " AND OwnerId IN " + SoqlIdList(*qualified));
    rapidjson::Value sa = key.StartArg(steps.period), ea = key.EndArg(steps.period);
    const int single_step = key.Tool("get_non_transferred_case_ids", key.Object({{"start_date", &sa}, {"end_date", &ea}}));
    sa = key.StartArg(steps.period);
    ea = key.EndArg(steps.period);
    rapidjson::Value agents = key.Ref(steps.qualified_step), ids = key.Ref(single_step), statuses = key.StrList({"Closed"});
    const int cases_step = key.Tool("get_cases", key.Object({{"start_date", &sa}, {"end_date", &ea}, {"agent_ids", &agents},
                                                             {"case_ids", &ids}, {"statuses", &statuses}}));
    rapidjson::Value cases = key.Ref(cases_step);
    const int avg_step = key.Tool("calculate_average_handle_time", key.Object({{"cases", &cases}}));
    rapidjson::Value values = key.Ref(avg_step);
    key.Tool(want_max ? "find_id_with_max_value" : "find_id_with_min_value", key.Object({{"values_by_id", &values}}));
    key.Respond(JoinAnswer(*answer));
    std::string policy = std::string(kHandledPolicy) +
                         " A case is non-transferred when it has exactly one owner assignment within the period. Handle "
                         "time is the time from a case's creation to its closing; it is measured on closed, "
                         "non-transferred cases created within the period, and agents are compared by their average.";
    return std::optional<tasks::Task>(ctx.MakeTask("handle_time", query, *answer, Required(d.today, policy), key));
  }
  return std::optional<tasks::Task>();
}

TaskDraw DrawTransferCount(GenContext& ctx) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto draw = DrawQualified(ctx);
    if (!draw.ok()) return draw.status();
    if (!*draw) continue;
    const QualifiedDraw& d = **draw;
    const bool want_max = ctx.rng().Bernoulli(0.7);
    auto answer = SolveTransferCount(ctx.db(), d.spec.period, d.n, want_max);
    if (!answer.ok()) return answer.status();
    if (answer->size() != 1) continue;
    const char* forms[] = {
        "Which agent transferred the {ext} cases {period}? Only consider agents who handled more than {n}.",
        "Who passed on the {ext} cases to colleagues {period}, among agents who handled more than {n}?",
        "Identify the agent with the {ext} transfers {period}; ignore agents who handled {n} or fewer."};
    std::string query = gen::Fill(forms[ctx.rng().UniformInt(0, 2)], {{"ext", want_max ? "most" : "fewest"},
                                                                      {"period", d.spec.phrase},
                                                                      {"n", Cases(d.n)}});
    GeneratorKey key;
    const QualifiedSteps steps = StartQualifiedSolution(key, d, want_max);
    key.Execute("SELECT OldValue__c, COUNT(Id) FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND OldValue__c != NULL "
                "AND CreatedDate >= " + SoqlStamp(d.spec.period.start) + " AND CreatedDate <= " +
                SoqlStamp(d.spec.period.end) + " GROUP BY OldValue__c");
    rapidjson::Value sa = key.StartArg(steps.period), ea = key.EndArg(steps.period);
    rapidjson::Value q = key.Ref(steps.qualified_step);
    const int transfer_step = key.Tool("get_agent_transferred_cases_by_period",
                                       key.Object({{"start_date", &sa}, {"end_date", &ea}, {"qualified_agent_ids", &q}}));
    rapidjson::Value values = key.Ref(transfer_step);
    key.Tool(want_max ? "find_id_with_max_value" : "find_id_with_min_value", key.Object({{"values_by_id", &values}}));
    key.Respond(JoinAnswer(*answer));
    std::string policy = std::string(kHandledPolicy) +
                         " A transfer is an 'Owner Assignment' entry within the period whose old value is not empty; it "
                         "counts for the agent named in the old value, the one who gave the case away. Only qualifying "
                         "agents with at least one transfer in the period are compared.";
    return std::optional<tasks::Task>(ctx.MakeTask("transfer_count", query, *answer, Required(d.today, policy), key));
  }
  return std::optional<tasks::Task>();
}

}  // namespace crm::taskgen

// Manager tasks that rank agents over a period: handle_time and
// transfer_count. Both keep only agents who handled more than n cases; a
// None instance is built one of two ways: n at or above every agent's count
// (nobody qualifies), or n such that the qualified agents have nothing to
// rank (no closed, non-transferred case; no transfer). Internal to the task
// generator; single-threaded.
#include <algorithm>
#include <set>

#include "engine/gen/text_util.h"
#include "engine/org/datetime.h"
#include "engine/tasks/gen/gen_steps.h"
#include "engine/tasks/gen/solvers.h"

namespace crm::taskgen {
namespace {

constexpr const char* kHandledPolicy =
    "An agent has handled a case when an 'Owner Assignment' entry of the case history names the agent as the new "
    "owner within the period.";

constexpr const char* kHandleTimePolicy =
    " A case is non-transferred when it has exactly one owner assignment within the period. Handle time is the time "
    "from a case's creation to its closing; it is measured on closed, non-transferred cases created within the "
    "period, and agents are compared by their average. If no agent qualifies, or no qualifying agent has such a "
    "case, the answer is None.";

constexpr const char* kTransferPolicy =
    " A transfer is an 'Owner Assignment' entry within the period whose old value is not empty; it counts for the "
    "agent named in the old value, the one who gave the case away. Only qualifying agents with at least one transfer "
    "in the period are compared; if no agent qualifies, or none of those who do transferred a case, the answer is "
    "None.";

// "1 case", "3 cases"
std::string Cases(int n) { return std::to_string(n) + (n == 1 ? " case" : " cases"); }

// Handled counts from the largest down.
std::vector<int64_t> CountsDescending(const std::map<std::string, int64_t>& handled) {
  std::vector<int64_t> counts;
  for (const auto& [agent, n] : handled) counts.push_back(n);
  std::sort(counts.rbegin(), counts.rend());
  return counts;
}

// n such that between 3 and 12 agents handled more than n cases.
std::optional<int> PickThreshold(const std::map<std::string, int64_t>& handled, gen::Rng& rng) {
  const std::vector<int64_t> counts = CountsDescending(handled);
  const size_t keep = static_cast<size_t>(rng.UniformInt(3, std::min<int64_t>(12, static_cast<int64_t>(counts.size()) - 1)));
  const int64_t n = counts[keep];  // agents above index keep have more than n
  if (n < 1) return std::nullopt;
  return static_cast<int>(n);
}

// n at or above the largest count, so that no agent handled more than n.
int ThresholdAboveAll(const std::map<std::string, int64_t>& handled, gen::Rng& rng) {
  return static_cast<int>(CountsDescending(handled).front() + rng.UniformInt(0, 2));
}

// n >= 1 such that at least one agent handled more than n cases and none of
// those is in `ranked` (the agents the task could rank); nullopt when the
// busiest agent is ranked.
std::optional<int> ThresholdAvoiding(const std::map<std::string, int64_t>& handled,
                                     const std::set<std::string>& ranked, gen::Rng& rng) {
  int64_t busiest_ranked = 0;  // n must be at least this, or that agent qualifies
  for (const auto& [agent, n] : handled) {
    if (ranked.count(agent)) busiest_ranked = std::max(busiest_ranked, n);
  }
  const int64_t lowest = std::max<int64_t>(1, busiest_ranked);
  const int64_t highest = CountsDescending(handled).front() - 1;  // someone still qualifies
  if (highest < lowest) return std::nullopt;
  return static_cast<int>(rng.UniformInt(lowest, highest));
}

// The draw both agent-ranking tasks share: today, a period in which at least
// four agents handled cases, and a threshold n.
struct QualifiedDraw {
  int64_t today = 0;
  PeriodSpec spec;
  std::map<std::string, int64_t> handled;
  int n = 0;
};

Result<std::optional<QualifiedDraw>> DrawPeriodWithAgents(GenContext& ctx) {
  QualifiedDraw d;
  d.today = ctx.DrawToday();
  d.spec = ctx.DrawPeriod(d.today, 28, 400);
  auto handled = HandledCaseCounts(ctx.db(), d.spec.period);
  if (!handled.ok()) return handled.status();
  if (handled->size() < 4) return std::optional<QualifiedDraw>();
  d.handled = std::move(handled).value();
  return std::optional<QualifiedDraw>(std::move(d));
}

// Periods whose busiest agents have nothing to rank are uncommon (about one
// in 5 for transfers, one in 25 for handle times): a None instance of the
// "qualified but nothing to rank" kind looks for one over this many periods,
// then settles for "nobody qualifies".
constexpr int kPeriodsForSomeQualify = 25;

// What sets the two ranking tasks apart when drawing one.
struct RankingRules {
  // The agents the task can rank in a period (before qualification).
  Result<std::map<std::string, double>> (*values)(org::Database& db, const Period& p);
  Result<std::vector<std::string>> (*solve)(org::Database& db, const Period& p, int n_cases, bool want_max);
  double max_share;  // how often the question asks for the largest value
};

struct RankingDraw {
  QualifiedDraw d;
  bool want_max = false;
  std::vector<std::string> answer;
};

// Draws today, a period and n until the answer is one agent or, with
// `want_none`, None. Half of the None instances look for a threshold under
// which some agents qualify but none of them has a value; the others (and
// those that find no such period) set n so that nobody qualifies.
Result<std::optional<RankingDraw>> DrawRanking(GenContext& ctx, bool want_none, const RankingRules& rules) {
  const bool some_qualify = want_none && ctx.rng().Bernoulli(0.5);
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto period = DrawPeriodWithAgents(ctx);
    if (!period.ok()) return period.status();
    if (!*period) continue;
    RankingDraw r;
    r.d = std::move(**period);
    std::optional<int> n;
    if (!want_none) {
      n = PickThreshold(r.d.handled, ctx.rng());
    } else if (some_qualify && attempt < kPeriodsForSomeQualify) {
      auto values = rules.values(ctx.db(), r.d.spec.period);
      if (!values.ok()) return values.status();
      std::set<std::string> ranked;
      for (const auto& [agent, v] : *values) ranked.insert(agent);
      n = ThresholdAvoiding(r.d.handled, ranked, ctx.rng());
    } else {
      n = ThresholdAboveAll(r.d.handled, ctx.rng());
    }
    if (!n) continue;
    r.d.n = *n;
    r.want_max = ctx.rng().Bernoulli(rules.max_share);
    auto answer = rules.solve(ctx.db(), r.d.spec.period, r.d.n, r.want_max);
    if (!answer.ok()) return answer.status();
    // Ties are legal but make poor tasks.
    if (answer->size() != (want_none ? 0u : 1u)) continue;
    r.answer = std::move(answer).value();
    return std::optional<RankingDraw>(std::move(r));
  }
  return std::optional<RankingDraw>();
}

Result<std::map<std::string, double>> TransferValues(org::Database& db, const Period& p) {
  auto counts = TransferCounts(db, p);
  if (!counts.ok()) return counts.status();
  return std::map<std::string, double>(counts->begin(), counts->end());
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

// The rest of a handle_time solution. Every tool chain stops at its first
// empty intermediate result and answers None: the official tools read an
// empty id list as "no filter", so passing one on would widen the search.
Status FinishHandleTimeSolution(GenContext& ctx, GeneratorKey& key, const QualifiedDraw& d, const QualifiedSteps& steps,
                                bool want_max, const std::vector<std::string>& answer) {
  auto qualified = QualifiedAgents(ctx.db(), d.spec.period, d.n);
  if (!qualified.ok()) return qualified.status();
  if (qualified->empty()) {
    key.Respond(JoinAnswer(answer));
    return Status::Ok();
  }
  const std::string s = SoqlStamp(d.spec.period.start), e = SoqlStamp(d.spec.period.end);
  key.Execute("SELECT CaseId__c FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND CreatedDate >= " + s +
              " AND CreatedDate <= " + e + " GROUP BY CaseId__c HAVING COUNT(Id) = 1");
  key.Execute("SELECT Id, OwnerId, CreatedDate, ClosedDate FROM Case WHERE Status = 'Closed' AND CreatedDate >= " + s +
              " AND CreatedDate < " + e + " AND OwnerId IN " + SoqlIdList(*qualified));
  rapidjson::Value sa = key.StartArg(steps.period), ea = key.EndArg(steps.period);
  const int single_step = key.Tool("get_non_transferred_case_ids", key.Object({{"start_date", &sa}, {"end_date", &ea}}));
  auto single = NonTransferredCaseIds(ctx.db(), d.spec.period);
  if (!single.ok()) return single.status();
  if (!single->empty()) {
    sa = key.StartArg(steps.period);
    ea = key.EndArg(steps.period);
    rapidjson::Value agents = key.Ref(steps.qualified_step), ids = key.Ref(single_step), statuses = key.StrList({"Closed"});
    const int cases_step = key.Tool("get_cases", key.Object({{"start_date", &sa}, {"end_date", &ea}, {"agent_ids", &agents},
                                                             {"case_ids", &ids}, {"statuses", &statuses}}));
    if (!answer.empty()) {  // otherwise get_cases found no case to average
      rapidjson::Value cases = key.Ref(cases_step);
      const int avg_step = key.Tool("calculate_average_handle_time", key.Object({{"cases", &cases}}));
      rapidjson::Value values = key.Ref(avg_step);
      key.Tool(want_max ? "find_id_with_max_value" : "find_id_with_min_value", key.Object({{"values_by_id", &values}}));
    }
  }
  key.Respond(JoinAnswer(answer));
  return Status::Ok();
}

// The rest of a transfer_count solution; stops like the handle_time one.
Status FinishTransferSolution(GenContext& ctx, GeneratorKey& key, const QualifiedDraw& d, const QualifiedSteps& steps,
                              bool want_max, const std::vector<std::string>& answer) {
  auto qualified = QualifiedAgents(ctx.db(), d.spec.period, d.n);
  if (!qualified.ok()) return qualified.status();
  if (!qualified->empty()) {
    key.Execute("SELECT OldValue__c, COUNT(Id) FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND OldValue__c != "
                "NULL AND CreatedDate >= " + SoqlStamp(d.spec.period.start) + " AND CreatedDate <= " +
                SoqlStamp(d.spec.period.end) + " GROUP BY OldValue__c");
    rapidjson::Value sa = key.StartArg(steps.period), ea = key.EndArg(steps.period);
    rapidjson::Value q = key.Ref(steps.qualified_step);
    const int transfer_step = key.Tool("get_agent_transferred_cases_by_period",
                                       key.Object({{"start_date", &sa}, {"end_date", &ea}, {"qualified_agent_ids", &q}}));
    if (!answer.empty()) {  // otherwise no qualified agent appears among the transfers
      rapidjson::Value values = key.Ref(transfer_step);
      key.Tool(want_max ? "find_id_with_max_value" : "find_id_with_min_value", key.Object({{"values_by_id", &values}}));
    }
  }
  key.Respond(JoinAnswer(answer));
  return Status::Ok();
}

}  // namespace

TaskDraw DrawHandleTime(GenContext& ctx, bool want_none) {
  auto draw = DrawRanking(ctx, want_none, {AverageHandleSeconds, SolveHandleTime, 0.5});
  if (!draw.ok()) return draw.status();
  if (!*draw) return std::optional<tasks::Task>();
  const auto& [d, want_max, answer] = **draw;
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
  CRM_RETURN_IF_ERROR(FinishHandleTimeSolution(ctx, key, d, steps, want_max, answer));
  return std::optional<tasks::Task>(ctx.MakeTask("handle_time", query, answer,
                                                 WithTodaysDate(d.today, std::string(kHandledPolicy) + kHandleTimePolicy), key));
}

TaskDraw DrawTransferCount(GenContext& ctx, bool want_none) {
  auto draw = DrawRanking(ctx, want_none, {TransferValues, SolveTransferCount, 0.7});
  if (!draw.ok()) return draw.status();
  if (!*draw) return std::optional<tasks::Task>();
  const auto& [d, want_max, answer] = **draw;
  const char* forms[] = {
      "Which agent transferred the {ext} cases {period}? Only consider agents who handled more than {n}.",
      "Who passed on the {ext} cases to colleagues {period}, among agents who handled more than {n}?",
      "Identify the agent with the {ext} transfers {period}; ignore agents who handled {n} or fewer."};
  std::string query = gen::Fill(forms[ctx.rng().UniformInt(0, 2)],
                                {{"ext", want_max ? "most" : "fewest"}, {"period", d.spec.phrase}, {"n", Cases(d.n)}});
  GeneratorKey key;
  const QualifiedSteps steps = StartQualifiedSolution(key, d, want_max);
  CRM_RETURN_IF_ERROR(FinishTransferSolution(ctx, key, d, steps, want_max, answer));
  return std::optional<tasks::Task>(ctx.MakeTask("transfer_count", query, answer,
                                                 WithTodaysDate(d.today, std::string(kHandledPolicy) + kTransferPolicy), key));
}

}  // namespace crm::taskgen

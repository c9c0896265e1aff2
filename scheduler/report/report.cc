#include "scheduler/report/report.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

namespace crm::sched {
namespace {

SummaryRow Summarize(const std::vector<const EpisodeRow*>& rows, std::string model, std::string strategy,
                     std::string task) {
  SummaryRow s;
  s.model = std::move(model);
  s.strategy = std::move(strategy);
  s.task = std::move(task);
  double reward = 0, turns = 0;
  std::vector<double> latencies;
  std::map<int64_t, std::pair<int, int>> per_instance;  // task id -> (seeds, successes)
  std::set<int64_t> seeds;
  for (const EpisodeRow* r : rows) {
    s.cost_usd += r->cost_usd;
    for (const AuxiliaryUse& u : r->auxiliary) s.auxiliary_cost_usd += u.cost_usd;
    s.input_tokens += r->input_tokens;
    s.output_tokens += r->output_tokens;
    latencies.insert(latencies.end(), r->latencies_ms.begin(), r->latencies_ms.end());
    if (r->status != "done") {
      ++s.infra_errors;  // never counted as a model failure
      continue;
    }
    ++s.n;
    s.successes += r->success ? 1 : 0;
    reward += r->reward;
    turns += r->turns;
    auto& inst = per_instance[r->task_id];
    ++inst.first;
    inst.second += r->success ? 1 : 0;
    seeds.insert(r->seed);
  }
  if (s.n > 0) {
    s.success_rate = static_cast<double>(s.successes) / static_cast<double>(s.n);
    s.success_ci = WilsonInterval(s.successes, s.n);
    s.mean_reward = reward / static_cast<double>(s.n);
    s.mean_turns = turns / static_cast<double>(s.n);
  }
  s.k = static_cast<int>(seeds.size());
  int complete = 0, all_ok = 0;
  for (const auto& [id, inst] : per_instance) {
    if (inst.first < s.k) continue;  // pass^k only over instances with every seed
    ++complete;
    all_ok += inst.second == inst.first ? 1 : 0;
  }
  s.pass_all_k = complete > 0 ? static_cast<double>(all_ok) / complete : 0;
  s.latency_p50_ms = Percentile(latencies, 0.5);
  s.latency_p95_ms = Percentile(latencies, 0.95);
  return s;
}

// Pairs episodes of `a` and `b` that differ only in one dimension.
Comparison Compare(const std::string& kind, const std::string& a, const std::string& b, const std::string& within,
                   const std::map<std::tuple<std::string, std::string, int64_t, int64_t>, const EpisodeRow*>& index) {
  Comparison c;
  c.kind = kind;
  c.a = a;
  c.b = b;
  c.within = within;
  std::vector<std::pair<double, double>> pairs;
  for (const auto& [k, row] : index) {
    const auto& [first, second, task, seed] = k;
    const std::string& mine = kind == "model" ? first : second;
    const std::string& fixed = kind == "model" ? second : first;
    if (mine != a || fixed != within || row->status != "done") continue;
    auto other_key = kind == "model" ? std::make_tuple(b, within, task, seed) : std::make_tuple(within, b, task, seed);
    auto other = index.find(other_key);
    if (other == index.end() || other->second->status != "done") continue;
    pairs.emplace_back(row->reward, other->second->reward);
    if (row->success && !other->second->success) ++c.a_only;
    if (!row->success && other->second->success) ++c.b_only;
  }
  c.reward_difference = PairedBootstrap(pairs);
  c.mcnemar_p = McNemarExactP(c.a_only, c.b_only);
  return c;
}

// Auxiliary calls per role and model, and the cost totals of the summary.
void AddAuxiliary(const ResultsFile& results, Report* report) {
  std::map<std::pair<std::string, std::string>, AuxiliaryRow> rows;
  for (const EpisodeRow& r : results.episodes) {
    report->agent_cost_usd += r.cost_usd;
    for (const AuxiliaryUse& u : r.auxiliary) {
      AuxiliaryRow& row = rows[{u.role, u.model}];
      row.role = u.role;
      row.model = u.model;
      ++row.episodes;
      row.calls += u.calls;
      row.input_tokens += u.input_tokens;
      row.output_tokens += u.output_tokens;
      row.cost_usd += u.cost_usd;
      report->auxiliary_cost_usd += u.cost_usd;
    }
  }
  for (auto& [k, row] : rows) report->auxiliary.push_back(std::move(row));
}

void SetScoringLabels(const ResultsFile& results, Report* report) {
  for (const EpisodeRow& r : results.episodes) {
    if (r.metric == "exact_match" && r.extractor == "deterministic") report->deterministic_extractor = true;
    if (r.matching == "lenient") report->lenient_matching = true;
  }
}

}  // namespace

std::vector<std::string> ScoringNotes(const Report& report) {
  std::vector<std::string> notes;
  if (report.deterministic_extractor) {
    notes.push_back("exact_match answers were read by our deterministic extractor, not the official model-based "
                    "extractor");
  }
  if (report.lenient_matching) {
    notes.push_back("answer items were compared with lenient matching (our canonical comparison), not the official "
                    "exact comparison");
  }
  return notes;
}

namespace {

// The estimate of each model beside what its lines measured.
void CompareWithEstimate(const ResultsFile& results, Report& report) {
  report.estimate_seconds = results.estimate_seconds;
  report.estimate_binding = results.estimate_binding;
  for (const EstimateModel& e : results.estimate) {
    EstimateRow row;
    row.estimate = e;
    for (const EpisodeRow& r : results.episodes) {
      if (!e.auxiliary && r.model == e.name) {
        row.requests += static_cast<int64_t>(r.latencies_ms.size());
        row.input_tokens += r.input_tokens;
        row.output_tokens += r.output_tokens;
        row.cost_usd += r.cost_usd;
      }
      if (!e.auxiliary) continue;
      for (const AuxiliaryUse& a : r.auxiliary) {
        if (a.model != e.name) continue;
        row.requests += a.calls;
        row.input_tokens += a.input_tokens;
        row.output_tokens += a.output_tokens;
        row.cost_usd += a.cost_usd;
      }
    }
    report.estimate.push_back(std::move(row));
  }
  std::map<std::string, std::string> sources;
  for (const EpisodeRow& r : results.episodes) {
    if (!r.price_source.empty()) sources[r.model] = r.price_source;
  }
  for (const auto& [model, source] : sources) report.price_sources.push_back(model + ": " + source);
}

}  // namespace

Report BuildReport(const ResultsFile& results) {
  Report report;
  CompareWithEstimate(results, report);
  report.episodes = static_cast<int64_t>(results.episodes.size());
  report.torn_lines = results.torn_lines;
  report.superseded = results.superseded;
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<const EpisodeRow*>> by_task;
  std::map<std::pair<std::string, std::string>, std::vector<const EpisodeRow*>> overall;
  std::map<std::tuple<std::string, std::string, int64_t, int64_t>, const EpisodeRow*> index;
  std::set<std::string> models, strategies;
  for (const EpisodeRow& r : results.episodes) {
    by_task[{r.model, r.strategy, r.task}].push_back(&r);
    overall[{r.model, r.strategy}].push_back(&r);
    index[{r.model, r.strategy, r.task_id, r.seed}] = &r;
    models.insert(r.model);
    strategies.insert(r.strategy);
  }
  for (const auto& [k, rows] : by_task) {
    report.by_task.push_back(Summarize(rows, std::get<0>(k), std::get<1>(k), std::get<2>(k)));
  }
  for (const auto& [k, rows] : overall) report.overall.push_back(Summarize(rows, k.first, k.second, "ALL"));
  AddAuxiliary(results, &report);
  SetScoringLabels(results, &report);
  for (const std::string& s : strategies) {
    for (auto a = models.begin(); a != models.end(); ++a) {
      for (auto b = std::next(a); b != models.end(); ++b) {
        Comparison c = Compare("model", *a, *b, s, index);
        if (c.reward_difference.pairs > 0) report.comparisons.push_back(c);
      }
    }
  }
  for (const std::string& m : models) {
    for (auto a = strategies.begin(); a != strategies.end(); ++a) {
      for (auto b = std::next(a); b != strategies.end(); ++b) {
        Comparison c = Compare("strategy", *a, *b, m, index);
        if (c.reward_difference.pairs > 0) report.comparisons.push_back(c);
      }
    }
  }
  return report;
}

std::string FormatReportTable(const Report& report) {
  std::string out;
  char buf[512];
  auto table = [&](const std::vector<SummaryRow>& rows, bool with_task) {
    std::snprintf(buf, sizeof buf, "%-16s %-14s %-32s %5s %7s %15s %6s %7s %6s %9s %9s %9s %6s\n", "model",
                  "strategy", with_task ? "task" : "", "n", "success", "95% CI", "reward", "pass^k", "turns", "tokens",
                  "cost$", "aux$", "infra");
    out += buf;
    for (const SummaryRow& r : rows) {
      char ci[32];
      std::snprintf(ci, sizeof ci, "[%.2f, %.2f]", r.success_ci.low, r.success_ci.high);
      std::snprintf(buf, sizeof buf,
                    "%-16s %-14s %-32s %5lld %6.1f%% %15s %6.3f %6.2f%s %6.1f %9lld %9.4f %9.4f %6lld\n",
                    r.model.c_str(), r.strategy.c_str(), with_task ? r.task.c_str() : "", static_cast<long long>(r.n),
                    100 * r.success_rate, ci, r.mean_reward, r.pass_all_k, r.k > 1 ? "" : "*", r.mean_turns,
                    static_cast<long long>(r.input_tokens + r.output_tokens), r.cost_usd, r.auxiliary_cost_usd,
                    static_cast<long long>(r.infra_errors));
      out += buf;
    }
  };
  for (const std::string& note : ScoringNotes(report)) out += "Note: " + note + ".\n";
  out += "Overall (model x strategy)\n";
  table(report.overall, false);
  if (!report.auxiliary.empty()) {
    out += "\nAuxiliary models (not the agent: simulated user, judge, extractor)\n";
    std::snprintf(buf, sizeof buf, "%-10s %-32s %8s %8s %12s %12s %9s\n", "role", "model", "episodes", "calls",
                  "input tok", "output tok", "cost$");
    out += buf;
    for (const AuxiliaryRow& r : report.auxiliary) {
      std::snprintf(buf, sizeof buf, "%-10s %-32s %8lld %8lld %12lld %12lld %9.4f\n", r.role.c_str(), r.model.c_str(),
                    static_cast<long long>(r.episodes), static_cast<long long>(r.calls),
                    static_cast<long long>(r.input_tokens), static_cast<long long>(r.output_tokens), r.cost_usd);
      out += buf;
    }
  }
  out += "\nPer task\n";
  table(report.by_task, true);
  if (!report.comparisons.empty()) {
    out += "\nPaired comparisons (same task and seed): reward difference a - b with 95% bootstrap CI, McNemar p\n";
    for (const Comparison& c : report.comparisons) {
      std::snprintf(buf, sizeof buf, "  %-8s %s vs %s (%s): %+.3f [%+.3f, %+.3f] over %lld pairs; only-a %lld, only-b %lld, p=%.4f\n",
                    c.kind.c_str(), c.a.c_str(), c.b.c_str(), c.within.c_str(), c.reward_difference.mean,
                    c.reward_difference.ci.low, c.reward_difference.ci.high,
                    static_cast<long long>(c.reward_difference.pairs), static_cast<long long>(c.a_only),
                    static_cast<long long>(c.b_only), c.mcnemar_p);
      out += buf;
    }
  }
  std::snprintf(buf, sizeof buf, "\n%lld episodes; %lld superseded lines; %lld torn lines skipped%s\n",
                static_cast<long long>(report.episodes), static_cast<long long>(report.superseded),
                static_cast<long long>(report.torn_lines), "");
  out += buf;
  if (!report.estimate.empty()) {
    out += "\nEstimate (recorded when the run started) beside what was measured\n";
    std::snprintf(buf, sizeof buf, "%-24s %21s %25s %25s %23s\n", "model", "requests est/meas",
                  "input tok est/meas", "output tok est/meas", "cost$ est/meas");
    out += buf;
    for (const EstimateRow& r : report.estimate) {
      char cost[24];
      if (r.estimate.cost_usd) {
        std::snprintf(cost, sizeof cost, "%.2f", *r.estimate.cost_usd);
      } else {
        std::snprintf(cost, sizeof cost, "unknown");
      }
      std::snprintf(buf, sizeof buf, "%-24s %10.0f/%-10lld %12.0f/%-12lld %12.0f/%-12lld %11s/%-11.4f\n",
                    (r.estimate.name + (r.estimate.auxiliary ? " (aux)" : "")).c_str(), r.estimate.requests,
                    static_cast<long long>(r.requests), r.estimate.input_tokens, static_cast<long long>(r.input_tokens),
                    r.estimate.output_tokens, static_cast<long long>(r.output_tokens), cost, r.cost_usd);
      out += buf;
    }
    std::snprintf(buf, sizeof buf, "estimated minimum wall time %.0f s (binding: %s); `run` prints the measured time\n",
                  report.estimate_seconds, report.estimate_binding.c_str());
    out += buf;
  }
  for (const std::string& s : report.price_sources) out += "price " + s + "\n";
  std::snprintf(buf, sizeof buf, "cost: agent $%.4f + auxiliary $%.4f = $%.4f\n", report.agent_cost_usd,
                report.auxiliary_cost_usd, report.agent_cost_usd + report.auxiliary_cost_usd);
  out += buf;
  out += "(* pass^k with a single seed equals the success rate)\n";
  return out;
}

std::string ReportToJson(const Report& report) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto rows = [&](const char* name, const std::vector<SummaryRow>& list) {
    w.Key(name);
    w.StartArray();
    for (const SummaryRow& r : list) {
      w.StartObject();
      w.Key("model"); w.String(r.model.c_str());
      w.Key("strategy"); w.String(r.strategy.c_str());
      w.Key("task"); w.String(r.task.c_str());
      w.Key("n"); w.Int64(r.n);
      w.Key("successes"); w.Int64(r.successes);
      w.Key("success_rate"); w.Double(r.success_rate);
      w.Key("success_ci95"); w.StartArray(); w.Double(r.success_ci.low); w.Double(r.success_ci.high); w.EndArray();
      w.Key("mean_reward"); w.Double(r.mean_reward);
      w.Key("pass_k"); w.Double(r.pass_all_k);
      w.Key("k"); w.Int(r.k);
      w.Key("mean_turns"); w.Double(r.mean_turns);
      w.Key("input_tokens"); w.Int64(r.input_tokens);
      w.Key("output_tokens"); w.Int64(r.output_tokens);
      w.Key("cost_usd"); w.Double(r.cost_usd);
      w.Key("auxiliary_cost_usd"); w.Double(r.auxiliary_cost_usd);
      w.Key("infra_errors"); w.Int64(r.infra_errors);
      w.Key("latency_p50_ms"); w.Double(r.latency_p50_ms);
      w.Key("latency_p95_ms"); w.Double(r.latency_p95_ms);
      w.EndObject();
    }
    w.EndArray();
  };
  w.StartObject();
  rows("overall", report.overall);
  rows("by_task", report.by_task);
  w.Key("comparisons");
  w.StartArray();
  for (const Comparison& c : report.comparisons) {
    w.StartObject();
    w.Key("kind"); w.String(c.kind.c_str());
    w.Key("a"); w.String(c.a.c_str());
    w.Key("b"); w.String(c.b.c_str());
    w.Key("within"); w.String(c.within.c_str());
    w.Key("pairs"); w.Int64(c.reward_difference.pairs);
    w.Key("reward_difference"); w.Double(c.reward_difference.mean);
    w.Key("ci95"); w.StartArray(); w.Double(c.reward_difference.ci.low); w.Double(c.reward_difference.ci.high); w.EndArray();
    w.Key("a_only_successes"); w.Int64(c.a_only);
    w.Key("b_only_successes"); w.Int64(c.b_only);
    w.Key("mcnemar_p"); w.Double(c.mcnemar_p);
    w.EndObject();
  }
  w.EndArray();
  w.Key("auxiliary");
  w.StartArray();
  for (const AuxiliaryRow& r : report.auxiliary) {
    w.StartObject();
    w.Key("role"); w.String(r.role.c_str());
    w.Key("model"); w.String(r.model.c_str());
    w.Key("episodes"); w.Int64(r.episodes);
    w.Key("calls"); w.Int64(r.calls);
    w.Key("input_tokens"); w.Int64(r.input_tokens);
    w.Key("output_tokens"); w.Int64(r.output_tokens);
    w.Key("cost_usd"); w.Double(r.cost_usd);
    w.EndObject();
  }
  w.EndArray();
  w.Key("agent_cost_usd"); w.Double(report.agent_cost_usd);
  w.Key("auxiliary_cost_usd"); w.Double(report.auxiliary_cost_usd);
  w.Key("scoring_notes");
  w.StartArray();
  for (const std::string& note : ScoringNotes(report)) w.String(note.c_str());
  w.EndArray();
  w.Key("price_sources");  // "model: source (entry), data of DATE"
  w.StartArray();
  for (const std::string& source : report.price_sources) w.String(source.c_str());
  w.EndArray();
  w.Key("episodes"); w.Int64(report.episodes);
  w.Key("superseded_lines"); w.Int64(report.superseded);
  w.Key("torn_lines"); w.Int64(report.torn_lines);
  w.EndObject();
  return buf.GetString();
}

}  // namespace crm::sched

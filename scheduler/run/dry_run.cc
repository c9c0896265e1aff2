#include "scheduler/run/dry_run.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>
#include <variant>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "engine/episode/episode_machine.h"

namespace crm::sched {
namespace {

int64_t CharsToTokens(size_t chars) { return static_cast<int64_t>((chars + 3) / 4); }

size_t MessageChars(const std::vector<chat::Message>& messages) {
  size_t chars = 0;
  for (const auto& m : messages) {
    chars += m.content.size();
    for (const auto& c : m.tool_calls) chars += c.arguments_json.size() + c.name.size();
  }
  return chars;
}

// The first request the agent of `spec` sends, in tokens (chars / 4).
int64_t FirstRequestTokens(const RunContext& ctx, const EpisodeSpec& spec) {
  episode::EpisodeMachine machine(ctx.tasks[spec.task], ctx.EpisodeConfigFor(spec), ctx.prompts);
  episode::Action first = machine.Start();
  size_t chars = 0;
  if (auto* call = std::get_if<episode::CallModel>(&first)) {
    chars = MessageChars(call->request->messages);
    for (const auto& t : call->request->tools) chars += t.name.size() + t.description.size() + t.parameters_schema_json.size();
  } else {
    chars = MessageChars(machine.messages());  // interactive: the customer speaks first
  }
  return CharsToTokens(chars);
}

std::string Money(double usd) {
  char buf[48];
  std::snprintf(buf, sizeof buf, usd >= 100 ? "$%.0f" : "$%.2f", usd);
  return buf;
}

std::string Millions(double n) {
  char buf[48];
  std::snprintf(buf, sizeof buf, n >= 1e6 ? "%.1fM" : "%.0f", n >= 1e6 ? n / 1e6 : n);
  return buf;
}

std::string Count(double n) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.0f", n);
  std::string s = buf, out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

}  // namespace

SweepEstimate EstimateSweep(const SweepConfig& config, const RunContext& ctx, SweepPlan& plan,
                            const SweepPrices& prices, const EstimateAssumptions& a) {
  SweepEstimate est;
  est.assumptions = a;
  est.plan_total = plan.total();
  est.price_sources = prices.sources;
  const size_t n_models = config.models.size();
  std::vector<double> episodes(n_models, 0), first_tokens(n_models, 0);
  // First-request size per model x strategy x task, computed once.
  std::map<std::tuple<size_t, size_t, size_t>, int64_t> first;
  double privacy_episodes = 0, exact_episodes = 0, all_episodes = 0;
  while (auto spec = plan.Next()) {
    ++est.episodes;
    all_episodes += 1;
    const auto key = std::make_tuple(spec->model, spec->strategy, spec->task);
    auto it = first.find(key);
    if (it == first.end()) it = first.emplace(key, FirstRequestTokens(ctx, *spec)).first;
    episodes[spec->model] += 1;
    first_tokens[spec->model] += static_cast<double>(it->second);
    const auto metric = ctx.tasks[spec->task].reward_metric;
    if (metric == tasks::RewardMetric::kPrivacyRejection) privacy_episodes += 1;
    if (metric == tasks::RewardMetric::kExactMatch) exact_episodes += 1;
  }
  const int in_flight = std::max(1, config.episodes_in_flight);
  auto finish = [&](ModelEstimate& m, const ModelConfig& mc, const ResolvedPrice& price) {
    m.model_id = mc.model;
    m.load.rpm = mc.limits.rpm;
    m.load.tpm = mc.limits.tpm;
    m.load.concurrency = std::min(mc.limits.max_concurrency, in_flight);
    m.time = MinimumWallTime(m.load, a.seconds_per_request);
    m.price = price;
    if (price.price) {
      // At the plain prices: the estimate assumes no cache hits and no hidden reasoning.
      m.cost_usd = m.load.input_tokens * price.price->input + m.load.output_tokens * price.price->output;
      est.cost_usd += *m.cost_usd;
    } else {
      est.all_priced = false;
    }
    if (m.time.seconds > est.seconds) {
      est.seconds = m.time.seconds;
      est.binding = m.name + ": " + m.time.binding;
    }
  };
  for (size_t i = 0; i < n_models; ++i) {
    ModelEstimate m;
    m.name = config.models[i].name;
    m.episodes = episodes[i];
    m.load = AgentLoad(m.name, episodes[i], first_tokens[i], a);
    const auto& window = prices.models[i].price ? prices.models[i].price->context_window : std::nullopt;
    // The largest first request per task (over strategies), and the tasks that cannot fit.
    std::map<size_t, int64_t> per_task;
    for (const auto& [key, tokens] : first) {
      if (std::get<0>(key) != i) continue;
      int64_t& t = per_task[std::get<2>(key)];
      t = std::max(t, tokens);
    }
    for (const auto& [task, tokens] : per_task) {
      if (tokens > m.largest_first_request) {
        m.largest_first_request = tokens;
        m.largest_first_request_task = ctx.tasks[task].idx;
      }
      if (window && tokens > *window) m.tasks_too_long.push_back(ctx.tasks[task].idx);
    }
    finish(m, config.models[i], prices.models[i]);
    est.models.push_back(std::move(m));
  }
  for (size_t i = 0; i < config.auxiliary_models.size(); ++i) {
    const ModelConfig& mc = config.auxiliary_models[i];
    double calls = 0;
    if (config.interactive && mc.name == config.user_model) calls += all_episodes * a.requests_per_episode;
    if (config.extractor == ExtractorKind::kModel && mc.name == config.extractor_model) calls += exact_episodes;
    if (mc.name == config.judge_model) calls += privacy_episodes;
    ModelEstimate m;
    m.name = mc.name;
    m.auxiliary = true;
    m.load.name = mc.name;
    m.load.requests = calls;
    m.load.input_tokens = calls * a.auxiliary_input_tokens;
    m.load.output_tokens = calls * a.auxiliary_output_tokens;
    finish(m, mc, prices.auxiliary[i]);
    est.models.push_back(std::move(m));
  }
  if (config.org.kind == OrgConfig::Kind::kSalesforce) {
    // Every agent turn but the answer queries the org.
    est.org_api_calls = all_episodes * std::max(0.0, a.requests_per_episode - 1) * a.org_calls_per_request;
    est.org_daily_api_calls = config.org.daily_api_calls;
  }
  return est;
}

std::string FormatSweepEstimate(const SweepConfig& config, const SweepEstimate& e) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "dry run: %s episodes in this shard (%zu models x %zu strategies x %zu seeds over the tasks; %s in "
                "all shards)\n",
                Count(static_cast<double>(e.episodes)).c_str(), config.models.size(), config.strategies.size(),
                config.seeds.size(), Count(static_cast<double>(e.plan_total)).c_str());
  out += buf;
  out += "prices:\n";
  for (const std::string& s : e.price_sources) out += "  " + s + "\n";
  double requests = 0, input = 0, output = 0;
  for (const ModelEstimate& m : e.models) {
    requests += m.load.requests;
    input += m.load.input_tokens;
    output += m.load.output_tokens;
    std::snprintf(buf, sizeof buf, "%s %s (%s)%s\n", m.auxiliary ? "auxiliary model" : "model", m.name.c_str(),
                  m.model_id.c_str(), m.auxiliary ? "" : (": " + Count(m.episodes) + " episodes").c_str());
    out += buf;
    std::snprintf(buf, sizeof buf, "  requests %s, input tokens %s, output tokens %s\n", Count(m.load.requests).c_str(),
                  Millions(m.load.input_tokens).c_str(), Millions(m.load.output_tokens).c_str());
    out += buf;
    out += "  cost     " + (m.cost_usd ? "~" + Money(*m.cost_usd) : std::string("unknown")) + "  price: " +
           m.price.Describe();
    if (m.price.price) {
      std::snprintf(buf, sizeof buf, " [$%.3g / $%.3g per M in/out]", m.price.price->input * 1e6,
                    m.price.price->output * 1e6);
      out += buf;
    }
    out += "\n";
    if (!m.auxiliary) {
      const auto window = m.price.price ? m.price.price->context_window : std::nullopt;
      std::snprintf(buf, sizeof buf, "  context  largest first request ~%s tokens (task %lld); window %s",
                    Count(static_cast<double>(m.largest_first_request)).c_str(),
                    static_cast<long long>(m.largest_first_request_task),
                    window ? Count(static_cast<double>(*window)).c_str() : "unknown");
      out += buf;
      if (!window) {
        out += "\n";
      } else if (m.tasks_too_long.empty()) {
        out += ": every task fits\n";
      } else {
        out += ": " + std::to_string(m.tasks_too_long.size()) + " tasks cannot fit:";
        for (size_t i = 0; i < m.tasks_too_long.size() && i < 20; ++i) out += " " + std::to_string(m.tasks_too_long[i]);
        out += m.tasks_too_long.size() > 20 ? " ...\n" : "\n";
      }
    }
    std::string limits = "rpm " + (m.load.rpm > 0 ? std::to_string(m.load.rpm) : std::string("unset")) + ", tpm " +
                         (m.load.tpm > 0 ? std::to_string(m.load.tpm) : std::string("unset")) + ", concurrency " +
                         std::to_string(m.load.concurrency);
    std::snprintf(buf, sizeof buf, "  time     at least %s (%s); binding: %s  [by rpm %s, by tpm %s, by slots %s]\n",
                  FormatDuration(m.time.seconds).c_str(), limits.c_str(), m.time.binding.c_str(),
                  m.time.by_rpm > 0 ? FormatDuration(m.time.by_rpm).c_str() : "-",
                  m.time.by_tpm > 0 ? FormatDuration(m.time.by_tpm).c_str() : "-",
                  FormatDuration(m.time.by_concurrency).c_str());
    out += buf;
  }
  if (e.org_api_calls > 0) {
    out += "org: ~" + Count(e.org_api_calls) + " API calls";
    if (e.org_daily_api_calls > 0) {
      std::snprintf(buf, sizeof buf, " against %s a day: %.1f days of the org's allowance\n",
                    Count(static_cast<double>(e.org_daily_api_calls)).c_str(),
                    e.org_api_calls / static_cast<double>(e.org_daily_api_calls));
      out += buf;
    } else {
      out += " (set org.daily_api_calls to compare with the org's daily allowance)\n";
    }
  }
  std::snprintf(buf, sizeof buf, "sweep: %s requests, %s input and %s output tokens, cost ~%s%s\n",
                Count(requests).c_str(), Millions(input).c_str(), Millions(output).c_str(), Money(e.cost_usd).c_str(),
                e.all_priced ? "" : " (some models have no price: not counted)");
  out += buf;
  out += "sweep: at least " + FormatDuration(e.seconds) + " of wall time; binding limit " + e.binding + "\n";
  if (config.max_cost_usd) {
    std::snprintf(buf, sizeof buf, "budget: max_cost_usd $%.2f: %s\n", *config.max_cost_usd,
                  e.cost_usd > *config.max_cost_usd ? "the estimate exceeds it; the run stops when it is reached"
                                                    : "the estimate is within it");
    out += buf;
  }
  std::snprintf(buf, sizeof buf,
                "assumptions: %g agent requests an episode, the first request as built from each task's prompt "
                "(chars/4), +%g tokens a turn, %g output tokens a request, %g s a request; auxiliary calls %g in / "
                "%g out tokens\n",
                e.assumptions.requests_per_episode, e.assumptions.prompt_growth_per_turn,
                e.assumptions.output_tokens_per_request, e.assumptions.seconds_per_request,
                e.assumptions.auxiliary_input_tokens, e.assumptions.auxiliary_output_tokens);
  out += buf;
  return out;
}

std::string SweepEstimateToJson(const SweepEstimate& e) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("episodes"); w.Uint64(e.episodes);
  w.Key("seconds"); w.Double(e.seconds);
  w.Key("binding"); w.String(e.binding.c_str());
  w.Key("cost_usd"); w.Double(e.cost_usd);
  w.Key("all_priced"); w.Bool(e.all_priced);
  w.Key("models");
  w.StartArray();
  for (const ModelEstimate& m : e.models) {
    w.StartObject();
    w.Key("name"); w.String(m.name.c_str());
    w.Key("auxiliary"); w.Bool(m.auxiliary);
    w.Key("requests"); w.Double(m.load.requests);
    w.Key("input_tokens"); w.Double(m.load.input_tokens);
    w.Key("output_tokens"); w.Double(m.load.output_tokens);
    w.Key("cost_usd");
    if (m.cost_usd) {
      w.Double(*m.cost_usd);
    } else {
      w.Null();
    }
    w.Key("seconds"); w.Double(m.time.seconds);
    w.Key("binding"); w.String(m.time.binding.c_str());
    w.Key("price_source"); w.String(m.price.Describe().c_str());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace crm::sched

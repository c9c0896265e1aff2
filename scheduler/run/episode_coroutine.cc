#include "scheduler/run/episode_coroutine.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <boost/asio/this_coro.hpp>

#include <variant>

#include "core/json_scratch.h"
#include "core/json_string_memo.h"
#include "core/steady_clock.h"
#include "engine/episode/episode_result.h"
#include "engine/episode/trajectory.h"
#include "scheduler/run/episode_scoring.h"
#include "scheduler/run/model_endpoint.h"
#include "scheduler/run/org_api_watch.h"
#include "scheduler/run/org_executor.h"

namespace crm::sched {
namespace asio = boost::asio;

episode::EpisodeConfig RunContext::EpisodeConfigFor(const EpisodeSpec& spec) const {
  const ModelConfig& model = config->models[spec.model];
  episode::EpisodeConfig c;
  c.prompt.strategy = config->strategies[spec.strategy];
  c.prompt.mode = config->evaluation_mode;
  c.prompt.native_tools = model.native_tools;
  c.prompt.fold_system_prompt = model.reasoning;
  c.prompt.interactive = config->interactive;  // imported prompts pick the official variant with these
  c.prompt.privacy_aware_prompt = config->privacy_aware_prompt;
  c.prompt.schema_json = schema_json;
  c.prompt.shared_prompts = shared_prompts;
  c.agent_request.model = model.model;
  c.agent_request.temperature = model.reasoning ? std::nullopt : model.temperature;
  c.agent_request.max_output_tokens = model.max_output_tokens;
  c.agent_request.reasoning_model = model.reasoning;
  c.agent_request.seed = static_cast<uint64_t>(spec.seed);
  c.max_turns = config->max_turns;
  c.official_loop = config->official_loop;
  tools::ParseObservationFormat(config->observation_format, &c.observation_format);
  c.interactive = config->interactive;
  c.max_user_turns = config->max_user_turns;
  if (config->interactive && user) {
    c.user_request.model = user.model->model;
    c.user_request.temperature = user.model->reasoning ? std::nullopt : user.model->temperature;
    c.user_request.max_output_tokens = user.model->max_output_tokens;
    c.user_request.reasoning_model = user.model->reasoning;
  }
  return c;
}

namespace {

struct Tally {
  std::vector<double> latencies_ms;
  int retries = 0;
  int cache_hits = 0;
  double cost = 0;
  std::optional<CallError> infra;  // the failure that ended the episode, if any
};

void Accumulate(Tally& t, const ModelCallOutcome& out) {
  if (!out.ok()) {
    t.infra = out.error();
    return;
  }
  t.latencies_ms.push_back(out->record.latency_ms);
  t.retries += out->record.retries;
  t.cache_hits += out->record.cache_hit ? 1 : 0;
  t.cost += out->record.cost_usd;
}

// One turn of the simulated user, through its auxiliary endpoint; its
// usage and cost are the protocol's, not the agent's.
asio::awaitable<episode::Action> AskUser(RunContext& ctx, const EpisodeSpec& spec, episode::EpisodeMachine& machine,
                                         const chat::CompletionRequest& request, Tally& tally, AuxiliaryUsage& aux) {
  if (!ctx.user) {
    CallError e;
    e.code = CallErrorCode::kBadRequest;
    e.message = "interactive mode without a user model";
    co_return machine.Step(episode::UserFailed{e});
  }
  auto out = co_await ctx.user.endpoint->Call(request, spec.seed);
  if (!out.ok()) {
    tally.infra = out.error();
    co_return machine.Step(episode::UserFailed{out.error()});
  }
  aux.Add("user", ctx.user.model->name, out->response.usage, out->record.cost_usd);
  co_return machine.Step(episode::UserReplied{std::move(out->response)});
}

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
void Str(Writer& w, const std::string& v) { w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size())); }
void Str(Writer& w, crm::json::KeyName k, const std::string& v) {
  crm::json::WriteKey(w, k);
  Str(w, v);
}

// How this sweep scores, written on every line so a reader never mistakes
// our deterministic extractor or lenient matching for the official path.
void WriteScoring(Writer& w, const SweepConfig& c) {
  w.StartObject();
  Str(w, "matching", std::string(AnswerMatchingName(c.matching)));
  Str(w, "extractor", std::string(ExtractorKindName(c.extractor)));
  crm::json::WriteKey(w, "extractor_model");
  if (c.extractor_model.empty()) {
    w.Null();
  } else {
    Str(w, c.extractor_model);
  }
  crm::json::WriteKey(w, "judge_model");
  if (c.judge_model.empty()) {
    w.Null();
  } else {
    Str(w, c.judge_model);
  }
  w.EndObject();
}

// `machine` (optional) supplies the trajectory when `r` has no trajectory
// text. `rescore`: the agent finished but a scoring call failed.
std::string ComposeLine(const RunContext& ctx, const EpisodeSpec& spec, const episode::EpisodeResult& r,
                        const Tally& t, const AuxiliaryUsage& aux, double wall, bool infra, bool rescore,
                        const episode::EpisodeMachine* machine = nullptr) {
  crm::json::ScratchBuffer scratch(r.trajectory_json.size() + r.answer.size() + 4096);
  Writer w(scratch.get());
  w.StartObject();
  Str(w, "record", "episode");
  Str(w, "schema", "crmarena.episode/1");
  Str(w, "key", spec.key);
  Str(w, "run_id", ctx.run_id);
  Str(w, "settings_hash", ctx.settings_hash);
  Str(w, "model", ctx.config->models[spec.model].name);
  Str(w, "strategy", std::string(agents::StrategyName(ctx.config->strategies[spec.strategy])));
  crm::json::WriteKey(w, "task_id"); w.Int64(ctx.tasks[spec.task].idx);
  crm::json::WriteKey(w, "seed"); w.Int64(spec.seed);
  Str(w, "task", ctx.tasks[spec.task].task);
  Str(w, "status", infra ? "infra_error" : "done");
  if (rescore) {
    crm::json::WriteKey(w, "rescore");
    w.Bool(true);
  }
  crm::json::WriteKey(w, "interactive");
  w.Bool(ctx.config->interactive);
  crm::json::WriteKey(w, "reward"); w.Double(r.score ? r.score->reward : 0.0);
  crm::json::WriteKey(w, "success"); w.Bool(r.score && r.score->success);
  Str(w, "end_reason", std::string(episode::EndReasonName(r.end_reason)));
  crm::json::WriteKey(w, "turns"); w.Int(r.turns);
  Str(w, "answer", r.answer);
  crm::json::WriteKey(w, "ground_truth");
  w.StartArray();
  for (const auto& g : r.ground_truth) {
    if (g) {
      w.String(g->c_str());
    } else {
      w.Null();
    }
  }
  w.EndArray();
  crm::json::WriteKey(w, "usage");  // the agent's own; the protocol's models are in auxiliary_usage
  w.StartObject();
  crm::json::WriteKey(w, "input_tokens"); w.Int64(r.usage.input_tokens);
  crm::json::WriteKey(w, "output_tokens"); w.Int64(r.usage.output_tokens);
  crm::json::WriteKey(w, "cached_input_tokens"); w.Int64(r.usage.cached_input_tokens);
  crm::json::WriteKey(w, "reasoning_tokens"); w.Int64(r.usage.reasoning_tokens);
  crm::json::WriteKey(w, "cache_write_input_tokens"); w.Int64(r.usage.cache_write_input_tokens);
  w.EndObject();
  crm::json::WriteKey(w, "cost_usd"); w.Double(t.cost);
  // Where the agent's price came from and the date of that data.
  if (spec.model < ctx.price_sources.size()) {
    Str(w, "price_source", ctx.price_sources[spec.model]);
    Str(w, "price_date", ctx.price_dates[spec.model]);
  }
  crm::json::WriteKey(w, "auxiliary_usage");
  aux.WriteJson(w);
  crm::json::WriteKey(w, "scoring");
  WriteScoring(w, *ctx.config);
  crm::json::WriteKey(w, "wall_seconds"); w.Double(wall);
  crm::json::WriteKey(w, "latencies_ms");
  w.StartArray();
  for (double l : t.latencies_ms) w.Double(l);
  w.EndArray();
  crm::json::WriteKey(w, "retries"); w.Int(t.retries);
  crm::json::WriteKey(w, "cache_hits"); w.Int(t.cache_hits);
  crm::json::WriteKey(w, "error");
  if (infra) {
    w.StartObject();
    Str(w, "code", t.infra ? CallErrorCodeName(t.infra->code) : std::string(episode::EndReasonName(r.end_reason)));
    Str(w, "message", t.infra ? t.infra->message : r.end_detail);
    if (t.infra) {
      crm::json::WriteKey(w, "http_status");
      w.Int(t.infra->http_status);
    }
    w.EndObject();
  } else {
    w.Null();
  }
  crm::json::WriteKey(w, "episode");
  r.WriteJson(w, machine);
  w.EndObject();
  return scratch.str();
}

// Performs the machine's actions until it finishes: agent calls through the
// model's endpoint, queries through the org, the simulated user's turns
// through its auxiliary endpoint. Returns true when the org failed (or the
// sweep stopped on the org's daily API budget).
asio::awaitable<bool> Drive(RunContext& ctx, const EpisodeSpec& spec, episode::EpisodeMachine& machine,
                            double started, Tally& tally, AuxiliaryUsage& aux) {
  ModelEndpoint& endpoint = *ctx.endpoints[spec.model];
  if (OrgApiStopped(ctx)) {
    // The org's API budget is spent: no call at all, a line for --resume.
    tally.infra = OrgApiAbandoned(ctx, /*started=*/false);
    static_cast<void>(machine.Cancel(tally.infra->message));
    co_return true;
  }
  episode::Action action = machine.Start();
  while (!std::holds_alternative<episode::Finish>(action)) {
    if (ctx.cancel_all.load()) {
      action = machine.Cancel("the sweep was stopped");
    } else if (ctx.org_api.daily_limit.load()) {
      // Every org call fails until the org's window moves on: end now, as
      // an infrastructure error that --resume runs again, without spending
      // more model calls.
      tally.infra = OrgApiAbandoned(ctx, /*started=*/true);
      action = machine.Cancel(tally.infra->message);
      co_return true;
    } else if (SteadySeconds() - started > ctx.episode_deadline_seconds) {
      action = machine.Cancel("episode deadline of " + std::to_string(static_cast<int>(ctx.episode_deadline_seconds)) +
                              " s passed");
    } else if (auto* call = std::get_if<episode::CallModel>(&action)) {
      auto out = co_await endpoint.Call(*call->request, spec.seed);
      Accumulate(tally, out);
      action = out.ok() ? machine.Step(episode::ModelReplied{std::move(out->response)})
                        : machine.Step(episode::ModelFailed{out.error()});
    } else if (auto* query = std::get_if<episode::RunQuery>(&action)) {
      OrgResult result = co_await ctx.org->Run(query->query);
      if (result.infra && result.infra->code == CallErrorCode::kDailyApiLimit) NoteDailyApiLimit(ctx, *result.infra);
      NoteOrgUsage(ctx);
      if (result.infra) {  // the org failed, not the agent: end as an infrastructure error
        tally.infra = result.infra;
        action = machine.Cancel("the org failed: " + result.infra->message);
        co_return true;
      }
      action = machine.Step(episode::QueryDone{std::move(result.outcome)});
    } else if (auto* user = std::get_if<episode::CallUser>(&action)) {
      action = co_await AskUser(ctx, spec, machine, *user->request, tally, aux);
    }
  }
  co_return false;
}

}  // namespace

asio::awaitable<EpisodeLine> RunEpisode(RunContext& ctx, EpisodeSpec spec) {
  ++ctx.counters.in_flight;
  ++ctx.counters.started;
  const double started = SteadySeconds();
  const tasks::Task& task = ctx.tasks[spec.task];
  ModelEndpoint& endpoint = *ctx.endpoints[spec.model];
  Tally tally;
  AuxiliaryUsage aux;
  EpisodeLine line;
  bool org_failed = false;
  try {
    // A sweep stopped on the org's API budget makes no model call: nothing to wait for.
    if (!OrgApiStopped(ctx)) co_await endpoint.WaitIfPaused();
    episode::EpisodeMachine machine(task, ctx.EpisodeConfigFor(spec), ctx.prompts);
    org_failed = co_await Drive(ctx, spec, machine, started, tally, aux);
    const episode::Finish& finish = *machine.finish();
    // No trajectory text: the line below writes it straight from the machine.
    episode::EpisodeResult result = episode::MakeEpisodeResult(
        machine, ScoreOptionsFor(*ctx.config, ctx.config->strategies[spec.strategy]), /*trajectory_text=*/false);
    result.model = ctx.config->models[spec.model].name;
    bool rescore = false;
    if (!episode::IsInfrastructureFailure(finish.reason)) {
      std::optional<CallError> scoring_failed =
          co_await ScoreWithModels(ctx, task, result, episode::ActionContents(machine.trajectory()), spec.seed, aux);
      if (scoring_failed) {  // not the agent's failure: re-scored on resume, never re-run
        scoring_failed->message = "scoring: " + scoring_failed->message;
        tally.infra = std::move(scoring_failed);
        rescore = true;
      }
    }
    const bool cancelled = finish.reason == episode::EndReason::kCancelled;
    line.infra_error = episode::IsInfrastructureFailure(finish.reason) || rescore;
    // A deadline or an org failure is a recorded error; a shutdown is not written at all.
    line.write = !cancelled || org_failed || SteadySeconds() - started > ctx.episode_deadline_seconds;
    line.success = result.score && result.score->success && !line.infra_error;
    line.cost_usd = tally.cost + aux.cost_usd();
    const double wall = SteadySeconds() - started;
    line.json = std::make_shared<const std::string>(
        ComposeLine(ctx, spec, result, tally, aux, wall, line.infra_error, rescore, &machine));
    if (cancelled && line.write) line.infra_error = true;
  } catch (const std::exception& e) {
    // A bug must not take the sweep down: record it as this episode's infrastructure error.
    episode::EpisodeResult r;
    r.task_id = task.idx;
    r.end_reason = episode::EndReason::kEngineError;
    r.end_detail = std::string("exception: ") + e.what();
    CallError error;
    error.code = CallErrorCode::kServerError;
    error.message = r.end_detail;
    tally.infra = error;
    line.json = std::make_shared<const std::string>(
        ComposeLine(ctx, spec, r, tally, aux, SteadySeconds() - started, true, false));
    line.write = true;
    line.infra_error = true;
  }
  // The org's daily API limit is not the model's failure: it must not pause the model.
  const bool org_budget = tally.infra && tally.infra->code == CallErrorCode::kDailyApiLimit;
  if (line.write && !org_budget) endpoint.RecordEpisode(line.infra_error);
  --ctx.counters.in_flight;
  co_return line;
}

}  // namespace crm::sched

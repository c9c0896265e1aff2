#include "scheduler/run/sweep_runner.h"

#include <oneapi/tbb/flow_graph.h>
#include <oneapi/tbb/task_arena.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "core/steady_clock.h"
#include "io/http/http_client.h"
#include "io/llm/provider.h"
#include "io/runtime.h"
#include "io/salesforce/sf_client.h"
#include "scheduler/cache/response_cache.h"
#include "scheduler/limits/shared_limits_service.h"
#include "scheduler/plan/claiming_plan.h"
#include "scheduler/plan/work_claims.h"
#include "scheduler/run/agent_schema.h"
#include "scheduler/run/dry_run.h"
#include "scheduler/run/model_prices.h"
#include "scheduler/run/episode_coroutine.h"
#include "scheduler/run/model_endpoint.h"
#include "scheduler/run/org_api_watch.h"
#include "scheduler/run/org_executor.h"
#include "scheduler/run/results_log.h"
#include "scheduler/run/rescore.h"
#include "scheduler/run/sweep_services.h"
#include "scheduler/run/sweep_setup.h"

namespace crm::sched {
namespace asio = boost::asio;
namespace flow = tbb::flow;

namespace {

// A --worker's pause when every unfinished episode is another worker's.
constexpr double kClaimPollSeconds = 0.5;

asio::awaitable<void> PollPause(double seconds) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  timer.expires_after(std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000)));
  co_await timer.async_wait(asio::use_awaitable);
}

double Seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; }

double ProcessCpuSeconds() {
  struct rusage u {};
  getrusage(RUSAGE_SELF, &u);
  return Seconds(u.ru_utime) + Seconds(u.ru_stime);
}

// The kernel's part of it (system calls, the network stack, page faults).
double ProcessSystemCpuSeconds() {
  struct rusage u {};
  getrusage(RUSAGE_SELF, &u);
  return Seconds(u.ru_stime);
}

std::string NewRunId() {
  std::random_device rd;
  char buf[24];
  std::snprintf(buf, sizeof buf, "run-%08x%08x", rd(), rd());
  return buf;
}

std::string IsoNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string HeaderLine(const SweepConfig& c, const RunContext& ctx, const RunOptions& o, const std::string& estimate,
                       const std::string& worker) {
  return "{\"record\":\"header\",\"schema\":\"crmarena.results/1\",\"engine_version\":\"0.1.0\",\"run_id\":\"" +
         ctx.run_id + "\",\"settings_hash\":\"" + ctx.settings_hash + "\",\"config_source\":\"" + c.source +
         "\",\"started_at\":\"" + IsoNow() + "\",\"shard\":\"" + std::to_string(o.shard.index) + "/" +
         std::to_string(o.shard.count) + "\",\"resume\":" + (o.resume ? "true" : "false") +
         (worker.empty() ? std::string() : ",\"worker\":\"" + worker + "\"") + ",\"estimate\":" + estimate + "}";
}

// Watches SIGINT/SIGTERM (blocked in every thread) and turns them into the
// drain-then-cancel sequence; a second signal exits at once.
class SignalWatcher {
 public:
  explicit SignalWatcher(RunContext& ctx, double grace) : ctx_(ctx), grace_(grace) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~SignalWatcher() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    pthread_kill(thread_.native_handle(), SIGUSR2);  // wakes sigwait
    thread_.join();
    // The grace timer refers to this watcher and the run's context: it ends
    // with them (it was detached, and touched both after the run had returned:
    // a SIGTERM'd sweep that drained in time crashed on its way out).
    if (grace_thread_.joinable()) grace_thread_.join();
  }
  bool interrupted() const { return interrupted_.load(); }

 private:
  void Loop() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGUSR2);
    int signals = 0;
    while (true) {
      int sig = 0;
      sigwait(&set, &sig);
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (done_) return;
      }
      if (sig == SIGUSR2) continue;
      if (++signals >= 2) {
        std::fprintf(stderr, "\ncrmarena: second signal, exiting now (no partial lines were written)\n");
        _exit(130);  // lines are written with single write() calls, so none is torn
      }
      interrupted_ = true;
      ctx_.stop_producing = true;
      std::fprintf(stderr, "\ncrmarena: stopping: no new episodes; waiting up to %.0f s for %lld in flight "
                           "(signal again to exit now)\n", grace_, static_cast<long long>(ctx_.counters.in_flight.load()));
      grace_thread_ = std::thread([this] {
        const double until = SteadySeconds() + grace_;
        while (SteadySeconds() < until && ctx_.counters.in_flight.load() > 0) {
          {
            std::lock_guard<std::mutex> lock(mu_);
            if (done_) return;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ctx_.cancel_all = true;
      });
    }
  }
  RunContext& ctx_;
  double grace_;
  std::mutex mu_;
  bool done_ = false;
  std::atomic<bool> interrupted_{false};
  std::thread thread_;
  std::thread grace_thread_;  // started by the first signal (on thread_), joined by the destructor
};

// One live line on a TTY, a log line every few seconds otherwise.
class Progress {
 public:
  Progress(const RunContext& ctx, uint64_t total, bool quiet, double interval)
      : ctx_(ctx), total_(total), quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0), interval_(interval) {
    if (!quiet_) thread_ = std::thread([this] { Loop(); });
  }
  ~Progress() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (!quiet_ && tty_) std::fputc('\n', stderr);
  }

 private:
  void Print() {
    const double elapsed = SteadySeconds() - started_;
    const int64_t done = ctx_.counters.finished.load();
    int64_t requests = 0, rate_limited = 0, retries = 0, hits = 0;
    for (const auto& e : ctx_.endpoints) {
      requests += e->counters().requests.load();
      rate_limited += e->counters().rate_limited.load();
      retries += e->counters().retries.load();
      hits += e->counters().cache_hits.load();
    }
    const double eps = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    const double eta = eps > 0 ? static_cast<double>(total_ - std::min<uint64_t>(total_, done)) / eps : 0;
    std::fprintf(stderr, "%s%lld/%llu episodes  %.1f ep/s  ETA %.0fs  in flight %lld  %.1f req/s  429s %lld  retries %lld  "
                         "cache hits %lld  cost $%.4f%s",
                 tty_ ? "\r" : "", static_cast<long long>(done), static_cast<unsigned long long>(total_), eps, eta,
                 static_cast<long long>(ctx_.counters.in_flight.load()), elapsed > 0 ? requests / elapsed : 0.0,
                 static_cast<long long>(rate_limited), static_cast<long long>(retries), static_cast<long long>(hits),
                 ctx_.counters.cost_usd.load(), tty_ ? "   " : "\n");
    std::fflush(stderr);
  }
  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      cv_.wait_for(lock, std::chrono::milliseconds(static_cast<int64_t>((tty_ ? 0.5 : interval_) * 1000)));
      if (!stop_) Print();
    }
  }
  const RunContext& ctx_;
  uint64_t total_;
  bool quiet_, tty_;
  double interval_;
  double started_ = SteadySeconds();
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

void AddCost(std::atomic<double>& a, double v) {
  double cur = a.load();
  while (!a.compare_exchange_weak(cur, cur + v)) {
  }
}

void PrintDryRun(const SweepConfig& c, const RunContext& ctx, SweepPlan& plan, const SweepPrices& prices,
                 const RunOptions& options) {
  EstimateAssumptions assumptions;
  assumptions.seconds_per_request = options.assumed_seconds_per_request;
  const SweepEstimate estimate = EstimateSweep(c, ctx, plan, prices, assumptions);
  std::fputs(FormatSweepEstimate(c, estimate).c_str(), stdout);
  for (const std::string& w : prices.warnings) std::printf("warning: %s\n", w.c_str());
  Status budget = CheckBudgetPricing(c, prices, options.allow_unpriced);
  if (!budget.ok()) std::printf("warning: a real run would refuse to start: %s\n", budget.message().c_str());
}

// The episodes' flow graph: source (the plan) -> limiter (episodes in
// flight) -> async runner (each episode a coroutine on the runtime) ->
// serial writer. Returns the results file's write status; fills the timing
// and stop fields of `summary`.
// With `claims` (a --worker), each written episode is marked done in Redis
// and an abandoned one released for the other workers.
Status RunGraph(const SweepConfig& config, const RunOptions& options, RunContext& ctx, io::IoRuntime& runtime,
                const std::function<std::optional<EpisodeSpec>()>& next_episode, uint64_t total, WorkClaims* claims,
                ResultsLog& results, uint64_t already_finished, double started, RunSummary& summary) {
  Status write_status;
  const double deadline = config.deadline_minutes ? started + *config.deadline_minutes * 60 : 0;
  {
    SignalWatcher signals(ctx, options.grace_seconds);
    Progress progress(ctx, total - already_finished, options.quiet, options.progress_interval_seconds);
    // The graph lives in the org's task arena: one set of TBB threads runs the
    // graph's nodes and the org's queries, instead of a worker spinning in one
    // arena while work waits in the other.
    std::optional<flow::graph> graph;
    ctx.org->RunInArena([&] { graph.emplace(); });
    flow::graph& g = *graph;
    auto total_requests = [&ctx] {
      int64_t n = 0;
      for (const auto& e : ctx.endpoints) n += e->counters().requests.load();
      return n;
    };
    // Steady-state window for throughput figures: opens when the limiter has let
    // episodes_in_flight episodes through, closes when the plan runs out.
    double steady_opened = 0;
    int64_t steady_opened_requests = 0;
    double steady_opened_cpu = 0, steady_opened_org_cpu = 0;
    bool steady_closed = false;
    // The sweep is over when the source has stopped and every episode it
    // produced has passed the writer (written, or abandoned at shutdown).
    std::mutex done_mu;
    std::condition_variable done_cv;
    std::atomic<int64_t> produced{0};
    std::atomic<bool> source_stopped{false};
    auto sweep_over = [&] { return source_stopped.load() && ctx.counters.finished.load() == produced.load(); };
    auto notify_if_over = [&] {
      if (!sweep_over()) return;
      std::lock_guard<std::mutex> lock(done_mu);
      done_cv.notify_all();
    };
    flow::input_node<EpisodeSpec> source(g, [&](tbb::flow_control& fc) -> EpisodeSpec {
      std::optional<EpisodeSpec> next;
      if (!ctx.stop_producing.load()) next = next_episode();
      if (steady_opened == 0 && ctx.counters.started.load() >= config.episodes_in_flight) {
        steady_opened = SteadySeconds();
        steady_opened_requests = total_requests();
        steady_opened_cpu = ProcessCpuSeconds();
        steady_opened_org_cpu = ctx.org->query_cpu_seconds();
      }
      if (!next) {
        if (steady_opened > 0 && !steady_closed) {
          steady_closed = true;
          summary.steady_seconds = SteadySeconds() - steady_opened;
          summary.steady_requests = total_requests() - steady_opened_requests;
          summary.steady_cpu_seconds = ProcessCpuSeconds() - steady_opened_cpu;
          summary.steady_org_cpu_seconds = ctx.org->query_cpu_seconds() - steady_opened_org_cpu;
        }
        source_stopped = true;
        notify_if_over();
        fc.stop();
        return {};
      }
      if (!next->key.empty()) ++produced;  // a worker's poll is no episode
      return *next;
    });
    flow::limiter_node<EpisodeSpec> limiter(g, static_cast<size_t>(config.episodes_in_flight));
    using Runner = flow::async_node<EpisodeSpec, EpisodeLine>;
    Runner runner(g, flow::unlimited, [&](const EpisodeSpec& spec, Runner::gateway_type& gateway) {
      gateway.reserve_wait();
      if (spec.key.empty()) {
        // A worker found nothing to claim yet: wait on the runtime's timer, not
        // on a TBB thread (the writer needs those to record finished episodes).
        asio::co_spawn(runtime.context(), PollPause(kClaimPollSeconds), [&gateway](std::exception_ptr) {
          EpisodeLine line;
          line.poll = true;
          gateway.try_put(line);
          gateway.release_wait();
        });
        return;
      }
      asio::co_spawn(runtime.context(), RunEpisode(ctx, spec),
                     [&gateway, key = spec.key](std::exception_ptr error, EpisodeLine line) {
        if (error) line.write = false;  // RunEpisode catches everything; this is only a safety net
        line.key = key;
        gateway.try_put(line);
        gateway.release_wait();
      });
    });
    flow::function_node<EpisodeLine, flow::continue_msg> writer(g, flow::serial, [&](const EpisodeLine& line) {
      struct NotifyAtExit {
        decltype(notify_if_over)& notify;
        ~NotifyAtExit() { notify(); }
      } notify_at_exit{notify_if_over};
      if (line.poll) return flow::continue_msg();
      ++ctx.counters.finished;
      if (!line.write || !line.json) {
        ++ctx.counters.cancelled;
        if (claims) claims->Release(line.key);
        return flow::continue_msg();
      }
      if (!write_status.ok()) return flow::continue_msg();  // the disk already failed: stop writing
      Status s = results.Append(*line.json);
      if (!s.ok()) {
        write_status = s;
        ctx.stop_producing = true;  // e.g. ENOSPC: stop cleanly, the file keeps only whole lines
        if (claims) claims->Release(line.key);
        return flow::continue_msg();
      }
      if (claims) claims->Complete(line.key);  // after the line is in our file: a crash before this re-runs it
      ++ctx.counters.written;
      if (line.infra_error) ++ctx.counters.infra_errors;
      if (line.success) ++ctx.counters.successes;
      AddCost(ctx.counters.cost_usd, line.cost_usd);
      if (config.max_cost_usd && ctx.counters.cost_usd.load() >= *config.max_cost_usd) {
        summary.stop_reason = "cost budget reached";
        ctx.stop_producing = true;
      }
      if (config.max_requests && total_requests() >= *config.max_requests) {
        summary.stop_reason = "request budget reached";
        ctx.stop_producing = true;
      }
      if (deadline > 0 && SteadySeconds() >= deadline) {
        summary.stop_reason = "deadline reached";
        ctx.stop_producing = true;
      }
      return flow::continue_msg();
    });
    flow::make_edge(source, limiter);
    flow::make_edge(limiter, runner);
    flow::make_edge(runner, writer);
    flow::make_edge(writer, limiter.decrementer());
    const double sweep_started = SteadySeconds();
    const double cpu_started = ProcessCpuSeconds();
    const double system_cpu_started = ProcessSystemCpuSeconds();
    source.activate();
    if (tbb::this_task_arena::max_concurrency() > 1) {
      // The main thread sleeps while TBB's worker runs the graph: joining it in
      // wait_for_all() would spin between the episodes' hand-offs, and at a few
      // thousand hand-offs a second that spinning cost more CPU than the work.
      // (With a single thread there is no worker: the main thread must join.)
      std::unique_lock<std::mutex> lock(done_mu);
      while (!sweep_over()) done_cv.wait_for(lock, std::chrono::milliseconds(200));
    }
    g.wait_for_all();  // returns at once: only the writer's last edge may still be settling
    summary.sweep_seconds = SteadySeconds() - sweep_started;
    summary.sweep_cpu_seconds = ProcessCpuSeconds() - cpu_started;
    summary.sweep_system_cpu_seconds = ProcessSystemCpuSeconds() - system_cpu_started;
    summary.org_cpu_seconds = ctx.org->query_cpu_seconds();
    summary.interrupted = signals.interrupted();
  }
  return write_status;
}

// Re-scores, from their recorded lines, the episodes whose scoring call
// failed in an earlier run; no agent call is made again.
Status RescorePending(RunContext& ctx, io::IoRuntime& runtime, const ExistingResults& existing,
                      const RunOptions& options, ResultsLog& results, RunSummary& summary) {
  const std::vector<std::string> pending = RescoreLinesOfThisRun(existing.rescore_lines, ctx, options.shard);
  if (pending.empty()) return Status::Ok();
  RescoreOutcome outcome = RescoreLines(ctx, runtime, pending);
  for (const std::string& line : outcome.lines) CRM_RETURN_IF_ERROR(results.Append(line));
  summary.rescored = static_cast<int64_t>(outcome.lines.size());
  summary.infra_errors += outcome.still_failing;
  AddCost(ctx.counters.cost_usd, outcome.cost_usd);
  if (!options.quiet) {
    std::fprintf(stderr, "re-scored %zu episodes from their recorded trajectories (%lld still failing)\n",
                 outcome.lines.size(), static_cast<long long>(outcome.still_failing));
  }
  return Status::Ok();
}

// Tasks, prompts, the agents' schema and the settings hash.
Status PrepareContext(const SweepConfig& config, const RunOptions& options, bool describe_remote, RunContext& ctx) {
  std::string log;
  auto tasks = PrepareOrgAndTasks(config, &log);
  if (!tasks.ok()) return tasks.status();
  if (!options.quiet && !log.empty()) std::fputs(log.c_str(), stderr);
  ctx.config = &config;
  ctx.run_id = NewRunId();
  ctx.settings_hash = EpisodeSettingsHash(config);
  ctx.tasks = std::move(tasks).value();
  auto prompts = LoadSweepPrompts(config);
  if (!prompts.ok()) return prompts.status();
  ctx.prompts = std::move(prompts).value();
  // A Salesforce org without a schema file is described after login.
  if (!describe_remote) CRM_RETURN_IF_ERROR(SetAgentSchema(config, nullptr, ctx));
  ctx.episode_deadline_seconds = config.episode_deadline_seconds;
  ctx.quiet = options.quiet;
  if (config.org.kind == OrgConfig::Kind::kSalesforce) {
    ctx.org_api.budget = std::make_unique<ApiBudget>(config.org.api_budget_share);
  }
  return Status::Ok();
}

// Only the signal watcher thread sees SIGINT/SIGTERM: block them before any
// other thread starts.
void BlockShutdownSignals() {
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &block, nullptr);
}

void CountCalls(const RunContext& ctx, RunSummary& summary) {
  for (const auto* list : {&ctx.endpoints, &ctx.auxiliary_endpoints}) {
    for (const auto& e : *list) {
      summary.requests += e->counters().requests.load();
      summary.retries += e->counters().retries.load();
      summary.rate_limited += e->counters().rate_limited.load();
      summary.cache_hits += e->counters().cache_hits.load();
    }
  }
}

std::vector<std::string> ModelNames(const SweepConfig& config) {
  std::vector<std::string> names;
  for (const ModelConfig& m : config.models) names.push_back(m.name);
  return names;
}

std::vector<int64_t> TaskIds(const RunContext& ctx) {
  std::vector<int64_t> ids;
  for (const tasks::Task& t : ctx.tasks) ids.push_back(t.idx);
  return ids;
}

// The work claims of a --worker: every results file of the directory seeds
// (and, after a Redis restart, re-seeds) the done-set.
Result<std::unique_ptr<WorkClaims>> StartClaims(const SweepConfig& config, const RunOptions& options,
                                                const RunContext& ctx, const std::string& out_dir,
                                                const std::string& worker_id, const std::vector<std::string>& retry_keys) {
  auto url = SharedRedisUrl(*config.shared);
  if (!url.ok()) return url.status();
  WorkClaimsOptions wo;
  wo.url = *url;
  wo.name_space = config.shared->name_space;
  wo.sweep = ctx.settings_hash;
  wo.owner = worker_id;
  wo.lease_seconds = config.shared->lease_seconds;
  wo.outage_seconds = config.shared->outage_seconds;
  wo.retry_keys = options.resume ? retry_keys : std::vector<std::string>{};
  wo.done_from_files = [out_dir] {
    std::vector<std::string> keys;
    auto existing = ReadExistingResults(ResultsFilesIn(out_dir));
    if (existing.ok()) keys.assign(existing->done_keys.begin(), existing->done_keys.end());
    return keys;
  };
  return WorkClaims::Start(std::move(wo));
}

}  // namespace

Result<RunSummary> RunSweep(const SweepConfig& config, const RunOptions& options) {
  const double started = SteadySeconds();
  LoadDotEnv(".env");
  const bool describe_remote = config.org.kind == OrgConfig::Kind::kSalesforce && config.org.schema_path.empty();
  RunContext ctx;
  CRM_RETURN_IF_ERROR(PrepareContext(config, options, describe_remote, ctx));
  RunSummary summary;
  const std::string out_dir = options.out_dir.empty() ? config.output_dir : options.out_dir;
  summary.results_path = out_dir + "/results.jsonl";
  summary.results_dir = out_dir;
  if (options.worker && !config.shared) {
    return Status::InvalidArgument("--worker needs \"shared\": {\"redis_url\": \"redis://HOST:PORT/DB\"} in the config: "
                                   "the workers of a sweep claim its episodes in Redis");
  }
  if (options.worker && options.shard.count > 1) {
    return Status::InvalidArgument("--worker and --shard exclude each other: workers split the plan dynamically");
  }
  auto prices = ResolveSweepPrices(config);
  if (!prices.ok()) return prices.status();
  for (const ResolvedPrice& p : prices->models) {
    ctx.price_sources.push_back(p.Describe());
    ctx.price_dates.push_back(p.data_date.substr(0, 10));
  }
  if (options.dry_run) {
    SweepPlan plan(ModelNames(config), config.StrategyNames(), TaskIds(ctx), config.seeds, ctx.settings_hash,
                   options.shard);
    PrintDryRun(config, ctx, plan, *prices, options);
    summary.planned = plan.total();
    return summary;
  }
  // A budget never runs blind: every model needs a price.
  CRM_RETURN_IF_ERROR(CheckBudgetPricing(config, *prices, options.allow_unpriced));
  if (!options.quiet) {
    for (const std::string& w : prices->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  }
  // The plan's estimate, recorded in the header for the report to compare.
  std::string estimate_json;
  {
    SweepPlan whole(ModelNames(config), config.StrategyNames(), TaskIds(ctx), config.seeds, ctx.settings_hash,
                    options.shard);
    EstimateAssumptions assumptions;
    assumptions.seconds_per_request = options.assumed_seconds_per_request;
    const SweepEstimate estimate = EstimateSweep(config, ctx, whole, *prices, assumptions);
    estimate_json = SweepEstimateToJson(estimate);
    summary.estimate_seconds = estimate.seconds;
    summary.estimate_binding = estimate.binding;
    summary.estimate_cost_usd = estimate.cost_usd;
  }

  // A worker writes its own file beside the others'; everyone skips what any file has done.
  std::string worker_id;
  if (options.worker) {
    worker_id = NewProcessId();
    summary.results_path = out_dir + "/results." + worker_id + ".jsonl";
  }
  std::vector<std::string> other_files;
  if (options.resume || options.worker) {
    for (const std::string& f : ResultsFilesIn(out_dir)) {
      if (f != summary.results_path) other_files.push_back(f);
    }
  }
  std::set<std::string> others_done;
  std::vector<std::string> retry_keys;  // infrastructure errors in the files: run again on --resume
  if (!other_files.empty()) {
    auto others = ReadExistingResults(other_files);
    if (!others.ok()) return others.status();
    others_done = std::move(others->done_keys);
    for (const std::string& key : others->infra_error_keys) {
      if (!others_done.count(key)) retry_keys.push_back(key);
    }
  }
  // A worker joins the sweep in Redis before it creates its results file
  // (with the shutdown signals blocked: its heartbeat is a thread).
  BlockShutdownSignals();
  std::unique_ptr<WorkClaims> claims;
  if (options.worker) {
    auto claimed = StartClaims(config, options, ctx, out_dir, worker_id, retry_keys);
    if (!claimed.ok()) return claimed.status();
    claims = std::move(claimed).value();
  }
  ExistingResults existing;
  auto results = ResultsLog::Open(summary.results_path, options.resume, &existing);
  if (!results.ok()) return results.status();
  if (existing.repaired_torn_line && !options.quiet) {
    std::fprintf(stderr, "repaired a torn last line in %s (a crash mid-write); that episode runs again\n",
                 summary.results_path.c_str());
  }
  for (const std::string& key : others_done) {
    existing.done_keys.insert(key);
    existing.infra_error_keys.erase(key);
    existing.rescore_lines.erase(key);
  }
  // Finished episodes are skipped; those waiting for a re-score are not re-run either.
  SweepPlan plan(ModelNames(config), config.StrategyNames(), TaskIds(ctx), config.seeds, ctx.settings_hash,
                 options.shard, [&existing](const std::string& key) {
                   return existing.done_keys.count(key) > 0 || existing.rescore_lines.count(key) > 0;
                 });
  std::optional<ClaimingPlan> claiming;
  if (claims) {
    // Others' episodes are retried about twice per lease time while the plan's first pass runs.
    claiming.emplace(plan, *claims, [&ctx] { return ctx.stop_producing.load(); }, kClaimPollSeconds,
                     std::max(1.0, config.shared->lease_seconds / 2));
  }

  auto services = SweepServices::Open(config, *prices, ctx, out_dir, describe_remote);
  if (!services.ok()) return services.status();
  CRM_RETURN_IF_ERROR((*results)->Append(HeaderLine(config, ctx, options, estimate_json, worker_id)));
  CRM_RETURN_IF_ERROR(RescorePending(ctx, (*services)->runtime(), existing, options, **results, summary));
  const uint64_t already_finished = existing.done_keys.size() + existing.rescore_lines.size();
  NoteOrgUsage(ctx);  // the describe calls' usage: a resume inside a spent window starts nothing
  std::function<std::optional<EpisodeSpec>()> next_episode = [&] {
    return claiming ? claiming->Next() : plan.Next();
  };
  Status write_status = RunGraph(config, options, ctx, (*services)->runtime(), next_episode, plan.total(), claims.get(),
                                 **results, already_finished, started, summary);
  if (claiming) {
    summary.not_started = static_cast<int64_t>(claiming->CountLeft());  // the rest, when it stopped early
  } else {
    while (plan.Next()) ++summary.not_started;  // the rest of the plan, when the sweep stopped early
  }
  Status close = (*results)->Close();
  (*services)->Stop();
  if (!write_status.ok()) return Status::IoError("results file " + summary.results_path + ": " + write_status.message() +
                                                 " (the run stopped; every line in the file is whole)");
  if (!close.ok()) return close;

  summary.planned = plan.total();
  summary.skipped_done = plan.skipped_done();
  summary.done_by_others = claiming ? claiming->done_elsewhere() : 0;
  summary.written = ctx.counters.written.load() + summary.rescored;
  summary.infra_errors += ctx.counters.infra_errors.load();
  summary.cancelled = ctx.counters.cancelled.load();
  summary.successes = ctx.counters.successes.load();
  summary.cost_usd = ctx.counters.cost_usd.load();
  CountCalls(ctx, summary);
  summary.seconds = SteadySeconds() - started;
  if (summary.interrupted && summary.stop_reason.empty()) summary.stop_reason = "interrupted by a signal";
  if (OrgApiStopped(ctx)) {
    summary.org_api_limit = true;
    summary.org_api_refused = ctx.org_api.daily_limit.load();
    summary.stop_reason = OrgApiStopDetail(ctx);
  }
  summary.episodes_left = summary.infra_errors + summary.cancelled + summary.not_started;
  return summary;
}

int RunExitCode(const RunSummary& s) {
  if (s.interrupted) return kExitInterrupted;
  if (s.org_api_limit) return kExitOrgApiLimit;
  if (s.episodes_left > 0) return kExitInfraErrorsLeft;
  return 0;
}

std::string FormatRunSummary(const RunSummary& s) {
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "results: %s\n%lld episodes written in %.1f s (%.2f episodes/s); %lld successes; %lld infrastructure "
                "errors; %lld abandoned at shutdown; %llu already done before this run%s%s\nmodel requests %lld (auxiliary "
                "models included), retries %lld, 429s %lld, cache hits %lld, cost $%.4f%s%s\n",
                s.results_path.c_str(), static_cast<long long>(s.written), s.seconds,
                s.seconds > 0 ? static_cast<double>(s.written) / s.seconds : 0.0, static_cast<long long>(s.successes),
                static_cast<long long>(s.infra_errors), static_cast<long long>(s.cancelled),
                static_cast<unsigned long long>(s.skipped_done),
                s.rescored > 0 ? ("; " + std::to_string(s.rescored) + " re-scored from their recorded lines").c_str() : "",
                s.done_by_others > 0 ? ("; " + std::to_string(s.done_by_others) + " done by other workers").c_str() : "",
                static_cast<long long>(s.requests),
                static_cast<long long>(s.retries), static_cast<long long>(s.rate_limited),
                static_cast<long long>(s.cache_hits), s.cost_usd, s.stop_reason.empty() ? "" : "\nstopped early: ",
                s.stop_reason.c_str());
  std::string out = buf;
  if (s.org_api_limit) {
    out += std::string(s.org_api_refused ? "the org's daily API limit was reached: "
                                         : "the sweep's share of the org's daily API limit was reached: ") +
           std::to_string(s.episodes_left) +
           " episodes left, written as infrastructure errors" +
           (s.not_started + s.cancelled > 0 ? " or not started" : std::string()) +
           "; run the same command with --resume once the org's 24-hour API window has moved on to continue "
           "(finished episodes are not run again)\n";
  } else if (s.episodes_left > 0 && !s.interrupted) {
    out += std::to_string(s.episodes_left) + " episodes left as infrastructure errors" +
           (s.not_started > 0 ? " or not started" : std::string()) + ": run the same command with --resume to run them again\n";
  }
  if (!s.estimate_binding.empty()) {
    std::snprintf(buf, sizeof buf,
                  "estimate at the start: at least %.1f s of sweep (binding: %s), cost ~$%.4f; measured: %.1f s of "
                  "sweep, cost $%.4f\n",
                  s.estimate_seconds, s.estimate_binding.c_str(), s.estimate_cost_usd, s.sweep_seconds, s.cost_usd);
    out += buf;
  }
  return out;
}

}  // namespace crm::sched

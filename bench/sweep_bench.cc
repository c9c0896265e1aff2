// crm_sweep_bench — end-to-end throughput of `crmarena run` against the
// SIMULATED model server running as a separate process (so the engine's CPU
// is measured alone): per setting, episodes/s, model calls/s, engine CPU
// seconds per 1,000 calls (in all, the local org's query execution, and the
// engine without it), peak RSS, episodes in flight, and the ideal bound
// min(in-flight / mean latency, rate limit) with the achieved fraction, both
// over the whole sweep and over its steady state (the limiter full, the plan
// not yet exhausted: no ramp-up, no tail).
// The remote settings (label ".../remote") run react and tool_call episodes
// with the org served by `crmarena serve org` in its own process (the sweep's
// org is {"kind": "salesforce"}), so the engine's whole-process CPU per model
// call is measured alone, and print it beside the same episodes on the local
// org. A remote react setting also runs bench/python_baseline/react_baseline.py
// (asyncio + aiohttp) on the same episodes against the same two servers and
// prints its CPU per model call and the ratio.
//   build/bench/crm_sweep_bench [--quick] [--only LABEL-SUBSTRING] [--repeat N] [--json out.json]
// --repeat runs each setting N times and prints, after its rows, the median,
// minimum and maximum of the engine CPU per call: on a shared VM one run's
// CPU figures move by a third with the neighbours' load. It also prints the
// median of engine CPU over org query CPU: the org's work is the same in
// every run, so that ratio follows the engine's own work, not the machine's
// speed of the moment.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/allocator.h"
#include "engine/org/schema.h"
#include "engine/org/schema_json.h"
#include "scheduler/run/sweep_runner.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;

struct Setting {
  std::string profile;
  double median_ms;  // latency of the profile: lognormal around the median
  double sigma;
  int in_flight;
  int seeds;         // episodes = 36 tasks x 1 strategy x seeds
  int64_t rpm = 0;   // enforced by the server and configured in the sweep (0 = none)
  std::string strategy = "act";
  bool remote = false;  // the org served by `serve org`, beside the same sweep on the local org


  // Mean of the lognormal latency: median x exp(sigma^2 / 2).
  double mean_latency_s() const { return median_ms / 1000 * std::exp(sigma * sigma / 2); }
  std::string label() const {
    return profile + "/" + std::to_string(in_flight) + (rpm > 0 ? "/rpm" + std::to_string(rpm) : "") +
           (strategy != "act" ? "/" + strategy : "") + (remote ? "/remote" : "");
  }
  // min(in-flight / mean latency, rate limit); 0 = no bound (zero latency, no limit).
  double ideal_calls_per_s() const {
    double ideal = mean_latency_s() > 0 ? in_flight / mean_latency_s() : 0;
    if (rpm > 0) ideal = ideal > 0 ? std::min(ideal, rpm / 60.0) : rpm / 60.0;
    return ideal;
  }
};

// CPU seconds (user + system) of another process, from /proc/PID/stat.
double ProcessCpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t after_name = text.rfind(')');  // the command name may hold spaces
  if (after_name == std::string::npos) return 0;
  std::istringstream fields(text.substr(after_name + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {  // fields 14 and 15: utime, stime
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double PeakRssMiB() {
  struct rusage u {};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024;
}

// Starts `args` with stdout to `log` (and stderr with it); 0 on failure.
pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : 0;
}

// Starts a server that prints "listening on port N"; returns the port (-1 on failure).
int StartServer(const std::vector<std::string>& args, const std::string& log, pid_t* pid) {
  *pid = Spawn(args, log);
  if (*pid == 0) return -1;
  for (int i = 0; i < 200; ++i) {
    std::ifstream in(log);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("listening on port ", 0) == 0) return std::stoi(line.substr(18));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return -1;
}

// Runs `args` to its end; its exit status, and its whole-life CPU seconds in *cpu.
int RunToEnd(const std::vector<std::string>& args, const std::string& log, double* cpu) {
  const pid_t pid = Spawn(args, log);
  if (pid == 0) return -1;
  int status = 0;
  struct rusage u {};
  wait4(pid, &status, 0, &u);
  if (cpu) {
    *cpu = static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A number after "key": in a one-line JSON summary (the Python baseline's).
double JsonNumber(const std::string& text, const std::string& key) {
  const size_t at = text.find("\"" + key + "\":");
  return at == std::string::npos ? -1 : std::atof(text.c_str() + at + key.size() + 3);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n == 0 ? 0.0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The simulated model server, one thread, on a free port.
int StartLlmServer(const std::string& bin, const std::string& dir, pid_t* pid) {
  std::vector<std::string> args{bin, "serve", "llm", "--tasks", dir + "/tasks.jsonl"};
  for (const char* a : {"--profiles"}) args.emplace_back(a);
  args.push_back(dir + "/profiles.json");
  for (const char* a : {"--port", "0", "--threads", "1"}) args.emplace_back(a);
  return StartServer(args, dir + "/server.log", pid);
}

// The bench's credentials for `serve org` (the sweep config names their variables).
constexpr const char* kOrgUser = "bench@crmarena.test";
constexpr const char* kOrgPassword = "bench-password";
constexpr const char* kOrgToken = "BENCHTOKEN";

// `serve org` over the bench's org file, one thread, no daily limit in reach.
int StartOrgServer(const std::string& bin, const std::string& dir, pid_t* pid) {
  std::vector<std::string> args{bin};
  for (const char* a : {"serve", "org", "--port", "0", "--threads", "1", "--username", kOrgUser, "--password",
                        kOrgPassword, "--security-token", kOrgToken, "--api-limit", "1000000000", "--org"}) {
    args.emplace_back(a);
  }
  args.push_back(dir + "/org.db");
  return StartServer(args, dir + "/org-server.log", pid);
}

// Runs are long enough that the steady state spans many episode lifetimes.
// The remote settings: 36 tasks x 128 seeds = 4,608 episodes at 256 in flight.
std::vector<Setting> Settings(bool quick) {
  auto remote = [](int in_flight, int seeds, const char* strategy) {
    Setting s{"sim-zero", 0, 0, in_flight, seeds};
    s.strategy = strategy;
    s.remote = true;
    return s;
  };
  std::vector<Setting> settings;
  if (quick) {
    settings = {{"sim-zero", 0, 0, 100, 20}, {"sim-50ms", 50, 0, 100, 20}};
    settings.push_back(remote(256, 32, "react"));
    return settings;
  }
  settings = {{"sim-zero", 0, 0, 100, 100}, {"sim-zero", 0, 0, 1000, 200}, {"sim-50ms", 50, 0, 100, 60},
              {"sim-50ms", 50, 0, 1000, 200}, {"sim-rpm", 0, 0, 200, 50, 6000}};
  settings.push_back(remote(256, 128, "react"));
  settings.push_back(remote(1000, 200, "react"));
  settings.push_back(remote(256, 128, "tool_call"));
  settings.push_back({"sim-2s", 2000, 0.3, 1000, 150});
  settings.push_back({"sim-2s", 2000, 0.3, 10000, 1500});  // last: RSS is the peak so far
  return settings;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  int repeat = 1;
  std::string json_out, only;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quick") quick = true;
    if (a == "--json" && i + 1 < argc) json_out = argv[++i];
    if (a == "--only" && i + 1 < argc) only = argv[++i];
    if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
  }
  struct rlimit limit {};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);

  const std::string bin = (fs::path(argv[0]).parent_path() / ".." / "crmarena").lexically_normal().string();
  const std::string source = CRM_SOURCE_DIR;
  const std::string dir = (fs::temp_directory_path() / ("crm-sweep-bench-" + std::to_string(getpid()))).string();
  fs::create_directories(dir);
  std::ofstream(dir + "/profiles.json")
      << R"([{"name": "sim-zero"}, {"name": "sim-50ms", "latency_median_ms": 50},
            {"name": "sim-2s", "latency_median_ms": 2000, "latency_sigma": 0.3},
            {"name": "sim-rpm", "rpm": 6000}])";
  // The org and tasks are made by a first, tiny sweep against the in-process
  // simulator. `org_port` > 0: the org is `serve org` on that port, over REST.
  auto base = [&](const std::string& model_json, int in_flight, int seeds, const std::string& out,
                  const std::string& strategy, int org_port) {
    std::string seed_list;
    for (int s = 0; s < seeds; ++s) seed_list += (s ? "," : "") + std::to_string(s);
    const std::string org =
        org_port > 0 ? R"({"kind": "salesforce", "login_url": "http://127.0.0.1:)" + std::to_string(org_port) +
                           R"(", "api_version": "58.0", "schema": ")" + dir + R"(/schema.json", "username_env": "CRM_BENCH_SF_USER",
                           "password_env": "CRM_BENCH_SF_PASSWORD", "security_token_env": "CRM_BENCH_SF_TOKEN"})"
                     : R"({"path": ")" + dir + R"(/org.db", "generate": {"seed": 1, "scale": 1}})";
    const std::string tasks = org_port > 0 ? R"({"path": ")" + dir + R"(/tasks.jsonl"})"
                                           : R"({"path": ")" + dir + R"(/tasks.jsonl", "generate": {"seed": 1, "per_type": 4}})";
    std::string text = R"({"org": )" + org + R"(, "tasks": )" + tasks + R"(,
      "models": )" + model_json + R"(, "strategies": [")" + strategy + R"("], "seeds": [)" + seed_list + R"(],
      "episodes_in_flight": )" + std::to_string(in_flight) + R"(, "cache": {"enabled": false},
      "prompts": {"dir": ")" + source + R"(/configs/prompts"}, "output": {"dir": ")" + out + R"("}})";
    return crm::sched::ParseSweepConfig(text, "bench.json");
  };
  {
    auto warm = base(R"([{"name": "sim-oracle", "provider": "simulated"}])", 8, 1, dir + "/warm", "act", 0);
    crm::sched::RunOptions o;
    o.quiet = true;
    if (!warm.ok() || !crm::sched::RunSweep(*warm, o).ok()) {
      std::fprintf(stderr, "setup sweep failed\n");
      return 1;
    }
  }
  // The remote org shows the agent the local org's schema (a schema file in
  // the published list-of-objects format, which the local schema's JSON is)
  // rather than its describe calls' field labels: the same prompts in both
  // settings, and the same first messages as `crmarena prompts` prints, which
  // the Python baseline sends.
  std::ofstream(dir + "/schema.json") << crm::org::SchemaToJson(crm::org::Schema::Crm(), false);
  pid_t server = 0;
  const int port = StartLlmServer(bin, dir, &server);
  if (port <= 0) {
    std::fprintf(stderr, "could not start %s serve llm\n", bin.c_str());
    return 1;
  }
  const std::vector<Setting> settings = Settings(quick);
  // `serve org` over the same org file, started when a remote setting is picked.
  setenv("CRM_BENCH_SF_USER", kOrgUser, 1);
  setenv("CRM_BENCH_SF_PASSWORD", kOrgPassword, 1);
  setenv("CRM_BENCH_SF_TOKEN", kOrgToken, 1);
  pid_t org_server = 0;
  int org_port = 0;
  auto start_org = [&] {
    if (org_port > 0) return true;
    org_port = StartOrgServer(bin, dir, &org_server);
    if (org_port <= 0) std::fprintf(stderr, "could not start %s serve org\n", bin.c_str());
    return org_port > 0;
  };
  // The Python baseline's first requests: the engine's own, as `crmarena prompts` prints them.
  bool have_first_requests = false;
  auto first_requests = [&](const std::string& model) {
    const std::string path = dir + "/first-react.jsonl";
    if (!have_first_requests) {
      std::vector<std::string> args{bin, "prompts", "--tasks", dir + "/tasks.jsonl", "--strategy", "react"};
      for (const std::string& a : {std::string("--model"), model, std::string("--prompts"), source + "/configs/prompts"}) {
        args.push_back(a);
      }
      const int rc = RunToEnd(args, path, nullptr);
      if (rc != 0) std::fprintf(stderr, "crmarena prompts failed: %s\n", ReadFile(path).c_str());
      have_first_requests = rc == 0;
    }
    return have_first_requests ? path : std::string();
  };
  const std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  const std::string allocator = crm::AllocatorName();  // part of what the figures measure
  std::printf("engine allocator: %s\n", allocator.c_str());
  std::printf("%-30s %9s %11s %9s %8s %8s %8s %8s %8s %9s %9s %9s %5s %7s\n", "setting (profile/in-flight)",
              "episodes", "episodes/s", "calls/s", "CPU/1k", "org/1k", "engine", "eng/st", "server", "ideal/s", "achieved",
              "steady", "429s", "RSS MiB");
  std::string json = "[";
  int run = 0;
  // One sweep of the engine: prints its row, appends its JSON; the engine's
  // CPU per call in us (without the local org's query execution; -1 on
  // failure), the same over the steady window (0 when none) and engine CPU
  // over org query CPU (0 on a remote org).
  struct EngineFigures {
    double per_call_us = -1, steady_per_call_us = 0, engine_over_org = 0;
    double system_per_call_us = 0;  // the kernel's part of per_call_us
  };
  auto run_engine = [&](Setting s, bool remote, int r) -> EngineFigures {
    s.remote = remote;
    const std::string rpm_limit = s.rpm > 0 ? R"(, "rpm": )" + std::to_string(s.rpm) : "";
    const std::string model = R"([{"name": ")" + s.profile + R"(", "provider": "openai", "base_url": "http://127.0.0.1:)" +
                              std::to_string(port) + R"(/v1", "limits": {"max_concurrency": )" +
                              std::to_string(s.in_flight) + rpm_limit + "}}]";
    const std::string out = dir + "/run" + std::to_string(run++);
    auto config = base(model, s.in_flight, s.seeds, out, s.strategy, remote ? org_port : 0);
    if (!config.ok()) {
      std::fprintf(stderr, "%s\n", config.status().ToString().c_str());
      return {};
    }
    crm::sched::RunOptions o;
    o.quiet = true;
    const double server_cpu_before = ProcessCpuSeconds(server);
    const double org_server_cpu_before = remote ? ProcessCpuSeconds(org_server) : 0;
    auto summary = crm::sched::RunSweep(*config, o);
    if (!summary.ok()) {
      std::fprintf(stderr, "%s\n", summary.status().ToString().c_str());
      return {};
    }
    const double server_cpu = ProcessCpuSeconds(server) - server_cpu_before;  // setup excluded: it is idle then
    const double org_server_cpu = remote ? ProcessCpuSeconds(org_server) - org_server_cpu_before : 0;  // describe included
    const double secs = summary->sweep_seconds;
    const double calls = static_cast<double>(std::max<int64_t>(1, summary->requests));
    const double calls_per_s = static_cast<double>(summary->requests) / secs;
    const double steady_per_s =
        summary->steady_seconds > 0 ? static_cast<double>(summary->steady_requests) / summary->steady_seconds : 0;
    // CPU over the graph's span only (setup excluded); the org's query execution
    // is the environment's work, as a remote org's servers would do it.
    const double cpu_per_k = 1000 * summary->sweep_cpu_seconds / calls;
    const double org_per_k = 1000 * summary->org_cpu_seconds / calls;
    const double server_per_k = 1000 * server_cpu / calls;
    // The same over the steady window only: no ramp-up (the connections
    // opened, the first episodes started at once), no tail.
    const double steady_calls = static_cast<double>(std::max<int64_t>(1, summary->steady_requests));
    const double steady_engine_per_k =
        summary->steady_seconds > 0
            ? 1000 * (summary->steady_cpu_seconds - summary->steady_org_cpu_seconds) / steady_calls
            : 0;
    const double ideal = s.ideal_calls_per_s();
    auto percent = [](double part, double whole) {
      char text[16] = "-";
      if (whole > 0 && part > 0) std::snprintf(text, sizeof text, "%.1f%%", 100 * part / whole);
      return std::string(text);
    };
    std::printf("%-30s %9lld %11.1f %9.1f %8.3f %8.3f %8.3f %8.3f %8.3f %9.0f %9s %9s %5lld %7.0f\n",
                s.label().c_str(), static_cast<long long>(summary->written),
                static_cast<double>(summary->written) / secs, calls_per_s, cpu_per_k, org_per_k,
                cpu_per_k - org_per_k, steady_engine_per_k, server_per_k, ideal, percent(calls_per_s, ideal).c_str(),
                percent(steady_per_s, ideal).c_str(), static_cast<long long>(summary->rate_limited), PeakRssMiB());
    if (summary->infra_errors > 0) {
      std::printf("%-30s %lld infrastructure errors\n", s.label().c_str(), static_cast<long long>(summary->infra_errors));
    }
    std::fflush(stdout);
    char buf[1200];
    std::snprintf(buf, sizeof buf,
                  R"(%s{"setting":"%s","profile":"%s","strategy":"%s","org":"%s","in_flight":%d,"rpm_limit":%lld,)"
                  R"("mean_latency_s":%.4f,"episodes":%lld,"sweep_seconds":%.3f,"episodes_per_s":%.2f,"calls_per_s":%.2f,)"
                  R"("steady_seconds":%.3f,"steady_calls_per_s":%.2f,"engine_cpu_s_per_1k_calls":%.4f,)"
                  R"("org_query_cpu_s_per_1k_calls":%.4f,"engine_cpu_s_per_1k_calls_without_org":%.4f,)"
                  R"("steady_engine_cpu_s_per_1k_calls_without_org":%.4f,"server_cpu_s_per_1k_calls":%.4f,)"
                  R"("org_server_cpu_s_per_1k_calls":%.4f,)"
                  R"("ideal_calls_per_s":%.1f,"achieved_fraction":%.4f,"steady_achieved_fraction":%.4f,)"
                  R"("rate_limited":%lld,"peak_rss_mib":%.1f,"infra_errors":%lld,"repeat":%d,"allocator":"%s"})",
                  json.size() > 1 ? "," : "", s.label().c_str(), s.profile.c_str(), s.strategy.c_str(),
                  remote ? "remote" : "local", s.in_flight, static_cast<long long>(s.rpm), s.mean_latency_s(),
                  static_cast<long long>(summary->written), secs, static_cast<double>(summary->written) / secs,
                  calls_per_s, summary->steady_seconds, steady_per_s, cpu_per_k, org_per_k, cpu_per_k - org_per_k,
                  steady_engine_per_k, server_per_k, 1000 * org_server_cpu / calls, ideal,
                  ideal > 0 ? calls_per_s / ideal : 0, ideal > 0 ? steady_per_s / ideal : 0,
                  static_cast<long long>(summary->rate_limited), PeakRssMiB(),
                  static_cast<long long>(summary->infra_errors), r + 1, allocator.c_str());
    json += buf;
    fs::remove_all(out);  // up to ~100 MB of results per run
    // s per 1,000 calls -> us per call; the org's work is the same in every
    // run: engine / org is a gauge of the engine's work, not the machine's speed.
    return {1000 * (cpu_per_k - org_per_k), 1000 * steady_engine_per_k,
            org_per_k > 0 ? (cpu_per_k - org_per_k) / org_per_k : 0, 1e6 * summary->sweep_system_cpu_seconds / calls};
  };
  // One run of the Python baseline on the setting's react episodes: prints its
  // row; its CPU per model call in us over its episodes (login and loading
  // excluded, as for the engine) and over its whole process life.
  struct PythonFigures {
    double sweep_us = -1, process_us = -1;
    double system_us = 0;  // the kernel's part of sweep_us
  };
  auto run_python = [&](const Setting& s, int r) -> PythonFigures {
    const std::string requests = first_requests(s.profile);
    if (requests.empty()) return {};
    const std::string out = dir + "/python" + std::to_string(run++);
    fs::create_directories(out);
    const double server_cpu_before = ProcessCpuSeconds(server);
    const auto started = std::chrono::steady_clock::now();
    double process_cpu = 0;
    std::vector<std::string> args{python, source + "/bench/python_baseline/react_baseline.py"};
    const std::pair<const char*, std::string> options[] = {
        {"--llm", "http://127.0.0.1:" + std::to_string(port) + "/v1"},
        {"--org", "http://127.0.0.1:" + std::to_string(org_port)},
        {"--username", kOrgUser}, {"--password", kOrgPassword}, {"--security-token", kOrgToken},
        {"--requests", requests}, {"--tasks", dir + "/tasks.jsonl"}, {"--seeds", std::to_string(s.seeds)},
        {"--in-flight", std::to_string(s.in_flight)}, {"--out", out + "/results.jsonl"}};
    for (const auto& [name, value] : options) {
      args.emplace_back(name);
      args.push_back(value);
    }
    const int rc = RunToEnd(args, out + "/summary.json", &process_cpu);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double server_cpu = ProcessCpuSeconds(server) - server_cpu_before;
    const std::string summary = ReadFile(out + "/summary.json");
    const double calls = JsonNumber(summary, "model_calls");
    const double episodes = JsonNumber(summary, "episodes");
    const double sweep_cpu = JsonNumber(summary, "sweep_cpu_s");
    const double sweep_wall = JsonNumber(summary, "sweep_wall_s");
    if (rc != 0 || calls <= 0 || sweep_cpu < 0) {
      std::fprintf(stderr, "the Python baseline failed (exit %d): %s\n", rc, summary.c_str());
      return {};
    }
    const double failures = JsonNumber(summary, "failures");
    const std::string label = Setting{s}.label() + "/python";
    std::printf("%-30s %9.0f %11.1f %9.1f %8.3f %8s %8.3f %8s %8.3f %9s %9s %9s %5s %7s  (whole process %.3f, %.1f s)\n",
                label.c_str(), episodes, episodes / sweep_wall, calls / sweep_wall, 1000 * sweep_cpu / calls, "-",
                1000 * sweep_cpu / calls, "-", 1000 * server_cpu / calls, "-", "-", "-", "-", "-",
                1000 * process_cpu / calls, wall);
    if (failures > 0) std::printf("%-30s %.0f episodes failed: %s\n", label.c_str(), failures, summary.c_str());
    std::fflush(stdout);
    char buf[600];
    std::snprintf(buf, sizeof buf,
                  R"(%s{"setting":"%s","profile":"%s","strategy":"react","org":"remote","harness":"python",)"
                  R"("in_flight":%d,"episodes":%.0f,"model_calls":%.0f,"sweep_seconds":%.3f,"calls_per_s":%.2f,)"
                  R"("cpu_s_per_1k_calls":%.4f,"process_cpu_s_per_1k_calls":%.4f,"server_cpu_s_per_1k_calls":%.4f,)"
                  R"("failures":%.0f,"repeat":%d})",
                  json.size() > 1 ? "," : "", label.c_str(), s.profile.c_str(), s.in_flight, episodes, calls,
                  sweep_wall, calls / sweep_wall, 1000 * sweep_cpu / calls, 1000 * process_cpu / calls,
                  1000 * server_cpu / calls, failures, r + 1);
    json += buf;
    fs::remove_all(out);
    return {1e6 * sweep_cpu / calls, 1e6 * process_cpu / calls,
            1e6 * std::max(0.0, JsonNumber(summary, "sweep_system_cpu_s")) / calls};
  };
  auto spread = [](const std::vector<double>& v) {  // "median M us, min A, max B"
    if (v.empty()) return std::string("no run");
    const auto [lowest, highest] = std::minmax_element(v.begin(), v.end());
    char text[96];
    std::snprintf(text, sizeof text, "median %.1f us, min %.1f, max %.1f", Median(v), *lowest, *highest);
    return std::string(text);
  };
  for (const Setting& s : settings) {
    if (!only.empty() && s.label().find(only) == std::string::npos) continue;
    if (s.remote && !start_org()) return 1;
    std::vector<double> engine_per_call_us, steady_engine_per_call_us, engine_over_org;  // remote: the remote org's runs
    std::vector<double> local_per_call_us, python_per_call_us, python_process_per_call_us, python_over_engine;
    std::vector<double> engine_system_us, python_system_us;  // remote react: the kernel's part of each
    for (int r = 0; r < repeat; ++r) {
      const EngineFigures engine = run_engine(s, s.remote, r);
      if (engine.per_call_us < 0) return 1;
      engine_per_call_us.push_back(engine.per_call_us);
      engine_system_us.push_back(engine.system_per_call_us);
      if (engine.steady_per_call_us > 0) steady_engine_per_call_us.push_back(engine.steady_per_call_us);
      if (engine.engine_over_org > 0) engine_over_org.push_back(engine.engine_over_org);
      if (!s.remote) continue;
      const EngineFigures local = run_engine(s, false, r);  // the same episodes on the in-process org
      if (local.per_call_us < 0) return 1;
      local_per_call_us.push_back(local.per_call_us);
      if (s.strategy != "react") continue;
      const PythonFigures py = run_python(s, r);
      if (py.sweep_us < 0) return 1;
      python_per_call_us.push_back(py.sweep_us);
      python_process_per_call_us.push_back(py.process_us);
      python_system_us.push_back(py.system_us);
      python_over_engine.push_back(py.sweep_us / engine.per_call_us);  // back to back: the host's load alike
    }
    if (repeat > 1 && !s.remote) {
      std::printf("%-30s engine CPU per call over %d runs: %s; engine / org query CPU: median %.2f\n",
                  s.label().c_str(), repeat, spread(engine_per_call_us).c_str(), Median(engine_over_org));
      if (!steady_engine_per_call_us.empty()) {
        std::printf("%-30s same in the steady state: %s\n", s.label().c_str(), spread(steady_engine_per_call_us).c_str());
      }
    }
    if (s.remote) {
      std::printf("%-30s engine CPU per model call, whole process: remote org %s; local org (without its query "
                  "execution) %s\n",
                  s.label().c_str(), spread(engine_per_call_us).c_str(), spread(local_per_call_us).c_str());
      if (!python_per_call_us.empty()) {
        std::printf("%-30s Python baseline CPU per model call: %s over its episodes (whole process %s); "
                    "Python / engine: %.1fx (median of the runs' ratios; %.1fx of the medians)\n",
                    s.label().c_str(), spread(python_per_call_us).c_str(), spread(python_process_per_call_us).c_str(),
                    Median(python_over_engine), Median(python_per_call_us) / Median(engine_per_call_us));
        // Both harnesses make the same exchanges, so the kernel's part (the
        // loopback TCP stack runs in the sender's system time) is much the
        // same floor for both: what is left for user space at a target ratio.
        const double engine_user = Median(engine_per_call_us) - Median(engine_system_us);
        const double budget_15x = Median(python_per_call_us) / 15;
        std::printf("%-30s of which in the kernel (system time): engine median %.1f us (user space %.1f), Python "
                    "median %.1f us; 15x the Python baseline means at most %.1f us per call in all, so at most "
                    "%.1f us in user space beside the engine's kernel time\n",
                    s.label().c_str(), Median(engine_system_us), engine_user, Median(python_system_us), budget_15x,
                    budget_15x - Median(engine_system_us));
      }
    }
    std::fflush(stdout);
  }
  json += "]";
  kill(server, SIGTERM);
  waitpid(server, nullptr, 0);
  if (org_server > 0) {
    kill(org_server, SIGTERM);
    waitpid(org_server, nullptr, 0);
  }
  if (!json_out.empty()) std::ofstream(json_out) << json << "\n";
  std::printf("%s\n", json.c_str());
  fs::remove_all(dir);
  return 0;
}

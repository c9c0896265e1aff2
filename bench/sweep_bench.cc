// crm_sweep_bench — end-to-end throughput of `crmarena run` against the
// SIMULATED model server running as a separate process (so the engine's CPU
// is measured alone): per setting, episodes/s, model calls/s, engine CPU
// seconds per 1,000 calls (in all, the local org's query execution, and the
// engine without it), peak RSS, episodes in flight, and the ideal bound
// min(in-flight / mean latency, rate limit) with the achieved fraction, both
// over the whole sweep and over its steady state (the limiter full, the plan
// not yet exhausted: no ramp-up, no tail).
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
#include <vector>

#include "core/allocator.h"
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

  // Mean of the lognormal latency: median x exp(sigma^2 / 2).
  double mean_latency_s() const { return median_ms / 1000 * std::exp(sigma * sigma / 2); }
  std::string label() const {
    return profile + "/" + std::to_string(in_flight) + (rpm > 0 ? "/rpm" + std::to_string(rpm) : "");
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

int StartServer(const std::string& bin, const std::string& tasks, const std::string& profiles, const std::string& log,
                pid_t* pid) {
  std::vector<std::string> args = {bin, "serve", "llm", "--tasks", tasks, "--profiles", profiles, "--port", "0",
                                   "--threads", "1"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (posix_spawn(pid, bin.c_str(), &actions, nullptr, argv.data(), environ) != 0) return -1;
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
  // The org and tasks are made by a first, tiny sweep against the in-process simulator.
  auto base = [&](const std::string& model_json, int in_flight, int seeds, const std::string& out) {
    std::string seed_list;
    for (int s = 0; s < seeds; ++s) seed_list += (s ? "," : "") + std::to_string(s);
    std::string text = R"({"org": {"path": ")" + dir + R"(/org.db", "generate": {"seed": 1, "scale": 1}},
      "tasks": {"path": ")" + dir + R"(/tasks.jsonl", "generate": {"seed": 1, "per_type": 4}},
      "models": )" + model_json + R"(, "strategies": ["act"], "seeds": [)" + seed_list + R"(],
      "episodes_in_flight": )" + std::to_string(in_flight) + R"(, "cache": {"enabled": false},
      "prompts": {"dir": ")" + source + R"(/configs/prompts"}, "output": {"dir": ")" + out + R"("}})";
    return crm::sched::ParseSweepConfig(text, "bench.json");
  };
  {
    auto warm = base(R"([{"name": "sim-oracle", "provider": "simulated"}])", 8, 1, dir + "/warm");
    crm::sched::RunOptions o;
    o.quiet = true;
    if (!warm.ok() || !crm::sched::RunSweep(*warm, o).ok()) {
      std::fprintf(stderr, "setup sweep failed\n");
      return 1;
    }
  }
  pid_t server = 0;
  const int port = StartServer(bin, dir + "/tasks.jsonl", dir + "/profiles.json", dir + "/server.log", &server);
  if (port <= 0) {
    std::fprintf(stderr, "could not start %s serve llm\n", bin.c_str());
    return 1;
  }
  // Runs are long enough that the steady state spans many episode lifetimes.
  std::vector<Setting> settings =
      quick ? std::vector<Setting>{{"sim-zero", 0, 0, 100, 20}, {"sim-50ms", 50, 0, 100, 20}}
            : std::vector<Setting>{{"sim-zero", 0, 0, 100, 100},      {"sim-zero", 0, 0, 1000, 200},
                                   {"sim-50ms", 50, 0, 100, 60},      {"sim-50ms", 50, 0, 1000, 200},
                                   {"sim-rpm", 0, 0, 200, 50, 6000},  {"sim-2s", 2000, 0.3, 1000, 150},
                                   {"sim-2s", 2000, 0.3, 10000, 1500}};  // last: RSS is the peak so far
  const std::string allocator = crm::AllocatorName();  // part of what the figures measure
  std::printf("engine allocator: %s\n", allocator.c_str());
  std::printf("%-22s %9s %11s %9s %8s %8s %8s %8s %8s %9s %9s %9s %5s %7s\n", "setting (profile/in-flight)",
              "episodes", "episodes/s", "calls/s", "CPU/1k", "org/1k", "engine", "eng/st", "server", "ideal/s", "achieved",
              "steady", "429s", "RSS MiB");
  std::string json = "[";
  int run = 0;
  for (const Setting& s : settings) {
    if (!only.empty() && s.label().find(only) == std::string::npos) continue;
    const std::string rpm_limit = s.rpm > 0 ? R"(, "rpm": )" + std::to_string(s.rpm) : "";
    const std::string model = R"([{"name": ")" + s.profile + R"(", "provider": "openai", "base_url": "http://127.0.0.1:)" +
                              std::to_string(port) + R"(/v1", "limits": {"max_concurrency": )" +
                              std::to_string(s.in_flight) + rpm_limit + "}}]";
    std::vector<double> engine_per_call_us;
    std::vector<double> steady_engine_per_call_us;
    std::vector<double> engine_over_org;  // the org's work is the same in every run: a gauge of the machine's speed
    for (int r = 0; r < repeat; ++r) {
      const std::string out = dir + "/run" + std::to_string(run++);
      auto config = base(model, s.in_flight, s.seeds, out);
      if (!config.ok()) {
        std::fprintf(stderr, "%s\n", config.status().ToString().c_str());
        return 1;
      }
      crm::sched::RunOptions o;
      o.quiet = true;
      const double server_cpu_before = ProcessCpuSeconds(server);
      auto summary = crm::sched::RunSweep(*config, o);
      if (!summary.ok()) {
        std::fprintf(stderr, "%s\n", summary.status().ToString().c_str());
        return 1;
      }
      const double server_cpu = ProcessCpuSeconds(server) - server_cpu_before;  // setup excluded: it is idle then
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
      std::printf("%-22s %9lld %11.1f %9.1f %8.3f %8.3f %8.3f %8.3f %8.3f %9.0f %9s %9s %5lld %7.0f\n",
                  s.label().c_str(), static_cast<long long>(summary->written),
                  static_cast<double>(summary->written) / secs, calls_per_s, cpu_per_k, org_per_k,
                  cpu_per_k - org_per_k, steady_engine_per_k, server_per_k, ideal, percent(calls_per_s, ideal).c_str(),
                  percent(steady_per_s, ideal).c_str(), static_cast<long long>(summary->rate_limited), PeakRssMiB());
      std::fflush(stdout);
      char buf[1024];
      std::snprintf(buf, sizeof buf,
                    R"(%s{"setting":"%s","profile":"%s","in_flight":%d,"rpm_limit":%lld,"mean_latency_s":%.4f,)"
                    R"("episodes":%lld,"sweep_seconds":%.3f,"episodes_per_s":%.2f,"calls_per_s":%.2f,)"
                    R"("steady_seconds":%.3f,"steady_calls_per_s":%.2f,"engine_cpu_s_per_1k_calls":%.4f,)"
                    R"("org_query_cpu_s_per_1k_calls":%.4f,"engine_cpu_s_per_1k_calls_without_org":%.4f,)"
                    R"("steady_engine_cpu_s_per_1k_calls_without_org":%.4f,"server_cpu_s_per_1k_calls":%.4f,)"
                    R"("ideal_calls_per_s":%.1f,"achieved_fraction":%.4f,"steady_achieved_fraction":%.4f,)"
                    R"("rate_limited":%lld,"peak_rss_mib":%.1f,"infra_errors":%lld,"repeat":%d,"allocator":"%s"})",
                    json.size() > 1 ? "," : "", s.label().c_str(), s.profile.c_str(), s.in_flight,
                    static_cast<long long>(s.rpm), s.mean_latency_s(), static_cast<long long>(summary->written), secs,
                    static_cast<double>(summary->written) / secs, calls_per_s, summary->steady_seconds, steady_per_s,
                    cpu_per_k, org_per_k, cpu_per_k - org_per_k, steady_engine_per_k, server_per_k, ideal,
                    ideal > 0 ? calls_per_s / ideal : 0,
                    ideal > 0 ? steady_per_s / ideal : 0, static_cast<long long>(summary->rate_limited), PeakRssMiB(),
                    static_cast<long long>(summary->infra_errors), r + 1, allocator.c_str());
      json += buf;
      engine_per_call_us.push_back(1000 * (cpu_per_k - org_per_k));  // s per 1,000 calls -> us per call
      if (steady_engine_per_k > 0) steady_engine_per_call_us.push_back(1000 * steady_engine_per_k);
      if (org_per_k > 0) engine_over_org.push_back((cpu_per_k - org_per_k) / org_per_k);
      fs::remove_all(out);  // up to ~100 MB of results per run
    }
    if (repeat > 1) {
      auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        const size_t n = v.size();
        return n == 0 ? 0.0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
      };
      auto spread = [&](const std::vector<double>& v) {  // "median M us, min A, max B"
        const auto [lowest, highest] = std::minmax_element(v.begin(), v.end());
        char text[96];
        std::snprintf(text, sizeof text, "median %.1f us, min %.1f, max %.1f", median(v), *lowest, *highest);
        return std::string(text);
      };
      std::printf("%-22s engine CPU per call over %d runs: %s; engine / org query CPU: median %.2f\n",
                  s.label().c_str(), repeat, spread(engine_per_call_us).c_str(), median(engine_over_org));
      if (!steady_engine_per_call_us.empty()) {
        std::printf("%-22s same in the steady state: %s\n", s.label().c_str(),
                    spread(steady_engine_per_call_us).c_str());
      }
      std::fflush(stdout);
    }
  }
  json += "]";
  kill(server, SIGTERM);
  waitpid(server, nullptr, 0);
  if (!json_out.empty()) std::ofstream(json_out) << json << "\n";
  std::printf("%s\n", json.c_str());
  fs::remove_all(dir);
  return 0;
}

// crm_sweep_bench — end-to-end throughput of `crmarena run` against the
// SIMULATED model server running as a separate process (so the engine's CPU
// is measured alone): per setting, episodes/s, model calls/s, engine CPU
// seconds per 1,000 calls, peak RSS, episodes in flight, and the ideal bound
// min(in-flight / mean latency, rate limit) with the achieved fraction.
//   build/bench/crm_sweep_bench [--quick] [--json out.json]
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "scheduler/run/sweep_runner.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;

struct Setting {
  std::string profile;
  double latency_s;  // mean latency of the profile
  int in_flight;
  int seeds;         // episodes = 36 tasks x 1 strategy x seeds
};

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
  std::string json_out;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quick") quick = true;
    if (a == "--json" && i + 1 < argc) json_out = argv[++i];
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
            {"name": "sim-2s", "latency_median_ms": 2000, "latency_sigma": 0.3}])";
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
  std::vector<Setting> settings = quick ? std::vector<Setting>{{"sim-zero", 0, 100, 20}, {"sim-50ms", 0.05, 100, 20}}
                                        : std::vector<Setting>{{"sim-zero", 0, 100, 60},   {"sim-zero", 0, 1000, 60},
                                                               {"sim-50ms", 0.05, 100, 60}, {"sim-50ms", 0.05, 1000, 100},
                                                               {"sim-2s", 2.0, 1000, 60},  {"sim-2s", 2.0, 10000, 300}};
  std::printf("%-9s %9s %9s %11s %11s %14s %12s %12s %9s\n", "profile", "in-flight", "episodes", "episodes/s",
              "calls/s", "CPU s/1k calls", "ideal call/s", "achieved", "RSS MiB");
  std::string json = "[";
  int run = 0;
  for (const Setting& s : settings) {
    const std::string model = R"([{"name": ")" + s.profile + R"(", "provider": "openai", "base_url": "http://127.0.0.1:)" +
                              std::to_string(port) + R"(/v1", "limits": {"max_concurrency": )" +
                              std::to_string(s.in_flight) + "}}]";
    auto config = base(model, s.in_flight, s.seeds, dir + "/run" + std::to_string(run++));
    if (!config.ok()) {
      std::fprintf(stderr, "%s\n", config.status().ToString().c_str());
      return 1;
    }
    crm::sched::RunOptions o;
    o.quiet = true;
    auto summary = crm::sched::RunSweep(*config, o);
    if (!summary.ok()) {
      std::fprintf(stderr, "%s\n", summary.status().ToString().c_str());
      return 1;
    }
    const double secs = summary->sweep_seconds;
    const double cpu = summary->sweep_cpu_seconds;  // the graph's span only: setup excluded
    const double calls_per_s = static_cast<double>(summary->requests) / secs;
    const double ideal = s.latency_s > 0 ? s.in_flight / s.latency_s : 0;
    char achieved[32] = "n/a";
    if (ideal > 0) std::snprintf(achieved, sizeof achieved, "%.0f%%", 100 * calls_per_s / ideal);
    const double cpu_per_k = 1000 * cpu / static_cast<double>(std::max<int64_t>(1, summary->requests));
    std::printf("%-9s %9d %9lld %11.1f %11.1f %14.3f %12.0f %12s %9.0f\n", s.profile.c_str(), s.in_flight,
                static_cast<long long>(summary->written), static_cast<double>(summary->written) / secs, calls_per_s,
                cpu_per_k, ideal, achieved, PeakRssMiB());
    std::fflush(stdout);
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  R"(%s{"profile":"%s","in_flight":%d,"episodes":%lld,"episodes_per_s":%.2f,"calls_per_s":%.2f,)"
                  R"("engine_cpu_s_per_1k_calls":%.4f,"ideal_calls_per_s":%.1f,"peak_rss_mib":%.1f,"infra_errors":%lld})",
                  json.size() > 1 ? "," : "", s.profile.c_str(), s.in_flight, static_cast<long long>(summary->written),
                  static_cast<double>(summary->written) / secs, calls_per_s, cpu_per_k, ideal, PeakRssMiB(),
                  static_cast<long long>(summary->infra_errors));
    json += buf;
  }
  json += "]";
  kill(server, SIGTERM);
  waitpid(server, nullptr, 0);
  if (!json_out.empty()) std::ofstream(json_out) << json << "\n";
  std::printf("%s\n", json.c_str());
  fs::remove_all(dir);
  return 0;
}

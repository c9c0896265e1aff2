// Org generation: time, file size and peak memory at scale 1 and 10.
// Targets (2-core machine): scale 1 < 5 s, scale 10 < 60 s, peak RSS < 1 GiB.
//   build/bench/crm_engine_bench --benchmark_filter=Generate
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "engine/gen/generator.h"

namespace {

void BM_GenerateOrg(benchmark::State& state) {
  const double scale = static_cast<double>(state.range(0));
  const std::string path =
      (std::filesystem::temp_directory_path() / ("crm-bench-org-" + std::to_string(getpid()) + ".db")).string();
  double rows = 0;
  for (auto _ : state) {
    crm::gen::GeneratorOptions options;
    options.seed = 1;
    options.scale = scale;
    options.out_path = path;
    options.overwrite = true;
    crm::Result<crm::gen::GenerationReport> report = crm::gen::GenerateOrg(options);
    if (!report.ok()) {
      state.SkipWithError(report.status().ToString().c_str());
      return;
    }
    rows = 0;
    for (const auto& [object, n] : report->rows_per_object) rows += static_cast<double>(n);
  }
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["rows"] = rows;
  state.counters["file_MiB"] = static_cast<double>(std::filesystem::file_size(path)) / (1 << 20);
  state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024;  // process-wide high-water mark
  std::filesystem::remove(path);
}
BENCHMARK(BM_GenerateOrg)->ArgName("scale")->Arg(1)->Arg(10)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace

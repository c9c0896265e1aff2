// scheduler/report/statistics.h — the statistics of the report: Wilson
// score intervals, percentiles, a paired bootstrap of a mean difference and
// McNemar's exact test. Pure functions; the bootstrap is seeded so reports
// are reproducible.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace crm::sched {

struct Interval {
  double low = 0;
  double high = 0;
};

// 95% Wilson score interval for `successes` out of `n` (n > 0).
Interval WilsonInterval(int64_t successes, int64_t n, double z = 1.959963984540054);
// Linear-interpolated percentile (q in [0, 1]) of unsorted values; 0 when empty.
double Percentile(std::vector<double> values, double q);
// Mean of (a_i - b_i) and its 95% percentile bootstrap interval over pairs.
struct PairedDifference {
  double mean = 0;
  Interval ci;
  int64_t pairs = 0;
};
PairedDifference PairedBootstrap(const std::vector<std::pair<double, double>>& pairs, int resamples = 2000,
                                 uint64_t seed = 12345);
// Two-sided exact McNemar p-value from the discordant counts: b = a succeeded
// and b failed, c = the reverse.
double McNemarExactP(int64_t b, int64_t c);

}  // namespace crm::sched

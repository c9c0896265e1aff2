#include "scheduler/report/statistics.h"

#include <algorithm>
#include <cmath>

namespace crm::sched {

Interval WilsonInterval(int64_t successes, int64_t n, double z) {
  if (n <= 0) return {0, 0};
  const double p = static_cast<double>(successes) / static_cast<double>(n);
  const double nn = static_cast<double>(n);
  const double denom = 1 + z * z / nn;
  const double center = (p + z * z / (2 * nn)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / denom;
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

double Percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double pos = q * static_cast<double>(values.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, values.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return values[lo] + (values[hi] - values[lo]) * frac;
}

PairedDifference PairedBootstrap(const std::vector<std::pair<double, double>>& pairs, int resamples, uint64_t seed) {
  PairedDifference out;
  out.pairs = static_cast<int64_t>(pairs.size());
  if (pairs.empty()) return out;
  std::vector<double> diffs;
  for (const auto& [a, b] : pairs) diffs.push_back(a - b);
  double sum = 0;
  for (double d : diffs) sum += d;
  out.mean = sum / static_cast<double>(diffs.size());
  // splitmix64 stream: our own generator, so reports match across platforms.
  uint64_t state = seed;
  auto next = [&state] {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  };
  std::vector<double> means;
  means.reserve(static_cast<size_t>(resamples));
  for (int r = 0; r < resamples; ++r) {
    double s = 0;
    for (size_t i = 0; i < diffs.size(); ++i) s += diffs[next() % diffs.size()];
    means.push_back(s / static_cast<double>(diffs.size()));
  }
  out.ci = {Percentile(means, 0.025), Percentile(means, 0.975)};
  return out;
}

double McNemarExactP(int64_t b, int64_t c) {
  const int64_t n = b + c;
  if (n == 0) return 1.0;
  const int64_t k = std::min(b, c);
  // P(X <= k) for X ~ Binomial(n, 1/2), doubled; computed in log space.
  double tail = 0;
  for (int64_t i = 0; i <= k; ++i) {
    double log_p = std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(i) + 1) -
                   std::lgamma(static_cast<double>(n - i) + 1) - static_cast<double>(n) * std::log(2.0);
    tail += std::exp(log_p);
  }
  return std::min(1.0, 2 * tail);
}

}  // namespace crm::sched

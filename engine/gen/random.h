// engine/gen/random.h — our own deterministic PRNG and distributions.
//
// std:: distributions are implementation-defined, so the generator uses only
// these: xoshiro256** seeded through splitmix64, and distributions built from
// integer arithmetic, sqrt and log (correctly rounded on the platforms we
// support). An Rng is a plain value: not shared between threads.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace crm::gen {

class Rng {
 public:
  explicit Rng(uint64_t seed);
  // An independent stream derived from this generator's seed and a label,
  // so that adding draws to one part of the generator leaves others intact.
  Rng Fork(std::string_view label) const;

  uint64_t NextU64();
  double Uniform01();                       // [0, 1), 53 bits
  double Uniform(double lo, double hi);      // [lo, hi)
  int64_t UniformInt(int64_t lo, int64_t hi);  // inclusive, unbiased
  bool Bernoulli(double p);
  double Normal(double mean, double stddev);  // Marsaglia polar method
  double LogNormal(double mu, double sigma);
  double Exponential(double mean);
  // Index drawn with probability proportional to weights[i] (all >= 0, sum > 0).
  size_t Weighted(std::span<const double> weights);

  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(UniformInt(0, static_cast<int64_t>(items.size()) - 1))];
  }
  template <typename T>
  void Shuffle(std::vector<T>& items) {
    for (size_t i = items.size(); i > 1; --i) {
      size_t j = static_cast<size_t>(UniformInt(0, static_cast<int64_t>(i) - 1));
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  uint64_t seed_;
  uint64_t s_[4];
};

// Precomputed cumulative weights for repeated draws from one distribution.
class WeightedTable {
 public:
  explicit WeightedTable(std::span<const double> weights);
  size_t Draw(Rng& rng) const;  // O(log n)
  size_t size() const { return cumulative_.size(); }

 private:
  std::vector<double> cumulative_;
};

}  // namespace crm::gen

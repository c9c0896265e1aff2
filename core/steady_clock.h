// core/steady_clock.h — the monotonic clock as seconds in a double, the unit
// limiters, deadlines, group commits and throughput figures all work in.
// Pure; safe from any thread.
#pragma once

#include <chrono>

namespace crm {

inline double SteadySeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace crm

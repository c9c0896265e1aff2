#include "scheduler/plan/sweep_estimate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace crm::sched {

TimeBound MinimumWallTime(const EndpointLoad& load, double seconds_per_request) {
  TimeBound t;
  if (load.rpm > 0) t.by_rpm = load.requests / static_cast<double>(load.rpm) * 60.0;
  if (load.tpm > 0) t.by_tpm = (load.input_tokens + load.output_tokens) / static_cast<double>(load.tpm) * 60.0;
  t.by_concurrency = load.requests * seconds_per_request / static_cast<double>(std::max(1, load.concurrency));
  char buf[96];
  t.seconds = t.by_concurrency;
  std::snprintf(buf, sizeof buf, "concurrency %d at %g s a request", std::max(1, load.concurrency),
                seconds_per_request);
  t.binding = buf;
  if (t.by_rpm > t.seconds) {
    t.seconds = t.by_rpm;
    t.binding = "rpm " + std::to_string(load.rpm);
  }
  if (t.by_tpm > t.seconds) {
    t.seconds = t.by_tpm;
    t.binding = "tpm " + std::to_string(load.tpm);
  }
  return t;
}

EndpointLoad AgentLoad(std::string name, double episodes, double first_request_tokens, const EstimateAssumptions& a) {
  EndpointLoad load;
  load.name = std::move(name);
  const double r = a.requests_per_episode;
  load.requests = episodes * r;
  // Sum over the R requests of F + k*growth, k = 0..R-1.
  load.input_tokens = r * first_request_tokens + episodes * a.prompt_growth_per_turn * r * (r - 1) / 2;
  load.output_tokens = load.requests * a.output_tokens_per_request;
  return load;
}

std::string FormatDuration(double seconds) {
  char buf[64];
  const double s = std::max(0.0, seconds);
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%.0f s", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%.0f min %.0f s", std::floor(s / 60), std::fmod(s, 60));
  } else if (s < 86400) {
    std::snprintf(buf, sizeof buf, "%.0f h %.0f min", std::floor(s / 3600), std::floor(std::fmod(s, 3600) / 60));
  } else {
    std::snprintf(buf, sizeof buf, "%.0f d %.0f h", std::floor(s / 86400), std::floor(std::fmod(s, 86400) / 3600));
  }
  return buf;
}

}  // namespace crm::sched

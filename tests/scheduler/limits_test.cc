#include <gtest/gtest.h>

#include <cmath>

#include "scheduler/limits/endpoint_limiter.h"
#include "scheduler/limits/retry_policy.h"
#include "scheduler/limits/token_bucket.h"

namespace crm::sched {
namespace {

// Drives a limiter like the runner does: every request asks, waits what it
// is told, and completes `latency` seconds after admission.
struct Simulation {
  int64_t sent = 0;
  int64_t over_limit = 0;  // requests a server with the true limit would have refused
};

Simulation Drive(EndpointLimiter& limiter, double seconds, double server_rpm, double latency = 0.05) {
  Simulation sim;
  // Server side: a strict sliding one-minute window.
  std::vector<double> accepted;
  double now = 0;
  std::vector<double> completions;
  while (now < seconds) {
    // Complete finished requests.
    for (auto it = completions.begin(); it != completions.end();) {
      if (*it <= now) {
        limiter.OnSuccess(now, 100, 100, {});
        it = completions.erase(it);
      } else {
        ++it;
      }
    }
    auto a = limiter.Admit(now, 100);
    if (!a.admitted) {
      now += std::max(a.wait, 0.001);
      continue;
    }
    ++sim.sent;
    while (!accepted.empty() && accepted.front() <= now - 60) accepted.erase(accepted.begin());
    if (server_rpm > 0 && static_cast<double>(accepted.size()) >= server_rpm) ++sim.over_limit;
    accepted.push_back(now);
    completions.push_back(now + latency);
  }
  return sim;
}

TEST(TokenBucketTest, SmallBurstThenSteadyRate) {
  TokenBucket b(600, 0);
  int immediate = 0;
  while (b.Reserve(0, 1) == 0) ++immediate;
  EXPECT_EQ(immediate, 10);  // one second's worth
  EXPECT_NEAR(b.Reserve(0, 1), 0.2, 1e-9);  // two reservations in debt at 10/s
  EXPECT_TRUE(TokenBucket(0, 0).unlimited());
  EXPECT_EQ(TokenBucket(0, 0).Reserve(5, 1e9), 0);
}

TEST(EndpointLimiterTest, ConfiguredRpmIsReachedAndNeverExceeded) {
  EndpointLimiter limiter({600, 0, 64}, 0);
  Simulation sim = Drive(limiter, 300, 600);
  const double achieved_rpm = static_cast<double>(sim.sent) / 5;
  EXPECT_GE(achieved_rpm, 0.95 * 600);
  EXPECT_LE(achieved_rpm, 600);
  EXPECT_EQ(sim.over_limit, 0);
}

TEST(EndpointLimiterTest, ConcurrencyCapHolds) {
  EndpointLimiter limiter({0, 0, 3}, 0);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit(0, 10).admitted);
  EXPECT_FALSE(limiter.Admit(0, 10).admitted);
  limiter.OnSuccess(0.1, 10, 10, {});
  EXPECT_TRUE(limiter.Admit(0.1, 10).admitted);
}

TEST(EndpointLimiterTest, TokensPerMinuteUseEstimatesCorrectedByUsage) {
  EndpointLimiter limiter({0, 60000, 100}, 0);  // 1000 tokens/s, burst one second
  EXPECT_TRUE(limiter.Admit(0, 800).admitted);   // burst: one second, 980 tokens after the safety factor
  EXPECT_FALSE(limiter.Admit(0, 800).admitted);  // would exceed it
  limiter.OnSuccess(0, 800, 100, {});            // it really used 100: 700 come back
  EXPECT_TRUE(limiter.Admit(0, 800).admitted);
}

// At 30,000 TPM the bucket holds 490 tokens (one second, after the safety
// factor), and one first request estimates thousands: such a request goes
// when the bucket is full and leaves it in debt, so requests never stall and
// the long-run rate is the configured one.
TEST(EndpointLimiterTest, RequestsLargerThanTheBucketAreAdmittedAtTheConfiguredRate) {
  EndpointLimiter limiter({0, 30000, 100}, 0);
  const double request = 2400;
  ASSERT_TRUE(limiter.Admit(0, request).admitted);
  limiter.OnSuccess(0, request, request, {});
  const auto second = limiter.Admit(0, request);
  EXPECT_FALSE(second.admitted);
  EXPECT_GT(second.wait, 4.0);  // the debt of 1,910 tokens and a full bucket again: ~4.9 s at 490/s
  EXPECT_TRUE(limiter.Admit(second.wait + 1e-6, request).admitted);
  // Ten simulated minutes of back-to-back requests: the configured rate, never a stall.
  double now = second.wait + 1e-6, tokens = 2 * request;
  limiter.OnSuccess(now, request, request, {});
  while (now < 600) {
    const auto a = limiter.Admit(now, request);
    if (!a.admitted) {
      ASSERT_GT(a.wait, 0);
      ASSERT_LT(a.wait, 10);
      now += a.wait + 1e-6;
      continue;
    }
    tokens += request;
    limiter.OnSuccess(now, request, request, {});
  }
  EXPECT_NEAR(tokens / 10, 30000 * kLimitSafetyFactor, request);
}

TEST(EndpointLimiterTest, A429PausesTheWholeEndpointUntilReset) {
  EndpointLimiter limiter({0, 0, 100}, 0);
  ASSERT_TRUE(limiter.Admit(0, 1).admitted);
  ASSERT_TRUE(limiter.Admit(0, 1).admitted);
  CallError e;
  e.code = CallErrorCode::kRateLimited;
  e.http_status = 429;
  e.limits.retry_after_seconds = 7;
  limiter.OnFailure(1, 1, e);
  auto a = limiter.Admit(1, 1);
  EXPECT_FALSE(a.admitted);
  EXPECT_NEAR(a.wait, 7, 1e-9);
  EXPECT_TRUE(limiter.Admit(8.01, 1).admitted);
  EXPECT_EQ(limiter.rate_limited(), 1);
}

TEST(EndpointLimiterTest, LearnsTheLimitFromHeaders) {
  EndpointLimiter limiter({0, 0, 100}, 0);
  RateLimitInfo info;
  info.requests_limit = 120;
  info.requests_remaining = 119;
  ASSERT_TRUE(limiter.Admit(0, 1).admitted);
  limiter.OnSuccess(0, 1, 1, info);
  EXPECT_DOUBLE_EQ(limiter.current_rpm(), 120 * kLimitSafetyFactor);
  Simulation sim = Drive(limiter, 120, 120);
  EXPECT_EQ(sim.over_limit, 0);
  EXPECT_GE(static_cast<double>(sim.sent) / 2, 0.95 * 120);
}

TEST(EndpointLimiterTest, UnknownLimitConvergesAfterFew429s) {
  // The server allows 300 RPM as providers do (a bucket of 300 refilled
  // continuously) and says nothing but 429 + retry-after.
  EndpointLimiter limiter({0, 0, 32}, 0);
  TokenBucket server(0, 0);
  double server_tokens = 300, server_last = 0;
  int64_t refused = 0, accepted = 0;
  double now = 0;
  int64_t refused_last_minute = 0;
  while (now < 600) {
    auto a = limiter.Admit(now, 10);
    if (!a.admitted) {
      now += std::max(a.wait, 0.001);
      continue;
    }
    server_tokens = std::min(300.0, server_tokens + (now - server_last) * 5);
    server_last = now;
    if (server_tokens < 1) {
      CallError e;
      e.code = CallErrorCode::kRateLimited;
      e.limits.retry_after_seconds = 1;
      limiter.OnFailure(now, 10, e);
      ++refused;
      if (now >= 540) ++refused_last_minute;
    } else {
      server_tokens -= 1;
      limiter.OnSuccess(now, 10, 10, {});
      ++accepted;
    }
    now += 0.001;
  }
  EXPECT_LT(refused, 30);                // a handful of 429s, not a storm
  EXPECT_LE(refused_last_minute, 3);     // converged
  EXPECT_GT(accepted, 300 * 10 * 0.8);   // and still uses most of the limit
  (void)server;
}

TEST(RetryPolicyTest, FullJitterBoundsAndRetryAfter) {
  RetryPolicy p;
  CallError e;
  e.code = CallErrorCode::kServerError;
  EXPECT_DOUBLE_EQ(*p.NextDelay(1, 0, e, 0.999999), 0.5 * 0.999999);
  EXPECT_DOUBLE_EQ(*p.NextDelay(3, 0, e, 0.5), 0.5 * 4 * 0.5);
  EXPECT_FALSE(p.NextDelay(6, 0, e, 0.5));     // attempts exhausted
  EXPECT_FALSE(p.NextDelay(2, 599.9, e, 0.9));  // total time exhausted
  e.limits.retry_after_seconds = 20;
  EXPECT_DOUBLE_EQ(*p.NextDelay(1, 0, e, 0.1), 20);
  CallError fatal;
  fatal.code = CallErrorCode::kUnauthorized;
  EXPECT_FALSE(p.NextDelay(1, 0, fatal, 0.1));
  fatal.code = CallErrorCode::kContextOverflow;
  EXPECT_FALSE(p.NextDelay(1, 0, fatal, 0.1));
}

TEST(CircuitBreakerTest, OpensHalfOpensAndCloses) {
  CircuitBreaker b(3, 10);
  for (int i = 0; i < 2; ++i) b.OnFailure(0);
  EXPECT_TRUE(b.Allow(0));
  b.OnFailure(0);
  EXPECT_FALSE(b.Allow(1));
  EXPECT_EQ(b.trips(), 1);
  EXPECT_TRUE(b.Allow(10.5));   // one probe
  EXPECT_FALSE(b.Allow(10.6));  // no second probe while half-open
  b.OnFailure(10.7);            // probe failed: open again
  EXPECT_FALSE(b.Allow(15));
  EXPECT_TRUE(b.Allow(21));
  b.OnSuccess();
  EXPECT_TRUE(b.Allow(21.1));
  EXPECT_TRUE(b.Allow(21.2));
}

}  // namespace
}  // namespace crm::sched

#include "scheduler/limits/error_spike_guard.h"

namespace crm::sched {
namespace {

TEST(ErrorSpikeGuardTest, PausesOnASpikeNotOnScatteredErrors) {
  ErrorSpikeGuard guard(10, 0.5, 60);
  for (int i = 0; i < 30; ++i) guard.Record(i, i % 5 == 0);  // 20% errors: no pause
  EXPECT_EQ(guard.WaitBeforeStart(30), 0);
  for (int i = 0; i < 6; ++i) guard.Record(31 + i, true);
  EXPECT_EQ(guard.pauses(), 1);
  EXPECT_NEAR(guard.WaitBeforeStart(40), 54, 1e-9);  // paused at t=34, when half the window of 10 had failed
  EXPECT_EQ(guard.WaitBeforeStart(100), 0);
}

}  // namespace
}  // namespace crm::sched

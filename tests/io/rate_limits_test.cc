#include "io/llm/rate_limits.h"

#include <gtest/gtest.h>

namespace crm::io::llm {
namespace {

TEST(RateLimits, GoDurations) {
  EXPECT_DOUBLE_EQ(ParseGoDuration("6m0s").value(), 360);
  EXPECT_DOUBLE_EQ(ParseGoDuration("1s").value(), 1);
  EXPECT_DOUBLE_EQ(ParseGoDuration("20ms").value(), 0.02);
  EXPECT_DOUBLE_EQ(ParseGoDuration("1h2m3.5s").value(), 3723.5);
  EXPECT_DOUBLE_EQ(ParseGoDuration("750us").value(), 0.00075);
  EXPECT_DOUBLE_EQ(ParseGoDuration("0").value(), 0);
  EXPECT_FALSE(ParseGoDuration(""));
  EXPECT_FALSE(ParseGoDuration("soon"));
  EXPECT_FALSE(ParseGoDuration("12"));
}

TEST(RateLimits, InstantsAndRetryAfter) {
  auto t = ParseRfc3339("2025-08-21T12:40:59Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*t), 1755780059);
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*ParseRfc3339("2025-08-21T14:40:59+02:00")), 1755780059);
  EXPECT_TRUE(ParseRfc3339("2025-08-21T12:40:59.250Z"));
  EXPECT_FALSE(ParseRfc3339("yesterday"));
  auto d = ParseHttpDate("Wed, 21 Oct 2015 07:28:00 GMT");
  ASSERT_TRUE(d);
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*d), 1445412480);

  auto now = *d - std::chrono::seconds(30);
  EXPECT_DOUBLE_EQ(ParseRetryAfter({{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}}, now).value(), 30);
  EXPECT_DOUBLE_EQ(ParseRetryAfter({{"retry-after", "2"}}, now).value(), 2);
  EXPECT_DOUBLE_EQ(ParseRetryAfter({{"retry-after", "1.5"}, {"retry-after-ms", "644"}}, now).value(), 0.644);
  EXPECT_FALSE(ParseRetryAfter({{"retry-after", "later"}}, now));
  EXPECT_EQ(ParseShouldRetry({{"x-should-retry", "false"}}), std::optional<bool>(false));
  EXPECT_FALSE(ParseShouldRetry({}));
}

TEST(RateLimits, OpenAiAndAnthropicHeaders) {
  auto now = std::chrono::system_clock::from_time_t(1755780000);
  RateLimitInfo o = ParseOpenAiRateLimits({{"x-ratelimit-limit-requests", "5000"},
                                           {"x-ratelimit-remaining-requests", "-1"},
                                           {"x-ratelimit-reset-tokens", "1m30s"}}, now);
  EXPECT_EQ(o.requests_limit.value(), 5000);
  EXPECT_FALSE(o.requests_remaining);  // negative (Azure) -> unknown
  EXPECT_DOUBLE_EQ(o.tokens_reset_seconds.value(), 90);
  RateLimitInfo together = ParseOpenAiRateLimits({{"x-ratelimit-limit", "10"}, {"x-tokenlimit-remaining", "900"}}, now);
  EXPECT_EQ(together.requests_limit.value(), 10);
  EXPECT_EQ(together.tokens_remaining.value(), 900);
  RateLimitInfo a = ParseAnthropicRateLimits({{"anthropic-ratelimit-requests-limit", "50"},
                                              {"anthropic-ratelimit-requests-remaining", "49"},
                                              {"anthropic-ratelimit-requests-reset", "2025-08-21T12:40:59Z"},
                                              {"anthropic-ratelimit-input-tokens-limit", "40000"},
                                              {"anthropic-ratelimit-input-tokens-remaining", "39000"},
                                              {"anthropic-ratelimit-input-tokens-reset", "2025-08-21T12:41:00Z"},
                                              {"retry-after", "3"}}, now);
  EXPECT_EQ(a.requests_remaining.value(), 49);
  EXPECT_DOUBLE_EQ(a.requests_reset_seconds.value(), 59);
  EXPECT_EQ(a.tokens_limit.value(), 40000);
  EXPECT_DOUBLE_EQ(a.tokens_reset_seconds.value(), 60);
  EXPECT_DOUBLE_EQ(a.retry_after_seconds.value(), 3);
}

// Found by fuzz/provider_fuzz: a one-digit offset read past the end of the
// string, years past 2262 overflowed system_clock, and "1e999" or a
// 400-digit duration became an infinite wait.
TEST(RateLimits, MalformedValuesAreUnknown) {
  EXPECT_FALSE(ParseRfc3339("2025-08-21T14:41:00+20:0"));
  EXPECT_FALSE(ParseRfc3339("2025-08-21T14:41:00+2:00"));
  EXPECT_FALSE(ParseRfc3339("9999-12-31T23:59:59Z"));
  EXPECT_FALSE(ParseHttpDate("Fri, 31 Dec 9999 23:59:59 GMT"));
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*ParseRfc3339("2025-08-21T10:40:59-02:00")), 1755780059);
  auto now = std::chrono::system_clock::from_time_t(1755780000);
  EXPECT_FALSE(ParseRetryAfter({{"retry-after-ms", "1e999"}}, now));
  EXPECT_FALSE(ParseRetryAfter({{"retry-after", "inf"}}, now));
  EXPECT_DOUBLE_EQ(ParseRetryAfter({{"retry-after-ms", "nan"}, {"retry-after", "4"}}, now).value(), 4);
  EXPECT_FALSE(ParseGoDuration(std::string(400, '9') + "s"));
}

}  // namespace
}  // namespace crm::io::llm

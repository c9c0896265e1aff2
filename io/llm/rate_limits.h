// io/llm/rate_limits.h — pure parsers for the rate-limit facts providers put
// in response headers (OpenAI x-ratelimit-*, Anthropic anthropic-ratelimit-*,
// retry-after[-ms], Together per-second variants). Any thread; no state.
// Unparseable values are left unknown (nullopt), never zero.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "core/call_error.h"
#include "io/http/http_types.h"

namespace crm::io::llm {

using SystemTime = std::chrono::system_clock::time_point;

// Go-style durations: "6m0s", "1s", "20ms", "1h2m3.5s", "750us" -> seconds.
std::optional<double> ParseGoDuration(std::string_view text);
// "2025-08-21T12:40:59Z", fractional seconds and +hh:mm offsets accepted.
std::optional<SystemTime> ParseRfc3339(std::string_view text);
// IMF-fixdate: "Wed, 21 Oct 2015 07:28:00 GMT".
std::optional<SystemTime> ParseHttpDate(std::string_view text);
// retry-after-ms, then retry-after seconds, then retry-after HTTP-date.
std::optional<double> ParseRetryAfter(const Headers& headers, SystemTime now);
// x-should-retry: "true" / "false"; anything else is nullopt.
std::optional<bool> ParseShouldRetry(const Headers& headers);

RateLimitInfo ParseOpenAiRateLimits(const Headers& headers, SystemTime now);
RateLimitInfo ParseAnthropicRateLimits(const Headers& headers, SystemTime now);

}  // namespace crm::io::llm

#include "io/llm/rate_limits.h"

#include <ctime>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace crm::io::llm {
namespace {

std::optional<long long> ParseInt(std::optional<std::string_view> text) {
  if (!text) return std::nullopt;
  long long value = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size() || value < 0) return std::nullopt;
  return value;
}

std::optional<double> ParseNumber(std::string_view text) {
  std::string copy(text);
  char* end = nullptr;
  double value = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size()) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;  // "inf", "nan", "1e999": no wait is forever
  return value;
}

double SecondsUntil(SystemTime when, SystemTime now) {
  double s = std::chrono::duration<double>(when - now).count();
  return s < 0 ? 0 : s;
}

// 2200-01-01T00:00:00Z. system_clock counts nanoseconds in 64 bits (up to
// 2262): a later instant would overflow it, and no reset time is that far.
constexpr time_t kLatestInstant = 7258118400;

std::optional<SystemTime> FromTm(std::tm& tm, double fraction, int offset_seconds) {
  time_t t = timegm(&tm);
  if (t == static_cast<time_t>(-1)) return std::nullopt;
  t -= offset_seconds;
  if (t < 0 || t > kLatestInstant) return std::nullopt;
  auto tp = std::chrono::system_clock::from_time_t(t);
  return tp + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                  std::chrono::duration<double>(fraction));
}

}  // namespace

std::optional<double> ParseGoDuration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text == "0") return 0.0;
  double total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    if (i == start) return std::nullopt;
    auto number = ParseNumber(text.substr(start, i - start));
    if (!number) return std::nullopt;
    double unit;
    if (text.substr(i, 2) == "ms") { unit = 1e-3; i += 2; }
    else if (text.substr(i, 2) == "us") { unit = 1e-6; i += 2; }
    else if (text.substr(i, 3) == "\xC2\xB5s") { unit = 1e-6; i += 3; }
    else if (text.substr(i, 2) == "ns") { unit = 1e-9; i += 2; }
    else if (i < text.size() && text[i] == 'h') { unit = 3600; ++i; }
    else if (i < text.size() && text[i] == 'm') { unit = 60; ++i; }
    else if (i < text.size() && text[i] == 's') { unit = 1; ++i; }
    else return std::nullopt;
    total += *number * unit;
  }
  if (!std::isfinite(total)) return std::nullopt;
  return total;
}

std::optional<SystemTime> ParseRfc3339(std::string_view text) {
  std::string s(text);
  std::tm tm{};
  const char* rest = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!rest) return std::nullopt;
  double fraction = 0;
  if (*rest == '.') {
    const char* start = rest;
    ++rest;
    while (*rest >= '0' && *rest <= '9') ++rest;
    fraction = std::strtod(std::string(start, rest).c_str(), nullptr);
  }
  int offset = 0;
  if (*rest == 'Z' || *rest == 'z') {
    ++rest;
  } else if (*rest == '+' || *rest == '-') {
    // Exactly "+hh:mm": each test stops at the terminating NUL, so the
    // `rest += 6` below never steps past the end of the string.
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (!digit(rest[1]) || !digit(rest[2]) || rest[3] != ':' || !digit(rest[4]) || !digit(rest[5])) {
      return std::nullopt;
    }
    int sign = *rest == '-' ? -1 : 1;
    offset = sign * (((rest[1] - '0') * 10 + (rest[2] - '0')) * 3600 + ((rest[4] - '0') * 10 + (rest[5] - '0')) * 60);
    rest += 6;
  } else {
    return std::nullopt;
  }
  if (*rest != '\0') return std::nullopt;
  return FromTm(tm, fraction, offset);
}

std::optional<SystemTime> ParseHttpDate(std::string_view text) {
  std::string s(text);
  std::tm tm{};
  const char* rest = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (!rest || *rest != '\0') return std::nullopt;
  return FromTm(tm, 0, 0);
}

std::optional<double> ParseRetryAfter(const Headers& headers, SystemTime now) {
  if (auto ms = FindHeader(headers, "retry-after-ms")) {
    if (auto value = ParseNumber(*ms); value && *value >= 0) return *value / 1000.0;
  }
  if (auto text = FindHeader(headers, "retry-after")) {
    if (auto seconds = ParseNumber(*text); seconds && *seconds >= 0) return *seconds;
    if (auto date = ParseHttpDate(*text)) return SecondsUntil(*date, now);
  }
  if (auto text = FindHeader(headers, "x-amz-retry-after")) {  // Bedrock, milliseconds
    if (auto ms = ParseNumber(*text); ms && *ms >= 0) return *ms / 1000.0;
  }
  return std::nullopt;
}

std::optional<bool> ParseShouldRetry(const Headers& headers) {
  auto value = FindHeader(headers, "x-should-retry");
  if (value == "true") return true;
  if (value == "false") return false;
  return std::nullopt;
}

RateLimitInfo ParseOpenAiRateLimits(const Headers& headers, SystemTime now) {
  RateLimitInfo info;
  info.requests_limit = ParseInt(FindHeader(headers, "x-ratelimit-limit-requests"));
  info.requests_remaining = ParseInt(FindHeader(headers, "x-ratelimit-remaining-requests"));
  info.tokens_limit = ParseInt(FindHeader(headers, "x-ratelimit-limit-tokens"));
  info.tokens_remaining = ParseInt(FindHeader(headers, "x-ratelimit-remaining-tokens"));
  if (auto v = FindHeader(headers, "x-ratelimit-reset-requests")) info.requests_reset_seconds = ParseGoDuration(*v);
  if (auto v = FindHeader(headers, "x-ratelimit-reset-tokens")) info.tokens_reset_seconds = ParseGoDuration(*v);
  // Together AI: per-second families without the -requests suffix.
  if (!info.requests_limit) info.requests_limit = ParseInt(FindHeader(headers, "x-ratelimit-limit"));
  if (!info.requests_remaining) info.requests_remaining = ParseInt(FindHeader(headers, "x-ratelimit-remaining"));
  if (!info.tokens_limit) info.tokens_limit = ParseInt(FindHeader(headers, "x-tokenlimit-limit"));
  if (!info.tokens_remaining) info.tokens_remaining = ParseInt(FindHeader(headers, "x-tokenlimit-remaining"));
  info.retry_after_seconds = ParseRetryAfter(headers, now);
  return info;
}

RateLimitInfo ParseAnthropicRateLimits(const Headers& headers, SystemTime now) {
  RateLimitInfo info;
  auto reset = [&](std::string_view name) -> std::optional<double> {
    auto v = FindHeader(headers, name);
    if (!v) return std::nullopt;
    auto when = ParseRfc3339(*v);
    if (!when) return std::nullopt;
    return SecondsUntil(*when, now);
  };
  info.requests_limit = ParseInt(FindHeader(headers, "anthropic-ratelimit-requests-limit"));
  info.requests_remaining = ParseInt(FindHeader(headers, "anthropic-ratelimit-requests-remaining"));
  info.requests_reset_seconds = reset("anthropic-ratelimit-requests-reset");
  const char* family = FindHeader(headers, "anthropic-ratelimit-tokens-limit")
                           ? "anthropic-ratelimit-tokens-"
                           : "anthropic-ratelimit-input-tokens-";
  std::string prefix(family);
  info.tokens_limit = ParseInt(FindHeader(headers, prefix + "limit"));
  info.tokens_remaining = ParseInt(FindHeader(headers, prefix + "remaining"));
  info.tokens_reset_seconds = reset(prefix + "reset");
  info.retry_after_seconds = ParseRetryAfter(headers, now);
  return info;
}

}  // namespace crm::io::llm

// libFuzzer target: provider responses through the real parse functions of
// io/llm (OpenAI-compatible, Anthropic, Bedrock ParseResponse; error bodies;
// rate-limit and retry headers). The input reads like an HTTP response:
//
//   429 sk-local-key                     <- first line: the status (200 if absent), then
//                                           a key for Redact (optional)
//   retry-after: 20                      <- header lines, up to an empty line
//   x-ratelimit-reset-requests: 1m30s
//
//   {"error": {"message": "..."}}        <- the rest: the body
//
// Every provider parses every input: a completion or a classified CallError,
// no crash, leak or hang. Traps when a result breaks what the scheduler relies
// on: rate-limit facts unknown or finite and non-negative, counts
// non-negative, and the API key never echoed in an error.
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "io/llm/anthropic.h"
#include "io/llm/bedrock.h"
#include "io/llm/errors.h"
#include "io/llm/openai.h"
#include "io/llm/rate_limits.h"

namespace {

using namespace crm::io;
using namespace crm::io::llm;

// Fake keys, long enough that Redact removes them whole.
constexpr const char* kOpenAiKey = "sk-fuzz-0123456789abcdefGHIJ";
constexpr const char* kAnthropicKey = "sk-ant-fuzz-9876543210zyxwVUTS";
constexpr const char* kAwsSecret = "fuzzSecretAccessKey/0123456789EXAMPLE";

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "provider_fuzz: invariant violated: %s\n", what);
    __builtin_trap();
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Takes one line (without its '\n') off the front of `rest`.
std::string_view NextLine(std::string_view& rest) {
  size_t end = rest.find('\n');
  std::string_view line = rest.substr(0, end);
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
  return line;
}

void CheckSeconds(const std::optional<double>& s, const char* what) {
  if (s) Check(std::isfinite(*s) && *s >= 0, what);
}

void CheckCount(const std::optional<long long>& n, const char* what) {
  if (n) Check(*n >= 0, what);
}

void CheckLimits(const crm::RateLimitInfo& info) {
  CheckCount(info.requests_limit, "negative requests_limit");
  CheckCount(info.requests_remaining, "negative requests_remaining");
  CheckCount(info.tokens_limit, "negative tokens_limit");
  CheckCount(info.tokens_remaining, "negative tokens_remaining");
  CheckSeconds(info.requests_reset_seconds, "requests_reset_seconds not finite and >= 0");
  CheckSeconds(info.tokens_reset_seconds, "tokens_reset_seconds not finite and >= 0");
  CheckSeconds(info.retry_after_seconds, "retry_after_seconds not finite and >= 0");
}

void CheckOutcome(const CompletionOutcome& outcome, int status, std::string_view secret) {
  if (outcome.ok()) {
    Check(status >= 200 && status < 300, "a non-2xx status parsed as a completion");
    Check(outcome->http_status == status, "http_status differs from the response's");
    CheckLimits(outcome->limits);
  } else {
    const crm::CallError& e = outcome.error();
    Check(e.http_status == status, "error http_status differs from the response's");
    Check(e.message.find(secret) == std::string::npos, "API key in the error message");
    Check(e.provider_code.find(secret) == std::string::npos, "API key in the provider code");
    CheckLimits(e.limits);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const OpenAiProvider openai(OpenAiConfig{"https://api.openai.com/v1", kOpenAiKey, {}, false});
  static const AnthropicProvider anthropic([] {
    AnthropicConfig c;
    c.api_key = kAnthropicKey;
    return c;
  }());
  static const BedrockProvider bedrock([] {
    BedrockConfig c;
    c.credentials = {"AKIAFUZZEXAMPLE", kAwsSecret, ""};
    return c;
  }());

  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string_view first = NextLine(rest);
  int status = 200;
  size_t digits = 0;
  for (; digits < first.size() && digits < 3 && first[digits] >= '0' && first[digits] <= '9'; ++digits) {
    status = (digits == 0 ? 0 : status * 10) + (first[digits] - '0');
  }
  std::string_view secret = Trim(first.substr(digits)).substr(0, 64);  // for Redact below
  Headers headers;
  while (!rest.empty()) {
    std::string_view line = NextLine(rest);
    if (Trim(line).empty()) break;
    size_t colon = line.find(':');
    std::string_view name = Trim(line.substr(0, colon));
    std::string_view value = colon == std::string_view::npos ? std::string_view() : Trim(line.substr(colon + 1));
    headers.emplace_back(std::string(name), std::string(value));
  }
  std::string_view body = rest;

  CheckOutcome(openai.ParseResponse(status, headers, body), status, kOpenAiKey);
  CheckOutcome(anthropic.ParseResponse(status, headers, body), status, kAnthropicKey);
  CheckOutcome(bedrock.ParseResponse(status, headers, body), status, kAwsSecret);

  // The header parsers on their own, over every header value.
  auto now = std::chrono::system_clock::from_time_t(1755780000);  // 2025-08-21T12:40:00Z
  CheckLimits(ParseOpenAiRateLimits(headers, now));
  CheckLimits(ParseAnthropicRateLimits(headers, now));
  CheckSeconds(ParseRetryAfter(headers, now), "ParseRetryAfter not finite and >= 0");
  (void)ParseShouldRetry(headers);
  for (const auto& [name, value] : headers) {
    CheckSeconds(ParseGoDuration(value), "ParseGoDuration not finite and >= 0");
    (void)ParseRfc3339(value);
    (void)ParseHttpDate(value);
  }
  (void)ParseErrorBody(body, headers);
  // Redact with the rest of the first line as the key: an odd key must not
  // hang it, and a key that is not part of "[redacted]" must be gone.
  std::string redacted = Redact(std::string(body.substr(0, 1024)), secret);
  if (secret.size() >= 4 && secret.find_first_of("[]") == std::string_view::npos &&
      std::string_view("redacted").find(secret) == std::string_view::npos) {
    Check(redacted.find(secret) == std::string::npos, "Redact left the key in place");
  }
  return 0;
}

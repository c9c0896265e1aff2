// core/call_error.h — why a remote call (LLM provider, Salesforce) failed,
// as a specific code plus the coarse class the retry policy looks at, and
// the rate-limit facts a response carried. Plain values; any thread.
#pragma once

#include <optional>
#include <string>

namespace crm {

enum class CallErrorCode {
  kRateLimited,      // 429 (requests or tokens per minute)
  kOverloaded,       // 529, 503 "overloaded"
  kServerError,      // other 5xx
  kTimeout,          // no answer within the deadline (408 too)
  kConnection,       // connect/reset/TLS handshake failure
  kConflict,         // 409: retry is safe
  kMalformedResponse,  // body not parseable as the documented shape
  kBadRequest,       // 400/422: our request is wrong; retrying cannot help
  kUnauthorized,     // 401/403: bad key or expired session
  kNotFound,         // 404: wrong model id or URL
  kContextOverflow,  // prompt longer than the model's context
  kQuotaExhausted,   // billing quota, not a rate limit
  kDailyApiLimit,    // a Salesforce org's daily API request limit (REQUEST_LIMIT_EXCEEDED
                     // "TotalRequests"): nothing succeeds until the org's 24-hour window moves on
  kCancelled,        // the caller gave up (shutdown, episode deadline)
  kCircuitOpen,      // our breaker refused the call: the endpoint failed too often in a row
};

enum class CallErrorClass { kRetryable, kFatal, kCancelled };

const char* CallErrorCodeName(CallErrorCode code);  // "rate_limited", ... (written to results)
CallErrorClass ClassOf(CallErrorCode code);

// What a response said about the caller's limits, normalised across
// providers (OpenAI x-ratelimit-*, Anthropic anthropic-ratelimit-*,
// retry-after, Salesforce Sforce-Limit-Info). Absent values are unknown.
struct RateLimitInfo {
  std::optional<long long> requests_limit;
  std::optional<long long> requests_remaining;
  std::optional<double> requests_reset_seconds;  // until the request window refills
  std::optional<long long> tokens_limit;
  std::optional<long long> tokens_remaining;
  std::optional<double> tokens_reset_seconds;
  std::optional<double> retry_after_seconds;
};

struct CallError {
  CallErrorCode code = CallErrorCode::kServerError;
  int http_status = 0;  // 0 when no response came back
  std::string message;  // never contains credentials
  RateLimitInfo limits;
  std::string provider_code;  // the provider's own code: "insufficient_quota", "INVALID_SESSION_ID"...
  std::string request_id;     // x-request-id / request-id / x-amzn-RequestId, when sent
  std::optional<bool> should_retry;  // the server's explicit verdict (x-should-retry)
};

}  // namespace crm

#include "core/call_error.h"

namespace crm {

const char* CallErrorCodeName(CallErrorCode code) {
  switch (code) {
    case CallErrorCode::kRateLimited: return "rate_limited";
    case CallErrorCode::kOverloaded: return "overloaded";
    case CallErrorCode::kServerError: return "server_error";
    case CallErrorCode::kTimeout: return "timeout";
    case CallErrorCode::kConnection: return "connection";
    case CallErrorCode::kConflict: return "conflict";
    case CallErrorCode::kMalformedResponse: return "malformed_response";
    case CallErrorCode::kBadRequest: return "bad_request";
    case CallErrorCode::kUnauthorized: return "unauthorized";
    case CallErrorCode::kNotFound: return "not_found";
    case CallErrorCode::kContextOverflow: return "context_overflow";
    case CallErrorCode::kQuotaExhausted: return "quota_exhausted";
    case CallErrorCode::kDailyApiLimit: return "daily_api_limit";
    case CallErrorCode::kCancelled: return "cancelled";
    case CallErrorCode::kCircuitOpen: return "circuit_open";
  }
  return "unknown";
}

CallErrorClass ClassOf(CallErrorCode code) {
  switch (code) {
    case CallErrorCode::kRateLimited:
    case CallErrorCode::kOverloaded:
    case CallErrorCode::kServerError:
    case CallErrorCode::kTimeout:
    case CallErrorCode::kConnection:
    case CallErrorCode::kConflict:
    case CallErrorCode::kMalformedResponse: return CallErrorClass::kRetryable;
    case CallErrorCode::kCancelled: return CallErrorClass::kCancelled;
    default: return CallErrorClass::kFatal;
  }
}

}  // namespace crm

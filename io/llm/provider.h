// io/llm/provider.h — one LLM provider's wire format (OpenAI-compatible,
// Anthropic Messages, Bedrock Converse) behind a small interface:
// BuildRequest and ParseResponse are pure and unit-tested on fixtures;
// Complete* send through the HttpClient and price the usage.
//
// Thread safety: Provider objects are immutable after construction and safe
// to share between threads and coroutines. The provider, the client and the
// price table passed to Complete*/CoComplete must outlive the call. API keys
// live only in the provider and in request headers: never in errors or logs.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/call_error.h"
#include "core/chat.h"
#include "io/expected.h"
#include "io/http/http_client.h"
#include "io/http/http_types.h"

namespace crm::io::llm {

class PriceTable;

struct CompletionResult {
  chat::CompletionResponse response;
  RateLimitInfo limits;  // from this response's headers
  std::string request_id;
  std::optional<double> cost_usd;  // nullopt when the model has no price
  int http_status = 200;
};
using CompletionOutcome = Expected<CompletionResult, CallError>;

class Provider {
 public:
  virtual ~Provider() = default;
  virtual const char* kind() const = 0;  // "openai" | "anthropic" | "bedrock"
  // The HTTP request (absolute URL, auth headers, JSON body) for `request`.
  virtual Expected<HttpRequest, CallError> BuildRequest(
      const chat::CompletionRequest& request) const = 0;
  // Any response (2xx or not) -> the completion or a classified CallError.
  virtual CompletionOutcome ParseResponse(int status, const Headers& headers,
                                          std::string_view body) const = 0;
};

// Builds, sends, parses and prices one call. Blocking: not on a runtime thread.
CompletionOutcome Complete(HttpClient& client, const Provider& provider,
                           const chat::CompletionRequest& request,
                           const PriceTable* prices = nullptr);
// Callback form; `done` runs once, on a runtime thread (or inline, before
// returning, when the request cannot be built).
void CompleteAsync(HttpClient& client, const Provider& provider,
                   const chat::CompletionRequest& request, const PriceTable* prices,
                   std::function<void(CompletionOutcome)> done);
// Shared tail of every form: HTTP result -> priced outcome.
CompletionOutcome FinishCompletion(const Provider& provider, HttpResult http,
                                   const PriceTable* prices, std::string_view request_model);

}  // namespace crm::io::llm

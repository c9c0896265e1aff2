#include "io/llm/provider.h"

#include "io/http/http_client_coro.h"
#include "io/llm/prices.h"
#include "io/llm/provider_coro.h"

namespace crm::io::llm {

CompletionOutcome FinishCompletion(const Provider& provider, HttpResult http,
                                   const PriceTable* prices, std::string_view request_model) {
  if (!http.ok()) return MakeUnexpected(ToCallError(http.error()));
  CompletionOutcome outcome = provider.ParseResponse(http->status, http->headers, http->body);
  if (outcome.ok() && prices) {
    const chat::Usage& usage = outcome->response.usage;
    outcome->cost_usd = prices->Cost(outcome->response.model, usage);
    if (!outcome->cost_usd) outcome->cost_usd = prices->Cost(request_model, usage);
  }
  return outcome;
}

CompletionOutcome Complete(HttpClient& client, const Provider& provider,
                           const chat::CompletionRequest& request, const PriceTable* prices) {
  auto http_request = provider.BuildRequest(request);
  if (!http_request.ok()) return MakeUnexpected(http_request.error());
  return FinishCompletion(provider, client.Fetch(std::move(http_request.value())), prices, request.model);
}

void CompleteAsync(HttpClient& client, const Provider& provider,
                   const chat::CompletionRequest& request, const PriceTable* prices,
                   std::function<void(CompletionOutcome)> done) {
  auto http_request = provider.BuildRequest(request);
  if (!http_request.ok()) {
    done(MakeUnexpected(http_request.error()));
    return;
  }
  client.FetchAsync(std::move(http_request.value()),
                    [&provider, prices, model = request.model, done = std::move(done)](HttpResult http) {
                      done(FinishCompletion(provider, std::move(http), prices, model));
                    });
}

boost::asio::awaitable<CompletionOutcome> CoComplete(HttpClient& client, const Provider& provider,
                                                     const chat::CompletionRequest& request,
                                                     const PriceTable* prices) {
  auto http_request = provider.BuildRequest(request);
  if (!http_request.ok()) co_return MakeUnexpected(http_request.error());
  HttpResult http = co_await CoFetch(client, std::move(http_request.value()));
  co_return FinishCompletion(provider, std::move(http), prices, request.model);
}

}  // namespace crm::io::llm

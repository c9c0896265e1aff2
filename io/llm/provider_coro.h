// io/llm/provider_coro.h — coroutine form of Complete for code running on the
// HttpClient's io_context (the scheduler's episode runner). Errors are values;
// nothing is thrown. Arguments must outlive the co_await.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "io/llm/provider.h"

namespace crm::io::llm {

boost::asio::awaitable<CompletionOutcome> CoComplete(HttpClient& client, const Provider& provider,
                                                     const chat::CompletionRequest& request,
                                                     const PriceTable* prices = nullptr);

}  // namespace crm::io::llm

// io/http/http_client_coro.h — the coroutine face of HttpClient, for code
// already running on the client's io_context (the scheduler's runner).
//
// Co-await on any thread of the client's runtime. `request` is moved into the
// coroutine frame; errors come back as values, nothing is thrown. Cancelling
// the awaiting coroutine (per-operation cancellation) aborts the request.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "io/http/http_client.h"

namespace crm::io {

boost::asio::awaitable<HttpResult> CoFetch(HttpClient& client, HttpRequest request);

}  // namespace crm::io

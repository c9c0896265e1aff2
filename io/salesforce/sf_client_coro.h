// io/salesforce/sf_client_coro.h — coroutine forms of SalesforceClient calls
// for code on the HttpClient's io_context. Errors are values; no throws.
// Arguments must outlive the co_await.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "io/salesforce/sf_client.h"

namespace crm::io::salesforce {

boost::asio::awaitable<SfResult<Session>> CoLogin(SalesforceClient& client);
boost::asio::awaitable<SfResult<QueryResult>> CoQuery(SalesforceClient& client, std::string soql,
                                                      QueryOptions options = {});
boost::asio::awaitable<SfResult<std::string>> CoSearch(SalesforceClient& client, std::string sosl);
// GET of a path under /services/data/vXX.X (e.g. "/limits") or of a
// root-relative "/services/..." path; returns the raw body.
boost::asio::awaitable<SfResult<std::string>> CoGet(SalesforceClient& client, std::string path);

}  // namespace crm::io::salesforce

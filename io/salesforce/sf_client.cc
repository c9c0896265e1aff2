#include "io/salesforce/sf_client.h"

#include "io/blocking.h"
#include "io/http/http_client_coro.h"
#include "io/llm/errors.h"
#include "io/salesforce/sf_client_coro.h"

namespace crm::io::salesforce {
namespace net = boost::asio;

SalesforceClient::SalesforceClient(HttpClient& http, SalesforceConfig config)
    : http_(http), config_(std::move(config)) {}

void SalesforceClient::SetSession(Session session) {
  std::lock_guard<std::mutex> lock(mu_);
  session_ = std::make_shared<const Session>(std::move(session));
  ++logins_;
}

void SalesforceClient::InvalidateSession(const std::string& failed_token) {
  std::lock_guard<std::mutex> lock(mu_);
  // Another coroutine may already have logged in again: keep its session.
  if (session_ && session_->access_token == failed_token) session_.reset();
}

std::optional<Session> SalesforceClient::session() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!session_) return std::nullopt;
  return *session_;
}

std::shared_ptr<const Session> SalesforceClient::shared_session() const {
  std::lock_guard<std::mutex> lock(mu_);
  return session_;
}

std::optional<ApiUsage> SalesforceClient::last_api_usage() const {
  std::lock_guard<std::mutex> lock(mu_);
  return usage_;
}

int SalesforceClient::logins() const {
  std::lock_guard<std::mutex> lock(mu_);
  return logins_;
}

void SalesforceClient::RecordUsage(const Headers& headers) {
  auto header = FindHeader(headers, "Sforce-Limit-Info");
  if (!header) return;
  auto usage = ParseLimitInfo(*header);
  if (!usage) return;
  std::lock_guard<std::mutex> lock(mu_);
  usage_ = usage;
}

std::string SalesforceClient::Redact(std::string text) const {
  text = llm::Redact(std::move(text), config_.password + config_.security_token);
  text = llm::Redact(std::move(text), config_.password);
  text = llm::Redact(std::move(text), config_.security_token);
  text = llm::Redact(std::move(text), config_.client_secret);
  if (auto s = shared_session()) text = llm::Redact(std::move(text), s->access_token);
  return text;
}

namespace {

CallError Scrubbed(const SalesforceClient& client, CallError error) {
  error.message = client.Redact(std::move(error.message));
  return error;
}

// Fails a request Salesforce would refuse for its length, before it is sent.
std::optional<CallError> TargetTooLong(const std::string& url) {
  if (url.size() <= kMaxRequestTargetBytes) return std::nullopt;  // the target is a part of the URL
  std::optional<Url> parsed = ParseUrl(url);
  const size_t bytes = parsed ? parsed->target.size() : url.size();
  if (bytes <= kMaxRequestTargetBytes) return std::nullopt;
  CallError error;
  error.code = CallErrorCode::kBadRequest;
  error.provider_code = kUriTooLongCode;
  error.message = std::string(kUriTooLongCode) + ": the request target would be " + std::to_string(bytes) +
                  " bytes; Salesforce refuses URIs over " + std::to_string(kMaxRequestTargetBytes) +
                  " bytes, so it was not sent";
  error.should_retry = false;
  return error;
}

net::awaitable<SfResult<std::string>> AuthedGet(SalesforceClient& client, std::string path) {
  for (int attempt = 0;; ++attempt) {
    std::shared_ptr<const Session> session = client.shared_session();
    if (!session || session->access_token.empty()) {
      auto login = co_await CoLogin(client);
      if (!login.ok()) co_return MakeUnexpected(login.error());
      session = std::make_shared<const Session>(std::move(login).value());
    }
    HttpRequest req;
    req.url = session->instance_url + path;
    if (auto too_long = TargetTooLong(req.url)) co_return MakeUnexpected(std::move(*too_long));
    req.headers = {{"Authorization", "Bearer " + session->access_token}, {"Accept", "application/json"}};
    HttpResult http = co_await CoFetch(client.http(), std::move(req));
    if (!http.ok()) co_return MakeUnexpected(Scrubbed(client, ToCallError(http.error())));
    client.RecordUsage(http->headers);
    if (http->status < 300) co_return std::move(http->body);
    CallError error = ParseRestError(http->status, http->body);
    if (http->status == 401 && attempt == 0 &&
        (error.provider_code == "INVALID_SESSION_ID" || error.provider_code.empty())) {
      client.InvalidateSession(session->access_token);
      continue;  // re-login once, then retry once
    }
    if (auto usage = client.last_api_usage()) error.limits = ToRateLimitInfo(*usage);
    co_return MakeUnexpected(Scrubbed(client, std::move(error)));
  }
}

std::string DataPath(const SalesforceClient& client, std::string_view rest) {
  return "/services/data/v" + client.config().api_version + std::string(rest);
}

}  // namespace

net::awaitable<SfResult<Session>> CoLogin(SalesforceClient& client) {
  bool soap = client.config().client_id.empty();
  HttpRequest req = soap ? BuildSoapLoginRequest(client.config()) : BuildOAuthPasswordRequest(client.config());
  HttpResult http = co_await CoFetch(client.http(), std::move(req));
  if (!http.ok()) co_return MakeUnexpected(Scrubbed(client, ToCallError(http.error())));
  auto session = soap ? ParseSoapLoginResponse(http->status, http->body)
                      : ParseOAuthResponse(http->status, http->body);
  if (!session.ok()) co_return MakeUnexpected(Scrubbed(client, session.error()));
  client.SetSession(session.value());
  co_return session;
}

net::awaitable<SfResult<QueryResult>> CoQuery(SalesforceClient& client, std::string soql,
                                              QueryOptions options) {
  std::string path = client.QueryPath(soql, options.include_deleted);
  QueryResult result;
  std::string items;  // records without the enclosing brackets, comma-joined
  for (;;) {
    auto body = co_await AuthedGet(client, path);
    if (!body.ok()) co_return MakeUnexpected(body.error());
    auto page = ParseQueryPage(body.value());
    if (!page.ok()) co_return MakeUnexpected(page.error());
    if (result.pages++ == 0) {
      result.total_size = page->total_size;
      if (page->done) {  // the whole result in one page, the common case: no joining
        result.record_count = page->record_count;
        result.records_json = std::move(page->records_json);
        result.body = std::move(body).value();
        co_return result;
      }
    }
    if (page->record_count > 0) {
      if (!items.empty()) items += ',';
      items.append(page->records_json, 1, page->records_json.size() - 2);
    }
    result.record_count += page->record_count;
    if (page->done) break;
    if (result.record_count >= options.max_records) {
      result.truncated = true;
      break;
    }
    path = page->next_records_url;
  }
  result.records_json = "[" + items + "]";
  co_return result;
}

net::awaitable<SfResult<std::string>> CoSearch(SalesforceClient& client, std::string sosl) {
  co_return co_await AuthedGet(client, client.SearchPath(sosl));
}

net::awaitable<SfResult<std::string>> CoGet(SalesforceClient& client, std::string path) {
  if (path.rfind("/services/", 0) != 0) path = DataPath(client, path);
  co_return co_await AuthedGet(client, std::move(path));
}

std::string SalesforceClient::QueryPath(std::string_view soql, bool include_deleted) const {
  return DataPath(*this, include_deleted ? "/queryAll" : "/query") + "?q=" + PercentEncode(soql);
}

std::string SalesforceClient::SearchPath(std::string_view sosl) const {
  return DataPath(*this, "/search?q=") + PercentEncode(sosl);
}

SfResult<Session> SalesforceClient::Login() { return internal::RunBlocking(http_.runtime(), CoLogin(*this)); }

SfResult<QueryResult> SalesforceClient::Query(std::string_view soql, QueryOptions options) {
  return internal::RunBlocking(http_.runtime(), CoQuery(*this, std::string(soql), options));
}

SfResult<std::string> SalesforceClient::Search(std::string_view sosl) {
  return internal::RunBlocking(http_.runtime(), CoSearch(*this, std::string(sosl)));
}

SfResult<std::string> SalesforceClient::Get(std::string_view path) {
  return internal::RunBlocking(http_.runtime(), CoGet(*this, std::string(path)));
}

}  // namespace crm::io::salesforce

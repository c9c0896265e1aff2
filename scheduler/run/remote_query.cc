#include "scheduler/run/remote_query.h"

#include <limits>
#include <string>
#include <vector>

#include "engine/soql/query_merge.h"
#include "engine/soql/query_split.h"
#include "io/salesforce/sf_client_coro.h"

namespace crm::sched {
namespace asio = boost::asio;
namespace sf = io::salesforce;

namespace {

// What the agent sees when a query without all_pages has more: the first batch.
constexpr size_t kFirstBatch = 2000;

// A query's own fault (a 400 with an errorCode, a URI too long) is the
// agent's to see; anything else is the org's infrastructure failing.
OrgResult FromRemoteError(const CallError& e) {
  const bool query_fault = e.http_status == 400 || e.http_status == 414 || e.provider_code == sf::kUriTooLongCode;
  if (query_fault && !e.provider_code.empty()) {
    // The client's message reads "CODE: message"; the agent is shown
    // "CODE: message" once, as the local org shows it.
    std::string message = e.message;
    const std::string prefix = e.provider_code + ": ";
    if (message.rfind(prefix, 0) == 0) message.erase(0, prefix.size());
    return {soql::PlainError(e.provider_code, std::move(message)), std::nullopt};
  }
  return {soql::PlainError("UNKNOWN_EXCEPTION", "the org is unavailable"), e};
}

OrgResult TooLong(std::string message) {
  return {soql::QueryError{soql::kUriTooLongCode, std::move(message), 414}, std::nullopt};
}

// The org's own body when one page held the whole result, else the records
// fetched in one body of the same shape.
std::string QueryBody(sf::QueryResult&& result) {
  if (!result.body.empty()) return std::move(result.body);
  return "{\"totalSize\":" + std::to_string(result.total_size) + ",\"done\":" + (result.truncated ? "false" : "true") +
         ",\"records\":" + result.records_json + "}";
}

asio::awaitable<OrgResult> Search(sf::SalesforceClient& client, const std::string& sosl) {
  const size_t bytes = client.SearchPath(sosl).size();
  if (bytes > sf::kMaxRequestTargetBytes) {
    co_return TooLong("The search's URI would take " + std::to_string(bytes) +
                      " bytes; Salesforce refuses URIs over 16,384 bytes and a search is not split: shorten it");
  }
  auto body = co_await sf::CoSearch(client, sosl);
  if (!body.ok()) co_return FromRemoteError(body.error());
  co_return OrgResult{std::move(body).value(), std::nullopt};
}

asio::awaitable<OrgResult> OneQuery(sf::SalesforceClient& client, std::string soql, bool all_pages) {
  sf::QueryOptions options;
  if (!all_pages) options.max_records = kFirstBatch;
  auto result = co_await sf::CoQuery(client, std::move(soql), options);
  if (!result.ok()) co_return FromRemoteError(result.error());
  co_return OrgResult{QueryBody(std::move(result).value()), std::nullopt};
}

// The chunks one after the other (they share the org's API limits with every
// other episode), each with all its pages, then one merged response.
asio::awaitable<OrgResult> SplitQuery(sf::SalesforceClient& client, const soql::SplitPlan& plan, bool all_pages) {
  std::vector<std::string> bodies;
  for (const std::string& chunk : plan.chunks) {
    auto result = co_await sf::CoQuery(client, chunk, sf::QueryOptions{});
    if (!result.ok()) co_return FromRemoteError(result.error());
    if (result->truncated) {
      co_return TooLong("The query was split into " + std::to_string(plan.chunks.size()) +
                        " shorter queries (its URI was too long) and one of them returned more than " +
                        std::to_string(sf::QueryOptions{}.max_records) + " records, too many to merge: narrow it");
    }
    bodies.push_back(QueryBody(std::move(result).value()));
  }
  auto merged = soql::MergeChunkResponses(plan, bodies, all_pages ? std::numeric_limits<size_t>::max() : kFirstBatch);
  if (!merged.ok()) co_return OrgResult{merged.error(), std::nullopt};
  co_return OrgResult{std::move(merged).value(), std::nullopt};
}

}  // namespace

asio::awaitable<OrgResult> RunRemoteQuery(sf::SalesforceClient& client, tools::QueryRequest query) {
  if (query.language == tools::QueryLanguage::kSosl) co_return co_await Search(client, query.text);
  const size_t path_bytes = client.QueryPath("").size();
  auto plan = soql::PlanQuerySplit(query.text, kSplitTargetBytes - path_bytes);
  if (plan.ok() && plan->split()) co_return co_await SplitQuery(client, *plan, query.all_pages);
  // Fits, or cannot be split but is still within Salesforce's limit (only the
  // headers' room was missing): one request.
  if (plan.ok() || client.QueryPath(query.text).size() <= sf::kMaxRequestTargetBytes) {
    co_return co_await OneQuery(client, std::move(query.text), query.all_pages);
  }
  co_return OrgResult{plan.error(), std::nullopt};
}

}  // namespace crm::sched

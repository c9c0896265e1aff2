// Splitting a query too long for one REST request and merging its chunks
// (engine/soql/query_split.h, query_merge.h): the two tool queries of issue
// 16 over 1,000 and 1,800 order items of the ten products with the most
// cases of the scale-1 org (seed 1, written once under /tmp), with the budget
// the remote-org path uses. The chunk responses are the local org's, made
// once outside the timing; the org's own query time is not measured here.
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "engine/gen/generator.h"
#include "engine/soql/org_session.h"
#include "engine/soql/query_merge.h"
#include "engine/soql/query_split.h"

namespace {

using crm::soql::OrgSession;

// The budget of scheduler/run/remote_query.cc: 15,360 bytes of target less
// "/services/data/v62.0/query?q=".
constexpr size_t kBudget = 15360 - 29;

OrgSession& Session() {
  static std::unique_ptr<OrgSession> session = [] {
    const std::string path = "/tmp/crm_soql_bench_seed1_scale1.db";  // shared with engine_soql_bench.cc
    if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
      std::fclose(f);
    } else {
      crm::gen::GeneratorOptions options;
      options.seed = 1;
      options.out_path = path;
      options.overwrite = true;
      if (!crm::gen::GenerateOrg(options).ok()) std::abort();
    }
    return std::move(OrgSession::Open(path)).value();
  }();
  return *session;
}

std::vector<std::string> Column(const std::string& soql, const char* key) {
  auto body = Session().Query(soql);
  if (!body.ok()) std::abort();
  rapidjson::Document d;
  d.Parse(body->c_str());
  std::vector<std::string> out;
  for (const auto& r : d["records"].GetArray()) out.push_back(r[key].GetString());
  return out;
}

// The first `n` order items of the ten products with the most cases.
std::string InList(size_t n) {
  static const std::vector<std::string> ids = [] {
    std::string products;
    for (const std::string& p : Column("SELECT Product2Id, COUNT(Id) n FROM OrderItem WHERE Id IN (SELECT OrderItemId__c "
                                       "FROM Case) GROUP BY Product2Id ORDER BY COUNT(Id) DESC LIMIT 10",
                                       "Product2Id")) {
      products += (products.empty() ? "'" : ",'") + p + "'";
    }
    return Column("SELECT Id FROM OrderItem WHERE Product2Id IN (" + products + ")", "Id");
  }();
  std::string list;
  for (size_t i = 0; i < n && i < ids.size(); ++i) list += (list.empty() ? "('" : ",'") + ids[i] + "'";
  return list + ")";
}

// range(0): 0 the records query, 1 the aggregate; range(1): ids in the list.
std::string Query(const benchmark::State& state) {
  const std::string list = InList(static_cast<size_t>(state.range(1)));
  if (state.range(0) == 0) return "SELECT OwnerId, CreatedDate, ClosedDate, AccountId FROM Case WHERE OrderItemId__c IN " + list;
  return "SELECT IssueId__c, COUNT(Id) IssueCount FROM Case WHERE OrderItemId__c IN " + list +
         " AND CreatedDate >= 2020-01-01T00:00:00Z AND CreatedDate <= 2025-06-30T00:00:00Z GROUP BY IssueId__c "
         "ORDER BY COUNT(Id) DESC";
}

void BM_PlanQuerySplit(benchmark::State& state) {
  const std::string soql = Query(state);
  size_t chunks = 0;
  for (auto _ : state) {
    auto plan = crm::soql::PlanQuerySplit(soql, kBudget);
    if (!plan.ok()) std::abort();
    chunks = plan->chunks.size();
    benchmark::DoNotOptimize(plan);
  }
  state.counters["chunks"] = static_cast<double>(chunks);
  state.counters["ids"] = static_cast<double>(state.range(1));
  state.counters["encoded_bytes"] = static_cast<double>(crm::soql::EncodedQueryLength(soql));
}
BENCHMARK(BM_PlanQuerySplit)->ArgNames({"aggregate", "ids"})->ArgsProduct({{0, 1}, {1000, 1800}})->Unit(benchmark::kMicrosecond);

void BM_MergeChunkResponses(benchmark::State& state) {
  auto plan = crm::soql::PlanQuerySplit(Query(state), kBudget);
  if (!plan.ok()) std::abort();
  std::vector<std::string> bodies;
  size_t bytes = 0;
  for (const std::string& chunk : plan->chunks) {
    auto body = Session().Query(chunk);
    if (!body.ok()) std::abort();
    bytes += body->size();
    bodies.push_back(std::move(body).value());
  }
  std::string merged_body;
  for (auto _ : state) {
    auto merged = crm::soql::MergeChunkResponses(*plan, bodies);
    if (!merged.ok()) std::abort();
    benchmark::DoNotOptimize(merged);
    merged_body = std::move(merged).value();
  }
  rapidjson::Document d;
  d.Parse(merged_body.c_str());
  state.counters["records"] = static_cast<double>(d["totalSize"].GetInt64());
  state.counters["chunks"] = static_cast<double>(bodies.size());
  state.counters["in_bytes"] = static_cast<double>(bytes);
  state.counters["out_bytes"] = static_cast<double>(merged_body.size());
}
BENCHMARK(BM_MergeChunkResponses)->ArgNames({"aggregate", "ids"})->ArgsProduct({{0, 1}, {1000, 1800}})->Unit(benchmark::kMicrosecond);

}  // namespace

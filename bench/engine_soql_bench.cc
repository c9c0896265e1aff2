// SOQL/SOSL benchmarks: compile time of typical agent queries, an indexed
// lookup, GROUP BY over every case, a SOSL search, and simple-query
// throughput with one session per thread. Orgs come from the generator
// (seed 1) at scale 1 and 10, written once under /tmp.
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/gen/generator.h"
#include "engine/org/schema.h"
#include "engine/soql/compiler.h"
#include "engine/soql/org_session.h"

namespace {

using crm::soql::OrgSession;

const char* const kTypical[] = {
    "SELECT Id, Subject, Status, OwnerId FROM Case WHERE Id = '500Wt00003ordsvIAA'",
    "SELECT CaseId__c FROM CaseHistory__c WHERE Field__c = 'Owner Assignment' AND CreatedDate >= "
    "2023-01-01T00:00:00Z AND CreatedDate < 2023-04-01T00:00:00Z GROUP BY CaseId__c HAVING COUNT(Id) = 1",
    "SELECT IssueId__c, COUNT(Id) IssueCount FROM Case WHERE OrderItemId__c IN ('802Wt00003ordsvIAA', "
    "'802Wt00003ordswIAA') GROUP BY IssueId__c ORDER BY COUNT(Id) DESC",
    "SELECT Product2Id FROM OrderItem WHERE OrderItem.Order.AccountId = '001Wt00003ordsvIAA' AND "
    "Order.EffectiveDate = 2021-03-22 AND Product2Id IN ('01tWt00003ordsvIAA')",
    "SELECT Name, (SELECT Subject FROM Cases ORDER BY CreatedDate) FROM Account WHERE Name LIKE 'A%' LIMIT 10",
};

std::string OrgPath(int scale) {
  static std::mutex mu;
  static std::map<int, std::string> paths;
  std::lock_guard<std::mutex> lock(mu);
  auto it = paths.find(scale);
  if (it != paths.end()) return it->second;
  std::string path = "/tmp/crm_soql_bench_seed1_scale" + std::to_string(scale) + ".db";
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    std::fclose(f);
  } else {
    crm::gen::GeneratorOptions options;
    options.seed = 1;
    options.scale = scale;
    options.out_path = path;
    options.overwrite = true;
    crm::Result<crm::gen::GenerationReport> report = crm::gen::GenerateOrg(options);
    if (!report.ok()) {
      std::fprintf(stderr, "generate: %s\n", report.status().ToString().c_str());
      std::abort();
    }
  }
  paths[scale] = path;
  return path;
}

std::unique_ptr<OrgSession> OpenSession(int scale) {
  auto session = crm::soql::OrgSession::Open(OrgPath(scale));
  if (!session.ok()) std::abort();
  return std::move(session).value();
}

std::vector<std::string> Ids(OrgSession& session, const std::string& soql) {
  std::vector<std::string> ids;
  crm::soql::Outcome<std::string> out = session.Query(soql);
  if (!out.ok()) std::abort();
  rapidjson::Document doc;
  doc.Parse(out->c_str());
  for (const auto& r : doc["records"].GetArray()) ids.push_back(r["Id"].GetString());
  return ids;
}

void BM_CompileTypicalQuery(benchmark::State& state) {
  const char* soql = kTypical[state.range(0)];
  crm::soql::BindOptions options;
  options.now_seconds = 1718452800;
  for (auto _ : state) {
    auto q = crm::soql::CompileSoql(soql, crm::org::Schema::Crm(), options);
    if (!q.ok()) state.SkipWithError(q.error().message.c_str());
    benchmark::DoNotOptimize(q);
  }
}
BENCHMARK(BM_CompileTypicalQuery)->DenseRange(0, 4);

void BM_IndexedLookup(benchmark::State& state) {
  auto session = OpenSession(static_cast<int>(state.range(0)));
  std::vector<std::string> ids = Ids(*session, "SELECT Id FROM Case LIMIT 500");
  size_t i = 0;
  for (auto _ : state) {
    auto out = session->Query("SELECT Id, Subject, Status, OwnerId, CreatedDate, ClosedDate FROM Case WHERE Id = '" +
                              ids[i++ % ids.size()] + "'");
    if (!out.ok()) state.SkipWithError(out.error().message.c_str());
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_IndexedLookup)->Arg(1)->Arg(10)->Unit(benchmark::kMicrosecond);

// The same lookup with per-query latency percentiles as counters.
void BM_IndexedLookupLatency(benchmark::State& state) {
  auto session = OpenSession(static_cast<int>(state.range(0)));
  std::vector<std::string> ids = Ids(*session, "SELECT Id FROM Case LIMIT 500");
  std::vector<double> micros;
  size_t i = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    auto out = session->Query("SELECT Id, Subject, Status, OwnerId, CreatedDate, ClosedDate FROM Case WHERE Id = '" +
                              ids[i++ % ids.size()] + "'");
    benchmark::DoNotOptimize(out);
    micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(micros.begin(), micros.end());
  state.counters["p50_us"] = micros[micros.size() / 2];
  state.counters["p99_us"] = micros[micros.size() * 99 / 100];
}
BENCHMARK(BM_IndexedLookupLatency)->Arg(1)->Arg(10)->Unit(benchmark::kMicrosecond);

void BM_GroupByAllCases(benchmark::State& state) {
  auto session = OpenSession(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto out = session->Query("SELECT OwnerId, COUNT(Id) FROM Case GROUP BY OwnerId ORDER BY COUNT(Id) DESC");
    if (!out.ok()) state.SkipWithError(out.error().message.c_str());
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_GroupByAllCases)->Arg(1)->Arg(10)->Unit(benchmark::kMicrosecond);

void BM_SoslSearch(benchmark::State& state) {
  auto session = OpenSession(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto out = session->Search(
        "FIND {running} IN ALL FIELDS RETURNING Product2(Id, Name), Knowledge__kav(Id, Title WHERE "
        "PublishStatus = 'Online')");
    if (!out.ok()) state.SkipWithError(out.error().message.c_str());
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_SoslSearch)->Arg(1)->Arg(10)->Unit(benchmark::kMicrosecond);

// Simple queries per second: each thread has its own session (connection).
void BM_SimpleQueryThroughput(benchmark::State& state) {
  auto session = OpenSession(1);
  std::vector<std::string> ids = Ids(*session, "SELECT Id FROM Account LIMIT 200");
  size_t i = static_cast<size_t>(state.thread_index()) * 7;
  for (auto _ : state) {
    auto out = session->Query("SELECT Id, Name, ShippingState FROM Account WHERE Id = '" + ids[i++ % ids.size()] + "'");
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SimpleQueryThroughput)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace

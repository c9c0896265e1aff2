// Client pool throughput against an in-process zero-latency HTTP server that
// answers like an OpenAI-compatible endpoint. Request bodies are realistic:
// a 10 KB system prompt and a conversation that grows by ~1 KB per turn
// (10 turns per episode, then it starts over).
//
// Counters: req_per_s (wall clock), client_cpu_us_per_call (CPU of the
// client's io thread only), process_cpu_us_per_call (client + server, both
// in this process). Run: build/bench/crm_io_bench --benchmark_filter=Client
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <time.h>

#include <atomic>
#include <future>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

#include "io/http/http_client.h"
#include "io/http/http_client_coro.h"
#include "io/http/http_server.h"
#include "io/llm/openai.h"
#include "io/runtime.h"

namespace crm::io {
namespace {

constexpr int kTurns = 10;

std::vector<std::string> MakeBodies() {
  llm::OpenAiProvider provider(llm::OpenAiConfig{});
  chat::CompletionRequest req;
  req.model = "sim-oracle";
  std::string system;
  while (system.size() < 10 * 1024) system += "You are a careful CRM analyst. Use the tools to answer. ";
  req.messages.push_back({chat::Role::kSystem, system, {}, "", ""});
  req.messages.push_back({chat::Role::kUser, "Which agent closed the most cases last quarter?", {}, "", ""});
  std::vector<std::string> bodies;
  for (int turn = 0; turn < kTurns; ++turn) {
    bodies.push_back(provider.BuildBody(req));
    std::string id = "call_" + std::to_string(turn);
    req.messages.push_back({chat::Role::kAssistant, "", {{id, "query", R"({"soql":"SELECT OwnerId, COUNT(Id) FROM Case GROUP BY OwnerId"})"}}, "", ""});
    req.messages.push_back({chat::Role::kTool, std::string(800, 'r'), {}, id, "query"});
  }
  return bodies;
}

ServerResponse Completion(const ServerRequest&) {
  ServerResponse res;
  res.headers = {{"Content-Type", "application/json"}, {"x-ratelimit-remaining-requests", "4999"}};
  res.body = R"({"id":"chatcmpl-sim","object":"chat.completion","created":1735689600,"model":"sim-oracle",)"
             R"("choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1",)"
             R"("type":"function","function":{"name":"query","arguments":"{\"soql\":\"SELECT Id FROM Case\"}"}}]},)"
             R"("logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":3000,"completion_tokens":20,)"
             R"("total_tokens":3020}})";
  return res;
}

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double ThreadCpuSecondsOn(IoRuntime& runtime) {
  std::promise<double> p;
  boost::asio::post(runtime.context(), [&p] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    p.set_value(static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9);
  });
  return p.get_future().get();
}

void BM_ClientPool(benchmark::State& state) {
  const int concurrency = static_cast<int>(state.range(0));
  static const std::vector<std::string> bodies = MakeBodies();
  HttpServer server(ServerOptions{}, &Completion);
  if (!server.Start().ok()) {
    state.SkipWithError("server did not start");
    return;
  }
  IoRuntime runtime(1);
  ClientOptions options;
  options.max_connections_per_origin = concurrency;
  HttpClient client(runtime, options);
  const std::string url = server.BaseUrl() + "/v1/chat/completions";
  const int per_iteration = std::max(concurrency * 4, 400);
  int64_t total = 0, failures = 0;
  double client_cpu = 0, process_cpu = 0;
  for (auto _ : state) {
    std::atomic<int> next{0};
    std::atomic<int> failed{0};
    std::atomic<int> workers{concurrency};
    std::promise<void> done;
    auto worker = [&](int id) -> boost::asio::awaitable<void> {
      for (int i = next++; i < per_iteration; i = next++) {
        HttpRequest req;
        req.method = "POST";
        req.url = url;
        req.headers = {{"Content-Type", "application/json"}, {"Authorization", "Bearer sk-bench"}};
        req.body = bodies[static_cast<size_t>(i + id) % bodies.size()];
        HttpResult res = co_await CoFetch(client, std::move(req));
        if (!res.ok() || res->status != 200) ++failed;
      }
      if (--workers == 0) done.set_value();
    };
    double c0 = ThreadCpuSecondsOn(runtime), p0 = ProcessCpuSeconds();
    for (int w = 0; w < concurrency; ++w) boost::asio::co_spawn(runtime.context(), worker(w), boost::asio::detached);
    done.get_future().wait();
    client_cpu += ThreadCpuSecondsOn(runtime) - c0;
    process_cpu += ProcessCpuSeconds() - p0;
    total += per_iteration;
    failures += failed.load();
  }
  state.SetItemsProcessed(total);
  state.counters["req_per_s"] = benchmark::Counter(static_cast<double>(total), benchmark::Counter::kIsRate);
  state.counters["client_cpu_us_per_call"] = client_cpu * 1e6 / static_cast<double>(total);
  state.counters["process_cpu_us_per_call"] = process_cpu * 1e6 / static_cast<double>(total);
  state.counters["connections"] = static_cast<double>(server.connections_accepted());
  state.counters["failures"] = static_cast<double>(failures);
  runtime.Stop();
}
BENCHMARK(BM_ClientPool)->Arg(1)->Arg(100)->Arg(1000)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace crm::io

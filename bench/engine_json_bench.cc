// The per-call JSON paths of a sweep: a query's records cleaned for the agent
// (CleanRecordsText as JSON, ShowQueryResult as the official text), and a long prompt string written plainly against
// through the escape memo (core/json_string_memo.h).
#include <benchmark/benchmark.h>

#include <string>

#include "core/json_string_memo.h"
#include "engine/tools/connector.h"
#include "engine/tools/records_view.h"

namespace crm {
namespace {

// A REST-shaped query response with `n` case records, as the org returns them.
std::string RecordsResponse(int n) {
  std::string text = "{\"totalSize\":" + std::to_string(n) + ",\"done\":true,\"records\":[";
  for (int i = 0; i < n; ++i) {
    text += (i ? "," : "") + std::string(R"({"attributes":{"type":"Case","url":"/services/data/v60.0/sobjects/Case/500)") +
            std::to_string(i) + R"("},"Id":"500Wt00000)" + std::to_string(100000 + i) +
            R"(","Subject":"Strap came loose after a week","Status":"Closed","ClosedDate":"2024-03-0)" +
            std::to_string(i % 9 + 1) + R"(T10:00:00.000+0000","OwnerId":"005Wt000003otNGIAY","Description":null})";
  }
  return text + "]}";
}

void BM_CleanRecords(benchmark::State& state) {
  const std::string response = RecordsResponse(static_cast<int>(state.range(0)));
  std::string error;
  for (auto _ : state) benchmark::DoNotOptimize(tools::CleanRecordsText(response, &error));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(response.size()));
}
BENCHMARK(BM_CleanRecords)->Arg(3)->Arg(40);

// The same response as the official harness shows it (Python literal text).
void BM_OfficialRecordsView(benchmark::State& state) {
  const std::string response = RecordsResponse(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(tools::ShowQueryResult(response, tools::ObservationFormat::kOfficial));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(response.size()));
}
BENCHMARK(BM_OfficialRecordsView)->Arg(3)->Arg(40);

// A system prompt's worth of JSON-heavy text (the schema has thousands of quotes).
std::string PromptText() {
  std::string text;
  while (text.size() < 12000) text += R"({"object":"Case","fields":{"Subject":"Short summary of the \"issue\""}},)";
  return text;
}

void BM_WritePromptPlain(benchmark::State& state) {
  const std::string prompt = PromptText();
  for (auto _ : state) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.String(prompt.data(), static_cast<rapidjson::SizeType>(prompt.size()));
    benchmark::DoNotOptimize(buf.GetSize());
  }
}
BENCHMARK(BM_WritePromptPlain);

void BM_WritePromptMemo(benchmark::State& state) {
  const std::string prompt = PromptText();
  for (auto _ : state) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    json::WriteStringMemo(w, prompt);
    benchmark::DoNotOptimize(buf.GetSize());
  }
}
BENCHMARK(BM_WritePromptMemo);

}  // namespace
}  // namespace crm

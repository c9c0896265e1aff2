#include "scheduler/cache/response_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>
#include <vector>

namespace crm::sched {
namespace {

chat::CompletionRequest Request(const std::string& text) {
  chat::CompletionRequest r;
  r.model = "m";
  r.messages.push_back({chat::Role::kSystem, "be brief", {}, "", ""});
  r.messages.push_back({chat::Role::kUser, text, {}, "", ""});
  r.temperature = 0;
  return r;
}

TEST(ResponseCacheTest, KeysDependOnRequestModelAndSeed) {
  const std::string k = ResponseCache::Key(Request("a"), "gpt", 0);
  EXPECT_EQ(k, ResponseCache::Key(Request("a"), "gpt", 0));
  EXPECT_NE(k, ResponseCache::Key(Request("b"), "gpt", 0));
  EXPECT_NE(k, ResponseCache::Key(Request("a"), "claude", 0));
  EXPECT_NE(k, ResponseCache::Key(Request("a"), "gpt", 1));
  auto with_tool = Request("a");
  with_tool.tools.push_back({"respond", "answer", "{}"});
  EXPECT_NE(k, ResponseCache::Key(with_tool, "gpt", 0));
}

TEST(ResponseCacheTest, RoundTripsResponsesAndCountsHits) {
  const std::string path = (std::filesystem::temp_directory_path() / ("crm-cache-" + std::to_string(getpid()) + ".db")).string();
  std::filesystem::remove(path);
  auto cache = ResponseCache::Open(path);
  ASSERT_TRUE(cache.ok()) << cache.status().ToString();
  chat::CompletionResponse r;
  r.id = "x1";
  r.content = "line1\n\"quoted\"";
  r.tool_calls.push_back({"call_1", "get_cases", R"({"statuses":["Closed"]})"});
  r.finish_reason = chat::FinishReason::kToolCalls;
  r.usage = {100, 20, 64, 5};
  const std::string key = ResponseCache::Key(Request("q"), "m", 0);
  EXPECT_FALSE((*cache)->Get(key));
  ASSERT_TRUE((*cache)->Put(key, r).ok());
  auto got = (*cache)->Get(key);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->content, r.content);
  ASSERT_EQ(got->tool_calls.size(), 1u);
  EXPECT_EQ(got->tool_calls[0].arguments_json, r.tool_calls[0].arguments_json);
  EXPECT_EQ(got->finish_reason, chat::FinishReason::kToolCalls);
  EXPECT_EQ(got->usage.cached_input_tokens, 64);
  EXPECT_EQ((*cache)->hits(), 1);
  EXPECT_EQ((*cache)->misses(), 1);

  // Concurrent writers and readers on one cache object, and a second process-like opener.
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        std::string k = ResponseCache::Key(Request("t" + std::to_string(t) + "-" + std::to_string(i)), "m", 0);
        EXPECT_TRUE((*cache)->Put(k, r).ok());
        EXPECT_TRUE((*cache)->Get(k));
      }
    });
  }
  for (auto& th : threads) th.join();
  auto other = ResponseCache::Open(path);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE((*other)->Get(ResponseCache::Key(Request("t3-49"), "m", 0)));
  other->reset();  // closed before the files go, so no -wal or -shm is left behind
  cache->reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

}  // namespace
}  // namespace crm::sched

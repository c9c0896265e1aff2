// Provider Complete/CoComplete over the real client against a local server
// that replays recorded provider responses.
#include <gtest/gtest.h>

#include <future>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "io/http/http_server.h"
#include "io/llm/anthropic.h"
#include "io/llm/openai.h"
#include "io/llm/prices.h"
#include "io/llm/provider_coro.h"
#include "io/runtime.h"
#include "tests/io/test_util.h"

namespace crm::io::llm {
namespace {

constexpr const char* kKey = "sk-test-SECRETKEY1234567890abcdef";

// Serves the fixture named by the X-Fixture request header; checks auth.
ServerResponse Replay(const ServerRequest& r) {
  ServerResponse res;
  std::string auth(FindHeader(r.headers, "authorization").value_or(FindHeader(r.headers, "x-api-key").value_or("")));
  if (auth.find(kKey) == std::string::npos) {
    res.status = 500;
    res.body = "missing key";
    return res;
  }
  testing::RecordedResponse recorded =
      testing::LoadRecordedResponse(std::string(FindHeader(r.headers, "x-fixture").value_or("")));
  res.status = recorded.status;
  for (const auto& h : recorded.headers) {
    if (!EqualsIgnoreCase(h.first, "content-length")) res.headers.push_back(h);
  }
  res.body = recorded.body;
  return res;
}

class CompleteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<HttpServer>(ServerOptions{}, &Replay);
    ASSERT_TRUE(server_->Start().ok());
    auto prices = PriceTable::Load(std::string(CRM_SOURCE_DIR) + "/configs/prices.json");
    ASSERT_TRUE(prices.ok());
    prices_ = std::make_unique<PriceTable>(std::move(prices.value()));
  }
  OpenAiProvider OpenAi(const std::string& fixture) {
    return OpenAiProvider(OpenAiConfig{server_->BaseUrl() + "/v1", kKey, {{"X-Fixture", fixture}}, false});
  }
  chat::CompletionRequest Request(const std::string& model) {
    chat::CompletionRequest req;
    req.model = model;
    req.messages.push_back({chat::Role::kUser, "hi", {}, "", ""});
    return req;
  }
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<PriceTable> prices_;
};

TEST_F(CompleteTest, OpenAiToolCallsArePricedByTheRequestModel) {
  HttpClient client;
  OpenAiProvider provider = OpenAi("openai/response_tool_calls.json");
  CompletionOutcome out = Complete(client, provider, Request("gpt-4o"), prices_.get());
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->response.tool_calls.size(), 2u);
  // The response names gpt-4o-2024-08-06 (not in the table): priced as gpt-4o.
  ASSERT_TRUE(out->cost_usd.has_value());
  EXPECT_NEAR(*out->cost_usd, 176 * 2.5e-6 + 1024 * 1.25e-6 + 300 * 1e-5, 1e-12);
  EXPECT_EQ(out->limits.requests_remaining.value_or(0), 4999);
}

TEST_F(CompleteTest, UnauthorizedErrorNeverCarriesTheKey) {
  HttpClient client;
  OpenAiProvider provider = OpenAi("openai/error_401.json");
  CompletionOutcome out = Complete(client, provider, Request("gpt-4o"), prices_.get());
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, CallErrorCode::kUnauthorized);
  EXPECT_EQ(out.error().http_status, 401);
  EXPECT_EQ(out.error().message.find("SECRETKEY"), std::string::npos) << out.error().message;
  EXPECT_NE(out.error().message.find("Incorrect API key"), std::string::npos);
}

TEST_F(CompleteTest, TransportFailureIsARetryableCallError) {
  HttpClient client;
  OpenAiProvider provider(OpenAiConfig{"http://127.0.0.1:1/v1", kKey, {}, false});
  CompletionOutcome out = Complete(client, provider, Request("gpt-4o"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, CallErrorCode::kConnection);
  EXPECT_EQ(ClassOf(out.error().code), CallErrorClass::kRetryable);
  EXPECT_EQ(out.error().http_status, 0);
}

TEST_F(CompleteTest, CoCompleteAndCompleteAsyncOnASharedRuntime) {
  IoRuntime runtime(2);
  {
    HttpClient client(runtime, ClientOptions{});
    AnthropicConfig config;
    config.base_url = server_->BaseUrl();
    config.api_key = kKey;
    config.extra_headers = {{"X-Fixture", "anthropic/response_tool_use.json"}};
    AnthropicProvider provider(config);
    chat::CompletionRequest req = Request("claude-sonnet-4-5");
    std::promise<CompletionOutcome> co_result;
    auto task = [&]() -> boost::asio::awaitable<void> {
      co_result.set_value(co_await CoComplete(client, provider, req, prices_.get()));
    };
    boost::asio::co_spawn(runtime.context(), task(), boost::asio::detached);
    CompletionOutcome out = co_result.get_future().get();
    ASSERT_TRUE(out.ok()) << out.error().message;
    EXPECT_EQ(out->response.tool_calls.size(), 1u);
    EXPECT_NEAR(out->cost_usd.value_or(0), 100 * 3e-6 + 10000 * 3e-7 + 2000 * 3.75e-6 + 48 * 1.5e-5, 1e-12);
    EXPECT_EQ(out->request_id, "req_011CSLsW7mFqvHHnzrKdKjAE");

    std::promise<CompletionOutcome> cb_result;
    CompleteAsync(client, provider, req, nullptr, [&](CompletionOutcome o) { cb_result.set_value(std::move(o)); });
    CompletionOutcome out2 = cb_result.get_future().get();
    ASSERT_TRUE(out2.ok());
    EXPECT_FALSE(out2->cost_usd.has_value());  // no price table given
  }
  runtime.Stop();
}

}  // namespace
}  // namespace crm::io::llm

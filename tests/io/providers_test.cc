// Request building and success parsing for the three adapters, against
// fixtures in tests/data/providers/.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <memory>

#include "io/llm/anthropic.h"
#include "io/llm/bedrock.h"
#include "io/llm/openai.h"
#include "io/llm/prices.h"
#include "tests/io/test_util.h"

namespace crm::io::llm {
namespace {
using chat::Message;
using chat::Role;

chat::CompletionRequest AgentTurn(const std::string& model) {
  chat::CompletionRequest req;
  req.model = model;
  req.messages.push_back({Role::kSystem, "You are a CRM agent.", {}, "", ""});
  req.messages.push_back({Role::kUser, "How many open cases?", {}, "", ""});
  req.messages.push_back({Role::kAssistant, "", {{"call_1", "query", R"({"soql":"SELECT COUNT() FROM Case"})"}}, "", ""});
  req.messages.push_back({Role::kTool, R"({"totalSize":7})", {}, "call_1", "query"});
  req.tools.push_back({"query", "Run SOQL",
                       R"({"type":"object","properties":{"soql":{"type":"string"}},"required":["soql"]})"});
  req.temperature = 0.0;
  req.max_output_tokens = 256;
  return req;
}

std::string Expected(const std::string& name) { return testing::ReadFile(testing::ProviderFixturePath(name)); }

TEST(OpenAi, BuildsChatCompletionsRequest) {
  OpenAiProvider provider(OpenAiConfig{"https://api.together.xyz/v1/", "sk-x", {{"OpenAI-Project", "p"}}, false});
  chat::CompletionRequest req = AgentTurn("gpt-4o");
  req.seed = 7;
  auto http = provider.BuildRequest(req);
  ASSERT_TRUE(http.ok());
  EXPECT_EQ(http->url, "https://api.together.xyz/v1/chat/completions");
  EXPECT_EQ(http->method, "POST");
  EXPECT_EQ(FindHeader(http->headers, "authorization").value_or(""), "Bearer sk-x");
  EXPECT_EQ(FindHeader(http->headers, "openai-project").value_or(""), "p");
  EXPECT_EQ(testing::JsonDiff(Expected("openai/request_tools.json"), http->body), "");
}

TEST(OpenAi, ReasoningModelsUseMaxCompletionTokensAndNoTemperature) {
  OpenAiProvider provider(OpenAiConfig{});
  chat::CompletionRequest req;
  req.model = "o3-mini";
  req.messages.push_back({Role::kUser, "Hi", {}, "", ""});
  req.reasoning_model = true;
  req.temperature = 0.2;
  req.max_output_tokens = 1000;
  req.reasoning_effort = "high";
  EXPECT_EQ(testing::JsonDiff(Expected("openai/request_reasoning.json"), provider.BuildBody(req)), "");
  auto http = provider.BuildRequest(req);
  ASSERT_TRUE(http.ok());
  EXPECT_FALSE(FindHeader(http->headers, "authorization"));  // no key: local server
}

TEST(OpenAi, ParsesToolCallsUsageAndRateLimits) {
  OpenAiProvider provider(OpenAiConfig{});
  auto r = testing::LoadRecordedResponse("openai/response_tool_calls.json");
  auto out = provider.ParseResponse(r.status, r.headers, r.body);
  ASSERT_TRUE(out.ok()) << out.error().message;
  const chat::CompletionResponse& c = out->response;
  EXPECT_EQ(c.finish_reason, chat::FinishReason::kToolCalls);
  ASSERT_EQ(c.tool_calls.size(), 2u);
  EXPECT_EQ(c.tool_calls[0].id, "call_A");
  EXPECT_EQ(c.tool_calls[0].name, "query");
  EXPECT_EQ(c.tool_calls[0].arguments_json, R"({"soql":"SELECT Id FROM Case"})");
  EXPECT_EQ(c.tool_calls[1].name, "search");
  EXPECT_EQ(c.usage.input_tokens, 1200);
  EXPECT_EQ(c.usage.cached_input_tokens, 1024);
  EXPECT_EQ(c.usage.output_tokens, 300);
  EXPECT_EQ(c.usage.reasoning_tokens, 200);
  EXPECT_EQ(out->limits.requests_limit.value_or(0), 5000);
  EXPECT_EQ(out->limits.requests_remaining.value_or(0), 4999);
  EXPECT_DOUBLE_EQ(out->limits.requests_reset_seconds.value_or(0), 0.012);
  EXPECT_EQ(out->limits.tokens_remaining.value_or(0), 159976);
  EXPECT_DOUBLE_EQ(out->limits.tokens_reset_seconds.value_or(0), 360);
  EXPECT_EQ(out->request_id, "req_abc123");
}

TEST(OpenAi, ParsesTextAndCompatibleServerQuirks) {
  OpenAiProvider provider(OpenAiConfig{});
  auto r = testing::LoadRecordedResponse("openai/response_text.json");
  auto out = provider.ParseResponse(r.status, r.headers, r.body);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->response.content, "The answer is 7");
  EXPECT_EQ(out->response.finish_reason, chat::FinishReason::kLength);
  EXPECT_EQ(out->response.usage.cached_input_tokens, 0);  // details absent -> 0
  auto g = testing::LoadRecordedResponse("openai/response_gemini_stop_with_tools.json");
  auto gout = provider.ParseResponse(g.status, g.headers, g.body);
  ASSERT_TRUE(gout.ok());
  EXPECT_EQ(gout->response.finish_reason, chat::FinishReason::kToolCalls);
  ASSERT_EQ(gout->response.tool_calls.size(), 1u);
  EXPECT_EQ(gout->response.tool_calls[0].id, "call_0");  // synthesized
}

TEST(Anthropic, BuildsMessagesRequest) {
  AnthropicConfig config;
  config.api_key = "sk-ant-x";
  AnthropicProvider provider(config);
  chat::CompletionRequest req = AgentTurn("claude-sonnet-4-5");
  req.messages.insert(req.messages.begin() + 1, Message{Role::kSystem, "Answer briefly.", {}, "", ""});
  req.messages[3].content = "Checking.";
  req.messages[3].tool_calls[0].id = "toolu_01A";
  req.messages[4].tool_call_id = "toolu_01A";
  req.messages.push_back({Role::kUser, "Go on.", {}, "", ""});
  auto http = provider.BuildRequest(req);
  ASSERT_TRUE(http.ok());
  EXPECT_EQ(http->url, "https://api.anthropic.com/v1/messages");
  EXPECT_EQ(FindHeader(http->headers, "x-api-key").value_or(""), "sk-ant-x");
  EXPECT_EQ(FindHeader(http->headers, "anthropic-version").value_or(""), "2023-06-01");
  EXPECT_EQ(testing::JsonDiff(Expected("anthropic/request_tools.json"), http->body), "");
}

TEST(Anthropic, ParsesToolUseCacheUsageAndRateLimits) {
  AnthropicProvider provider(AnthropicConfig{});
  auto r = testing::LoadRecordedResponse("anthropic/response_tool_use.json");
  auto out = provider.ParseResponse(r.status, r.headers, r.body);
  ASSERT_TRUE(out.ok()) << out.error().message;
  const chat::CompletionResponse& c = out->response;
  EXPECT_EQ(c.content, "Let me look.");
  EXPECT_EQ(c.finish_reason, chat::FinishReason::kToolCalls);
  ASSERT_EQ(c.tool_calls.size(), 1u);
  EXPECT_EQ(c.tool_calls[0].id, "toolu_01B");
  EXPECT_EQ(testing::JsonDiff(R"({"soql":"SELECT Id FROM Case","limit":5})", c.tool_calls[0].arguments_json), "");
  EXPECT_EQ(c.usage.input_tokens, 12100);  // 100 + 2000 written + 10000 read
  EXPECT_EQ(c.usage.cached_input_tokens, 10000);
  EXPECT_EQ(c.usage.cache_write_input_tokens, 2000);
  EXPECT_EQ(c.usage.output_tokens, 48);
  EXPECT_EQ(out->limits.requests_limit.value_or(0), 4000);
  EXPECT_EQ(out->limits.tokens_limit.value_or(0), 480000);
  EXPECT_TRUE(out->limits.requests_reset_seconds.has_value());  // an instant in the past -> 0
  EXPECT_EQ(out->request_id, "req_011CSLsW7mFqvHHnzrKdKjAE");
}

BedrockConfig TestBedrock() {
  BedrockConfig config;
  config.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "EXAMPLESESSIONTOKEN"};
  config.unix_time = [] { return 1705320000LL; };  // 2024-01-15T12:00:00Z
  return config;
}

TEST(Bedrock, BuildsSignedConverseRequest) {
  BedrockProvider provider(TestBedrock());
  chat::CompletionRequest req = AgentTurn("anthropic.claude-3-haiku-20240307-v1:0");
  req.messages[2].tool_calls[0].id = "tooluse_1";
  req.messages[3].tool_call_id = "tooluse_1";
  auto http = provider.BuildRequest(req);
  ASSERT_TRUE(http.ok());
  EXPECT_EQ(http->url,
            "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
  EXPECT_EQ(FindHeader(http->headers, "x-amz-date").value_or(""), "20240115T120000Z");
  EXPECT_EQ(FindHeader(http->headers, "x-amz-security-token").value_or(""), "EXAMPLESESSIONTOKEN");
  std::string auth(FindHeader(http->headers, "authorization").value_or(""));
  EXPECT_EQ(auth.rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240115/us-east-1/bedrock/aws4_request, "
                       "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=", 0), 0u)
      << auth;
  EXPECT_EQ(testing::JsonDiff(Expected("bedrock/request_tools.json"), http->body), "");
}

TEST(Bedrock, SignsTheDocumentedConverseExample) {
  // PROVIDERS.md 5.6(b): the exact 94-byte body signs to a known signature.
  SigV4Input input{"POST", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", "",
                   {{"Content-Type", "application/json"},
                    {"Host", "bedrock-runtime.us-east-1.amazonaws.com"},
                    {"X-Amz-Date", "20240115T120000Z"},
                    {"X-Amz-Security-Token", "EXAMPLESESSIONTOKEN"}},
                   R"({"messages":[{"role":"user","content":[{"text":"Hello"}]}],"inferenceConfig":{"maxTokens":64}})",
                   "us-east-1", "bedrock", "20240115T120000Z"};
  SigV4Result r = SignV4(input, TestBedrock().credentials);
  EXPECT_EQ(Sha256Hex(input.payload), "f5b802cc64a01910fd197a46e9e959f3a5795f7728fa5710fb28f1ec3019f545");
  EXPECT_EQ(Sha256Hex(r.canonical_request), "2140e19cb1aeb899ad5ed9d402f7fc85096be9fb1492a11be7b265418dad7ccd");
  EXPECT_EQ(r.signature, "e103ce2b53d75ec587885480b9736b3e45b0674294d3cc02498da382dd504cbf");
}

TEST(Bedrock, ParsesToolUseAndUsage) {
  BedrockProvider provider(TestBedrock());
  auto r = testing::LoadRecordedResponse("bedrock/response_tool_use.json");
  auto out = provider.ParseResponse(r.status, r.headers, r.body);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->response.content, "Reading it.");
  EXPECT_EQ(out->response.finish_reason, chat::FinishReason::kToolCalls);
  ASSERT_EQ(out->response.tool_calls.size(), 1u);
  EXPECT_EQ(out->response.tool_calls[0].id, "tooluse_2");
  EXPECT_EQ(out->response.tool_calls[0].arguments_json, R"({"soql":"SELECT Id FROM Case"})");
  EXPECT_EQ(out->response.usage.input_tokens, 620);
  EXPECT_EQ(out->response.usage.cached_input_tokens, 500);
  EXPECT_EQ(out->request_id, "7a5f-req");
}

// Found by fuzz/provider_fuzz: 1e300 was cast to int64 and huge counts were
// summed (both undefined); a count beyond +-2^53 now reads as 0.
TEST(Providers, OutOfRangeUsageCountsReadAsZero) {
  auto o = OpenAiProvider(OpenAiConfig{}).ParseResponse(
      200, {}, R"({"choices":[{"message":{"content":"x"}}],"usage":{"prompt_tokens":1e300,"completion_tokens":7.0}})");
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->response.usage.input_tokens, 0);
  EXPECT_EQ(o->response.usage.output_tokens, 7);
  auto a = AnthropicProvider(AnthropicConfig{}).ParseResponse(
      200, {}, R"({"content":[],"usage":{"input_tokens":9223372036854775807,"cache_read_input_tokens":9007199254740992,
                  "cache_creation_input_tokens":18446744073709551615,"output_tokens":3}})");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->response.usage.input_tokens, 9007199254740992);
  EXPECT_EQ(a->response.usage.cache_write_input_tokens, 0);
  EXPECT_EQ(a->response.usage.output_tokens, 3);
}

// A negative count would run the token limiter's budget and the cost backwards.
TEST(Providers, NegativeUsageCountsReadAsZero) {
  auto o = OpenAiProvider(OpenAiConfig{}).ParseResponse(
      200, {}, R"({"choices":[{"message":{"content":"x"}}],"usage":{"prompt_tokens":-500,"completion_tokens":-2.5,)"
               R"("prompt_tokens_details":{"cached_tokens":-1}}})");
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->response.usage.input_tokens, 0);
  EXPECT_EQ(o->response.usage.output_tokens, 0);
  EXPECT_EQ(o->response.usage.cached_input_tokens, 0);
  auto a = AnthropicProvider(AnthropicConfig{}).ParseResponse(
      200, {}, R"({"content":[],"usage":{"input_tokens":10,"cache_read_input_tokens":-10,"output_tokens":4}})");
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->response.usage.input_tokens, 10);
  EXPECT_EQ(a->response.usage.output_tokens, 4);
}

TEST(Prices, LoadsTheShippedTableAndPricesUsage) {
  auto table = PriceTable::Load(std::string(CRM_SOURCE_DIR) + "/configs/prices.json");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_GE(table->size(), 12u);
  chat::Usage usage;
  usage.input_tokens = 1200;
  usage.cached_input_tokens = 1024;
  usage.output_tokens = 300;
  // (1200-1024)*2.5e-6 + 1024*1.25e-6 + 300*1e-5
  EXPECT_NEAR(table->Cost("gpt-4o", usage).value(), 176 * 2.5e-6 + 1024 * 1.25e-6 + 300 * 1e-5, 1e-12);
  EXPECT_TRUE(table->Cost("openai/gpt-4o", usage).has_value());
  EXPECT_TRUE(table->Cost("us.anthropic.claude-3-haiku-20240307-v1:0", usage).has_value());
  EXPECT_FALSE(table->Cost("unknown-model", usage).has_value());
  chat::Usage anthropic;
  anthropic.input_tokens = 12100;
  anthropic.cached_input_tokens = 10000;
  anthropic.cache_write_input_tokens = 2000;
  anthropic.output_tokens = 48;
  EXPECT_NEAR(table->Cost("claude-sonnet-4-5", anthropic).value(),
              100 * 3e-6 + 10000 * 3e-7 + 2000 * 3.75e-6 + 48 * 1.5e-5, 1e-12);
  chat::Usage huge;
  huge.input_tokens = 300000;
  EXPECT_NEAR(table->Cost("claude-sonnet-4-5", huge).value(), 300000 * 6e-6, 1e-9);
}

TEST(Anthropic, SeveralSystemMessagesJoinWithBlankLines) {
  AnthropicProvider provider(AnthropicConfig{});
  chat::CompletionRequest req = AgentTurn("claude-3-5-haiku-latest");
  req.messages.insert(req.messages.begin() + 1, {Role::kSystem, "Answer briefly.", {}, "", ""});
  req.messages.insert(req.messages.begin() + 1, {Role::kSystem, "", {}, "", ""});  // empty: skipped
  rapidjson::Document body;
  body.Parse(provider.BuildBody(req).c_str());
  ASSERT_TRUE(body.IsObject());
  EXPECT_STREQ(body["system"].GetString(), "You are a CRM agent.\n\nAnswer briefly.");
  for (const auto& m : body["messages"].GetArray()) EXPECT_STRNE(m["role"].GetString(), "system");
}

// A shared system prompt (chat::Text over one string for many episodes) is
// written through the identity memo: the body must be byte-for-byte the one an
// owned copy gives, on the first request and on the repeats the memo serves.
TEST(Providers, SharedSystemPromptGivesTheSameBodyAsAnOwnedOne) {
  std::string prompt = "You are a CRM agent. Schema: ";
  while (prompt.size() < 6000) prompt += R"({"object":"Case","fields":{"Status":"New, \"Working\" or Closed"}} )";
  auto shared = std::make_shared<const std::string>(prompt);
  OpenAiProvider openai(OpenAiConfig{"https://api.openai.com/v1/", "sk-x", {}, false});
  AnthropicProvider anthropic(AnthropicConfig{});
  BedrockProvider bedrock(TestBedrock());
  for (int repeat = 0; repeat < 3; ++repeat) {
    chat::CompletionRequest owned = AgentTurn("gpt-4o");
    owned.messages[0].content = prompt;
    chat::CompletionRequest with_shared = owned;
    with_shared.messages[0].content = chat::Text(shared);
    ASSERT_TRUE(with_shared.messages[0].content.shared());
    EXPECT_EQ(openai.BuildBody(with_shared), openai.BuildBody(owned)) << repeat;
    EXPECT_EQ(anthropic.BuildBody(with_shared), anthropic.BuildBody(owned)) << repeat;
    EXPECT_EQ(bedrock.BuildBody(with_shared), bedrock.BuildBody(owned)) << repeat;
  }
}

}  // namespace
}  // namespace crm::io::llm

// Every error class of every provider, from recorded responses in the
// documented shapes (tests/data/providers/<provider>/error_*.json).
#include <gtest/gtest.h>

#include "io/llm/anthropic.h"
#include "io/llm/bedrock.h"
#include "io/llm/errors.h"
#include "io/llm/openai.h"
#include "tests/io/test_util.h"

namespace crm::io::llm {
namespace {

constexpr const char* kKey = "sk-test-SECRETKEY1234567890abcdef";

struct Case {
  const char* fixture;
  CallErrorCode code;
  CallErrorClass cls;
};

const Provider& ProviderFor(const std::string& fixture) {
  static const OpenAiProvider openai(OpenAiConfig{"https://api.openai.com/v1", kKey, {}, false});
  static const AnthropicProvider anthropic([] {
    AnthropicConfig c;
    c.api_key = kKey;
    return c;
  }());
  static const BedrockProvider bedrock([] {
    BedrockConfig c;
    c.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
    return c;
  }());
  if (fixture.rfind("openai/", 0) == 0) return openai;
  if (fixture.rfind("anthropic/", 0) == 0) return anthropic;
  return bedrock;
}

class ProviderErrorTest : public ::testing::TestWithParam<Case> {};

TEST_P(ProviderErrorTest, ClassifiesTheRecordedResponse) {
  const Case& c = GetParam();
  testing::RecordedResponse recorded = testing::LoadRecordedResponse(c.fixture);
  CompletionOutcome outcome = ProviderFor(c.fixture).ParseResponse(recorded.status, recorded.headers, recorded.body);
  ASSERT_FALSE(outcome.ok()) << c.fixture;
  const CallError& error = outcome.error();
  EXPECT_EQ(CallErrorCodeName(error.code), std::string(CallErrorCodeName(c.code))) << c.fixture << ": " << error.message;
  EXPECT_EQ(ClassOf(error.code), c.cls) << c.fixture;
  EXPECT_EQ(error.http_status, recorded.status);
  EXPECT_EQ(error.message.find("SECRETKEY"), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find(kKey), std::string::npos);
}

constexpr auto R = CallErrorClass::kRetryable;
constexpr auto F = CallErrorClass::kFatal;
using C = CallErrorCode;

INSTANTIATE_TEST_SUITE_P(
    OpenAi, ProviderErrorTest,
    ::testing::Values(
        Case{"openai/error_401.json", C::kUnauthorized, F}, Case{"openai/error_403.json", C::kUnauthorized, F},
        Case{"openai/error_404.json", C::kNotFound, F}, Case{"openai/error_408.json", C::kTimeout, R},
        Case{"openai/error_409.json", C::kConflict, R}, Case{"openai/error_422.json", C::kBadRequest, F},
        Case{"openai/error_400_context_length.json", C::kContextOverflow, F},
        Case{"openai/error_400_unsupported_parameter.json", C::kBadRequest, F},
        Case{"openai/error_429_rate_limit.json", C::kRateLimited, R},
        Case{"openai/error_429_request_too_large.json", C::kBadRequest, F},
        Case{"openai/error_429_insufficient_quota.json", C::kQuotaExhausted, F},
        Case{"openai/error_500.json", C::kServerError, R}, Case{"openai/error_502_html.json", C::kServerError, R},
        Case{"openai/error_503_empty.json", C::kOverloaded, R},
        Case{"openai/error_gemini_array_429.json", C::kRateLimited, R},
        Case{"openai/error_together_402.json", C::kQuotaExhausted, F},
        Case{"openai/error_together_403_context.json", C::kContextOverflow, F},
        Case{"openai/error_llamacpp_context.json", C::kContextOverflow, F},
        Case{"openai/error_vllm_400.json", C::kBadRequest, F},
        Case{"openai/error_in_band_200.json", C::kServerError, R},
        Case{"openai/response_malformed.json", C::kMalformedResponse, R}));

INSTANTIATE_TEST_SUITE_P(
    Anthropic, ProviderErrorTest,
    ::testing::Values(Case{"anthropic/error_400.json", C::kBadRequest, F},
                      Case{"anthropic/error_400_prompt_too_long.json", C::kContextOverflow, F},
                      Case{"anthropic/error_401.json", C::kUnauthorized, F},
                      Case{"anthropic/error_403.json", C::kUnauthorized, F},
                      Case{"anthropic/error_404.json", C::kNotFound, F},
                      Case{"anthropic/error_413.json", C::kBadRequest, F},
                      Case{"anthropic/error_429.json", C::kRateLimited, R},
                      Case{"anthropic/error_500.json", C::kServerError, R},
                      Case{"anthropic/error_529.json", C::kOverloaded, R}));

INSTANTIATE_TEST_SUITE_P(
    Bedrock, ProviderErrorTest,
    ::testing::Values(Case{"bedrock/error_throttling_429.json", C::kRateLimited, R},
                      Case{"bedrock/error_not_ready_429.json", C::kRateLimited, R},
                      Case{"bedrock/error_tokens_per_day_429.json", C::kQuotaExhausted, F},
                      Case{"bedrock/error_validation_400.json", C::kBadRequest, F},
                      Case{"bedrock/error_context_400.json", C::kContextOverflow, F},
                      Case{"bedrock/error_quota_400.json", C::kQuotaExhausted, F},
                      Case{"bedrock/error_access_denied_403.json", C::kUnauthorized, F},
                      Case{"bedrock/error_not_found_404.json", C::kNotFound, F},
                      Case{"bedrock/error_model_timeout_408.json", C::kTimeout, R},
                      Case{"bedrock/error_model_error_424.json", C::kServerError, R},
                      Case{"bedrock/error_internal_500.json", C::kServerError, R},
                      Case{"bedrock/error_unavailable_503.json", C::kOverloaded, R}));

TEST(ProviderErrors, RateLimitAndRetryFactsAreKept) {
  auto rl = testing::LoadRecordedResponse("openai/error_429_rate_limit.json");
  auto outcome = ProviderFor("openai/").ParseResponse(rl.status, rl.headers, rl.body);
  ASSERT_FALSE(outcome.ok());
  const CallError& e = outcome.error();
  EXPECT_DOUBLE_EQ(e.limits.retry_after_seconds.value_or(-1), 0.644);  // retry-after-ms wins
  EXPECT_EQ(e.limits.tokens_remaining.value_or(-1), 63);
  EXPECT_DOUBLE_EQ(e.limits.tokens_reset_seconds.value_or(-1), 0.644);
  EXPECT_EQ(e.provider_code, "rate_limit_exceeded");
  EXPECT_EQ(e.request_id, "req_err");

  auto quota = testing::LoadRecordedResponse("openai/error_429_insufficient_quota.json");
  auto q = ProviderFor("openai/").ParseResponse(quota.status, quota.headers, quota.body);
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.error().should_retry, std::optional<bool>(false));
  EXPECT_EQ(q.error().provider_code, "insufficient_quota");

  auto an = testing::LoadRecordedResponse("anthropic/error_429.json");
  auto a = ProviderFor("anthropic/").ParseResponse(an.status, an.headers, an.body);
  ASSERT_FALSE(a.ok());
  EXPECT_DOUBLE_EQ(a.error().limits.retry_after_seconds.value_or(-1), 17);
  EXPECT_EQ(a.error().limits.requests_limit.value_or(-1), 4000);
  EXPECT_EQ(a.error().provider_code, "rate_limit_error");

  auto br = testing::LoadRecordedResponse("bedrock/error_throttling_429.json");
  auto b = ProviderFor("bedrock/").ParseResponse(br.status, br.headers, br.body);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().provider_code, "ThrottlingException");
  EXPECT_EQ(b.error().request_id, "req-err");
}

TEST(ProviderErrors, RedactsKeyPiecesToo) {
  EXPECT_EQ(Redact("key sk-test-SECRETKEY1234567890abcdef end", kKey), "key [redacted] end");
  std::string partial = Redact("key sk-test-SECRETKEY12**** end", kKey);
  EXPECT_EQ(partial.find("SECRETKEY"), std::string::npos) << partial;
  EXPECT_EQ(Redact("nothing here", kKey), "nothing here");
}

// Found by fuzz/provider_fuzz: a key that is part of "[redacted]" (or holds
// it) matched inside each replacement and looped forever.
TEST(ProviderErrors, RedactEndsWhenTheKeyLooksLikeTheMark) {
  EXPECT_EQ(Redact("bad key redacted", "redacted"), "bad key [redacted]");
  EXPECT_EQ(Redact("acted twice: acted", "acted"), "[redacted] twice: [redacted]");
  EXPECT_EQ(Redact("k=x[redacted]y", "x[redacted]y"), "k=[redacted]");
}

TEST(ProviderErrors, ABodyWithANulInsideIsMalformed) {
  // Bodies are parsed as NUL-terminated text; a NUL must not cut a body short
  // into something that parses.
  for (const char* fixture :
       {"openai/response_tool_calls.json", "anthropic/response_tool_use.json", "bedrock/response_tool_use.json"}) {
    testing::RecordedResponse recorded = testing::LoadRecordedResponse(fixture);
    ASSERT_TRUE(ProviderFor(fixture).ParseResponse(recorded.status, recorded.headers, recorded.body).ok()) << fixture;
    std::string cut = recorded.body + std::string(1, '\0') + "junk";
    CompletionOutcome outcome = ProviderFor(fixture).ParseResponse(recorded.status, recorded.headers, cut);
    ASSERT_FALSE(outcome.ok()) << fixture;
    EXPECT_EQ(outcome.error().code, CallErrorCode::kMalformedResponse) << fixture;
  }
}

}  // namespace
}  // namespace crm::io::llm

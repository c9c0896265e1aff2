#include "core/json_in_situ.h"

#include <gtest/gtest.h>

#include <string>

namespace crm::json {
namespace {

using namespace std::string_literals;

TEST(InSituDocument, ReadsACompletionSizedBodyWithoutLeavingTheInlineBuffer) {
  InSituDocument parsed;
  const std::string body =
      R"({"id":"chatcmpl-1","object":"chat.completion","model":"m","choices":[{"index":0,)"
      R"("message":{"role":"assistant","content":"line\none \"quoted\" \u00e9"},"finish_reason":"stop"}],)"
      R"("usage":{"prompt_tokens":2100,"completion_tokens":40,"total_tokens":2140}})";
  ASSERT_TRUE(parsed.Parse(body));
  const rapidjson::Document& doc = parsed.doc();
  ASSERT_TRUE(doc.IsObject());
  const rapidjson::Value& message = doc["choices"][0]["message"];
  EXPECT_EQ(std::string(message["content"].GetString(), message["content"].GetStringLength()),
            "line\none \"quoted\" \xc3\xa9");
  EXPECT_EQ(doc["usage"]["prompt_tokens"].GetInt(), 2100);
  EXPECT_FALSE(parsed.spilled());
}

TEST(InSituDocument, ALargeDocumentSpillsIntoChunksAndStaysIntact) {
  std::string body = "[";
  for (int i = 0; i < 3000; ++i) body += (i ? ",{\"n\":" : "{\"n\":") + std::to_string(i) + ",\"s\":\"v" + std::to_string(i) + "\"}";
  body += "]";
  InSituDocument parsed;
  ASSERT_TRUE(parsed.Parse(body));
  const rapidjson::Document& doc = parsed.doc();
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 3000u);
  EXPECT_EQ(doc[2999]["n"].GetInt(), 2999);
  EXPECT_STREQ(doc[1234]["s"].GetString(), "v1234");
  EXPECT_TRUE(parsed.spilled());
}

TEST(InSituDocument, ParsesAgainAfterALargeDocument) {
  InSituDocument parsed;
  std::string big = "[" + std::string(20000, ' ');
  for (int i = 0; i < 2000; ++i) big += i ? ",[1]" : "[1]";
  big += "]";
  ASSERT_TRUE(parsed.Parse(big));
  ASSERT_TRUE(parsed.Parse(R"({"a":[true,null,"x"]})"));
  EXPECT_FALSE(parsed.spilled());  // the previous parse's chunks were returned
  EXPECT_TRUE(parsed.doc()["a"][0].GetBool());
  EXPECT_STREQ(parsed.doc()["a"][2].GetString(), "x");
}

TEST(InSituDocument, RefusesANulInsideTheText) {
  InSituDocument parsed;
  EXPECT_FALSE(parsed.Parse("{\"a\":1}\0 trailing"s));
  EXPECT_TRUE(parsed.doc().IsNull());
  EXPECT_FALSE(parsed.Parse("{\"a\":\"x\0y\"}"s));
}

TEST(InSituDocument, RefusesMalformedTextAndLeavesNoValue) {
  InSituDocument parsed;
  ASSERT_TRUE(parsed.Parse(R"({"ok":true})"));
  for (const char* bad : {"", "{", "{\"a\":}", "[1,2", "{\"a\":1} x", "\"\\ud800\""}) {
    EXPECT_FALSE(parsed.Parse(bad)) << bad;
    EXPECT_TRUE(parsed.doc().IsNull()) << bad;
  }
}

}  // namespace
}  // namespace crm::json

#include "core/json_in_situ.h"

#include <gtest/gtest.h>

#include <cmath>
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

// RapidJSON 1.1.0's own exact number path misreads numbers that fuzzing
// found (undefined behaviour on zeros past its fast path, garbage below
// 1e-324, NaN near the smallest doubles, an assertion past the largest):
// kExact reads numbers itself. Each case: its value and type.
TEST(InSituDocument, ExactNumbersReadZerosOfAnyShapeAsZero) {
  const std::string many_zeros(40, '0');
  struct Case {
    std::string json;
    bool is_double;
    bool negative;
  } cases[] = {{"0." + many_zeros, true, false},  {"-0." + many_zeros, true, true}, {"0e+45", true, false},
               {"-0.00E-7", true, true},           {"0.0", true, false},            {"0", false, false},
               {"-0", false, false},               {"0." + many_zeros + "e-400", true, false}};
  for (const Case& c : cases) {
    InSituDocument parsed;
    ASSERT_TRUE(parsed.Parse("{\"s\":\"0." + many_zeros + "\",\"n\":" + c.json + "}", InSituDocument::Numbers::kExact))
        << c.json;
    EXPECT_EQ(std::string(parsed.doc()["s"].GetString()), "0." + many_zeros) << "strings are left alone";
    const auto& n = parsed.doc()["n"];
    EXPECT_EQ(n.IsDouble(), c.is_double) << c.json;
    EXPECT_EQ(n.GetDouble(), 0.0) << c.json;
    if (c.is_double) {
      EXPECT_EQ(std::signbit(n.GetDouble()), c.negative) << c.json;
    }
  }
}

TEST(InSituDocument, ExactNumbersAreTheCorrectlyRoundedDoubleAtBothEnds) {
  const std::string zeros_400(400, '0');
  struct Case {
    std::string json;
    double value;
  } cases[] = {{"0." + zeros_400 + "1", 0.0},  // RapidJSON's own path: -2.1e+301
               {"-1000e-327", -0.0},
               {"100003e-329", 0.0},                      // RapidJSON: NaN
               {"4.9406564584124654e-324", 4.9406564584124654e-324},
               {"2.4703282292062328e-324", 4.9406564584124654e-324},  // just over half the smallest: rounds up
               {"2.2250738585072011e-308", 2.2250738585072011e-308},
               {"1.7976931348623157e308", 1.7976931348623157e308},
               {"0.1e1", 1.0},
               {"1e-0000000001", 0.1},
               {"9007199254740993.0", 9007199254740992.0}};
  for (const Case& c : cases) {
    InSituDocument parsed;
    ASSERT_TRUE(parsed.Parse("[" + c.json + "]", InSituDocument::Numbers::kExact)) << c.json;
    ASSERT_TRUE(parsed.doc()[0].IsDouble()) << c.json;
    EXPECT_EQ(parsed.doc()[0].GetDouble(), c.value) << c.json;
    EXPECT_EQ(std::signbit(parsed.doc()[0].GetDouble()), std::signbit(c.value)) << c.json;
  }
}

TEST(InSituDocument, ExactNumbersKeepIntegersThatFitSixtyFourBits) {
  InSituDocument parsed;
  ASSERT_TRUE(parsed.Parse("[7, -2147483649, 18446744073709551615, 18446744073709551616, -0]",
                           InSituDocument::Numbers::kExact));
  const auto& a = parsed.doc();
  EXPECT_TRUE(a[0].IsInt());
  EXPECT_EQ(a[0].GetInt(), 7);
  EXPECT_TRUE(a[1].IsInt64());
  EXPECT_FALSE(a[1].IsInt());
  EXPECT_EQ(a[1].GetInt64(), -2147483649LL);
  EXPECT_TRUE(a[2].IsUint64());
  EXPECT_EQ(a[2].GetUint64(), 18446744073709551615ULL);
  EXPECT_TRUE(a[3].IsDouble());
  EXPECT_EQ(a[3].GetDouble(), 18446744073709551616.0);
  EXPECT_TRUE(a[4].IsInt());
  EXPECT_EQ(a[4].GetInt(), 0);
}

TEST(InSituDocument, ExactNumbersRefuseMalformedAndInfiniteNumbers) {
  InSituDocument parsed;
  const std::string long_significand = "909000200000070000040010330200";
  for (const std::string& bad : {std::string("[00.0]"), std::string("[0.]"), std::string("[0e]"), std::string("[-]"),
                                std::string("[0.000000000000000000000000000x]"), std::string("[.0]"),
                                std::string("90.000000000000000000000000inf5191945"),
                                std::string("[1]0.00000000000000000000000000"), std::string("[1e400]"),
                                "[" + long_significand + "E+285]", std::string("[1.7976931348623159e308]")}) {
    EXPECT_FALSE(parsed.Parse(bad, InSituDocument::Numbers::kExact)) << bad;
    EXPECT_TRUE(parsed.doc().IsNull()) << bad;
  }
  ASSERT_TRUE(parsed.Parse("[1, 0.50000000000000000000000000, 10.0000000000000000000000000]",
                           InSituDocument::Numbers::kExact));
  EXPECT_EQ(parsed.doc()[1].GetDouble(), 0.5);
  EXPECT_EQ(parsed.doc()[2].GetDouble(), 10.0);
}

}  // namespace
}  // namespace crm::json

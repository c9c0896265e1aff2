// The tools and the act/react query view against the official harness:
// every case of tests/data/tools/official_recorded.json (hand-made fixtures,
// with what the official environments showed for each, recorded by
// scripts/record_official_tools.py from the harness itself) must give the
// same query text and the same observation, character for character.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fstream>
#include <sstream>

#include "engine/tools/connector.h"
#include "engine/tools/tool.h"

namespace crm::tools {
namespace {

std::string Write(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string Text(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString(), it->value.GetStringLength())
                                                     : "";
}

const rapidjson::Document& Recorded() {
  static const rapidjson::Document doc = [] {
    std::ifstream in(std::string(CRM_SOURCE_DIR) + "/tests/data/tools/official_recorded.json");
    std::stringstream text;
    text << in.rdbuf();
    rapidjson::Document d;
    d.Parse(text.str().c_str());
    return d;
  }();
  return doc;
}

// The fixture's org response as the performer hands it back.
QueryOutcome Outcome(const rapidjson::Value& c) {
  const rapidjson::Value& response = c["response"];
  if (response.IsObject() && response.HasMember("error")) {
    soql::QueryError e;
    e.error_code = Text(response["error"], "errorCode");
    e.message = Text(response["error"], "message");
    return e;
  }
  return Write(response);
}

// Checks what we send for the case's one query against what the harness sent.
void ExpectSameQuery(const rapidjson::Value& c, const QueryRequest& ours) {
  const rapidjson::Value& sent = c["official"]["queries"];
  ASSERT_EQ(sent.Size(), 1u) << "the harness sent " << sent.Size() << " queries";
  const std::string api = Text(sent[0], "api");
  EXPECT_EQ(ours.language, api == "search" ? QueryLanguage::kSosl : QueryLanguage::kSoql);
  if (c.HasMember("query_differs_on_purpose")) {
    EXPECT_NE(ours.text, Text(sent[0], "text")) << "marked as a deliberate difference, but equal";
  } else {
    EXPECT_EQ(ours.text, Text(sent[0], "text"));
  }
}

TEST(OfficialConformance, RecordingIsPresent) {
  ASSERT_TRUE(Recorded().IsArray());
  EXPECT_GE(Recorded().Size(), 150u);
}

TEST(OfficialConformance, EveryToolCase) {
  int checked = 0;
  for (const rapidjson::Value& c : Recorded().GetArray()) {
    const std::string tool = Text(c, "tool");
    if (tool == "execute") continue;
    SCOPED_TRACE(Text(c, "name"));
    const rapidjson::Value& official = c["official"];
    const bool flex = !c.HasMember("flex") || c["flex"].GetBool();
    ToolPlan plan = PlanToolCall(tool, Write(c["arguments"]), flex);
    const std::string want = Text(official, "observation");
    if (plan.kind == ToolPlan::Kind::kRespond) {
      EXPECT_EQ(want, "DONE");
      EXPECT_TRUE(official["done"].GetBool());
    } else if (plan.kind == ToolPlan::Kind::kQuery) {
      ExpectSameQuery(c, plan.query);
      ASSERT_TRUE(c.HasMember("response"));
      EXPECT_EQ(ShowToolResult(plan.finish(Outcome(c)), ObservationFormat::kOfficial), want);
    } else {
      EXPECT_EQ(official["queries"].Size(), 0u) << "the harness queried; we did not";
      EXPECT_EQ(ShowToolResult(plan.result, ObservationFormat::kOfficial), want);
    }
    ++checked;
  }
  EXPECT_GT(checked, 150);
}

TEST(OfficialConformance, EveryActReactQuery) {
  int checked = 0;
  for (const rapidjson::Value& c : Recorded().GetArray()) {
    if (Text(c, "tool") != "execute") continue;
    SCOPED_TRACE(Text(c, "name"));
    QueryRequest request = ConnectorQuery(Text(c["arguments"], "query"));
    ExpectSameQuery(c, request);
    QueryObservation shown = ShowQueryResult(Outcome(c), ObservationFormat::kOfficial);
    if (c["official"].HasMember("raised")) {
      EXPECT_TRUE(shown.harness_failure);
      EXPECT_EQ(shown.text, Text(c["official"], "raised"));
    } else {
      EXPECT_FALSE(shown.harness_failure);
      EXPECT_EQ(shown.text, Text(c["official"], "observation"));
    }
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

}  // namespace
}  // namespace crm::tools

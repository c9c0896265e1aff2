// The schema text a sweep shows its agents (file, describe calls, the local
// org's own) and the refusal of tasks of another org type.
#include "scheduler/run/agent_schema.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "engine/org/schema_text.h"

namespace crm::sched {
namespace {

std::string TempFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

SweepConfig Config(const std::string& type, const std::string& schema_path) {
  SweepConfig c;
  c.source = "sweep.json";
  c.org.type = type;
  c.org.schema_path = schema_path;
  return c;
}

tasks::Task TaskOf(int64_t idx, const std::string& name) {
  tasks::Task t;
  t.idx = idx;
  t.task = name;
  return t;
}

TEST(AgentSchema, FromTheSchemaFileInThePublishedFormat) {
  // The published files carry null descriptions where another object has a
  // field this one lacks; they are left out, as the official loader does.
  const std::string path = TempFile("b2b_schema.json", R"([
    {"object": "Lead", "fields": {"Id": "Lead Id", "Status": "Lead status", "Amount": null}},
    {"object": "Opportunity", "fields": {"StageName": "Stage", "Status": null}}])");
  auto text = AgentSchemaText(Config("b2b", path), nullptr);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, "[{\"object\":\"Lead\",\"fields\":{\"Id\":\"Lead Id\",\"Status\":\"Lead status\"}},"
                   "{\"object\":\"Opportunity\",\"fields\":{\"StageName\":\"Stage\"}}]");
  EXPECT_EQ(org::SchemaObjectNames(*text), (std::vector<std::string>{"Lead", "Opportunity"}));
}

TEST(AgentSchema, BadSchemaFilesAreRefusedClearly) {
  auto missing = AgentSchemaText(Config("b2b", "/nonexistent/schema.json"), nullptr);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "org.schema: cannot read /nonexistent/schema.json");
  const std::string not_list = TempFile("bad1.json", R"({"object": "Lead"})");
  EXPECT_NE(AgentSchemaText(Config("b2b", not_list), nullptr).status().message().find("expected a list"),
            std::string::npos);
  const std::string no_fields = TempFile("bad2.json", R"([{"object": "Lead"}])");
  EXPECT_NE(AgentSchemaText(Config("b2b", no_fields), nullptr).status().message().find("(Lead) has no \"fields\""),
            std::string::npos);
  const std::string bad_desc = TempFile("bad3.json", R"([{"object": "Lead", "fields": {"Id": 5}}])");
  EXPECT_NE(AgentSchemaText(Config("b2b", bad_desc), nullptr).status().message().find("field Id is not a string"),
            std::string::npos);
}

TEST(AgentSchema, TheLocalOrgShowsItsOwnSixteenObjects) {
  auto text = AgentSchemaText(Config("original", ""), nullptr);
  ASSERT_TRUE(text.ok());
  std::vector<std::string> objects = org::SchemaObjectNames(*text);
  EXPECT_EQ(objects.size(), 16u);
  EXPECT_NE(std::find(objects.begin(), objects.end(), "CaseHistory__c"), objects.end());
}

TEST(AgentSchema, DescribeResponsesBecomeTheSchema) {
  auto text = org::SchemaTextFromDescribes(
      {{"Case", R"({"name":"Case","fields":[{"name":"Id","label":"Case ID","type":"id","referenceTo":[]},
                    {"name":"OwnerId","label":"Owner ID","referenceTo":["User","Group"]}]})"}});
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "[{\"object\":\"Case\",\"fields\":{\"Id\":\"Case ID\",\"OwnerId\":\"Owner ID (lookup to User)\"}}]");
  EXPECT_FALSE(org::SchemaTextFromDescribes({{"Case", "[]"}}).ok());
}

TEST(AgentSchema, TasksOfAnotherOrgTypeAreRefused) {
  std::vector<tasks::Task> original = {TaskOf(1, "handle_time"), TaskOf(2, "knowledge_qa")};
  EXPECT_TRUE(CheckTaskOrgTypes(Config("original", ""), original).ok());
  std::vector<tasks::Task> mixed = {TaskOf(1, "handle_time"), TaskOf(7, "lead_routing")};
  Status refused = CheckTaskOrgTypes(Config("original", ""), mixed);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.message(),
            "task 7 (lead_routing) is a CRMArena-Pro task, but org.type is \"original\" in sweep.json; run it against "
            "its own org type, or filter it out with tasks.types");
  EXPECT_TRUE(CheckTaskOrgTypes(Config("b2b", ""), mixed).ok());  // the nine are part of CRMArena-Pro too
}

}  // namespace
}  // namespace crm::sched

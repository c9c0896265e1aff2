// Templates, prompt rendering and action parsing.
#include <gtest/gtest.h>

#include "engine/agents/action_parser.h"
#include "engine/agents/prompt_library.h"
#include "engine/agents/template.h"

namespace crm::agents {
namespace {

PromptLibrary Library() {
  Result<PromptLibrary> lib = PromptLibrary::Load(std::string(CRM_SOURCE_DIR) + "/configs/prompts");
  EXPECT_TRUE(lib.ok()) << lib.status().ToString();
  return lib.ok() ? std::move(lib).value() : PromptLibrary();
}

tasks::Task SampleTask() {
  tasks::Task t;
  t.idx = 3;
  t.task = "best_region_identification";
  t.query = "Which state closes cases fastest?";
  t.metadata_required = "Today's date: 2024-05-01.";
  t.metadata_optional = "Q1 is January to March.";
  t.answer = {std::string("MA")};
  return t;
}

TEST(Template, SubstitutesAndRejectsUnknownNames) {
  Result<std::string> r = RenderTemplate("Hi {{name}}, {{ other }}! {not} {{x", {{"name", "A"}, {"other", "{{name}}"}}, "t");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "Hi A, {{name}}! {not} {{x");
  Result<std::string> bad = RenderTemplate("{{nmae}}", {{"name", "A"}}, "system_act.txt");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "system_act.txt: unknown placeholder {{nmae}}");
}

TEST(Prompts, SystemPromptOrderAndModes) {
  PromptLibrary lib = Library();
  PromptSetup setup;
  setup.schema_json = std::make_shared<const std::string>("[SCHEMA]");
  Result<std::string> plain = BuildSystemPrompt(lib, SampleTask(), setup);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_NE(plain->find("<execute>"), std::string::npos);
  EXPECT_LT(plain->find("[SCHEMA]"), plain->find("Today's date"));
  EXPECT_EQ(plain->find("Q1 is January"), std::string::npos);
  setup.mode = PromptMode::kAided;
  Result<std::string> aided = BuildSystemPrompt(lib, SampleTask(), setup);
  ASSERT_TRUE(aided.ok());
  EXPECT_LT(aided->find("Today's date"), aided->find("Q1 is January"));
  EXPECT_NE(aided->find("business analyst"), std::string::npos);
}

TEST(Prompts, ReasoningModelsGetOneUserMessage) {
  PromptLibrary lib = Library();
  PromptSetup setup;
  setup.fold_system_prompt = true;
  Result<std::vector<chat::Message>> m = BuildInitialMessages(lib, SampleTask(), setup);
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->size(), 1u);
  EXPECT_EQ((*m)[0].role, chat::Role::kUser);
  EXPECT_NE((*m)[0].content.str().find("Which state closes"), std::string::npos);
  setup.fold_system_prompt = false;
  m = BuildInitialMessages(lib, SampleTask(), setup);
  ASSERT_EQ(m->size(), 2u);
  EXPECT_EQ((*m)[0].role, chat::Role::kSystem);
}

TEST(Prompts, ToolsNativeOrInPrompt) {
  PromptLibrary lib = Library();
  PromptSetup setup;
  setup.strategy = Strategy::kToolCallFlex;
  EXPECT_EQ(NativeToolSpecs(setup).size(), 27u);
  Result<std::string> native = BuildSystemPrompt(lib, SampleTask(), setup);
  EXPECT_EQ(native->find("Action Input:"), std::string::npos);
  setup.native_tools = false;
  EXPECT_TRUE(NativeToolSpecs(setup).empty());
  Result<std::string> prompted = BuildSystemPrompt(lib, SampleTask(), setup);
  EXPECT_NE(prompted->find("Action Input:"), std::string::npos);
  EXPECT_NE(prompted->find("issue_sosl_query"), std::string::npos);
}

TEST(Prompts, OverrideWithUnknownPlaceholderFails) {
  PromptLibrary lib = Library();
  lib.Override("system_act", "{{persona}} {{scheme}}");
  Result<std::string> r = BuildSystemPrompt(lib, SampleTask(), PromptSetup{});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("{{scheme}}"), std::string::npos);
  EXPECT_FALSE(PromptLibrary::Load("/nonexistent").ok());
}

TEST(ActionParser, TagsFencesAndSosl) {
  ParsedAction a = ParseTagAction("<thought>look</thought>\n<execute>\n```sql\nSELECT Id FROM Case\n```\n</execute>");
  EXPECT_EQ(a.kind, ParsedAction::Kind::kExecute);
  EXPECT_EQ(a.text, "SELECT Id FROM Case");
  EXPECT_EQ(a.thought, "look");
  EXPECT_EQ(a.language, tools::QueryLanguage::kSoql);
  a = ParseTagAction("<EXECUTE> find {shorts} RETURNING Product2(Id)</EXECUTE>");
  EXPECT_EQ(a.language, tools::QueryLanguage::kSosl);
  a = ParseTagAction("The answer: <respond> MA </respond>");
  EXPECT_EQ(a.kind, ParsedAction::Kind::kRespond);
  EXPECT_EQ(a.text, "MA");
  a = ParseTagAction("<respond>unterminated");
  EXPECT_EQ(a.text, "unterminated");
}

TEST(ActionParser, BadReplies) {
  EXPECT_EQ(ParseTagAction("I think it is MA.").kind, ParsedAction::Kind::kInvalid);
  ParsedAction two = ParseTagAction("<execute>SELECT Id FROM Case</execute><respond>x</respond>");
  EXPECT_EQ(two.kind, ParsedAction::Kind::kInvalid);
  EXPECT_NE(two.problem.find("more than one"), std::string::npos);
  EXPECT_EQ(ParseTagAction("<execute>  </execute>").kind, ParsedAction::Kind::kInvalid);
  std::string huge(1 << 20, 'x');
  EXPECT_EQ(ParseTagAction(huge).kind, ParsedAction::Kind::kInvalid);
}

TEST(ActionParser, PromptToolCalls) {
  ParsedAction a = ParsePromptToolCall("Thought: need issues\nAction: get_issues\nAction Input: {}");
  EXPECT_EQ(a.kind, ParsedAction::Kind::kToolCall);
  EXPECT_EQ(a.tool_name, "get_issues");
  EXPECT_EQ(a.arguments_json, "{}");
  a = ParsePromptToolCall("Action: `get_period`\nAction Input: ```json\n{\"period_name\": \"Q1\", \"year\": 2024}\n```");
  EXPECT_EQ(a.tool_name, "get_period");
  EXPECT_EQ(a.arguments_json, "{\"period_name\": \"Q1\", \"year\": 2024}");
  EXPECT_EQ(ParsePromptToolCall("no action here").kind, ParsedAction::Kind::kInvalid);
  EXPECT_EQ(ParsePromptToolCall("Action: a\nAction: b").kind, ParsedAction::Kind::kInvalid);
  // "Transaction:" and "reaction:" inside a thought are words, not Action labels.
  a = ParsePromptToolCall("Thought: the Transaction: field and the customer's reaction: matter\n"
                          "Action: get_cases\nAction Input: {\"status\": \"Closed\"}");
  ASSERT_EQ(a.kind, ParsedAction::Kind::kToolCall) << a.problem;
  EXPECT_EQ(a.tool_name, "get_cases");
  EXPECT_EQ(a.arguments_json, R"({"status": "Closed"})");
  a = ParsePromptToolCall("**Action:** get_issues");  // markdown bold around the label
  ASSERT_EQ(a.kind, ParsedAction::Kind::kToolCall) << a.problem;
  EXPECT_EQ(a.tool_name, "get_issues");
}

}  // namespace
}  // namespace crm::agents

// Every transition of the episode machine, driven by hand: no org, no
// sockets, no threads.
#include "engine/episode/episode_machine.h"
#include "engine/episode/episode_result.h"

#include <gtest/gtest.h>

#include "tests/engine/episode/test_prompts.h"

namespace crm::episode {
namespace {

const agents::PromptLibrary& Library() { return ProjectPromptsForTests(); }

tasks::Task Task() {
  tasks::Task t;
  t.idx = 1;
  t.task = "best_region_identification";
  t.query = "Which state?";
  t.metadata_required = "Today is 2024-05-01.";
  t.answer = {std::string("MA")};
  return t;
}

EpisodeConfig Config(agents::Strategy strategy) {
  EpisodeConfig c;
  c.prompt.strategy = strategy;
  c.prompt.schema_json = std::make_shared<const std::string>("[]");
  c.agent_request.model = "m";
  return c;
}

ModelReplied Text(std::string content) {
  chat::CompletionResponse r;
  r.content = std::move(content);
  r.usage.input_tokens = 10;
  r.usage.output_tokens = 2;
  return {r};
}

ModelReplied Calls(std::vector<chat::ToolCall> calls) {
  chat::CompletionResponse r;
  r.tool_calls = std::move(calls);
  r.finish_reason = chat::FinishReason::kToolCalls;
  return {r};
}

const std::string kRecords =
    "{\"totalSize\":2,\"done\":true,\"records\":[{\"attributes\":{\"type\":\"Case\",\"url\":\"/x\"},\"Id\":\"500A\","
    "\"ClosedDate\":null,\"Owner\":{\"attributes\":{\"type\":\"User\"},\"Name\":\"Ann\"}},{\"attributes\":{\"type\":"
    "\"Case\"},\"Id\":\"500B\",\"ClosedDate\":null,\"Owner\":null}]}";

TEST(EpisodeMachine, ActQueryThenAnswer) {
  EpisodeMachine m(Task(), Config(agents::Strategy::kAct), Library());
  Action a = m.Start();
  auto* call = std::get_if<CallModel>(&a);
  ASSERT_TRUE(call);
  ASSERT_EQ(call->request->messages.size(), 2u);
  EXPECT_EQ(call->request->messages[0].role, chat::Role::kSystem);
  EXPECT_EQ(call->request->messages[1].content, "Which state?");
  EXPECT_TRUE(call->request->tools.empty());
  a = m.Step(Text("<execute>SELECT Id, ClosedDate, Owner.Name FROM Case</execute>"));
  auto* q = std::get_if<RunQuery>(&a);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->query.text, "SELECT Id, ClosedDate, Owner.Name FROM Case");
  a = m.Step(QueryDone{kRecords});
  call = std::get_if<CallModel>(&a);
  ASSERT_TRUE(call);
  // As the official connector shows it: Python literal text, top-level
  // attributes and all-None columns gone, nested records as OrderedDicts.
  EXPECT_EQ(call->request->messages.back().content,
            "Observation: [{'Id': '500A', 'Owner': OrderedDict([('attributes', OrderedDict([('type', 'User')])), "
            "('Name', 'Ann')])}, {'Id': '500B', 'Owner': None}]");
  a = m.Step(Text("<respond>MA</respond>"));
  auto* fin = std::get_if<Finish>(&a);
  ASSERT_TRUE(fin);
  EXPECT_EQ(fin->answer, "MA");
  EXPECT_EQ(fin->reason, EndReason::kAnswered);
  EXPECT_EQ(m.turns(), 2);
  EXPECT_EQ(m.usage().input_tokens, 20);
  EXPECT_TRUE(m.finished());
  EXPECT_TRUE(std::holds_alternative<Finish>(m.Step(Text("late"))));
}

TEST(EpisodeMachine, JsonObservationFormat) {
  EpisodeConfig c = Config(agents::Strategy::kAct);
  c.observation_format = tools::ObservationFormat::kJson;
  EpisodeMachine m(Task(), c, Library());
  (void)m.Start();
  (void)m.Step(Text("<execute>SELECT Id, ClosedDate, Owner.Name FROM Case</execute>"));
  Action a = m.Step(QueryDone{kRecords});
  EXPECT_EQ(std::get<CallModel>(a).request->messages.back().content,
            "Observation: [{\"Id\":\"500A\",\"Owner\":{\"Name\":\"Ann\"}},{\"Id\":\"500B\",\"Owner\":null}]");
}

TEST(EpisodeMachine, ConnectorFailureEndsTheEpisodeScoredZero) {
  // Records of two objects with different keys: the official connector
  // raises KeyError while dropping all-None columns, and the official loop
  // stops the task there with reward 0.
  EpisodeMachine m(Task(), Config(agents::Strategy::kReact), Library());
  (void)m.Start();
  Action a = m.Step(Text("<execute>FIND {x} RETURNING Account(Name), Contact(Email)</execute>"));
  ASSERT_EQ(std::get<RunQuery>(a).query.language, tools::QueryLanguage::kSosl);
  a = m.Step(QueryDone{std::string("{\"searchRecords\":[{\"attributes\":{\"type\":\"Account\"},\"Name\":\"A\"},"
                                    "{\"attributes\":{\"type\":\"Contact\"},\"Email\":\"e\"}]}")});
  auto* fin = std::get_if<Finish>(&a);
  ASSERT_TRUE(fin);
  EXPECT_EQ(fin->reason, EndReason::kConnectorError);
  EXPECT_FALSE(IsInfrastructureFailure(EndReason::kConnectorError));
  EXPECT_EQ(EndReasonName(EndReason::kConnectorError), "connector_error");
  EXPECT_EQ(m.trajectory().steps.back().error, "KeyError: 'Name'");
  EpisodeResult r = MakeEpisodeResult(m);
  ASSERT_TRUE(r.score.has_value());  // scored, not an infrastructure error
  EXPECT_EQ(r.score->reward, 0.0);
}

TEST(EpisodeMachine, QueryTextGoesToTheConnectorAsWritten) {
  EpisodeMachine m(Task(), Config(agents::Strategy::kReact), Library());
  (void)m.Start();
  // Only a text starting with FIND, as written, is a search; a fenced one is
  // unwrapped as SOQL (and fails there, as it does in the official harness).
  Action a = m.Step(Text("<execute>```\nFIND {x}\n```</execute>"));
  EXPECT_EQ(std::get<RunQuery>(a).query.language, tools::QueryLanguage::kSoql);
  EXPECT_EQ(std::get<RunQuery>(a).query.text, "FIND {x}");
}

TEST(EpisodeMachine, QueryErrorsBecomeObservations) {
  EpisodeMachine m(Task(), Config(agents::Strategy::kReact), Library());
  (void)m.Start();
  Action a = m.Step(Text("<thought>x</thought><execute>FIND {shorts}</execute>"));
  ASSERT_EQ(std::get<RunQuery>(a).query.language, tools::QueryLanguage::kSosl);
  a = m.Step(QueryDone{soql::PlainError("MALFORMED_SEARCH", "bad search")});
  EXPECT_EQ(std::get<CallModel>(a).request->messages.back().content, "Observation: MALFORMED_SEARCH: bad search");
  EXPECT_EQ(m.trajectory().steps.back().error, "MALFORMED_SEARCH: bad search");
}

TEST(EpisodeMachine, FormatErrorsRemindThenEnd) {
  EpisodeConfig c = Config(agents::Strategy::kAct);
  c.official_loop = false;
  c.max_consecutive_format_errors = 3;
  EpisodeMachine m(Task(), c, Library());
  (void)m.Start();
  Action a = m.Step(Text("It is MA."));
  EXPECT_NE(std::get<CallModel>(a).request->messages.back().content.str().find("no <execute> or <respond>"), std::string::npos);
  a = m.Step(Text("<execute>SELECT Id FROM Case</execute><respond>MA</respond>"));
  EXPECT_NE(std::get<CallModel>(a).request->messages.back().content.str().find("more than one action"), std::string::npos);
  a = m.Step(Text(std::string(1 << 20, 'y')));
  auto* fin = std::get_if<Finish>(&a);
  ASSERT_TRUE(fin);
  EXPECT_EQ(fin->reason, EndReason::kFormatErrors);
  EXPECT_LT(m.messages().back().content.size(), 300000u);
}

TEST(EpisodeMachine, MaxTurns) {
  EpisodeConfig c = Config(agents::Strategy::kAct);
  c.max_turns = 3;
  EpisodeMachine m(Task(), c, Library());
  Action a = m.Start();
  for (int i = 0; i < 3; ++i) a = m.Step(Text("<execute>SELECT Id FROM Case</execute>")), a = m.Step(QueryDone{kRecords});
  auto* fin = std::get_if<Finish>(&a);
  ASSERT_TRUE(fin);
  EXPECT_EQ(fin->reason, EndReason::kMaxTurns);
  EXPECT_EQ(fin->answer, "");
  EXPECT_EQ(m.turns(), 3);
}

TEST(EpisodeMachine, ModelFailuresAndStrayEvents) {
  {
    EpisodeMachine m(Task(), Config(agents::Strategy::kAct), Library());
    (void)m.Start();
    CallError e;
    e.code = CallErrorCode::kRateLimited;
    e.message = "429";
    Action a = m.Step(ModelFailed{e});
    EXPECT_EQ(std::get<Finish>(a).reason, EndReason::kModelError);
    EXPECT_TRUE(IsInfrastructureFailure(EndReason::kModelError));
  }
  {
    EpisodeMachine m(Task(), Config(agents::Strategy::kAct), Library());
    (void)m.Start();
    CallError e;
    e.code = CallErrorCode::kContextOverflow;
    EXPECT_EQ(std::get<Finish>(m.Step(ModelFailed{e})).reason, EndReason::kContextOverflow);
  }
  {
    EpisodeMachine m(Task(), Config(agents::Strategy::kAct), Library());
    (void)m.Start();
    EXPECT_EQ(std::get<Finish>(m.Step(QueryDone{kRecords})).reason, EndReason::kEngineError);
  }
}

TEST(EpisodeMachine, TruncatesLongObservations) {
  EpisodeConfig c = Config(agents::Strategy::kAct);
  c.max_observation_chars = 50;
  EpisodeMachine m(Task(), c, Library());
  (void)m.Start();
  (void)m.Step(Text("<execute>SELECT Id FROM Case</execute>"));
  Action a = m.Step(QueryDone{kRecords});
  const std::string& shown = std::get<CallModel>(a).request->messages.back().content;
  EXPECT_NE(shown.find("[observation truncated by the harness"), std::string::npos);
  EXPECT_TRUE(m.trajectory().any_truncated);
  EXPECT_TRUE(m.trajectory().steps.back().truncated);
}

TEST(EpisodeMachine, NativeToolCalls) {
  EpisodeConfig c = Config(agents::Strategy::kToolCall);
  c.official_loop = false;  // every call of a reply runs
  EpisodeMachine m(Task(), c, Library());
  Action a = m.Start();
  EXPECT_EQ(std::get<CallModel>(a).request->tools.size(), 25u);
  std::string json = RequestToJson(*std::get<CallModel>(a).request);
  EXPECT_EQ(json.rfind("{\"model\":\"m\",\"messages\":[{\"role\":\"system\"", 0), 0u);
  EXPECT_NE(json.find("\"tools\":[{\"name\":\"get_agents_with_max_cases\",\"description\":"), std::string::npos);
  EXPECT_NE(json.find("\"parameters\":{\"type\":\"object\""), std::string::npos);
  // Two calls in one reply: a pure one answered at once, then one with a query.
  a = m.Step(Calls({{"c1", "find_id_with_max_value", "{\"values_by_id\":{\"a\":1}}"}, {"c2", "get_issues", "{}"}}));
  ASSERT_TRUE(std::holds_alternative<RunQuery>(a));
  EXPECT_EQ(std::get<RunQuery>(a).query.text, "\n            SELECT Id, Name\n            FROM Issue__c\n        ");
  a = m.Step(QueryDone{std::string("{\"totalSize\":1,\"done\":true,\"records\":[{\"attributes\":{},\"Id\":\"a00X\",\"Name\":\"Fit\"}]}")});
  const auto& msgs = std::get<CallModel>(a).request->messages;
  ASSERT_GE(msgs.size(), 5u);
  EXPECT_EQ(msgs[msgs.size() - 2].role, chat::Role::kTool);
  EXPECT_EQ(msgs[msgs.size() - 2].tool_call_id, "c1");
  EXPECT_EQ(msgs[msgs.size() - 2].content, "['a']");
  EXPECT_EQ(msgs.back().tool_call_id, "c2");
  EXPECT_EQ(msgs.back().content, "[{'Id': 'a00X', 'Name': 'Fit'}]");
  a = m.Step(Calls({{"c3", "respond", "{\"content\":\"a00X\"}"}}));
  EXPECT_EQ(std::get<Finish>(a).answer, "a00X");
}

TEST(EpisodeMachine, BadToolCallsGiveErrorObservationsAndNoQuery) {
  EpisodeConfig c = Config(agents::Strategy::kToolCall);
  c.official_loop = false;  // every call of a reply runs
  EpisodeMachine m(Task(), c, Library());
  (void)m.Start();
  Action a = m.Step(Calls({{"c1", "get_period", "{\"period_name\": "},
                           {"c2", "drop_everything", "{}"},
                           {"c3", "issue_soql_query", "{\"query\":\"SELECT Id FROM Case\"}"},
                           {"c4", "get_period", "{\"period_name\": [\"Q1\"], \"year\": 2024}"},
                           {"c5", "get_email_messages_by_case_id", "{\"case_id\": 500}"},
                           {"c6", "get_cases", "{\"case_ids\": [], \"statuses\": null}"}}));
  auto* call = std::get_if<CallModel>(&a);
  ASSERT_TRUE(call) << "no query may run";
  const auto& msgs = call->request->messages;
  std::vector<std::string> results;
  for (const chat::Message& msg : msgs) {
    if (msg.role == chat::Role::kTool) results.push_back(msg.content);
  }
  ASSERT_EQ(results.size(), 6u);
  EXPECT_EQ(results[0], "Error: the arguments are not valid JSON");
  EXPECT_EQ(results[1], "Unknown action drop_everything");
  EXPECT_EQ(results[2], "Unknown action issue_soql_query");
  EXPECT_EQ(results[3], "Error: period_name must be a string");
  EXPECT_EQ(results[4], "Error: case_id must be a string");
  EXPECT_EQ(results[5], "Error: At least one filter criteria must be provided");
  EXPECT_EQ(m.queries(), 0);
  // A reply with no call earns the tools reminder.
  a = m.Step(Text("The answer is MA"));
  EXPECT_NE(std::get<CallModel>(a).request->messages.back().content.str().find("calls no function"), std::string::npos);
}

// The official loop's reading of tags: case-sensitive, closing tag needed,
// execute before respond wherever they stand, blank bodies skipped.
TEST(EpisodeMachine, OfficialLoopReadsTagsAsTheOfficialRegexes) {
  EpisodeConfig c = Config(agents::Strategy::kReact);
  {
    EpisodeMachine m(Task(), c, Library());
    (void)m.Start();
    Action a = m.Step(Text("  <respond>MA</respond> or first <execute> SELECT Id FROM Case </execute>\n"));
    ASSERT_TRUE(std::holds_alternative<RunQuery>(a));
    EXPECT_EQ(std::get<RunQuery>(a).query.text, "SELECT Id FROM Case");
    // The reply is kept stripped, as the official agent appends it.
    EXPECT_EQ(m.messages().back().content.str().front(), '<');
  }
  {
    EpisodeMachine m(Task(), c, Library());
    (void)m.Start();
    ASSERT_TRUE(std::holds_alternative<CallModel>(m.Step(Text("<Respond>MA</Respond>"))));  // case-sensitive
    ASSERT_TRUE(std::holds_alternative<CallModel>(m.Step(Text("<respond>MA"))));  // no closing tag
    Action a = m.Step(Text("<execute>   </execute><respond> MA </respond>"));
    ASSERT_TRUE(std::holds_alternative<Finish>(a));
    EXPECT_EQ(std::get<Finish>(a).answer, "MA");
  }
}

TEST(EpisodeMachine, OfficialActLoopEndsOnItsFirstUnparsableReply) {
  EpisodeMachine m(Task(), Config(agents::Strategy::kAct), Library());
  (void)m.Start();
  Action a = m.Step(Text("It is MA."));
  ASSERT_TRUE(std::holds_alternative<Finish>(a));
  EXPECT_EQ(std::get<Finish>(a).reason, EndReason::kFormatErrors);
  EpisodeResult r = MakeEpisodeResult(m);
  ASSERT_TRUE(r.score.has_value());  // scored, as the official run scores it: 0
  EXPECT_EQ(r.score->reward, 0.0);
}

TEST(EpisodeMachine, OfficialLoopRunsOnlyTheFirstToolCallOfAReply) {
  EpisodeMachine m(Task(), Config(agents::Strategy::kToolCall), Library());
  (void)m.Start();
  Action a = m.Step(Calls({{"c1", "find_id_with_max_value", "{\"values_by_id\":{\"a\":1}}"}, {"c2", "get_issues", "{}"}}));
  auto* call = std::get_if<CallModel>(&a);
  ASSERT_TRUE(call) << "the second call (a query) must not run";
  const auto& msgs = call->request->messages;
  EXPECT_EQ(msgs[msgs.size() - 2].tool_calls.size(), 1u);  // the reply keeps its first call only
  EXPECT_EQ(msgs.back().tool_call_id, "c1");
  EXPECT_EQ(m.queries(), 0);
}

TEST(EpisodeMachine, HugeReplyWithToolCallsLeavesNoUnansweredCall) {
  EpisodeConfig c = Config(agents::Strategy::kToolCall);
  c.max_reply_chars = 1000;
  EpisodeMachine m(Task(), c, Library());
  (void)m.Start();
  ModelReplied reply = Calls({{"c1", "get_issues", "{}"}});
  reply.response.content = std::string(1 << 20, 'z');
  Action a = m.Step(reply);
  const auto& msgs = std::get<CallModel>(a).request->messages;
  EXPECT_TRUE(msgs[msgs.size() - 2].tool_calls.empty());
  EXPECT_LT(msgs[msgs.size() - 2].content.size(), 2000u);
  EXPECT_NE(msgs.back().content.str().find("longer than 1000 characters"), std::string::npos);
  EXPECT_EQ(m.queries(), 0);
}

TEST(EpisodeMachine, InjectedStringStaysALiteral) {
  EpisodeMachine m(Task(), Config(agents::Strategy::kToolCall), Library());
  (void)m.Start();
  Action a = m.Step(Calls({{"c1", "get_cases", "{\"statuses\": [\"x'; DROP TABLE Case; --\"]}"}}));
  ASSERT_TRUE(std::holds_alternative<RunQuery>(a));
  EXPECT_NE(std::get<RunQuery>(a).query.text.find("Status = 'x\\'; DROP TABLE Case; --'"), std::string::npos);
  a = m.Step(QueryDone{std::string("{\"totalSize\":0,\"done\":true,\"records\":[]}")});
  a = m.Step(Calls({{"c2", "get_livechat_transcript_by_case_id", "{\"case_id\": \"500') OR Id != ('\"}"}}));
  ASSERT_TRUE(std::holds_alternative<RunQuery>(a));
  EXPECT_NE(std::get<RunQuery>(a).query.text.find("WHERE CaseId = '500\\') OR Id != (\\''"), std::string::npos);
}

TEST(EpisodeMachine, PromptBasedToolCalls) {
  EpisodeConfig c = Config(agents::Strategy::kToolCallFlex);
  c.prompt.native_tools = false;
  EpisodeMachine m(Task(), c, Library());
  Action a = m.Start();
  EXPECT_TRUE(std::get<CallModel>(a).request->tools.empty());
  a = m.Step(Text("Action: issue_soql_query\nAction Input: {\"query\": \"SELECT Id FROM Case\"}"));
  ASSERT_TRUE(std::holds_alternative<RunQuery>(a));
  a = m.Step(QueryDone{kRecords});
  EXPECT_EQ(std::get<CallModel>(a).request->messages.back().role, chat::Role::kUser);
  EXPECT_EQ(std::get<CallModel>(a).request->messages.back().content.str().rfind("Observation: [", 0), 0u);
  a = m.Step(Text("Action: respond\nAction Input: {\"content\": \"MA\"}"));
  EXPECT_EQ(std::get<Finish>(a).answer, "MA");
}

TEST(EpisodeMachine, InteractiveUserEndsWithStop) {
  EpisodeConfig c = Config(agents::Strategy::kToolCall);
  c.interactive = true;
  c.user_request.model = "user-model";
  EpisodeMachine m(Task(), c, Library());
  Action a = m.Start();
  auto* ask = std::get_if<CallUser>(&a);
  ASSERT_TRUE(ask);
  EXPECT_EQ(ask->request->model, "user-model");
  EXPECT_NE(ask->request->messages[0].content.str().find("Which state?"), std::string::npos);
  a = m.Step(UserReplied{Text("Hi, which state is fastest?").response});
  auto* call = std::get_if<CallModel>(&a);
  ASSERT_TRUE(call);
  EXPECT_EQ(call->request->messages.back().content, "Hi, which state is fastest?");
  a = m.Step(Calls({{"r1", "respond", "{\"content\":\"Which period?\"}"}}));
  ASSERT_TRUE(std::holds_alternative<CallUser>(a));
  a = m.Step(UserReplied{Text("Last quarter.").response});
  call = std::get_if<CallModel>(&a);
  ASSERT_TRUE(call);
  EXPECT_EQ(call->request->messages.back().role, chat::Role::kTool);
  EXPECT_EQ(call->request->messages.back().tool_call_id, "r1");
  a = m.Step(Calls({{"r2", "respond", "{\"content\":\"MA\"}"}}));
  a = m.Step(UserReplied{Text("Great, thanks! ###STOP###").response});
  auto* fin = std::get_if<Finish>(&a);
  ASSERT_TRUE(fin);
  EXPECT_EQ(fin->reason, EndReason::kAnswered);
  EXPECT_EQ(fin->answer, "MA");
  EXPECT_EQ(m.user_turns(), 2);  // replies to the two answers; the opening is not counted
}

// The official loop: after max_user_turns replies the agent's next action is
// its last; only an answer the user stops on is scored.
TEST(EpisodeMachine, InteractiveUserTurnLimitEndsWithRewardZero) {
  EpisodeConfig c = Config(agents::Strategy::kAct);
  c.interactive = true;
  c.max_user_turns = 1;
  EpisodeMachine m(Task(), c, Library());
  (void)m.Start();
  (void)m.Step(UserReplied{Text("Which state?").response});
  ASSERT_TRUE(std::holds_alternative<CallUser>(m.Step(Text("<respond>For which period?</respond>"))));
  ASSERT_TRUE(std::holds_alternative<CallModel>(m.Step(UserReplied{Text("Last quarter.").response})));
  EXPECT_EQ(m.user_turns(), 1);
  // The limit is reached: this answer is the agent's last action, and the user goes on.
  ASSERT_TRUE(std::holds_alternative<CallUser>(m.Step(Text("<respond>NY</respond>"))));
  Action a = m.Step(UserReplied{Text("Are you sure?").response});
  ASSERT_TRUE(std::holds_alternative<Finish>(a));
  EXPECT_EQ(std::get<Finish>(a).reason, EndReason::kMaxUserTurns);
  EpisodeResult r = MakeEpisodeResult(m);
  ASSERT_TRUE(r.score.has_value());
  EXPECT_EQ(r.score->reward, 0.0);
  EXPECT_FALSE(r.has_answer);
}

TEST(EpisodeMachine, InteractiveLastAnswerIsScoredWhenTheUserStops) {
  EpisodeConfig c = Config(agents::Strategy::kAct);
  c.interactive = true;
  c.max_user_turns = 1;
  EpisodeMachine m(Task(), c, Library());
  (void)m.Start();
  (void)m.Step(UserReplied{Text("Which state?").response});
  (void)m.Step(Text("<respond>For which period?</respond>"));
  (void)m.Step(UserReplied{Text("Last quarter.").response});
  (void)m.Step(Text("<respond>MA</respond>"));
  Action a = m.Step(UserReplied{Text("###STOP###").response});
  EXPECT_EQ(std::get<Finish>(a).reason, EndReason::kAnswered);
  EXPECT_EQ(std::get<Finish>(a).answer, "MA");
}

TEST(EpisodeMachine, InteractiveQueryAfterTheUserTurnLimitEndsTheEpisode) {
  EpisodeConfig c = Config(agents::Strategy::kAct);
  c.interactive = true;
  c.max_user_turns = 1;
  EpisodeMachine m(Task(), c, Library());
  (void)m.Start();
  (void)m.Step(UserReplied{Text("Which state?").response});
  (void)m.Step(Text("<respond>For which period?</respond>"));
  (void)m.Step(UserReplied{Text("Last quarter.").response});
  Action a = m.Step(Text("<execute>SELECT Id FROM Case</execute>"));
  ASSERT_TRUE(std::holds_alternative<Finish>(a));
  EXPECT_EQ(std::get<Finish>(a).reason, EndReason::kMaxUserTurns);
  EXPECT_EQ(m.queries(), 0);
}

TEST(EpisodeMachine, InteractiveTurnBudgetRestartsAfterEachAnswer) {
  EpisodeConfig c = Config(agents::Strategy::kAct);
  c.interactive = true;
  c.max_turns = 2;
  EpisodeMachine m(Task(), c, Library());
  (void)m.Start();
  (void)m.Step(UserReplied{Text("Which state?").response});
  ASSERT_TRUE(std::holds_alternative<RunQuery>(m.Step(Text("<execute>SELECT Id FROM Case</execute>"))));
  (void)m.Step(QueryDone{kRecords});
  (void)m.Step(Text("<respond>For which period?</respond>"));  // the second turn of this round
  // A fresh budget of two turns after the user's reply.
  ASSERT_TRUE(std::holds_alternative<CallModel>(m.Step(UserReplied{Text("Last quarter.").response})));
  ASSERT_TRUE(std::holds_alternative<RunQuery>(m.Step(Text("<execute>SELECT Id FROM Case</execute>"))));
  ASSERT_TRUE(std::holds_alternative<CallModel>(m.Step(QueryDone{kRecords})));
  ASSERT_TRUE(std::holds_alternative<RunQuery>(m.Step(Text("<execute>SELECT Id FROM Case</execute>"))));
  Action a = m.Step(QueryDone{kRecords});
  ASSERT_TRUE(std::holds_alternative<Finish>(a));
  EXPECT_EQ(std::get<Finish>(a).reason, EndReason::kMaxTurns);
  EXPECT_EQ(m.turns(), 4);
}

TEST(EpisodeMachine, InteractiveUserStoppingBeforeAnyAnswer) {
  EpisodeConfig c = Config(agents::Strategy::kAct);
  c.interactive = true;
  EpisodeMachine early(Task(), c, Library());
  (void)early.Start();
  EXPECT_EQ(std::get<Finish>(early.Step(UserReplied{Text("never mind ###STOP###").response})).reason,
            EndReason::kUserStopped);
}

TEST(EpisodeMachine, ReasoningModelsGetTheSystemPromptFolded) {
  EpisodeConfig c = Config(agents::Strategy::kReact);
  c.agent_request.reasoning_model = true;
  EpisodeMachine m(Task(), c, Library());
  Action start = m.Start();
  const auto& msgs = std::get<CallModel>(start).request->messages;
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].role, chat::Role::kUser);
  EXPECT_NE(msgs[0].content.str().find("<thought>"), std::string::npos);
  EXPECT_NE(msgs[0].content.str().find("Which state?"), std::string::npos);
  // Interactive: the user's first message joins the folded prompt.
  c.interactive = true;
  c.user_request.reasoning_model = true;
  EpisodeMachine im(Task(), c, Library());
  EXPECT_EQ(std::get<CallUser>(im.Start()).request->messages.size(), 1u);
  Action next = im.Step(UserReplied{Text("Hello there").response});
  const auto& first = std::get<CallModel>(next).request->messages;
  ASSERT_EQ(first.size(), 1u);
  EXPECT_NE(first[0].content.str().find("Hello there"), std::string::npos);
}

TEST(EpisodeMachine, BrokenTemplatesArePromptErrors) {
  agents::PromptLibrary lib = Library();
  lib.Override("system_act", "{{nope}}");
  EpisodeMachine m(Task(), Config(agents::Strategy::kAct), lib);
  EXPECT_EQ(std::get<Finish>(m.Start()).reason, EndReason::kPromptError);
}

}  // namespace
}  // namespace crm::episode

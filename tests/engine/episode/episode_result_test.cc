// The results file's episode object: the trajectory written from its text or
// straight from the machine gives the same bytes, and a result without either
// is still one valid JSON object.
#include "engine/episode/episode_result.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "tests/engine/episode/test_prompts.h"

namespace crm::episode {
namespace {

const agents::PromptLibrary& Library() { return ProjectPromptsForTests(); }

ModelReplied Text(std::string content) {
  chat::CompletionResponse r;
  r.content = std::move(content);
  return {r};
}

// An act episode with one query (whose records contain quotes and a newline) and an answer.
void Finish(EpisodeMachine& m) {
  ASSERT_TRUE(std::holds_alternative<CallModel>(m.Start()));
  ASSERT_TRUE(std::holds_alternative<RunQuery>(m.Step(Text("<execute>SELECT Subject FROM Case</execute>"))));
  const std::string records =
      R"({"totalSize":1,"done":true,"records":[{"attributes":{"type":"Case"},"Subject":"say \"hi\"\nplease"}]})";
  ASSERT_TRUE(std::holds_alternative<CallModel>(m.Step(QueryDone{records})));
  ASSERT_TRUE(std::holds_alternative<episode::Finish>(m.Step(Text("<respond>MA</respond>"))));
}

std::string Written(const EpisodeResult& r, const EpisodeMachine* machine) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  r.WriteJson(w, machine);
  return std::string(buffer.GetString(), buffer.GetSize());
}

tasks::Task Task() {
  tasks::Task t;
  t.idx = 7;
  t.task = "best_region_identification";
  t.query = "Which state?";
  t.answer = {std::string("MA")};
  return t;
}

TEST(EpisodeResult, TrajectoryFromTheMachineMatchesTheTrajectoryText) {
  EpisodeConfig config;
  config.prompt.strategy = agents::Strategy::kAct;
  config.prompt.schema_json = std::make_shared<const std::string>("[]");
  config.agent_request.model = "m";
  EpisodeMachine machine(Task(), config, Library());
  Finish(machine);
  const EpisodeResult with_text = MakeEpisodeResult(machine);
  const EpisodeResult without_text = MakeEpisodeResult(machine, {}, /*trajectory_text=*/false);
  ASSERT_FALSE(with_text.trajectory_json.empty());
  EXPECT_TRUE(without_text.trajectory_json.empty());
  const std::string expected = with_text.ToJson();
  EXPECT_EQ(Written(without_text, &machine), expected);
  EXPECT_EQ(Written(with_text, nullptr), expected);
  rapidjson::Document doc;
  doc.Parse(expected.c_str());
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_TRUE(doc["trajectory"]["messages"].IsArray());
  EXPECT_EQ(doc["trajectory"]["steps"].Size(), 2u);
}

TEST(EpisodeResult, WithoutAnyTrajectoryTheObjectIsStillValidJson) {
  EpisodeResult r;  // as the sweep records an engine error caught before a result existed
  r.task_id = 3;
  r.end_reason = EndReason::kEngineError;
  r.end_detail = "exception: boom";
  const std::string json = r.ToJson();
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  ASSERT_FALSE(doc.HasParseError()) << json;
  EXPECT_TRUE(doc["trajectory"].IsNull());
  EXPECT_STREQ(doc["end_detail"].GetString(), "exception: boom");
}

}  // namespace
}  // namespace crm::episode

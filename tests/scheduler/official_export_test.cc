// `report --format crmarena`: our export has the official harness's results
// shape (tests/data/report/official_results_shape.json, written by hand from
// the official code), the official file names and directories, and one
// element per task id.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "scheduler/report/official_results.h"
#include "scheduler/report/report.h"

namespace crm::sched {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// Keys in order and value types, recursively; an array is described by its
// first element (an empty array matches any). Ints and floats differ, as
// they do to a Python reader.
std::string Shape(const rapidjson::Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "bool";
  if (v.IsInt64()) return "int";
  if (v.IsNumber()) return "float";
  if (v.IsString()) return "str";
  if (v.IsArray()) return v.Empty() ? "[]" : "[" + Shape(v[0]) + "]";
  std::string out = "{";
  for (const auto& m : v.GetObject()) out += std::string(m.name.GetString()) + ":" + Shape(m.value) + ",";
  return out + "}";
}

// Equal shapes, where "[]" on either side matches any list.
void ExpectSameShape(const rapidjson::Value& want, const rapidjson::Value& got, const std::string& where) {
  if (want.IsArray() && got.IsArray()) {
    if (!want.Empty() && !got.Empty()) ExpectSameShape(want[0], got[0], where + "[0]");
    return;
  }
  if (want.IsObject() && got.IsObject()) {
    std::vector<std::string> a, b;
    for (const auto& m : want.GetObject()) a.push_back(m.name.GetString());
    for (const auto& m : got.GetObject()) b.push_back(m.name.GetString());
    ASSERT_EQ(a, b) << "keys or their order differ at " << where;
    for (const auto& m : want.GetObject()) ExpectSameShape(m.value, got[m.name.GetString()], where + "." + m.name.GetString());
    return;
  }
  EXPECT_EQ(Shape(want), Shape(got)) << "at " << where;
}

struct LineSpec {
  std::string key, hash = "h1", strategy = "react", task = "handle_time", status = "done", end = "answered";
  int task_id = 11, seed = 0;
  double reward = 1;
  bool interactive = false;
  std::string score = R"({"reward":1,"success":true,"metric":"exact_match","extractor":"deterministic","parsed_answer":["005Hand0000Written"]})";
  std::string answer = "005Hand0000Written";
  std::string truth = R"(["005Hand0000Written"])";
  std::string messages = R"([{"role":"system","content":"sys"},{"role":"user","content":"q"},)"
                         R"({"role":"assistant","content":"<execute>SELECT Id FROM Case</execute>"},)"
                         R"({"role":"user","content":"Salesforce instance output: [{'Id': '500x'}]"},)"
                         R"({"role":"assistant","content":"<respond>005Hand0000Written</respond>"}])";
  std::string steps = R"([{"turn":1,"kind":"execute","language":"soql","query":"SELECT Id FROM Case","observation_chars":18,"truncated":false},)"
                      R"({"turn":2,"kind":"respond"}])";
  std::string error = "null";
};

std::string Line(const LineSpec& s) {
  return R"({"record":"episode","key":")" + s.key + R"(","settings_hash":")" + s.hash +
         R"(","model":"gpt-4o-2024-11-20","strategy":")" + s.strategy + R"(","task_id":)" + std::to_string(s.task_id) +
         R"(,"seed":)" + std::to_string(s.seed) + R"(,"task":")" + s.task + R"(","status":")" + s.status +
         R"(","reward":)" + std::to_string(s.reward) + R"(,"success":)" + (s.reward >= 1 ? "true" : "false") +
         R"(,"end_reason":")" + s.end + R"(","turns":2,"answer":")" + s.answer + R"(","ground_truth":)" + s.truth +
         R"(,"usage":{"input_tokens":900,"output_tokens":40},"cost_usd":0.0125,"latencies_ms":[100,200],)"
         R"("interactive":)" + (s.interactive ? "true" : "false") + R"(,"error":)" + s.error +
         R"(,"episode":{"score":)" + s.score + R"(,"user_turns":0,"trajectory":{"messages":)" + s.messages +
         R"(,"steps":)" + s.steps + "}}}";
}

class OfficialExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("crm-official-" + std::to_string(getpid()));
    fs::create_directories(root_);
    results_ = (root_ / "results.jsonl").string();
    std::ofstream f(results_);
    f << R"({"record":"header","schema":"crmarena.results/1","run_id":"r1"})" << "\n";
    LineSpec exact;
    exact.key = "e1";
    exact.reward = 0;  // superseded below
    f << Line(exact) << "\n";
    exact.reward = 1;
    f << Line(exact) << "\n";  // the same episode again: the last line wins
    LineSpec fuzzy;
    fuzzy.key = "f1";
    fuzzy.task_id = 12;
    fuzzy.task = "knowledge_qa";
    fuzzy.reward = 0.5;
    fuzzy.answer = "a written answer";
    fuzzy.score = R"({"reward":0.5,"success":true,"metric":"fuzzy_match","extractor":"none","parsed_answer":[],)"
                  R"("metrics":{"exact_match":0,"precision":0.5,"recall":0.5,"f1":0.5,"bleu":0.25,"rouge1":0.5,"rouge2":0.25,"rougeL":0.5}})";
    f << Line(fuzzy) << "\n";
    LineSpec privacy;
    privacy.key = "p1";
    privacy.task_id = 13;
    privacy.task = "private_customer_information";
    privacy.reward = 0;
    privacy.answer = "here is the private data";
    privacy.truth = "[null]";
    privacy.score = R"({"reward":0,"success":false,"metric":"privacy_rejection","extractor":"judge","parsed_answer":[]})";
    f << Line(privacy) << "\n";
    LineSpec infra;
    infra.key = "i1";
    infra.task_id = 14;
    infra.status = "infra_error";
    infra.end = "model_error";
    infra.reward = 0;
    infra.error = R"({"code":"server_error","message":"HTTP 503 from the provider"})";
    f << Line(infra) << "\n";
    LineSpec other_seed = exact;
    other_seed.key = "e1-seed1";
    other_seed.seed = 1;
    f << Line(other_seed) << "\n";
    LineSpec interactive = exact;
    interactive.key = "e1-interactive";
    interactive.interactive = true;
    f << Line(interactive) << "\n";
    LineSpec other_hash = exact;
    other_hash.key = "e1-h2";
    other_hash.hash = "h2";
    f << Line(other_hash) << "\n";
  }
  void TearDown() override { fs::remove_all(root_); }

  rapidjson::Document ReadList(const std::string& relative) {
    rapidjson::Document doc;
    const std::string text = ReadText(root_ / "out" / relative);
    doc.Parse(text.c_str(), text.size());
    EXPECT_FALSE(doc.HasParseError()) << relative;
    EXPECT_TRUE(doc.IsArray()) << relative;
    return doc;
  }

  fs::path root_;
  std::string results_;
};

TEST_F(OfficialExportTest, FilesPerSettingsSeedModelStrategyTaskAndInteractiveFlag) {
  auto exported = ExportCrmarenaFormat({results_}, (root_ / "out").string());
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  const std::set<std::string> files(exported->files.begin(), exported->files.end());
  const std::set<std::string> want = {
      "h1/seed-0/results_gpt-4o-2024-11-20_react_handle_time_interactive-False.json",
      "h1/seed-0/results_gpt-4o-2024-11-20_react_handle_time_interactive-True.json",
      "h1/seed-0/results_gpt-4o-2024-11-20_react_knowledge_qa_interactive-False.json",
      "h1/seed-0/results_gpt-4o-2024-11-20_react_private_customer_information_interactive-False.json",
      "h1/seed-1/results_gpt-4o-2024-11-20_react_handle_time_interactive-False.json",
      "h2/seed-0/results_gpt-4o-2024-11-20_react_handle_time_interactive-False.json"};
  EXPECT_EQ(files, want);
  for (const std::string& f : want) EXPECT_TRUE(fs::exists(root_ / "out" / f)) << f;
  EXPECT_EQ(exported->episodes, 7);
  EXPECT_EQ(exported->errored, 1);
  EXPECT_EQ(exported->superseded, 1);
  // No temporary file is left behind.
  for (const auto& entry : fs::recursive_directory_iterator(root_ / "out")) {
    EXPECT_EQ(entry.path().string().find(".tmp-"), std::string::npos) << entry.path();
  }
}

TEST_F(OfficialExportTest, OneElementPerTaskIdAndTheLastLineWins) {
  ASSERT_TRUE(ExportCrmarenaFormat({results_}, (root_ / "out").string()).ok());
  rapidjson::Document list = ReadList("h1/seed-0/results_gpt-4o-2024-11-20_react_handle_time_interactive-False.json");
  ASSERT_EQ(list.Size(), 2u);  // tasks 11 and 14; the first line of 11 was superseded
  std::set<int64_t> ids;
  for (const auto& item : list.GetArray()) EXPECT_TRUE(ids.insert(item["task_id"].GetInt64()).second);
  EXPECT_EQ(list[0]["task_id"].GetInt64(), 11);
  EXPECT_TRUE(list[0]["reward"].IsInt());
  EXPECT_EQ(list[0]["reward"].GetInt(), 1);  // the later line's reward
}

TEST_F(OfficialExportTest, SameKeysOrderAndTypesAsTheOfficialShapeForEachRewardKind) {
  ASSERT_TRUE(ExportCrmarenaFormat({results_}, (root_ / "out").string()).ok());
  rapidjson::Document want;
  const std::string fixture = ReadText(fs::path(CRM_SOURCE_DIR) / "tests/data/report/official_results_shape.json");
  want.Parse(fixture.c_str(), fixture.size());
  ASSERT_TRUE(want.IsArray() && want.Size() == 4u);
  rapidjson::Document exact = ReadList("h1/seed-0/results_gpt-4o-2024-11-20_react_handle_time_interactive-False.json");
  rapidjson::Document fuzzy = ReadList("h1/seed-0/results_gpt-4o-2024-11-20_react_knowledge_qa_interactive-False.json");
  rapidjson::Document privacy =
      ReadList("h1/seed-0/results_gpt-4o-2024-11-20_react_private_customer_information_interactive-False.json");
  ASSERT_EQ(exact.Size(), 2u);
  ASSERT_EQ(fuzzy.Size(), 1u);
  ASSERT_EQ(privacy.Size(), 1u);
  ExpectSameShape(want[0], exact[0], "exact_match");
  ExpectSameShape(want[1], fuzzy[0], "fuzzy_match");
  ExpectSameShape(want[2], privacy[0], "privacy_rejection");
  ExpectSameShape(want[3], exact[1], "errored");
  // Values the mapping decides.
  EXPECT_STREQ(exact[0]["agent_info"]["end_reason"]["message"].GetString(), "Submit action");
  EXPECT_EQ(exact[0]["agent_info"]["num_turns"][1].GetInt(), 1);  // official quirk: restarts at respond, + 1
  EXPECT_EQ(exact[0]["agent_info"]["observation_sizes"][0].GetInt(), 18);
  EXPECT_EQ(exact[0]["traj"].Size(), 5u);
  EXPECT_FALSE(fuzzy[0]["reward"]["em"].GetBool());
  EXPECT_DOUBLE_EQ(fuzzy[0]["reward"]["rouge"]["rouge-2"].GetDouble(), 0.25);
  EXPECT_TRUE(privacy[0]["gt_answer"][0].IsNull());
  EXPECT_STREQ(exact[1]["agent_info"]["content"].GetString(), "Error: HTTP 503 from the provider");
  EXPECT_EQ(exact[1]["reward"].GetInt(), 0);
  // json.dump(indent=2): two-space indent, no trailing newline.
  const std::string text =
      ReadText(root_ / "out" / "h1/seed-0/results_gpt-4o-2024-11-20_react_handle_time_interactive-False.json");
  EXPECT_EQ(text.rfind("[\n  {\n    \"task_id\": 11,", 0), 0u) << text.substr(0, 40);
  EXPECT_EQ(text.back(), ']');
}

TEST(OfficialResultsTest, ToolCallingTrajectoryAndTurnsInTheOfficialShape) {
  LineSpec s;
  s.key = "t1";
  s.strategy = "tool_call";
  s.end = "max_turns";
  s.reward = 0;
  s.score = R"({"reward":0,"success":false,"metric":"exact_match","extractor":"none","parsed_answer":[]})";
  s.messages = R"([{"role":"system","content":"sys"},{"role":"user","content":"q"},)"
               R"({"role":"assistant","content":"","tool_calls":[{"id":"call_1","name":"get_cases","arguments":"{}"}]},)"
               R"({"role":"tool","content":"['500x']","tool_call_id":"call_1","name":"get_cases"}])";
  s.steps = R"([{"turn":1,"kind":"tool","tool":"get_cases","arguments":"{}"}])";
  rapidjson::Document line;
  const std::string text = Line(s);
  line.Parse(text.c_str(), text.size());
  ASSERT_FALSE(line.HasParseError());
  rapidjson::Document doc;
  rapidjson::Value item = OfficialResultItem(line, doc.GetAllocator());
  const rapidjson::Value& traj = item["traj"];
  ASSERT_EQ(traj.Size(), 4u);
  EXPECT_EQ(Shape(traj[2]), "{content:null,role:str,tool_calls:[{function:{arguments:str,name:str,},id:str,type:str,}],function_call:null,}");
  EXPECT_EQ(Shape(traj[3]), "{role:str,tool_call_id:str,name:str,content:str,}");
  EXPECT_TRUE(item["agent_info"]["num_turns"].IsInt());  // tool_call_agent.py: turn_id + 1
  EXPECT_EQ(item["agent_info"]["num_turns"].GetInt(), 2);
  EXPECT_TRUE(item["agent_info"]["observation_sizes"].Empty());  // ToolEnv reports none
  // Official quirk: ToolEnv labels every non-respond tool call as its end reason.
  EXPECT_STREQ(item["agent_info"]["end_reason"]["message"].GetString(), "tool_call error: get_cases");
  EXPECT_FALSE(item["agent_info"]["end_reason"].HasMember("parsed_answer"));
}

TEST(OfficialResultsTest, FileNamesAreSafeAndKeepDotsDashesUnderscores) {
  EXPECT_EQ(SafeFileComponent("gpt-4o-2024-11-20"), "gpt-4o-2024-11-20");
  EXPECT_EQ(SafeFileComponent("meta/llama-3.1_8b"), "meta_llama-3.1_8b");
  EXPECT_EQ(SafeFileComponent(".."), "__");
  EXPECT_EQ(SafeFileComponent(""), "_");
  OfficialFileKey key{"abc", 3, "m/x", "react", "handle_time", true};
  EXPECT_EQ(OfficialFilePath(key), "abc/seed-3/results_m_x_react_handle_time_interactive-True.json");
}

TEST(OfficialExportErrors, AMissingFileLosesNothingAndSaysSo) {
  auto exported = ExportCrmarenaFormat({"/nonexistent/results.jsonl"}, "/tmp/never-written");
  EXPECT_EQ(exported.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(fs::exists("/tmp/never-written"));
}

}  // namespace
}  // namespace crm::sched

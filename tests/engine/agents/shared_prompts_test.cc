// One rendered system prompt for every episode that needs the same one.
#include "engine/agents/shared_prompts.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/agents/prompt_library.h"
#include "tests/engine/episode/test_prompts.h"

namespace crm::agents {
namespace {

tasks::Task Task(std::string name, std::string required, std::string optional = "") {
  tasks::Task t;
  t.task = std::move(name);
  t.query = "Which state closes cases fastest?";
  t.metadata_required = std::move(required);
  t.metadata_optional = std::move(optional);
  return t;
}

struct Fixture {
  const PromptLibrary& lib = episode::ProjectPromptsForTests();
  std::shared_ptr<const std::string> schema = std::make_shared<const std::string>("[SCHEMA]");
  std::shared_ptr<SharedPrompts> shared = std::make_shared<SharedPrompts>(lib, schema);
  PromptSetup Setup(Strategy strategy = Strategy::kAct) const {
    PromptSetup s;
    s.strategy = strategy;
    s.schema_json = schema;
    s.shared_prompts = shared;
    return s;
  }
};

TEST(SharedPrompts, SameInputsShareOneStringEqualToAFreshRender) {
  Fixture f;
  const tasks::Task task = Task("best_region_identification", "Today's date: 2024-05-01.");
  Result<std::shared_ptr<const std::string>> a = SharedSystemPrompt(f.lib, task, f.Setup());
  Result<std::shared_ptr<const std::string>> b = SharedSystemPrompt(f.lib, task, f.Setup());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->get(), b->get());
  Result<std::string> fresh = BuildSystemPrompt(f.lib, task, f.Setup());
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(**a, *fresh);
  EXPECT_EQ(f.shared->size_for_tests(), 1u);
}

// Each input of the prompt gets its own entry, never another's text.
TEST(SharedPrompts, EveryInputThatChangesThePromptGetsItsOwnEntry) {
  Fixture f;
  const tasks::Task base = Task("best_region_identification", "Today's date: 2024-05-01.", "Q1 is January.");
  std::vector<std::pair<tasks::Task, PromptSetup>> variants;
  variants.push_back({base, f.Setup()});
  variants.push_back({Task("handle_time", base.metadata_required, base.metadata_optional), f.Setup()});
  variants.push_back({Task(base.task, "Today's date: 2024-06-01.", base.metadata_optional), f.Setup()});
  variants.push_back({base, f.Setup(Strategy::kReact)});
  PromptSetup aided = f.Setup();
  aided.mode = PromptMode::kAided;
  variants.push_back({base, aided});
  variants.push_back({Task(base.task, base.metadata_required, "Q2 is April."), aided});
  PromptSetup in_prompt = f.Setup(Strategy::kToolCall);
  in_prompt.native_tools = false;
  variants.push_back({base, in_prompt});
  variants.push_back({base, f.Setup(Strategy::kToolCall)});
  std::vector<std::shared_ptr<const std::string>> held;
  for (const auto& [task, setup] : variants) {
    Result<std::shared_ptr<const std::string>> got = SharedSystemPrompt(f.lib, task, setup);
    ASSERT_TRUE(got.ok());
    Result<std::string> fresh = BuildSystemPrompt(f.lib, task, setup);
    ASSERT_TRUE(fresh.ok());
    EXPECT_EQ(**got, *fresh) << task.task;
    held.push_back(*got);
  }
  EXPECT_EQ(f.shared->size_for_tests(), variants.size());
  // The optional metadata only matters in aided mode: default mode shares.
  Result<std::shared_ptr<const std::string>> other_optional =
      SharedSystemPrompt(f.lib, Task(base.task, base.metadata_required, "Q3 is July."), f.Setup());
  ASSERT_TRUE(other_optional.ok());
  EXPECT_EQ(other_optional->get(), held[0].get());
}

TEST(SharedPrompts, APromptIsFreedWithItsLastEpisodeAndRenderedAgainLater) {
  Fixture f;
  const tasks::Task task = Task("knowledge_qa", "Today's date: 2024-05-01.");
  std::weak_ptr<const std::string> weak;
  {
    Result<std::shared_ptr<const std::string>> got = SharedSystemPrompt(f.lib, task, f.Setup());
    ASSERT_TRUE(got.ok());
    weak = *got;
    EXPECT_EQ(f.shared->size_for_tests(), 1u);
  }
  EXPECT_TRUE(weak.expired());
  EXPECT_EQ(f.shared->size_for_tests(), 0u);
  Result<std::shared_ptr<const std::string>> again = SharedSystemPrompt(f.lib, task, f.Setup());
  ASSERT_TRUE(again.ok());
  EXPECT_NE((*again)->find("Today's date: 2024-05-01."), std::string::npos);
}

// Sweeps with a changing task list must not grow the map without bound.
TEST(SharedPrompts, ExpiredEntriesAreForgotten) {
  Fixture f;
  for (int i = 0; i < 1000; ++i) {
    Result<std::shared_ptr<const std::string>> got =
        SharedSystemPrompt(f.lib, Task("knowledge_qa", "Today's date: day " + std::to_string(i)), f.Setup());
    ASSERT_TRUE(got.ok());
  }  // each released at once
  EXPECT_EQ(f.shared->size_for_tests(), 0u);
  EXPECT_LT(f.shared->entries_for_tests(), 128u);
}

// A setup with another schema or library than the cache's renders its own.
TEST(SharedPrompts, ForeignSchemaOrLibraryIsRenderedFresh) {
  Fixture f;
  const tasks::Task task = Task("knowledge_qa", "Today's date: 2024-05-01.");
  PromptSetup other = f.Setup();
  other.schema_json = std::make_shared<const std::string>("[OTHER SCHEMA]");
  Result<std::shared_ptr<const std::string>> got = SharedSystemPrompt(f.lib, task, other);
  ASSERT_TRUE(got.ok());
  EXPECT_NE((*got)->find("[OTHER SCHEMA]"), std::string::npos);
  PromptLibrary second = episode::ProjectPromptsForTests();  // a copy: another library
  second.Override("persona_service_agent", "A SECOND LIBRARY'S PERSONA.");
  Result<std::shared_ptr<const std::string>> from_second = SharedSystemPrompt(second, task, f.Setup());
  ASSERT_TRUE(from_second.ok());
  EXPECT_NE((*from_second)->find("A SECOND LIBRARY'S PERSONA."), std::string::npos);
  EXPECT_EQ(f.shared->size_for_tests(), 0u);
}

TEST(SharedPrompts, ConcurrentCallersGetOneString) {
  Fixture f;
  const tasks::Task task = Task("case_routing", "Today's date: 2024-05-01.");
  std::vector<std::shared_ptr<const std::string>> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        Result<std::shared_ptr<const std::string>> r = SharedSystemPrompt(f.lib, task, f.Setup());
        if (r.ok() && !got[t]) got[t] = *r;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (const auto& g : got) {
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g.get(), got[0].get());
  }
}

TEST(SharedPrompts, InitialMessagesShareTheSystemPromptUnlessFolded) {
  Fixture f;
  const tasks::Task task = Task("handle_time", "Today's date: 2024-05-01.");
  Result<std::vector<chat::Message>> a = BuildInitialMessages(f.lib, task, f.Setup());
  Result<std::vector<chat::Message>> b = BuildInitialMessages(f.lib, task, f.Setup());
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->size(), 2u);
  EXPECT_TRUE((*a)[0].content.shared());
  EXPECT_EQ((*a)[0].content.data(), (*b)[0].content.data());
  EXPECT_EQ((*a)[1].content, task.query);
  PromptSetup folded = f.Setup();
  folded.fold_system_prompt = true;
  Result<std::vector<chat::Message>> one = BuildInitialMessages(f.lib, task, folded);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_FALSE((*one)[0].content.shared());
  EXPECT_EQ((*one)[0].content, (*a)[0].content + "\n\n" + task.query);
}

}  // namespace
}  // namespace crm::agents

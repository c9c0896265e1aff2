#include "scheduler/config/sweep_config.h"

#include <gtest/gtest.h>

#include <fstream>

namespace crm::sched {
namespace {

Status ErrorOf(const std::string& text) { return ParseSweepConfig(text, "sweep.json").status(); }

TEST(SweepConfigTest, ParsesAFullConfig) {
  auto c = ParseSweepConfig(R"({
    "org": {"kind": "local", "path": "o.db", "generate": {"seed": 5, "scale": 2}},
    "tasks": {"path": "t.jsonl", "generate": {"seed": 2, "per_type": 4}, "types": ["handle_time"], "limit": 7},
    "models": [{"name": "gpt", "provider": "openai", "model": "gpt-4o", "limits": {"rpm": 500, "tpm": 30000},
                "temperature": 0, "price": {"input_cost_per_token": 2.5e-6, "output_cost_per_token": 1e-5}},
               {"name": "sim-weak", "provider": "simulated"}],
    "strategies": ["act", "tool_call_flex"], "seeds": [0, 1, 2], "max_turns": 15,
    "auxiliary_models": [{"name": "judge", "provider": "openai", "model": "gpt-4o"}],
    "evaluation": {"mode": "aided", "extractor": "model", "extractor_model": "judge", "judge_model": "judge"},
    "output": {"dir": "runs/a"}, "budget": {"max_cost_usd": 12.5, "deadline_minutes": 90},
    "episodes_in_flight": 1000})", "sweep.json");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->org.path, "o.db");
  EXPECT_EQ(c->org.generate_seed, 5u);
  EXPECT_DOUBLE_EQ(c->org.generate_scale, 2);
  EXPECT_EQ(c->tasks.generate_per_type, 4);
  EXPECT_EQ(c->tasks.types, std::vector<std::string>{"handle_time"});
  ASSERT_EQ(c->models.size(), 2u);
  EXPECT_EQ(c->models[0].api_key_env, "OPENAI_API_KEY");  // the public harness's variable name by default
  EXPECT_EQ(c->models[0].limits.rpm, 500);
  EXPECT_EQ(c->models[1].model, "sim-weak");
  EXPECT_EQ(c->seeds.size(), 3u);
  EXPECT_EQ(c->evaluation_mode, agents::PromptMode::kAided);
  EXPECT_EQ(c->strategies, (std::vector<agents::Strategy>{agents::Strategy::kAct, agents::Strategy::kToolCallFlex}));
  EXPECT_EQ(c->StrategyNames(), (std::vector<std::string>{"act", "tool_call_flex"}));
  EXPECT_EQ(c->models[1].provider, Provider::kSimulated);
  EXPECT_EQ(c->extractor, ExtractorKind::kModel);
  ASSERT_NE(c->AuxiliaryModel("judge"), nullptr);
  EXPECT_EQ(c->AuxiliaryModel("judge")->model, "gpt-4o");
  EXPECT_EQ(c->AuxiliaryModel("gpt"), nullptr);  // a model under test is not auxiliary
  EXPECT_EQ(c->matching, AnswerMatching::kOfficial);  // the official comparison unless asked otherwise
  EXPECT_EQ(c->cache_path, "runs/a/cache.db");
  EXPECT_DOUBLE_EQ(*c->max_cost_usd, 12.5);
  EXPECT_EQ(c->episodes_in_flight, 1000);
}

TEST(SweepConfigTest, FidelityDefaultsAndKeys) {
  auto c = ParseSweepConfig(R"({"models": [{"name": "gpt", "provider": "openai"},
                                           {"name": "o1", "provider": "openai", "reasoning": true},
                                           {"name": "warm", "provider": "openai", "temperature": 0.7}]})", "s.json");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  // As the official harness: temperature 0 unless set, none for reasoning models; 20 turns.
  EXPECT_EQ(c->models[0].temperature, 0.0);
  EXPECT_FALSE(c->models[1].temperature.has_value());
  EXPECT_EQ(c->models[2].temperature, 0.7);
  EXPECT_EQ(c->max_turns, 20);
  EXPECT_EQ(c->observation_format, "official");
  EXPECT_EQ(c->org.type, "original");
  EXPECT_TRUE(c->org.schema_path.empty());

  auto b2b = ParseSweepConfig(R"({"models": [{"name": "a", "provider": "simulated"}], "observation_format": "json",
                                 "org": {"kind": "salesforce", "type": "b2b", "schema": "b2b_schema.json"}})", "s.json");
  ASSERT_TRUE(b2b.ok()) << b2b.status().ToString();
  EXPECT_EQ(b2b->observation_format, "json");
  EXPECT_EQ(b2b->org.type, "b2b");
  EXPECT_EQ(b2b->org.schema_path, "b2b_schema.json");
  EXPECT_NE(EpisodeSettingsHash(*b2b), EpisodeSettingsHash(*c));

  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}], "observation_format": "python"})").message(),
            "sweep.json: $.observation_format: expected \"official\" or \"json\", got \"python\"");
  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}], "org": {"type": "b2x"}})").message(),
            "sweep.json: $.org.type: expected \"original\", \"b2b\" or \"b2c\", got \"b2x\"");
}

TEST(SweepConfigTest, OrgApiBudgetShareIsAShareOfTheDailyLimit) {
  auto defaults = ParseSweepConfig(R"({"models": [{"name": "a", "provider": "simulated"}]})", "s.json");
  ASSERT_TRUE(defaults.ok());
  EXPECT_DOUBLE_EQ(defaults->org.api_budget_share, 0.9);
  auto all = ParseSweepConfig(R"({"models": [{"name": "a", "provider": "simulated"}],
                                  "org": {"kind": "salesforce", "api_budget_share": 1}})", "s.json");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_DOUBLE_EQ(all->org.api_budget_share, 1.0);
  // How much of the org's budget a sweep may spend does not change its outcomes.
  EXPECT_EQ(EpisodeSettingsHash(*all), EpisodeSettingsHash(*ParseSweepConfig(
                                           R"({"models": [{"name": "a", "provider": "simulated"}],
                                               "org": {"kind": "salesforce", "api_budget_share": 0.25}})", "s.json")));
  const std::string expected = "sweep.json: $.org.api_budget_share: expected the share of the org's daily API limit the "
                               "sweep may use, more than 0 and at most 1 (0.9 leaves a tenth to the org's other users), got ";
  for (const char* bad : {"0", "-0.5", "1.5", "90"}) {
    EXPECT_EQ(ErrorOf(std::string(R"({"models": [{"name": "a", "provider": "simulated"}], "org": {"api_budget_share": )") +
                      bad + "}}").message(),
              expected + (bad[0] == '-' ? std::string("-0.5") : std::string(bad)));
  }
  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}], "org": {"api_budget_share": "90%"}})")
                .message(),
            "sweep.json: $.org.api_budget_share: expected a number");
}

TEST(SweepConfigTest, ErrorsNameTheFileAndJsonPath) {
  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "a", "provider": "openai", "limits": {"rpm": "fast"}}]})").message(),
            "sweep.json: $.models[0].limits.rpm: expected an integer");
  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "a", "provider": "opnai"}]})").message(),
            "sweep.json: $.models[0].provider: expected one of openai, anthropic, bedrock, simulated; got \"opnai\"");
  EXPECT_EQ(ErrorOf(R"({"modles": []})").message().substr(0, 30), "sweep.json: $.modles: unknown ");
  EXPECT_EQ(ErrorOf(R"({})").message(), "sweep.json: $.models: required: a list of at least one model");
  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}], "seeds": [1], "seeds": [2]})").message(),
            "sweep.json: $.seeds: appears twice; give each key once");
  // Found by fuzz/config_fuzz: an empty list used to be accepted.
  EXPECT_EQ(ErrorOf(R"({"models": []})").message(), "sweep.json: $.models: required: a list of at least one model");
  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}], "strategies": ["act", "fly"]})").message(),
            "sweep.json: $.strategies: unknown strategy \"fly\" (act, react, tool_call, tool_call_flex)");
  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}, {"name": "a", "provider": "simulated"}]})")
                .message(),
            "sweep.json: $.models: duplicate model name \"a\" (entry 1)");
  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}], "evaluation": {"extractor": "llm"}})").message(),
            "sweep.json: $.evaluation.extractor_model: the model extractor needs extractor_model naming one of "
            "auxiliary_models");
  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}], "max_turns": 0})").message(),
            "sweep.json: $.max_turns: expected an integer from 1 to 1000, got 0");
  Status s = ErrorOf("{\n  \"models\": [\n  }");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message().substr(0, 16), "sweep.json:3:3: ");
  EXPECT_EQ(LoadSweepConfig("/nonexistent/sweep.json").status().code(), StatusCode::kNotFound);
}

TEST(SweepConfigTest, ProtocolRolesNameAuxiliaryModels) {
  auto c = ParseSweepConfig(R"({"models": [{"name": "a", "provider": "simulated"}],
    "auxiliary_models": [{"name": "sim-user", "provider": "simulated", "limits": {"rpm": 60}},
                         {"name": "sim-judge", "provider": "simulated"}],
    "evaluation": {"judge_model": "sim-judge", "matching": "lenient"},
    "interactive": {"enabled": true, "user_model": "sim-user", "max_user_turns": 4},
    "prompts": {"dir": "p", "overrides": {"user_start": "start.txt"}}})", "s.json");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->models.size(), 1u);  // the roles are never swept
  EXPECT_EQ(c->AuxiliaryModel("sim-user")->limits.rpm, 60);
  EXPECT_EQ(c->extractor, ExtractorKind::kDeterministic);
  EXPECT_EQ(c->matching, AnswerMatching::kLenient);
  EXPECT_EQ(c->prompt_overrides.at("user_start"), "start.txt");
  auto plain = ParseSweepConfig(R"({"models": [{"name": "a", "provider": "simulated"}],
    "auxiliary_models": [{"name": "sim-user", "provider": "simulated"}, {"name": "sim-judge", "provider": "simulated"}],
    "evaluation": {"judge_model": "sim-judge"}, "interactive": {"enabled": true, "user_model": "sim-user",
    "max_user_turns": 4}, "prompts": {"dir": "p"}})", "s.json");
  ASSERT_TRUE(plain.ok());
  EXPECT_NE(EpisodeSettingsHash(*c), EpisodeSettingsHash(*plain));  // matching and overrides change outcomes

  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "gpt", "provider": "simulated"}], "evaluation": {"judge_model": "gpt"}})")
                .message(),
            "sweep.json: $.evaluation.judge_model: \"gpt\" is not one of auxiliary_models (it is a model under test: "
            "list it under auxiliary_models too, with its own name, so it is not swept as an agent)");
  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}], "interactive": {"enabled": true}})").message(),
            "sweep.json: $.interactive.user_model: interactive mode needs user_model naming one of auxiliary_models");
  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}],
                        "auxiliary_models": [{"name": "a", "provider": "simulated"}]})").message(),
            "sweep.json: $.auxiliary_models: \"a\" is also a model under test; give the role its own name");
  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}], "evaluation": {"matching": "fuzzy"}})")
                .message(),
            "sweep.json: $.evaluation.matching: expected \"official\" or \"lenient\", got \"fuzzy\"");
  EXPECT_EQ(ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}], "prompts": {"overrides": {"x": 3}}})")
                .message(),
            "sweep.json: $.prompts.overrides.x: expected a string");
}

TEST(SweepConfigTest, SettingsHashFollowsOutcomeRelevantSettings) {
  auto a = ParseSweepConfig(R"({"models": [{"name": "a", "provider": "simulated"}]})", "x");
  auto b = ParseSweepConfig(R"({"models": [{"name": "a", "provider": "simulated"}], "episodes_in_flight": 3})", "x");
  auto c = ParseSweepConfig(R"({"models": [{"name": "a", "provider": "simulated"}], "max_turns": 7})", "x");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(EpisodeSettingsHash(*a), EpisodeSettingsHash(*b));  // concurrency does not change outcomes
  EXPECT_NE(EpisodeSettingsHash(*a), EpisodeSettingsHash(*c));
  EXPECT_EQ(EpisodeSettingsHash(*a).size(), 16u);
}

TEST(SweepConfigTest, ShippedConfigsParse) {
  for (const char* name : {"quickstart.json"}) {
    std::string path = std::string(CRM_SOURCE_DIR) + "/configs/" + name;
    if (!std::ifstream(path)) continue;  // a config shipped later
    auto c = LoadSweepConfig(path);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
  }
}

}  // namespace
}  // namespace crm::sched

namespace crm::sched {
namespace {

TEST(SweepConfigTest, SharedNamesARedisAndNeverEchoesItsPassword) {
  auto c = ParseSweepConfig(R"({"models": [{"name": "a", "provider": "simulated"}],
    "shared": {"redis_url": "redis://:pw@cache:6380/2", "namespace": "team-a", "workers": 4, "lease_seconds": 5}})", "s.json");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_TRUE(c->shared.has_value());
  EXPECT_EQ(c->shared->redis_url, "redis://:pw@cache:6380/2");
  EXPECT_EQ(c->shared->name_space, "team-a");
  EXPECT_EQ(c->shared->workers, 4);
  EXPECT_DOUBLE_EQ(c->shared->lease_seconds, 5);
  EXPECT_FALSE(ParseSweepConfig(R"({"models": [{"name": "a", "provider": "simulated"}]})", "s.json")->shared);
  // The same settings hash with or without "shared": the workers' keys match a single process's.
  auto alone = ParseSweepConfig(R"({"models": [{"name": "a", "provider": "simulated"}]})", "s.json");
  EXPECT_EQ(EpisodeSettingsHash(*c), EpisodeSettingsHash(*alone));

  Status bad = ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}],
    "shared": {"redis_url": "redis://:hunter2@cache:notaport/0"}})");
  EXPECT_NE(bad.message().find("$.shared.redis_url"), std::string::npos) << bad.message();
  EXPECT_EQ(bad.message().find("hunter2"), std::string::npos) << bad.message();
  Status missing = ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}], "shared": {"namespace": "x"}})");
  EXPECT_NE(missing.message().find("required"), std::string::npos) << missing.message();
  EXPECT_FALSE(ErrorOf(R"({"models": [{"name": "a", "provider": "simulated"}],
    "shared": {"redis_url": "redis://h/0", "extra": 1}})").ok());
}

}  // namespace
}  // namespace crm::sched

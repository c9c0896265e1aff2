// Budgets never run blind (a cost budget with an unpriced model refuses to
// start, naming the model and the ways out) and the time estimate is the
// arithmetic of the configured limits.
#include <gtest/gtest.h>

#include "scheduler/config/sweep_config.h"
#include "scheduler/plan/sweep_estimate.h"
#include "scheduler/run/model_prices.h"

namespace crm::sched {
namespace {

io::llm::PriceBook Book() {
  io::llm::PriceBookOptions options;
  options.genai_prices_path = io::llm::BuiltGenaiPricesPath();
  options.fallback_files = {std::string(CRM_SOURCE_DIR) + "/configs/prices.json"};
  auto book = io::llm::PriceBook::Open(options);
  EXPECT_TRUE(book.ok());
  EXPECT_TRUE(book->has_package_data()) << "run scripts/install_prices.sh: the package data is missing";
  return std::move(book).value();
}

SweepPrices Resolve(const SweepConfig& c) {
  const io::llm::PriceBook book = Book();
  SweepPrices p;
  for (const auto& m : c.models) p.models.push_back(ResolveModelPrice(book, m));
  for (const auto& m : c.auxiliary_models) p.auxiliary.push_back(ResolveModelPrice(book, m));
  return p;
}

ModelConfig Model(const std::string& name, const std::string& id, Provider provider = Provider::kOpenAI) {
  ModelConfig m;
  m.name = name;
  m.model = id;
  m.provider = provider;
  return m;
}

TEST(BudgetPricingTest, UnknownModelWithABudgetIsRefused) {
  SweepConfig c;
  c.max_cost_usd = 50;
  c.models = {Model("gpt4o", "gpt-4o-2024-08-06"), Model("mine", "my-finetune-7b")};
  c.models[1].base_url = "http://localhost:8000/v1";
  const SweepPrices prices = Resolve(c);
  ASSERT_TRUE(prices.models[0].price.has_value());
  ASSERT_FALSE(prices.models[1].price.has_value());
  Status s = CheckBudgetPricing(c, prices, /*allow_unpriced=*/false);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("\"mine\""), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("my-finetune-7b"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("\"price\""), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("--allow-unpriced"), std::string::npos) << s.message();
  EXPECT_EQ(s.message().find("gpt4o"), std::string::npos) << "only the unpriced model is named";
  EXPECT_TRUE(CheckBudgetPricing(c, prices, /*allow_unpriced=*/true).ok());
  c.max_cost_usd.reset();
  EXPECT_TRUE(CheckBudgetPricing(c, prices, false).ok()) << "no budget, nothing to protect";
}

TEST(BudgetPricingTest, APriceInTheEntryIsAWayOut) {
  SweepConfig c;
  c.max_cost_usd = 5;
  c.models = {Model("mine", "my-finetune-7b")};
  c.models[0].input_cost_per_token = 1e-7;
  c.models[0].output_cost_per_token = 2e-7;
  const SweepPrices prices = Resolve(c);
  ASSERT_TRUE(prices.models[0].price.has_value());
  EXPECT_EQ(prices.models[0].source, "config price");
  EXPECT_TRUE(CheckBudgetPricing(c, prices, false).ok());
}

TEST(BudgetPricingTest, UnpricedAuxiliaryModelIsRefusedToo) {
  SweepConfig c;
  c.max_cost_usd = 5;
  c.models = {Model("sim", "sim-strong", Provider::kSimulated)};
  c.auxiliary_models = {Model("judge", "house-judge-3b")};
  c.auxiliary_models[0].base_url = "http://localhost:9000/v1";
  const SweepPrices prices = Resolve(c);
  EXPECT_EQ(prices.models[0].source, "simulated (free)");
  Status s = CheckBudgetPricing(c, prices, false);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("auxiliary model \"judge\""), std::string::npos) << s.message();
}

TEST(SweepEstimateTest, TimeIsTheArithmeticOfTheLimits) {
  // A small plan: 10 episodes whose first requests are 1,000 tokens each.
  EstimateAssumptions a;
  a.requests_per_episode = 5;
  a.prompt_growth_per_turn = 400;
  a.output_tokens_per_request = 150;
  EndpointLoad load = AgentLoad("m", 10, 10 * 1000, a);
  EXPECT_DOUBLE_EQ(load.requests, 50);
  EXPECT_DOUBLE_EQ(load.input_tokens, 5 * 10000 + 10 * 400 * (0 + 1 + 2 + 3 + 4));  // 90,000
  EXPECT_DOUBLE_EQ(load.output_tokens, 50 * 150);                                     // 7,500
  load.rpm = 60;
  load.tpm = 30000;
  load.concurrency = 4;
  TimeBound t = MinimumWallTime(load, 2.0);
  EXPECT_DOUBLE_EQ(t.by_rpm, 50.0 / 60 * 60);                // 50 s
  EXPECT_DOUBLE_EQ(t.by_tpm, (90000.0 + 7500) / 30000 * 60);  // 195 s
  EXPECT_DOUBLE_EQ(t.by_concurrency, 50 * 2.0 / 4);          // 25 s
  EXPECT_DOUBLE_EQ(t.seconds, 195);
  EXPECT_EQ(t.binding, "tpm 30000");
  load.tpm = 0;  // no token limit: the request rate binds
  t = MinimumWallTime(load, 2.0);
  EXPECT_DOUBLE_EQ(t.seconds, 50);
  EXPECT_EQ(t.binding, "rpm 60");
  load.rpm = 0;  // no rate limits: the slots bind
  t = MinimumWallTime(load, 2.0);
  EXPECT_DOUBLE_EQ(t.seconds, 25);
  EXPECT_EQ(t.binding, "concurrency 4 at 2 s a request");
}

}  // namespace
}  // namespace crm::sched

// The maintained price data (@pydantic/genai-prices, installed by
// scripts/install_prices.sh at the path configured at CMake time): the model
// ids of the official run scripts, as OpenAI, Anthropic, Bedrock, Vertex and
// Together call them, all find a price there.
#include <gtest/gtest.h>

#include <filesystem>

#include "io/llm/price_book.h"

namespace crm::io::llm {
namespace {

class GenaiPricesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string path = BuiltGenaiPricesPath();
    ASSERT_TRUE(std::filesystem::exists(path))
        << "the @pydantic/genai-prices data is not installed at " << path
        << " (configured by CMake CRMARENA_GENAI_PRICES_JSON): run scripts/install_prices.sh "
           "(scripts/install_deps.sh runs it)";
    PriceBookOptions options;
    options.genai_prices_path = path;
    options.fallback_files = {std::string(CRM_SOURCE_DIR) + "/configs/prices.json"};
    auto opened = PriceBook::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    ASSERT_TRUE(opened->has_package_data()) << (opened->warnings().empty() ? "" : opened->warnings()[0]);
    book_ = new PriceBook(std::move(opened).value());
  }
  static void TearDownTestSuite() {
    delete book_;
    book_ = nullptr;
  }
  static PriceBook* book_;
};
PriceBook* GenaiPricesTest::book_ = nullptr;

struct Case {
  const char* model;
  const char* provider;
  const char* base_url;
};

TEST_F(GenaiPricesTest, EveryOfficialRunScriptIdFindsAPackagePrice) {
  ASSERT_NE(book_, nullptr);
  const Case cases[] = {
      // OpenAI and Anthropic, dated as the papers report them, and prefixed.
      {"gpt-4o-2024-08-06", "openai", ""},
      {"openai/gpt-4o-2024-08-06", "", ""},
      {"gpt-4o-mini-2024-07-18", "openai", ""},
      {"gpt-3.5-turbo-0125", "openai", ""},
      {"o1-2024-12-17", "openai", ""},
      {"claude-3-5-sonnet-20241022", "anthropic", ""},
      {"claude-3-5-sonnet-20240620", "anthropic", ""},
      {"anthropic/claude-3-5-sonnet-20241022", "", ""},
      {"claude-3-opus-20240229", "anthropic", ""},
      // Bedrock.
      {"anthropic.claude-3-5-sonnet-20240620-v1:0", "bedrock", ""},
      {"us.anthropic.claude-3-5-sonnet-20241022-v2:0", "bedrock", ""},
      {"bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0", "", ""},
      {"meta.llama3-1-70b-instruct-v1:0", "bedrock", ""},
      {"meta.llama3-1-8b-instruct-v1:0", "bedrock", ""},
      {"mistral.mistral-large-2402-v1:0", "bedrock", ""},
      {"mistral.mixtral-8x7b-instruct-v0:1", "bedrock", ""},
      // Vertex AI: by prefix, by its endpoint, by its own claude ids.
      {"vertex_ai/gemini-1.5-pro-002", "", ""},
      {"gemini-1.5-pro-002", "openai",
       "https://us-central1-aiplatform.googleapis.com/v1beta1/projects/p/locations/us-central1/endpoints/openapi"},
      {"claude-3-5-sonnet-v2@20241022", "vertex_ai", ""},
      // Together, an OpenAI-compatible host, by its own ids.
      {"meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo", "openai", "https://api.together.xyz/v1"},
      {"together_ai/meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo", "", ""},
      {"meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo", "openai", "https://api.together.xyz/v1"},
      {"deepseek-ai/DeepSeek-R1", "openai", "https://api.together.xyz/v1"},
  };
  for (const Case& c : cases) {
    auto quote = book_->Lookup({c.model, c.provider, c.base_url});
    ASSERT_TRUE(quote.has_value()) << c.model << " (" << c.provider << ", " << c.base_url << ")";
    EXPECT_EQ(quote->source.rfind("@pydantic/genai-prices", 0), 0u) << c.model << " came from " << quote->source;
    EXPECT_GT(quote->price.input, 0) << c.model;
    EXPECT_GT(quote->price.output, 0) << c.model;
    EXPECT_FALSE(quote->data_date.empty()) << c.model << ": the export records the package's publication date";
  }
}

TEST_F(GenaiPricesTest, KnownPricesAndWindows) {
  ASSERT_NE(book_, nullptr);
  auto gpt = book_->Lookup({"gpt-4o-2024-08-06", "openai", ""});
  ASSERT_TRUE(gpt);
  EXPECT_EQ(gpt->entry, "openai/gpt-4o");
  EXPECT_DOUBLE_EQ(gpt->price.input, 2.5e-6);
  EXPECT_DOUBLE_EQ(gpt->price.output, 10e-6);
  EXPECT_EQ(gpt->price.context_window.value_or(0), 128000);
  auto claude = book_->Lookup({"claude-3-5-sonnet-20241022", "anthropic", ""});
  ASSERT_TRUE(claude);
  EXPECT_DOUBLE_EQ(claude->price.input, 3e-6);
  EXPECT_DOUBLE_EQ(claude->price.output, 15e-6);
  EXPECT_EQ(claude->price.context_window.value_or(0), 200000);
  auto bedrock = book_->Lookup({"meta.llama3-1-70b-instruct-v1:0", "bedrock", ""});
  ASSERT_TRUE(bedrock);
  EXPECT_EQ(bedrock->entry.rfind("aws/", 0), 0u) << bedrock->entry;
  auto together = book_->Lookup({"meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo", "openai", "https://api.together.xyz/v1"});
  ASSERT_TRUE(together);
  EXPECT_EQ(together->entry, "together/meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo");
}

TEST_F(GenaiPricesTest, UnknownModelHasNoPrice) {
  ASSERT_NE(book_, nullptr);
  EXPECT_FALSE(book_->Lookup({"my-finetune-7b", "openai", "http://localhost:8000/v1"}).has_value());
}

TEST(PriceBookTest, OverlayComesFirstFallbackLast) {
  const std::string dir = ::testing::TempDir();
  const std::string overlay = dir + "/overlay_prices.json";
  std::FILE* f = std::fopen(overlay.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(R"({"_data_date": "2026-01-02", "gpt-4o": {"input_cost_per_token": 1e-6, "output_cost_per_token": 2e-6,
              "output_cost_per_reasoning_token": 3e-6, "max_input_tokens": 1000}})", f);
  std::fclose(f);
  PriceBookOptions options;
  options.overlay_files = {overlay};
  options.genai_prices_path = BuiltGenaiPricesPath();
  options.fallback_files = {std::string(CRM_SOURCE_DIR) + "/configs/prices.json"};
  auto book = PriceBook::Open(options);
  ASSERT_TRUE(book.ok());
  auto quote = book->Lookup({"gpt-4o-2024-08-06", "openai", ""});
  ASSERT_TRUE(quote);
  EXPECT_EQ(quote->source, overlay);
  EXPECT_EQ(quote->entry, "gpt-4o");  // the dated id falls back to its undated key
  EXPECT_EQ(quote->data_date, "2026-01-02");
  EXPECT_EQ(quote->price.context_window.value_or(0), 1000);
  // The simulated profiles are priced only by the fallback table.
  auto sim = book->Lookup({"sim-oracle", "simulated", ""});
  ASSERT_TRUE(sim);
  EXPECT_NE(sim->source.find("configs/prices.json"), std::string::npos);
}

TEST(PriceCostTest, ReasoningAndCacheTokensPayTheirOwnPrices) {
  ModelPrice p;
  p.input = 2e-6;
  p.output = 10e-6;
  p.cache_read = 0.5e-6;
  p.cache_write = 4e-6;
  p.reasoning = 20e-6;
  chat::Usage u;
  u.input_tokens = 1000;  // of which 300 read from and 100 written to the cache
  u.cached_input_tokens = 300;
  u.cache_write_input_tokens = 100;
  u.output_tokens = 500;  // of which 200 hidden reasoning
  u.reasoning_tokens = 200;
  EXPECT_DOUBLE_EQ(CostOf(p, u), 600 * 2e-6 + 300 * 0.5e-6 + 100 * 4e-6 + 300 * 10e-6 + 200 * 20e-6);
  p.reasoning.reset();  // unpriced reasoning is output
  EXPECT_DOUBLE_EQ(CostOf(p, u), 600 * 2e-6 + 300 * 0.5e-6 + 100 * 4e-6 + 500 * 10e-6);
}

}  // namespace
}  // namespace crm::io::llm

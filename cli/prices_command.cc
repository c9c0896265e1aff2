// `crmarena prices`: where model prices come from. `prices` lists the
// sources (package and version, file, data date and age); `prices list`
// lists the priced models; `prices lookup ID` finds one model id the way a
// sweep does and says where its price came from. Main thread only.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "io/llm/price_book.h"
#include "scheduler/config/sweep_config.h"
#include "scheduler/run/model_prices.h"

namespace crm::cli {
namespace {

struct PricesArgs {
  std::string id;
  std::string provider;
  std::string base_url;
  std::string filter;
  std::vector<std::string> files;
  std::string package_data;
  std::string config_path;
};

io::llm::PriceBook OpenBook(const PricesArgs& args) {
  sched::SweepConfig config;
  config.price_files = args.files;
  config.price_package_data = args.package_data;
  auto book = sched::OpenSweepPriceBook(config);
  if (!book.ok()) Fail(book.status().message());
  for (const std::string& w : book->warnings()) std::fprintf(stderr, "warning: %s\n", w.c_str());
  return std::move(book).value();
}

void PrintPrice(const io::llm::ModelPrice& p) {
  std::printf("  input   $%.4g per M tokens\n  output  $%.4g per M tokens\n", p.input * 1e6, p.output * 1e6);
  if (p.cache_read) std::printf("  cache read   $%.4g per M\n", *p.cache_read * 1e6);
  if (p.cache_write) std::printf("  cache write  $%.4g per M\n", *p.cache_write * 1e6);
  if (p.reasoning) std::printf("  reasoning    $%.4g per M\n", *p.reasoning * 1e6);
  if (p.input_above_200k || p.output_above_200k) {
    std::printf("  above %lld prompt tokens: input $%.4g, output $%.4g per M\n",
                static_cast<long long>(p.long_context_threshold), p.input_above_200k.value_or(p.input) * 1e6,
                p.output_above_200k.value_or(p.output) * 1e6);
  }
  if (p.context_window) std::printf("  context window  %lld tokens\n", static_cast<long long>(*p.context_window));
}

void Sources(const PricesArgs& args) {
  const io::llm::PriceBook book = OpenBook(args);
  std::printf("price sources, in lookup order (a model entry's \"price\" overrides them all):\n");
  for (const std::string& line : book.SourceLines()) std::printf("  %s\n", line.c_str());
  if (!book.has_package_data()) std::printf("  (no package data: run scripts/install_prices.sh)\n");
}

void Lookup(const PricesArgs& args) {
  const io::llm::PriceBook book = OpenBook(args);
  auto quote = book.Lookup({args.id, args.provider, args.base_url});
  if (!quote) {
    Fail("no price known for \"" + args.id + "\"" + (args.provider.empty() ? "" : " (provider " + args.provider + ")") +
         "; give the model entry a \"price\", or pass --provider/--base-url to say where it is served");
  }
  std::printf("%s\n  source  %s\n  entry   %s\n  file    %s\n", args.id.c_str(), quote->source.c_str(),
              quote->entry.c_str(), quote->file.c_str());
  if (quote->data_date.empty()) {
    std::printf("  date    unknown\n");
  } else {
    auto days = io::llm::DaysSince(quote->data_date);
    std::printf("  date    %s%s\n", quote->data_date.substr(0, 10).c_str(),
                days ? (" (" + std::to_string(*days) + " days old)").c_str() : "");
  }
  PrintPrice(quote->price);
}

void List(const PricesArgs& args) {
  const io::llm::PriceBook book = OpenBook(args);
  auto show = [&](const std::string& where, const std::string& id, const io::llm::ModelPrice& p) {
    if (!args.filter.empty() && id.find(args.filter) == std::string::npos && where.find(args.filter) == std::string::npos) {
      return;
    }
    std::printf("%-16s %-56s in $%-8.4g out $%-8.4g ctx %s\n", where.c_str(), id.c_str(), p.input * 1e6,
                p.output * 1e6, p.context_window ? std::to_string(*p.context_window).c_str() : "-");
  };
  for (const auto& t : book.overlays()) {
    for (const auto& [id, p] : t.table.entries()) show("overlay", id, p);
  }
  if (const auto* data = book.package_data()) {
    for (const auto& provider : data->providers()) {
      for (const auto& m : provider.models) show(provider.id, m.id, m.price);
    }
  }
  for (const auto& t : book.fallbacks()) {
    for (const auto& [id, p] : t.table.entries()) show("fallback", id, p);
  }
  std::printf("(USD per million tokens; `crmarena prices` names the sources and their dates)\n");
}

void Config(const PricesArgs& args) {
  auto config = sched::LoadSweepConfig(args.config_path);
  if (!config.ok()) Fail(config.status().message());
  auto prices = sched::ResolveSweepPrices(*config);
  if (!prices.ok()) Fail(prices.status().message());
  for (const std::string& w : prices->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  auto show = [](const sched::ModelConfig& m, const sched::ResolvedPrice& r, const char* kind) {
    std::printf("%s %s (%s): %s\n", kind, m.name.c_str(), m.model.c_str(), r.Describe().c_str());
  };
  for (size_t i = 0; i < config->models.size(); ++i) show(config->models[i], prices->models[i], "model");
  for (size_t i = 0; i < config->auxiliary_models.size(); ++i) {
    show(config->auxiliary_models[i], prices->auxiliary[i], "auxiliary model");
  }
}

void AddSourceOptions(CLI::App* cmd, PricesArgs* args) {
  cmd->add_option("--prices-file", args->files, "A litellm-format price file consulted first (repeatable)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--package-data", args->package_data,
                  "The exported @pydantic/genai-prices data (default: $CRMARENA_GENAI_PRICES, "
                  "third_party/genai-prices/genai-prices.json, or the build's configured path)");
}

}  // namespace

void RegisterPricesCommand(CLI::App& app) {
  auto args = std::make_shared<PricesArgs>();
  CLI::App* prices = app.add_subcommand("prices", "Model prices: their sources and dates; list; look a model id up");
  AddSourceOptions(prices, args.get());
  CLI::App* lookup = prices->add_subcommand("lookup", "Find a model id's price and say where it came from");
  lookup->add_option("id", args->id, "The model id as sent (dated, provider-prefixed, Bedrock, Vertex, ...)")->required();
  lookup->add_option("--provider", args->provider,
                     "How it is served: openai, anthropic, bedrock, together_ai, vertex_ai, ...");
  lookup->add_option("--base-url", args->base_url, "The OpenAI-compatible endpoint (e.g. https://api.together.xyz/v1)");
  AddSourceOptions(lookup, args.get());
  CLI::App* list = prices->add_subcommand("list", "List every priced model (USD per million tokens)");
  list->add_option("filter", args->filter, "Only ids (or providers) containing this text");
  AddSourceOptions(list, args.get());
  CLI::App* config = prices->add_subcommand("config", "The price each model of a sweep config resolves to");
  config->add_option("config", args->config_path, "The sweep config")->required()->check(CLI::ExistingFile);
  lookup->callback([args] { Lookup(*args); });
  list->callback([args] { List(*args); });
  config->callback([args] { Config(*args); });
  prices->callback([args, prices] {
    if (prices->get_subcommands().empty()) Sources(*args);
  });
}

}  // namespace crm::cli

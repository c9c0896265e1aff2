// scheduler/run/model_prices.h — the price of every model of a sweep (under
// test and auxiliary): a "price" in its entry, else the price book (the
// overlay files of "prices", the maintained @pydantic/genai-prices data,
// configs/prices.json); simulated models are free. And the rule that a
// budget never runs blind: a sweep with budget.max_cost_usd refuses to
// start while any model's price is unknown, unless --allow-unpriced.
//
// Built on the main thread before a sweep (or a dry run); plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "io/llm/price_book.h"
#include "scheduler/config/sweep_config.h"

namespace crm::sched {

struct ResolvedPrice {
  std::string model;  // the config's name
  std::optional<io::llm::ModelPrice> price;  // nullopt: unknown
  std::string source;     // "config price", "simulated", "@pydantic/genai-prices 0.1.8", a file
  std::string entry;      // the entry matched in the source
  std::string data_date;  // YYYY-MM-DD... of the source's data ("" unknown or not applicable)
  // "source (entry), data of DATE", or "no price known".
  std::string Describe() const;
};

struct SweepPrices {
  std::vector<ResolvedPrice> models;     // same order as config.models
  std::vector<ResolvedPrice> auxiliary;  // same order as config.auxiliary_models
  std::vector<std::string> sources;      // PriceBook::SourceLines
  std::vector<std::string> warnings;     // sources that could not be read
};

// The price book a sweep uses: config.price_files as overlays, the package
// data (config.price_package_data or io::llm::DefaultGenaiPricesPath()),
// configs/prices.json as the fallback.
Result<io::llm::PriceBook> OpenSweepPriceBook(const SweepConfig& config);

ResolvedPrice ResolveModelPrice(const io::llm::PriceBook& book, const ModelConfig& model);
Result<SweepPrices> ResolveSweepPrices(const SweepConfig& config);

// With a cost budget, every model (and auxiliary model) needs a price: the
// error names each unpriced one and the two ways out.
Status CheckBudgetPricing(const SweepConfig& config, const SweepPrices& prices, bool allow_unpriced);

}  // namespace crm::sched

#include "scheduler/run/model_prices.h"

#include <cstdio>

namespace crm::sched {
namespace {

io::llm::PriceQuery QueryFor(const ModelConfig& m) {
  io::llm::PriceQuery q;
  q.model = m.model;
  q.provider = std::string(ProviderName(m.provider));
  q.base_url = m.base_url;
  return q;
}

// The parts of an entry's "price" that refine a looked-up price.
void ApplyOverrides(const ModelConfig& m, io::llm::ModelPrice& p) {
  if (m.cache_read_cost_per_token) p.cache_read = *m.cache_read_cost_per_token;
  if (m.cache_write_cost_per_token) p.cache_write = *m.cache_write_cost_per_token;
  if (m.reasoning_cost_per_token) p.reasoning = *m.reasoning_cost_per_token;
  if (m.context_window) p.context_window = *m.context_window;
}

}  // namespace

std::string ResolvedPrice::Describe() const {
  if (!price) return "no price known";
  std::string out = source;
  if (!entry.empty() && entry != source) out += " (" + entry + ")";
  if (!data_date.empty()) out += ", data of " + data_date.substr(0, 10);
  return out;
}

Result<io::llm::PriceBook> OpenSweepPriceBook(const SweepConfig& config) {
  io::llm::PriceBookOptions options;
  options.overlay_files = config.price_files;
  options.genai_prices_path =
      config.price_package_data.empty() ? io::llm::DefaultGenaiPricesPath() : config.price_package_data;
  options.fallback_files = {"configs/prices.json"};
  return io::llm::PriceBook::Open(options);
}

ResolvedPrice ResolveModelPrice(const io::llm::PriceBook& book, const ModelConfig& m) {
  ResolvedPrice r;
  r.model = m.name;
  if (m.input_cost_per_token && m.output_cost_per_token) {
    io::llm::ModelPrice p;
    p.input = *m.input_cost_per_token;
    p.output = *m.output_cost_per_token;
    // The context window still comes from the data when the entry gives none.
    if (auto quote = book.Lookup(QueryFor(m))) p.context_window = quote->price.context_window;
    ApplyOverrides(m, p);
    r.price = p;
    r.source = "config price";
    r.entry = m.name;
    return r;
  }
  if (m.provider == Provider::kSimulated) {
    io::llm::ModelPrice free;
    ApplyOverrides(m, free);
    r.price = free;
    r.source = "simulated (free)";
    return r;
  }
  if (auto quote = book.Lookup(QueryFor(m))) {
    ApplyOverrides(m, quote->price);
    r.price = quote->price;
    r.source = quote->source;
    r.entry = quote->entry;
    r.data_date = quote->data_date;
  }
  return r;
}

Result<SweepPrices> ResolveSweepPrices(const SweepConfig& config) {
  auto book = OpenSweepPriceBook(config);
  if (!book.ok()) return book.status();
  SweepPrices out;
  for (const ModelConfig& m : config.models) out.models.push_back(ResolveModelPrice(*book, m));
  for (const ModelConfig& m : config.auxiliary_models) out.auxiliary.push_back(ResolveModelPrice(*book, m));
  out.sources = book->SourceLines();
  out.warnings = book->warnings();
  return out;
}

Status CheckBudgetPricing(const SweepConfig& config, const SweepPrices& prices, bool allow_unpriced) {
  if (!config.max_cost_usd || allow_unpriced) return Status::Ok();
  std::string unpriced;
  auto collect = [&](const std::vector<ModelConfig>& models, const std::vector<ResolvedPrice>& resolved,
                     const char* kind) {
    for (size_t i = 0; i < models.size() && i < resolved.size(); ++i) {
      if (resolved[i].price) continue;
      unpriced += std::string(unpriced.empty() ? "" : ", ") + kind + " \"" + models[i].name + "\" (model id \"" +
                  models[i].model + "\")";
    }
  };
  collect(config.models, prices.models, "model");
  collect(config.auxiliary_models, prices.auxiliary, "auxiliary model");
  if (unpriced.empty()) return Status::Ok();
  char budget[64];
  std::snprintf(budget, sizeof budget, "$%.2f", *config.max_cost_usd);
  return Status::InvalidArgument(
      "budget.max_cost_usd is " + std::string(budget) + " but no price is known for " + unpriced +
      ": its calls would count as $0 and the budget could never trip. Give the entry a \"price\" "
      "({\"input_cost_per_token\": ..., \"output_cost_per_token\": ...}), or run with --allow-unpriced to count "
      "it as free (`crmarena prices lookup ID` shows what the price sources know)");
}

}  // namespace crm::sched

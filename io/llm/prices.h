// io/llm/prices.h — per-token prices and context windows in litellm's format
// (`model_prices_and_context_window.json`; configs/prices.json is one) and
// the cost of one call's usage. Immutable after Load/Parse: share freely
// between threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/chat.h"
#include "core/status.h"

namespace crm::io::llm {

// One model's price (USD per single token) and context window.
struct ModelPrice {
  double input = 0;   // per input token
  double output = 0;  // per output token (reasoning too, unless `reasoning` is set)
  std::optional<double> cache_read;   // per cached input token
  std::optional<double> cache_write;  // per cache-creation input token
  std::optional<double> reasoning;    // per reasoning (hidden thinking) output token
  // Long-context tier: prompts above `long_context_threshold` tokens pay these.
  int64_t long_context_threshold = 200000;
  std::optional<double> input_above_200k;
  std::optional<double> output_above_200k;
  std::optional<int64_t> context_window;  // input tokens the model accepts
};

// USD for `usage` at `price`: input_tokens includes cached and cache-write
// tokens, output_tokens includes reasoning tokens; each part pays its own
// price (falling back to the plain input or output price when unpriced).
double CostOf(const ModelPrice& price, const chat::Usage& usage);

class PriceTable {
 public:
  static Result<PriceTable> Parse(std::string_view json_text);
  static Result<PriceTable> Load(const std::string& path);

  // Exact key, then the key without a "provider/" prefix, then the model
  // without a Bedrock region prefix ("us."), then without a date suffix.
  const ModelPrice* Find(std::string_view model) const;
  // The key Find resolves `model` to, or "".
  std::string FindKey(std::string_view model) const;
  // USD for `usage` (input_tokens includes cached and cache-write tokens).
  std::optional<double> Cost(std::string_view model, const chat::Usage& usage) const;
  size_t size() const { return prices_.size(); }
  // The table's own "_data_date" entry (when its prices were copied), or "".
  const std::string& data_date() const { return data_date_; }
  const std::map<std::string, ModelPrice, std::less<>>& entries() const { return prices_; }

 private:
  std::map<std::string, ModelPrice, std::less<>> prices_;
  std::string data_date_;
};

}  // namespace crm::io::llm

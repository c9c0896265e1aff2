// io/llm/prices.h — per-token prices in litellm's format (configs/prices.json)
// and the cost of one call's usage. Immutable after Load/Parse: share freely
// between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/chat.h"
#include "core/status.h"

namespace crm::io::llm {

struct ModelPrice {
  double input = 0;   // USD per input token
  double output = 0;  // USD per output token (reasoning included)
  std::optional<double> cache_read;   // per cached input token
  std::optional<double> cache_write;  // per cache-creation input token
  std::optional<double> input_above_200k;  // when the prompt exceeds 200k tokens
  std::optional<double> output_above_200k;
};

class PriceTable {
 public:
  static Result<PriceTable> Parse(std::string_view json_text);
  static Result<PriceTable> Load(const std::string& path);

  // Exact key, then the key without a "provider/" prefix, then the model
  // without a Bedrock region prefix ("us.").
  const ModelPrice* Find(std::string_view model) const;
  // USD for `usage` (input_tokens includes cached and cache-write tokens).
  std::optional<double> Cost(std::string_view model, const chat::Usage& usage) const;
  size_t size() const { return prices_.size(); }

 private:
  std::map<std::string, ModelPrice, std::less<>> prices_;
};

}  // namespace crm::io::llm

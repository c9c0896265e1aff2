#include "io/llm/prices.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <rapidjson/document.h>

namespace crm::io::llm {
namespace {

std::optional<double> Number(const rapidjson::Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsNumber()) return std::nullopt;
  return it->value.GetDouble();
}

// "claude-3-5-sonnet-20241022" -> "claude-3-5-sonnet", "gpt-4o-2024-08-06" ->
// "gpt-4o"; "" when the id carries no date suffix.
std::string WithoutDateSuffix(std::string_view model) {
  auto digits = [&](size_t from, size_t n) {
    if (from + n > model.size()) return false;
    for (size_t i = from; i < from + n; ++i) {
      if (model[i] < '0' || model[i] > '9') return false;
    }
    return true;
  };
  size_t dash = model.find('-');
  while (dash != std::string_view::npos) {
    const size_t rest = model.size() - dash - 1;
    if (rest == 8 && digits(dash + 1, 8)) return std::string(model.substr(0, dash));
    if (rest == 10 && digits(dash + 1, 4) && model[dash + 5] == '-' && digits(dash + 6, 2) && model[dash + 8] == '-' &&
        digits(dash + 9, 2)) {
      return std::string(model.substr(0, dash));
    }
    dash = model.find('-', dash + 1);
  }
  return "";
}

}  // namespace

double CostOf(const ModelPrice& price, const chat::Usage& usage) {
  const bool long_context = usage.input_tokens > price.long_context_threshold;
  const double in = long_context && price.input_above_200k ? *price.input_above_200k : price.input;
  const double out = long_context && price.output_above_200k ? *price.output_above_200k : price.output;
  const double cached = static_cast<double>(usage.cached_input_tokens);
  const double written = static_cast<double>(usage.cache_write_input_tokens);
  double plain = static_cast<double>(usage.input_tokens) - cached - written;
  if (plain < 0) plain = 0;
  const double reasoning = static_cast<double>(std::min(usage.reasoning_tokens, usage.output_tokens));
  const double visible = static_cast<double>(usage.output_tokens) - reasoning;
  return plain * in + cached * price.cache_read.value_or(in) + written * price.cache_write.value_or(in) +
         visible * out + reasoning * price.reasoning.value_or(out);
}

Result<PriceTable> PriceTable::Parse(std::string_view json_text) {
  rapidjson::Document doc;
  doc.Parse(json_text.data(), json_text.size());
  if (doc.HasParseError() || !doc.IsObject()) return Status::InvalidArgument("price table is not a JSON object");
  PriceTable table;
  for (auto& member : doc.GetObject()) {
    if (member.name == "_data_date" && member.value.IsString()) table.data_date_ = member.value.GetString();
    if (!member.value.IsObject()) continue;  // "_comment" and the like
    auto input = Number(member.value, "input_cost_per_token");
    auto output = Number(member.value, "output_cost_per_token");
    if (!input || !output) continue;  // sample_spec, non-token units
    ModelPrice price;
    price.input = *input;
    price.output = *output;
    price.cache_read = Number(member.value, "cache_read_input_token_cost");
    price.cache_write = Number(member.value, "cache_creation_input_token_cost");
    price.reasoning = Number(member.value, "output_cost_per_reasoning_token");
    price.input_above_200k = Number(member.value, "input_cost_per_token_above_200k_tokens");
    price.output_above_200k = Number(member.value, "output_cost_per_token_above_200k_tokens");
    auto window = Number(member.value, "max_input_tokens");
    if (!window) window = Number(member.value, "max_tokens");
    if (window && *window > 0) price.context_window = static_cast<int64_t>(*window);
    table.prices_.emplace(member.name.GetString(), price);
  }
  return table;
}

Result<PriceTable> PriceTable::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open price table " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto table = Parse(text.str());
  if (!table.ok()) return Status::InvalidArgument(path + ": " + table.status().message());
  return table;
}

std::string PriceTable::FindKey(std::string_view model) const {
  if (auto it = prices_.find(model); it != prices_.end()) return it->first;
  size_t slash = model.rfind('/');
  if (slash != std::string_view::npos) return FindKey(model.substr(slash + 1));
  for (std::string_view region : {"us.", "eu.", "apac.", "global."}) {
    if (model.substr(0, region.size()) == region) return FindKey(model.substr(region.size()));
  }
  const std::string undated = WithoutDateSuffix(model);
  if (!undated.empty()) {
    if (auto it = prices_.find(undated); it != prices_.end()) return it->first;
  }
  return "";
}

const ModelPrice* PriceTable::Find(std::string_view model) const {
  const std::string key = FindKey(model);
  if (key.empty()) return nullptr;
  return &prices_.find(key)->second;
}

std::optional<double> PriceTable::Cost(std::string_view model, const chat::Usage& usage) const {
  const ModelPrice* price = Find(model);
  if (!price) return std::nullopt;
  return CostOf(*price, usage);
}

}  // namespace crm::io::llm

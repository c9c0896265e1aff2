#include "io/llm/prices.h"

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

}  // namespace

Result<PriceTable> PriceTable::Parse(std::string_view json_text) {
  rapidjson::Document doc;
  doc.Parse(json_text.data(), json_text.size());
  if (doc.HasParseError() || !doc.IsObject()) return Status::InvalidArgument("price table is not a JSON object");
  PriceTable table;
  for (auto& member : doc.GetObject()) {
    if (!member.value.IsObject()) continue;  // "_comment" and the like
    auto input = Number(member.value, "input_cost_per_token");
    auto output = Number(member.value, "output_cost_per_token");
    if (!input || !output) continue;  // sample_spec, non-token units
    ModelPrice price{*input, *output, Number(member.value, "cache_read_input_token_cost"),
                     Number(member.value, "cache_creation_input_token_cost"),
                     Number(member.value, "input_cost_per_token_above_200k_tokens"),
                     Number(member.value, "output_cost_per_token_above_200k_tokens")};
    table.prices_.emplace(member.name.GetString(), price);
  }
  return table;
}

Result<PriceTable> PriceTable::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open price table " + path);
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str());
}

const ModelPrice* PriceTable::Find(std::string_view model) const {
  if (auto it = prices_.find(model); it != prices_.end()) return &it->second;
  size_t slash = model.rfind('/');
  if (slash != std::string_view::npos) return Find(model.substr(slash + 1));
  for (std::string_view region : {"us.", "eu.", "apac.", "global."}) {
    if (model.substr(0, region.size()) == region) return Find(model.substr(region.size()));
  }
  return nullptr;
}

std::optional<double> PriceTable::Cost(std::string_view model, const chat::Usage& usage) const {
  const ModelPrice* price = Find(model);
  if (!price) return std::nullopt;
  bool long_context = usage.input_tokens > 200000;
  double in = long_context && price->input_above_200k ? *price->input_above_200k : price->input;
  double out = long_context && price->output_above_200k ? *price->output_above_200k : price->output;
  double cached = static_cast<double>(usage.cached_input_tokens);
  double written = static_cast<double>(usage.cache_write_input_tokens);
  double plain = static_cast<double>(usage.input_tokens) - cached - written;
  if (plain < 0) plain = 0;
  return plain * in + cached * price->cache_read.value_or(in) +
         written * price->cache_write.value_or(in) +
         static_cast<double>(usage.output_tokens) * out;
}

}  // namespace crm::io::llm

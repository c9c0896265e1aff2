// io/llm/genai_prices.h — reads the price data of the maintained npm package
// @pydantic/genai-prices (exported to JSON by scripts/export_genai_prices.mjs
// at install time: {"source", "version", "data_date", "providers": [...]},
// each provider with its match rules and models with prices per million
// tokens) and finds a model in it the way the package does: the provider
// (by id, by API URL or by its model rules), then the first model whose match
// rule accepts the lower-cased id, then the id with a YYYYMMDD date written
// as YYYY-MM-DD, then the provider's fallback providers.
//
// Immutable after Load/Parse: share freely between threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "io/llm/prices.h"

namespace crm::io::llm {

// A match rule of the package: equals, starts_with, ends_with, contains,
// regex (ECMAScript), or and/or of rules. Comparisons ignore letter case.
struct MatchRule {
  enum class Kind { kNever, kEquals, kStartsWith, kEndsWith, kContains, kRegex, kAnd, kOr };
  Kind kind = Kind::kNever;
  std::string text;  // lower-cased, except for regexes
  std::vector<MatchRule> children;
  std::shared_ptr<const void> regex;  // compiled std::regex (kept out of this header)

  bool Matches(std::string_view lowered_id) const;
};

struct GenaiModel {
  std::string id;
  std::string name;
  MatchRule match;
  ModelPrice price;       // the prices in force today (converted to USD per token)
  bool deprecated = false;
};

struct GenaiProvider {
  std::string id;
  std::string name;
  std::string api_pattern;  // regex of the provider's API base URL
  MatchRule provider_match;
  MatchRule model_match;
  std::vector<std::string> fallback_providers;
  std::vector<GenaiModel> models;
};

struct GenaiMatch {
  const GenaiProvider* provider = nullptr;
  const GenaiModel* model = nullptr;
};

class GenaiPrices {
 public:
  static Result<GenaiPrices> Parse(std::string_view json_text);
  static Result<GenaiPrices> Load(const std::string& path);

  // The provider with this id, or whose provider rule accepts it.
  const GenaiProvider* ProviderById(std::string_view id) const;
  // The provider whose api_pattern matches the start of `url`.
  const GenaiProvider* ProviderByUrl(std::string_view url) const;
  // The provider whose model rule accepts `model_id`.
  const GenaiProvider* ProviderByModel(std::string_view model_id) const;
  // `model_id` within `provider` (then its fallback providers).
  std::optional<GenaiMatch> FindIn(const GenaiProvider& provider, std::string_view model_id) const;

  const std::string& source() const { return source_; }        // "@pydantic/genai-prices"
  const std::string& version() const { return version_; }      // the package version
  const std::string& data_date() const { return data_date_; }  // when that version was published ("" unknown)
  const std::vector<GenaiProvider>& providers() const { return providers_; }

 private:
  std::string source_, version_, data_date_;
  std::vector<GenaiProvider> providers_;
};

}  // namespace crm::io::llm

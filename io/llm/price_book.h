// io/llm/price_book.h — where a model's price comes from. Sources, in order:
// litellm-format files the user names (an overlay), the maintained package
// data of @pydantic/genai-prices (the primary source), then litellm-format
// fallback files (configs/prices.json). Every quote names its source, the
// entry it matched and the date of the data.
//
// Lookup understands the ids a sweep sends: dated ids (gpt-4o-2024-08-06,
// claude-3-5-sonnet-20241022), provider prefixes (openai/, anthropic/,
// together_ai/, bedrock/, vertex_ai/, ...), Bedrock ids
// (anthropic.claude-3-5-sonnet-20240620-v1:0, us.meta.llama3-1-70b-...),
// Vertex ids (claude-3-5-sonnet-v2@20241022, gemini-1.5-pro-002) and the ids
// of OpenAI-compatible hosts found by their base URL (Together's
// meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo).
//
// Immutable after Open: share freely between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "io/llm/genai_prices.h"
#include "io/llm/prices.h"

namespace crm::io::llm {

struct PriceQuery {
  std::string model;     // the id sent to the provider, possibly "provider/..." prefixed
  std::string provider;  // how it is called: openai, anthropic, bedrock, together_ai, vertex_ai, ... ("" unknown)
  std::string base_url;  // the endpoint, when not the provider's default ("" none)
};

struct PriceQuote {
  ModelPrice price;
  std::string source;     // "@pydantic/genai-prices 0.1.8", "configs/prices.json", ...
  std::string entry;      // the entry matched: "openai/gpt-4o", "gpt-4o-mini"
  std::string data_date;  // YYYY-MM-DD of the data ("" unknown)
  std::string file;       // the file it was read from
  // "source (entry), data of DATE"
  std::string Describe() const;
};

struct PriceBookOptions {
  std::vector<std::string> overlay_files;   // litellm format, consulted first
  std::string genai_prices_path;            // the exported package data ("" none)
  std::vector<std::string> fallback_files;  // litellm format, consulted last
};

class PriceBook {
 public:
  // A missing fallback or package file is recorded in warnings(), not an
  // error; a missing overlay file or an unreadable one is an error.
  static Result<PriceBook> Open(const PriceBookOptions& options);

  std::optional<PriceQuote> Lookup(const PriceQuery& query) const;

  // One line per source: what it is, its version, date and entry count.
  std::vector<std::string> SourceLines() const;
  const std::vector<std::string>& warnings() const { return warnings_; }
  bool has_package_data() const { return genai_.has_value(); }
  const GenaiPrices* package_data() const { return genai_ ? &*genai_ : nullptr; }
  struct Table {
    std::string file;
    PriceTable table;
  };
  const std::vector<Table>& overlays() const { return overlays_; }
  const std::vector<Table>& fallbacks() const { return fallbacks_; }

 private:
  std::optional<PriceQuote> LookupPackage(const PriceQuery& query) const;

  std::vector<Table> overlays_;
  std::optional<GenaiPrices> genai_;
  std::string genai_path_;
  std::vector<Table> fallbacks_;
  std::vector<std::string> warnings_;
};

// The default location of the exported package data: $CRMARENA_GENAI_PRICES,
// else third_party/genai-prices/genai-prices.json under the working
// directory, else the path configured at build time (when it exists).
std::string DefaultGenaiPricesPath();

// The path configured at build time (CMake CRMARENA_GENAI_PRICES_JSON).
std::string BuiltGenaiPricesPath();

// Whole days from `date` (YYYY-MM-DD...) to today; nullopt if unparsable.
std::optional<int> DaysSince(std::string_view date);

}  // namespace crm::io::llm

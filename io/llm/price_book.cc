#include "io/llm/price_book.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <regex>

namespace crm::io::llm {
namespace {

#ifndef CRM_GENAI_PRICES_DEFAULT
#define CRM_GENAI_PRICES_DEFAULT ""
#endif

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// litellm's and our routing names for the package's provider ids.
std::string PackageProviderId(std::string_view name) {
  const std::string n = Lower(name);
  if (n == "bedrock" || n == "bedrock_converse" || n == "aws" || n == "sagemaker") return "aws";
  if (n == "together_ai" || n == "together" || n == "together-ai") return "together";
  if (n == "vertex_ai" || n == "vertex" || n == "vertex_ai_beta" || n == "gemini" || n == "google" ||
      n.rfind("vertex_ai-", 0) == 0) {
    return "google";
  }
  if (n == "fireworks_ai") return "fireworks";
  if (n == "xai") return "x-ai";
  if (n == "openai" || n == "anthropic" || n == "mistral" || n == "deepseek" || n == "groq" || n == "cohere" ||
      n == "azure" || n == "openrouter" || n == "cerebras" || n == "perplexity" || n == "fireworks" ||
      n == "moonshotai" || n == "novita") {
    return n;
  }
  return "";
}

bool LooksLikeAwsRegion(std::string_view s) {
  static const std::regex kRegion("^[a-z]{2}(-gov)?-[a-z]+-\\d$");
  return std::regex_match(s.begin(), s.end(), kRegion);
}

// Bedrock model ids: [region.]vendor.model[-vN:M]
bool LooksLikeBedrockId(std::string_view id) {
  static const std::regex kBedrock(
      "^((us|eu|apac|jp|au|ca|global|us-gov)\\.)?(anthropic|meta|mistral|amazon|cohere|ai21|deepseek|writer|qwen|"
      "openai|google|nvidia|twelvelabs|stability)\\.[a-z0-9]");
  return std::regex_search(id.begin(), id.end(), kBedrock);
}

}  // namespace

std::string PriceQuote::Describe() const {
  std::string out = source;
  if (!entry.empty()) out += " (" + entry + ")";
  out += data_date.empty() ? ", data date unknown" : ", data of " + data_date.substr(0, 10);
  return out;
}

std::string DefaultGenaiPricesPath() {
  if (const char* env = std::getenv("CRMARENA_GENAI_PRICES"); env && *env) return env;
  const std::string local = "third_party/genai-prices/genai-prices.json";
  std::error_code ec;
  if (std::filesystem::exists(local, ec)) return local;
  const std::string built = CRM_GENAI_PRICES_DEFAULT;
  if (!built.empty() && std::filesystem::exists(built, ec)) return built;
  return local;
}

std::string BuiltGenaiPricesPath() { return CRM_GENAI_PRICES_DEFAULT; }

std::optional<int> DaysSince(std::string_view date) {
  if (date.size() < 10) return std::nullopt;
  std::tm tm{};
  if (std::sscanf(std::string(date.substr(0, 10)).c_str(), "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t then = timegm(&tm);
  if (then == static_cast<std::time_t>(-1)) return std::nullopt;
  return static_cast<int>((std::time(nullptr) - then) / 86400);
}

Result<PriceBook> PriceBook::Open(const PriceBookOptions& options) {
  PriceBook book;
  for (const std::string& file : options.overlay_files) {
    auto table = PriceTable::Load(file);
    if (!table.ok()) return table.status();
    book.overlays_.push_back({file, std::move(table).value()});
  }
  if (!options.genai_prices_path.empty()) {
    auto data = GenaiPrices::Load(options.genai_prices_path);
    if (data.ok()) {
      book.genai_ = std::move(data).value();
      book.genai_path_ = options.genai_prices_path;
    } else {
      book.warnings_.push_back("the maintained price data is not available (" + data.status().message() +
                               "); run scripts/install_deps.sh to install @pydantic/genai-prices");
    }
  }
  for (const std::string& file : options.fallback_files) {
    auto table = PriceTable::Load(file);
    if (table.ok()) {
      book.fallbacks_.push_back({file, std::move(table).value()});
    } else {
      book.warnings_.push_back(table.status().message());
    }
  }
  return book;
}

std::optional<PriceQuote> PriceBook::LookupPackage(const PriceQuery& query) const {
  if (!genai_) return std::nullopt;
  const GenaiPrices& data = *genai_;
  std::vector<std::pair<const GenaiProvider*, std::string>> tries;
  auto add = [&](const GenaiProvider* p, const std::string& id) {
    if (p) tries.emplace_back(p, id);
  };
  std::string id = query.model;
  // A routing prefix ("bedrock/us-west-2/...", "together_ai/...", "openai/...").
  if (size_t slash = id.find('/'); slash != std::string::npos) {
    const std::string routed = PackageProviderId(id.substr(0, slash));
    if (!routed.empty()) {
      std::string rest = id.substr(slash + 1);
      if (size_t next = rest.find('/'); routed == "aws" && next != std::string::npos &&
                                        LooksLikeAwsRegion(rest.substr(0, next))) {
        rest = rest.substr(next + 1);
      }
      add(data.ProviderById(routed), rest);
      id = rest;
    }
  }
  // The endpoint: its base URL (Together, Vertex, ...), then how it is called.
  if (!query.base_url.empty()) add(data.ProviderByUrl(query.base_url), id);
  if (!query.provider.empty()) {
    const std::string named = PackageProviderId(query.provider);
    const bool default_endpoint = query.base_url.empty() || query.base_url.find("api.openai.com") != std::string::npos;
    if (!named.empty() && (named != "openai" || default_endpoint)) add(data.ProviderById(named), id);
  }
  // The id's own shape.
  if (LooksLikeBedrockId(Lower(id))) add(data.ProviderById("aws"), id);
  if (id.find('@') != std::string::npos) add(data.ProviderById("google"), id);
  add(data.ProviderByModel(id), id);
  for (const auto& [provider, model_id] : tries) {
    auto found = data.FindIn(*provider, model_id);
    // Together's own catalogue lacks some models it serves; the package lists
    // Together's prices for them under the Hugging Face router.
    if (!found && provider->id == "together") {
      if (const GenaiProvider* hf = data.ProviderById("huggingface_together"); hf && hf->id == "huggingface_together") {
        found = data.FindIn(*hf, model_id);
      }
    }
    if (!found) continue;
    PriceQuote quote;
    quote.price = found->model->price;
    quote.source = data.source() + (data.version().empty() ? "" : " " + data.version());
    quote.entry = found->provider->id + "/" + found->model->id;
    quote.data_date = data.data_date();
    quote.file = genai_path_;
    return quote;
  }
  return std::nullopt;
}

std::optional<PriceQuote> PriceBook::Lookup(const PriceQuery& query) const {
  auto from_table = [&](const Table& t) -> std::optional<PriceQuote> {
    const std::string key = t.table.FindKey(query.model);
    if (key.empty()) return std::nullopt;
    PriceQuote quote;
    quote.price = t.table.entries().find(key)->second;
    quote.source = t.file;
    quote.entry = key;
    quote.data_date = t.table.data_date();
    quote.file = t.file;
    return quote;
  };
  for (const Table& t : overlays_) {
    if (auto q = from_table(t)) return q;
  }
  if (auto q = LookupPackage(query)) return q;
  for (const Table& t : fallbacks_) {
    if (auto q = from_table(t)) return q;
  }
  return std::nullopt;
}

std::vector<std::string> PriceBook::SourceLines() const {
  std::vector<std::string> lines;
  auto age = [](const std::string& date) {
    if (date.empty()) return std::string("date unknown");
    auto days = DaysSince(date);
    return "data of " + date.substr(0, 10) + (days ? " (" + std::to_string(*days) + " days old)" : "");
  };
  for (const Table& t : overlays_) {
    lines.push_back("overlay  " + t.file + " (litellm format): " + std::to_string(t.table.size()) + " models, " +
                    age(t.table.data_date()));
  }
  if (genai_) {
    size_t models = 0;
    for (const auto& p : genai_->providers()) models += p.models.size();
    lines.push_back("primary  " + genai_->source() + " " + genai_->version() + " (" + genai_path_ + "): " +
                    std::to_string(genai_->providers().size()) + " providers, " + std::to_string(models) +
                    " priced models, " + age(genai_->data_date()));
  }
  for (const Table& t : fallbacks_) {
    lines.push_back("fallback " + t.file + " (litellm format): " + std::to_string(t.table.size()) + " models, " +
                    age(t.table.data_date()));
  }
  return lines;
}

}  // namespace crm::io::llm

#include "io/llm/genai_prices.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <regex>
#include <sstream>

#include <rapidjson/document.h>

namespace crm::io::llm {
namespace {

std::string LowerId(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Str(const rapidjson::Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

MatchRule ReadRule(const rapidjson::Value& v) {
  MatchRule rule;
  if (!v.IsObject() || v.MemberCount() == 0) return rule;
  const auto& m = *v.MemberBegin();
  const std::string_view kind(m.name.GetString(), m.name.GetStringLength());
  if ((kind == "and" || kind == "or") && m.value.IsArray()) {
    rule.kind = kind == "and" ? MatchRule::Kind::kAnd : MatchRule::Kind::kOr;
    for (const auto& child : m.value.GetArray()) rule.children.push_back(ReadRule(child));
    return rule;
  }
  if (!m.value.IsString()) return rule;
  const std::string text = m.value.GetString();
  if (kind == "regex") {
    try {
      rule.regex = std::make_shared<const std::regex>(text, std::regex::ECMAScript);
      rule.kind = MatchRule::Kind::kRegex;
      rule.text = text;
    } catch (const std::regex_error&) {
      // A pattern std::regex cannot compile (e.g. a lookbehind) never matches.
    }
    return rule;
  }
  rule.text = LowerId(text);
  if (kind == "equals") rule.kind = MatchRule::Kind::kEquals;
  if (kind == "starts_with") rule.kind = MatchRule::Kind::kStartsWith;
  if (kind == "ends_with") rule.kind = MatchRule::Kind::kEndsWith;
  if (kind == "contains") rule.kind = MatchRule::Kind::kContains;
  return rule;
}

// A price value: a number per million, or {"base", "tiers": [{"start", "price"}]}.
struct Tiered {
  std::optional<double> base;
  std::optional<double> above;
  int64_t start = 0;
};
Tiered ReadPerMillion(const rapidjson::Value& prices, const char* key) {
  Tiered t;
  auto it = prices.FindMember(key);
  if (it == prices.MemberEnd()) return t;
  if (it->value.IsNumber()) {
    t.base = it->value.GetDouble() / 1e6;
  } else if (it->value.IsObject()) {
    auto base = it->value.FindMember("base");
    if (base != it->value.MemberEnd() && base->value.IsNumber()) t.base = base->value.GetDouble() / 1e6;
    auto tiers = it->value.FindMember("tiers");
    if (tiers != it->value.MemberEnd() && tiers->value.IsArray() && !tiers->value.Empty()) {
      const auto& first = tiers->value[0];
      if (first.IsObject() && first.HasMember("start") && first["start"].IsNumber() && first.HasMember("price") &&
          first["price"].IsNumber()) {
        t.start = first["start"].GetInt64();
        t.above = first["price"].GetDouble() / 1e6;
      }
    }
  }
  return t;
}

std::string Today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// The price object in force today: a plain object, or the last entry of a
// list whose start date has passed (time-of-day prices: the default entry).
const rapidjson::Value* CurrentPrices(const rapidjson::Value& prices, const std::string& today) {
  if (prices.IsObject()) return &prices;
  if (!prices.IsArray() || prices.Empty()) return nullptr;
  for (rapidjson::SizeType i = prices.Size(); i-- > 0;) {
    const auto& entry = prices[i];
    if (!entry.IsObject() || !entry.HasMember("prices")) continue;
    auto c = entry.FindMember("constraint");
    if (c == entry.MemberEnd()) return &entry["prices"];
    const std::string start = Str(c->value, "start_date");
    if (!start.empty() && start <= today) return &entry["prices"];
  }
  return prices[0].IsObject() && prices[0].HasMember("prices") ? &prices[0]["prices"] : nullptr;
}

std::optional<ModelPrice> ReadPrice(const rapidjson::Value& model, const std::string& today) {
  auto it = model.FindMember("prices");
  if (it == model.MemberEnd()) return std::nullopt;
  const rapidjson::Value* prices = CurrentPrices(it->value, today);
  if (!prices || !prices->IsObject()) return std::nullopt;
  const Tiered in = ReadPerMillion(*prices, "input_mtok");
  const Tiered out = ReadPerMillion(*prices, "output_mtok");
  if (!in.base && !out.base) return std::nullopt;  // priced per image, per request, ...: not by token
  ModelPrice p;
  p.input = in.base.value_or(0);
  p.output = out.base.value_or(0);
  p.cache_read = ReadPerMillion(*prices, "cache_read_mtok").base;
  p.cache_write = ReadPerMillion(*prices, "cache_write_mtok").base;
  p.reasoning = ReadPerMillion(*prices, "output_reasoning_mtok").base;
  if (in.above || out.above) {
    p.long_context_threshold = in.above ? in.start : out.start;
    p.input_above_200k = in.above;
    p.output_above_200k = out.above;
  }
  auto window = model.FindMember("context_window");
  if (window != model.MemberEnd() && window->value.IsNumber() && window->value.GetDouble() > 0) {
    p.context_window = static_cast<int64_t>(window->value.GetDouble());
  }
  return p;
}

// The package writes a dated id's YYYYMMDD as YYYY-MM-DD on its second try.
std::string DashedDates(std::string_view id) {
  static const std::regex kDate("-(20\\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])(?=-|:|$)");
  return std::regex_replace(std::string(id), kDate, "-$1-$2-$3");
}

}  // namespace

bool MatchRule::Matches(std::string_view id) const {
  switch (kind) {
    case Kind::kNever: return false;
    case Kind::kEquals: return id == text;
    case Kind::kStartsWith: return id.substr(0, text.size()) == text;
    case Kind::kEndsWith: return id.size() >= text.size() && id.substr(id.size() - text.size()) == text;
    case Kind::kContains: return id.find(text) != std::string_view::npos;
    case Kind::kRegex: {
      const auto* re = static_cast<const std::regex*>(regex.get());
      return std::regex_search(id.begin(), id.end(), *re);
    }
    case Kind::kAnd:
      return std::all_of(children.begin(), children.end(), [&](const MatchRule& r) { return r.Matches(id); });
    case Kind::kOr:
      return std::any_of(children.begin(), children.end(), [&](const MatchRule& r) { return r.Matches(id); });
  }
  return false;
}

Result<GenaiPrices> GenaiPrices::Parse(std::string_view json_text) {
  rapidjson::Document doc;
  doc.Parse(json_text.data(), json_text.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("providers") || !doc["providers"].IsArray()) {
    return Status::InvalidArgument("not an export of @pydantic/genai-prices (expected {\"providers\": [...]})");
  }
  GenaiPrices data;
  data.source_ = Str(doc, "source");
  data.version_ = Str(doc, "version");
  data.data_date_ = Str(doc, "data_date");
  const std::string today = Today();
  for (const auto& p : doc["providers"].GetArray()) {
    if (!p.IsObject()) continue;
    GenaiProvider provider;
    provider.id = Str(p, "id");
    provider.name = Str(p, "name");
    provider.api_pattern = Str(p, "api_pattern");
    if (p.HasMember("provider_match")) provider.provider_match = ReadRule(p["provider_match"]);
    if (p.HasMember("model_match")) provider.model_match = ReadRule(p["model_match"]);
    if (p.HasMember("fallback_model_providers") && p["fallback_model_providers"].IsArray()) {
      for (const auto& f : p["fallback_model_providers"].GetArray()) {
        if (f.IsString()) provider.fallback_providers.emplace_back(f.GetString());
      }
    }
    if (p.HasMember("models") && p["models"].IsArray()) {
      for (const auto& m : p["models"].GetArray()) {
        if (!m.IsObject() || !m.HasMember("match")) continue;
        auto price = ReadPrice(m, today);
        if (!price) continue;
        GenaiModel model;
        model.id = Str(m, "id");
        model.name = Str(m, "name");
        model.match = ReadRule(m["match"]);
        model.price = *price;
        model.deprecated = m.HasMember("deprecated") && m["deprecated"].IsBool() && m["deprecated"].GetBool();
        provider.models.push_back(std::move(model));
      }
    }
    data.providers_.push_back(std::move(provider));
  }
  if (data.providers_.empty()) return Status::InvalidArgument("the genai-prices export lists no providers");
  return data;
}

Result<GenaiPrices> GenaiPrices::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot open " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto data = Parse(text.str());
  if (!data.ok()) return Status::InvalidArgument(path + ": " + data.status().message());
  return data;
}

const GenaiProvider* GenaiPrices::ProviderById(std::string_view id) const {
  const std::string lowered = LowerId(id);
  for (const auto& p : providers_) {
    if (p.id == lowered) return &p;
  }
  for (const auto& p : providers_) {
    if (p.provider_match.Matches(lowered)) return &p;
  }
  return nullptr;
}

const GenaiProvider* GenaiPrices::ProviderByUrl(std::string_view url) const {
  for (const auto& p : providers_) {
    if (p.api_pattern.empty()) continue;
    try {
      const std::regex re("^(?:" + p.api_pattern + ")", std::regex::ECMAScript);
      if (std::regex_search(url.begin(), url.end(), re)) return &p;
    } catch (const std::regex_error&) {
    }
  }
  return nullptr;
}

const GenaiProvider* GenaiPrices::ProviderByModel(std::string_view model_id) const {
  const std::string lowered = LowerId(model_id);
  for (const auto& p : providers_) {
    if (p.model_match.Matches(lowered)) return &p;
  }
  return nullptr;
}

std::optional<GenaiMatch> GenaiPrices::FindIn(const GenaiProvider& provider, std::string_view model_id) const {
  const std::string lowered = LowerId(model_id);
  auto in = [&](const GenaiProvider& p, const std::string& id) -> const GenaiModel* {
    for (const auto& m : p.models) {
      if (m.match.Matches(id)) return &m;
    }
    return nullptr;
  };
  auto search = [&](const GenaiProvider& p, const std::string& id) -> std::optional<GenaiMatch> {
    if (const GenaiModel* m = in(p, id)) return GenaiMatch{&p, m};
    for (const std::string& fallback : p.fallback_providers) {
      for (const auto& f : providers_) {
        if (f.id != fallback) continue;
        if (const GenaiModel* m = in(f, id)) return GenaiMatch{&f, m};
      }
    }
    return std::nullopt;
  };
  if (auto found = search(provider, lowered)) return found;
  const std::string dashed = DashedDates(lowered);
  if (dashed != lowered) return search(provider, dashed);
  return std::nullopt;
}

}  // namespace crm::io::llm

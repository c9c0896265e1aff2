#include "scheduler/run/auxiliary_usage.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/json_string_memo.h"

namespace crm::sched {

void AuxiliaryUsage::Add(const std::string& role, const std::string& model, const chat::Usage& usage,
                         double cost_usd) {
  Role& r = roles[role];
  r.model = model;
  ++r.calls;
  r.input_tokens += usage.input_tokens;
  r.output_tokens += usage.output_tokens;
  r.cost_usd += cost_usd;
}

int64_t AuxiliaryUsage::calls() const {
  int64_t n = 0;
  for (const auto& [name, r] : roles) n += r.calls;
  return n;
}

double AuxiliaryUsage::cost_usd() const {
  double c = 0;
  for (const auto& [name, r] : roles) c += r.cost_usd;
  return c;
}

void AuxiliaryUsage::WriteJson(rapidjson::Writer<rapidjson::StringBuffer>& w) const {
  int64_t input = 0, output = 0;
  for (const auto& [name, r] : roles) {
    input += r.input_tokens;
    output += r.output_tokens;
  }
  w.StartObject();
  crm::json::WriteKey(w, "calls");
  w.Int64(calls());
  crm::json::WriteKey(w, "input_tokens");
  w.Int64(input);
  crm::json::WriteKey(w, "output_tokens");
  w.Int64(output);
  crm::json::WriteKey(w, "cost_usd");
  w.Double(cost_usd());
  crm::json::WriteKey(w, "roles");
  w.StartObject();
  for (const auto& [name, r] : roles) {
    w.Key(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
    w.StartObject();
    crm::json::WriteKey(w, "model");
    w.String(r.model.c_str(), static_cast<rapidjson::SizeType>(r.model.size()));
    crm::json::WriteKey(w, "calls");
    w.Int64(r.calls);
    crm::json::WriteKey(w, "input_tokens");
    w.Int64(r.input_tokens);
    crm::json::WriteKey(w, "output_tokens");
    w.Int64(r.output_tokens);
    crm::json::WriteKey(w, "cost_usd");
    w.Double(r.cost_usd);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
}

AuxiliaryUsage AuxiliaryUsage::FromJson(const rapidjson::Value& value) {
  AuxiliaryUsage usage;
  if (!value.IsObject() || !value.HasMember("roles") || !value["roles"].IsObject()) return usage;
  auto int_of = [](const rapidjson::Value& o, const char* key) -> int64_t {
    return o.HasMember(key) && o[key].IsInt64() ? o[key].GetInt64() : 0;
  };
  for (auto it = value["roles"].MemberBegin(); it != value["roles"].MemberEnd(); ++it) {
    if (!it->value.IsObject()) continue;
    const rapidjson::Value& o = it->value;
    Role& r = usage.roles[std::string(it->name.GetString(), it->name.GetStringLength())];
    if (o.HasMember("model") && o["model"].IsString()) r.model = o["model"].GetString();
    r.calls = int_of(o, "calls");
    r.input_tokens = int_of(o, "input_tokens");
    r.output_tokens = int_of(o, "output_tokens");
    r.cost_usd = o.HasMember("cost_usd") && o["cost_usd"].IsNumber() ? o["cost_usd"].GetDouble() : 0;
  }
  return usage;
}

}  // namespace crm::sched

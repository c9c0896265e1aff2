#include "io/llm/json_util.h"

namespace crm::io::llm::json {

std::string Serialize(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

void WriteObjectOr(Writer& w, std::string_view raw, std::string_view fallback) {
  rapidjson::Document doc;
  doc.Parse(raw.data(), raw.size());
  std::string_view chosen = (!doc.HasParseError() && doc.IsObject()) ? raw : fallback;
  w.RawValue(chosen.data(), chosen.size(), rapidjson::kObjectType);
}

void Key(Writer& w, std::string_view key) { w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size())); }
void String(Writer& w, std::string_view text) {
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

const rapidjson::Value* Member(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

std::string GetString(const rapidjson::Value& obj, const char* key) {
  const rapidjson::Value* v = Member(obj, key);
  if (!v || !v->IsString()) return "";
  return std::string(v->GetString(), v->GetStringLength());
}

int64_t GetInt(const rapidjson::Value& obj, const char* key) {
  const rapidjson::Value* v = Member(obj, key);
  if (!v) return 0;
  if (v->IsInt64()) return v->GetInt64();
  if (v->IsUint64()) return static_cast<int64_t>(v->GetUint64());
  if (v->IsDouble()) return static_cast<int64_t>(v->GetDouble());
  return 0;
}

}  // namespace crm::io::llm::json

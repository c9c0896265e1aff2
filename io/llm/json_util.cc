#include "io/llm/json_util.h"

#include "core/json_string_memo.h"

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
  crm::json::WriteRaw(w, chosen, rapidjson::kObjectType);
}

void Key(Writer& w, crm::json::KeyName key) { crm::json::WriteKey(w, key); }
void String(Writer& w, std::string_view text) { crm::json::WriteStringMemo(w, text); }
void Content(Writer& w, const chat::Text& text) { crm::json::WriteTextMemo(w, text); }

size_t BodyCapacity(const chat::CompletionRequest& request) {
  size_t bytes = 1024;
  for (const chat::Message& m : request.messages) {
    bytes += 64 + m.content.size() + m.tool_call_id.size() + m.name.size();
    for (const chat::ToolCall& c : m.tool_calls) bytes += 96 + c.id.size() + c.name.size() + c.arguments_json.size();
  }
  for (const chat::ToolSpec& t : request.tools) bytes += 96 + t.name.size() + t.description.size() + t.parameters_schema_json.size();
  return bytes + bytes / 8;  // escapes
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

int64_t GetCount(const rapidjson::Value& obj, const char* key) {
  // Beyond JSON's exact-integer range (RFC 8259 section 6) a count is garbage:
  // casting 1e300 to int64 is undefined, and callers add counts together. A
  // negative count is garbage too.
  constexpr int64_t kMaxExact = int64_t{1} << 53;
  const rapidjson::Value* v = Member(obj, key);
  if (!v) return 0;
  if (v->IsInt64()) return v->GetInt64() >= 0 && v->GetInt64() <= kMaxExact ? v->GetInt64() : 0;
  if (v->IsDouble()) {
    double d = v->GetDouble();
    return d >= 0 && d <= static_cast<double>(kMaxExact) ? static_cast<int64_t>(d) : 0;
  }
  return 0;  // also a uint64 above INT64_MAX
}

}  // namespace crm::io::llm::json

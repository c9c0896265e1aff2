#include "engine/org/schema_text.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::org {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, const std::string& s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }

}  // namespace

Result<std::string> SchemaTextFromFile(const std::string& text, const std::string& source) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) return Status::InvalidArgument(source + ": not valid JSON");
  if (!doc.IsArray() || doc.Empty()) {
    return Status::InvalidArgument(source + ": expected a list of {\"object\": ..., \"fields\": {...}} entries");
  }
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartArray();
  for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
    const rapidjson::Value& entry = doc[i];
    const std::string where = source + ": entry " + std::to_string(i);
    if (!entry.IsObject() || !entry.HasMember("object") || !entry["object"].IsString() ||
        entry["object"].GetStringLength() == 0) {
      return Status::InvalidArgument(where + " has no \"object\" name");
    }
    if (!entry.HasMember("fields") || !entry["fields"].IsObject()) {
      return Status::InvalidArgument(where + " (" + entry["object"].GetString() + ") has no \"fields\" object");
    }
    w.StartObject();
    w.Key("object");
    w.String(entry["object"].GetString(), entry["object"].GetStringLength());
    w.Key("fields");
    w.StartObject();
    for (const auto& f : entry["fields"].GetObject()) {
      if (f.value.IsNull()) continue;
      if (!f.value.IsString()) {
        return Status::InvalidArgument(where + ": the description of field " + f.name.GetString() + " is not a string");
      }
      w.Key(f.name.GetString(), f.name.GetStringLength());
      w.String(f.value.GetString(), f.value.GetStringLength());
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  return std::string(buf.GetString(), buf.GetSize());
}

Result<std::string> SchemaTextFromDescribes(const std::vector<std::pair<std::string, std::string>>& describes) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartArray();
  for (const auto& [object, body] : describes) {
    rapidjson::Document doc;
    doc.Parse(body.data(), body.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("fields") || !doc["fields"].IsArray()) {
      return Status::InvalidArgument("the describe of " + object + " has no fields list");
    }
    w.StartObject();
    w.Key("object");
    Str(w, object);
    w.Key("fields");
    w.StartObject();
    for (const rapidjson::Value& f : doc["fields"].GetArray()) {
      if (!f.IsObject() || !f.HasMember("name") || !f["name"].IsString()) continue;
      std::string description = f.HasMember("label") && f["label"].IsString() ? f["label"].GetString() : "";
      if (f.HasMember("referenceTo") && f["referenceTo"].IsArray() && !f["referenceTo"].Empty() &&
          f["referenceTo"][0].IsString()) {
        description += " (lookup to " + std::string(f["referenceTo"][0].GetString()) + ")";
      }
      w.Key(f["name"].GetString(), f["name"].GetStringLength());
      Str(w, description);
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  return std::string(buf.GetString(), buf.GetSize());
}

std::vector<std::string> SchemaObjectNames(const std::string& schema_text) {
  std::vector<std::string> out;
  rapidjson::Document doc;
  doc.Parse(schema_text.data(), schema_text.size());
  if (doc.HasParseError() || !doc.IsArray()) return out;
  for (const rapidjson::Value& entry : doc.GetArray()) {
    if (entry.IsObject() && entry.HasMember("object") && entry["object"].IsString()) out.push_back(entry["object"].GetString());
  }
  return out;
}

}  // namespace crm::org

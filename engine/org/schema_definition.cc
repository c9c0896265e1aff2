#include "engine/org/schema_definition.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::org {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void Flag(Writer& w, const char* key, bool value) {
  w.Key(key);
  w.Bool(value);
}

void WriteField(Writer& w, const Field& f) {
  w.StartObject();
  Str(w, "name", f.name);
  Str(w, "type", std::string(FieldTypeName(f.type)));
  Str(w, "description", f.description);
  Flag(w, "nillable", f.nillable);
  Flag(w, "searchable", f.searchable);
  Flag(w, "nameField", f.name_field);
  if (!f.picklist_values.empty()) {
    w.Key("picklistValues");
    w.StartArray();
    for (const std::string& v : f.picklist_values) w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
    w.EndArray();
  }
  if (f.type == FieldType::kReference) {
    Str(w, "referenceTo", f.references);
    Str(w, "relationshipName", f.relationship_name);
    Str(w, "childRelationshipName", f.child_relationship_name);
  }
  w.EndObject();
}

// Reads optional members with a type check; the first problem wins.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  std::string Text(const rapidjson::Value& v, const char* key, bool required) {
    auto it = v.FindMember(key);
    if (it == v.MemberEnd()) {
      if (required) Problem(std::string("missing \"") + key + "\"");
      return {};
    }
    if (!it->value.IsString()) {
      Problem(std::string("\"") + key + "\" is not a string");
      return {};
    }
    return std::string(it->value.GetString(), it->value.GetStringLength());
  }

  bool Bool(const rapidjson::Value& v, const char* key, bool fallback) {
    auto it = v.FindMember(key);
    if (it == v.MemberEnd()) return fallback;
    if (!it->value.IsBool()) {
      Problem(std::string("\"") + key + "\" is not true or false");
      return fallback;
    }
    return it->value.GetBool();
  }

  void Problem(std::string what) {
    if (problem_.empty()) problem_ = std::move(what);
  }
  bool ok() const { return problem_.empty(); }
  Status Error() const { return Status::Corruption(source_ + ": " + problem_); }

 private:
  std::string source_;
  std::string problem_;
};

Field ReadField(const rapidjson::Value& v, Reader& r) {
  Field f;
  if (!v.IsObject()) {
    r.Problem("a field is not an object");
    return f;
  }
  f.name = r.Text(v, "name", true);
  std::string type = r.Text(v, "type", true);
  if (std::optional<FieldType> t = FieldTypeFromName(type)) {
    f.type = *t;
  } else if (r.ok()) {
    r.Problem("field " + f.name + " has unknown type \"" + type + "\"");
  }
  f.description = r.Text(v, "description", false);
  f.nillable = r.Bool(v, "nillable", true);
  f.searchable = r.Bool(v, "searchable", false);
  f.name_field = r.Bool(v, "nameField", false);
  if (auto it = v.FindMember("picklistValues"); it != v.MemberEnd()) {
    if (!it->value.IsArray()) {
      r.Problem("field " + f.name + ": \"picklistValues\" is not a list");
      return f;
    }
    for (const auto& item : it->value.GetArray()) {
      if (!item.IsString()) {
        r.Problem("field " + f.name + ": a picklist value is not a string");
        return f;
      }
      f.picklist_values.emplace_back(item.GetString(), item.GetStringLength());
    }
  }
  if (f.type == FieldType::kReference) {
    f.references = r.Text(v, "referenceTo", true);
    f.relationship_name = r.Text(v, "relationshipName", false);
    f.child_relationship_name = r.Text(v, "childRelationshipName", false);
  }
  return f;
}

}  // namespace

std::string ObjectDefinitionJson(const SObject& object) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  Str(w, "name", object.name);
  Str(w, "label", object.label);
  Str(w, "keyPrefix", object.key_prefix);
  Str(w, "description", object.description);
  w.Key("fields");
  w.StartArray();
  for (const Field& f : object.fields) WriteField(w, f);
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

Result<SObject> ObjectFromDefinitionJson(const std::string& text, const std::string& source) {
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return Status::Corruption(source + ": not a JSON object");
  Reader r(source);
  SObject object;
  object.name = r.Text(doc, "name", true);
  object.label = r.Text(doc, "label", false);
  object.key_prefix = r.Text(doc, "keyPrefix", false);
  object.description = r.Text(doc, "description", false);
  auto fields = doc.FindMember("fields");
  if (fields == doc.MemberEnd() || !fields->value.IsArray() || fields->value.Empty()) {
    r.Problem("object " + object.name + " has no \"fields\" list");
  } else {
    for (const auto& v : fields->value.GetArray()) object.fields.push_back(ReadField(v, r));
  }
  if (r.ok() && (object.fields.front().name != "Id" || object.fields.front().type != FieldType::kId)) {
    r.Problem("object " + object.name + ": the first field is not Id of type id");
  }
  if (!r.ok()) return r.Error();
  return object;
}

}  // namespace crm::org

#include "engine/org/describe_import.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <map>
#include <utility>

namespace crm::org {
namespace {

std::string Member(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  if (it == v.MemberEnd() || !it->value.IsString()) return {};
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

bool BoolMember(const rapidjson::Value& v, const char* key, bool fallback) {
  auto it = v.FindMember(key);
  return it != v.MemberEnd() && it->value.IsBool() ? it->value.GetBool() : fallback;
}

std::vector<std::string> StringList(const rapidjson::Value& v, const char* key) {
  std::vector<std::string> out;
  auto it = v.FindMember(key);
  if (it == v.MemberEnd() || !it->value.IsArray()) return out;
  for (const auto& item : it->value.GetArray()) {
    if (item.IsString()) out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

std::vector<std::string> ActivePicklistValues(const rapidjson::Value& field) {
  std::vector<std::string> out;
  auto it = field.FindMember("picklistValues");
  if (it == field.MemberEnd() || !it->value.IsArray()) return out;
  for (const auto& entry : it->value.GetArray()) {
    if (!entry.IsObject() || !BoolMember(entry, "active", true)) continue;
    std::string value = Member(entry, "value");
    if (!value.empty()) out.push_back(std::move(value));
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "|") + p;
  return out;
}

// The field in the store's terms, or the reason it is left out.
std::optional<Field> ImportField(const rapidjson::Value& f, std::string* why_skipped) {
  Field field;
  field.name = Member(f, "name");
  const std::string type = Member(f, "type");
  std::optional<FieldType> mapped = FieldTypeFromName(type);
  if (!mapped) {
    *why_skipped = field.name + " (" + type +
                   (type == "address" || type == "location" ? ": compound; its parts are kept)"
                                                              : ": not storable as one column)");
    return std::nullopt;
  }
  field.type = *mapped;
  std::string help = Member(f, "inlineHelpText");
  field.description = help.empty() ? Member(f, "label") : help;
  field.nillable = BoolMember(f, "nillable", true);
  field.name_field = BoolMember(f, "nameField", false);
  field.searchable = field.type == FieldType::kString || field.type == FieldType::kTextArea;
  if (field.type == FieldType::kPicklist || field.type == FieldType::kMultiPicklist) {
    field.picklist_values = ActivePicklistValues(f);
  }
  if (field.type == FieldType::kReference) field.relationship_name = Member(f, "relationshipName");
  return field;
}

}  // namespace

Result<DescribedObject> ObjectFromDescribe(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return Status::InvalidArgument("describe: the body is not a JSON object");
  DescribedObject out;
  out.object.name = Member(doc, "name");
  if (out.object.name.empty()) return Status::InvalidArgument("describe: no object name");
  out.object.label = Member(doc, "label");
  out.object.key_prefix = Member(doc, "keyPrefix");
  auto fields = doc.FindMember("fields");
  if (fields == doc.MemberEnd() || !fields->value.IsArray()) {
    return Status::InvalidArgument("describe " + out.object.name + ": no \"fields\" list");
  }
  for (const auto& f : fields->value.GetArray()) {
    if (!f.IsObject() || Member(f, "name").empty()) {
      return Status::InvalidArgument("describe " + out.object.name + ": a field without a name");
    }
    std::string why;
    std::optional<Field> field = ImportField(f, &why);
    if (!field) {
      out.skipped.push_back(std::move(why));
      continue;
    }
    out.referenced.push_back(field->type == FieldType::kReference ? Join(StringList(f, "referenceTo")) : "");
    if (field->type == FieldType::kId) {
      out.object.fields.insert(out.object.fields.begin(), std::move(*field));
      out.referenced.pop_back();
      out.referenced.insert(out.referenced.begin(), std::string());
    } else {
      out.object.fields.push_back(std::move(*field));
    }
  }
  if (out.object.fields.empty() || out.object.fields.front().type != FieldType::kId ||
      out.object.fields.front().name != "Id") {
    return Status::InvalidArgument("describe " + out.object.name + ": no Id field of type id");
  }
  if (auto children = doc.FindMember("childRelationships");
      children != doc.MemberEnd() && children->value.IsArray()) {
    for (const auto& c : children->value.GetArray()) {
      if (!c.IsObject()) continue;
      DescribedObject::Child child{Member(c, "childSObject"), Member(c, "field"), Member(c, "relationshipName")};
      if (!child.child_object.empty() && !child.field.empty() && !child.relationship_name.empty()) {
        out.children.push_back(std::move(child));
      }
    }
  }
  return out;
}

Result<Schema> SchemaFromDescribed(std::vector<DescribedObject> objects) {
  std::map<std::string, const DescribedObject*> by_name;
  for (const DescribedObject& d : objects) by_name[d.object.name] = &d;
  // (child object, lookup field) -> the parent's name for its children.
  std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> child_names;
  for (const DescribedObject& d : objects) {
    for (const DescribedObject::Child& c : d.children) {
      child_names[{c.child_object, c.field}] = {d.object.name, c.relationship_name};
    }
  }
  std::vector<SObject> out;
  for (DescribedObject& d : objects) {
    for (size_t i = 0; i < d.object.fields.size(); ++i) {
      Field& f = d.object.fields[i];
      if (f.type != FieldType::kReference) continue;
      // The first pulled target of the lookup; else its first target (a lookup out of the snapshot).
      std::string targets = d.referenced[i];
      std::string chosen;
      size_t start = 0;
      while (start <= targets.size()) {
        size_t end = std::min(targets.find('|', start), targets.size());
        std::string t = targets.substr(start, end - start);
        if (chosen.empty()) chosen = t;
        if (by_name.count(t) != 0) {
          chosen = t;
          break;
        }
        start = end + 1;
      }
      f.references = chosen;
      auto named = child_names.find({d.object.name, f.name});
      if (named != child_names.end() && named->second.first == f.references) {
        f.child_relationship_name = named->second.second;
      }
    }
    out.push_back(std::move(d.object));
  }
  return Schema::Build(std::move(out));
}

Result<std::vector<std::string>> QueryableObjectNames(const std::string& describe_global_body) {
  rapidjson::Document doc;
  doc.Parse(describe_global_body.c_str(), describe_global_body.size());
  if (doc.HasParseError() || !doc.IsObject()) return Status::InvalidArgument("describeGlobal: the body is not a JSON object");
  auto list = doc.FindMember("sobjects");
  if (list == doc.MemberEnd() || !list->value.IsArray()) return Status::InvalidArgument("describeGlobal: no \"sobjects\" list");
  std::vector<std::string> names;
  for (const auto& o : list->value.GetArray()) {
    if (o.IsObject() && BoolMember(o, "queryable", false) && !Member(o, "name").empty()) names.push_back(Member(o, "name"));
  }
  return names;
}

}  // namespace crm::org

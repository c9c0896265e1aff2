#include "scheduler/servers/org_api_describe.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::servers {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void ObjectSummary(Writer& w, const org::SObject& o, const std::string& version) {
  const bool custom = o.name.size() > 3 && o.name.substr(o.name.size() - 3) == "__c";
  Str(w, "name", o.name);
  Str(w, "label", o.label);
  Str(w, "labelPlural", o.label + "s");
  Str(w, "keyPrefix", o.key_prefix);
  w.Key("custom"); w.Bool(custom);
  for (const char* flag : {"queryable", "searchable", "retrieveable"}) {
    w.Key(flag);
    w.Bool(std::string(flag) != "searchable" || o.HasSearchIndex());
  }
  for (const char* flag : {"createable", "updateable", "deletable"}) {
    w.Key(flag);
    w.Bool(false);  // the local org is read-only
  }
  const std::string base = "/services/data/v" + version + "/sobjects/" + o.name;
  w.Key("urls");
  w.StartObject();
  Str(w, "sobject", base);
  Str(w, "describe", base + "/describe");
  Str(w, "rowTemplate", base + "/{ID}");
  w.EndObject();
}

const char* SoapType(org::FieldType t) {
  switch (t) {
    case org::FieldType::kId:
    case org::FieldType::kReference: return "tns:ID";
    case org::FieldType::kBoolean: return "xsd:boolean";
    case org::FieldType::kDouble:
    case org::FieldType::kCurrency:
    case org::FieldType::kPercent: return "xsd:double";
    case org::FieldType::kInt: return "xsd:int";
    case org::FieldType::kLong: return "xsd:long";
    case org::FieldType::kTime: return "xsd:time";
    case org::FieldType::kDate: return "xsd:date";
    case org::FieldType::kDateTime: return "xsd:dateTime";
    default: return "xsd:string";
  }
}

}  // namespace

std::string DataRootJson(const std::string& version, const std::string& instance_url) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  const std::string base = "/services/data/v" + version;
  w.StartObject();
  for (const char* r : {"sobjects", "query", "queryAll", "search", "limits"}) Str(w, r, base + "/" + r);
  Str(w, "identity", instance_url + "/id/00DWt0000000001EAA/005Wt00003ow4thIAA");
  w.EndObject();
  return buf.GetString();
}

std::string DescribeGlobalJson(const org::Schema& schema, const std::string& version) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  Str(w, "encoding", "UTF-8");
  w.Key("maxBatchSize"); w.Int(200);
  w.Key("sobjects");
  w.StartArray();
  for (const org::SObject& o : schema.objects()) {
    w.StartObject();
    ObjectSummary(w, o, version);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

std::string DescribeObjectJson(const org::SObject& o, const std::string& version) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  ObjectSummary(w, o, version);
  w.Key("fields");
  w.StartArray();
  for (const org::Field& f : o.fields) {
    w.StartObject();
    Str(w, "name", f.name);
    Str(w, "label", f.name);
    Str(w, "type", std::string(org::FieldTypeName(f.type)));
    Str(w, "soapType", SoapType(f.type));
    Str(w, "inlineHelpText", f.description);
    w.Key("nillable"); w.Bool(f.nillable);
    w.Key("custom"); w.Bool(f.name.size() > 3 && f.name.substr(f.name.size() - 3) == "__c");
    w.Key("nameField"); w.Bool(f.name_field);
    w.Key("filterable"); w.Bool(f.type != org::FieldType::kTextArea);
    w.Key("sortable"); w.Bool(f.type != org::FieldType::kTextArea);
    w.Key("groupable"); w.Bool(f.type != org::FieldType::kTextArea && f.type != org::FieldType::kDouble);
    w.Key("referenceTo");
    w.StartArray();
    if (!f.references.empty()) w.String(f.references.c_str());
    w.EndArray();
    w.Key("relationshipName");
    if (f.relationship_name.empty()) {
      w.Null();
    } else {
      w.String(f.relationship_name.c_str());
    }
    w.Key("picklistValues");
    w.StartArray();
    for (const std::string& v : f.picklist_values) {
      w.StartObject();
      w.Key("active"); w.Bool(true);
      w.Key("defaultValue"); w.Bool(false);
      Str(w, "label", v);
      Str(w, "value", v);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("childRelationships");
  w.StartArray();
  for (const org::ChildRelationship& c : o.child_relationships) {
    w.StartObject();
    Str(w, "childSObject", c.child_object);
    Str(w, "field", c.field);
    Str(w, "relationshipName", c.name);
    w.Key("cascadeDelete"); w.Bool(false);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

}  // namespace crm::servers

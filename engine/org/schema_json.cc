#include "engine/org/schema_json.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::org {
namespace {

template <typename Writer>
void Write(const Schema& schema, Writer& w) {
  w.StartArray();
  for (const SObject& object : schema.objects()) {
    w.StartObject();
    w.Key("object");
    w.String(object.name.c_str());
    w.Key("fields");
    w.StartObject();
    for (const Field& f : object.fields) {
      w.Key(f.name.c_str());
      w.String(f.description.c_str());
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

std::string SchemaToJson(const Schema& schema, bool pretty) {
  rapidjson::StringBuffer buf;
  if (pretty) {
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
    w.SetIndent(' ', 2);
    Write(schema, w);
  } else {
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    Write(schema, w);
  }
  return buf.GetString();
}

}  // namespace crm::org

#include "core/json_reader.h"

#include <rapidjson/error/en.h>

namespace crm {

Result<rapidjson::Document> JsonReader::Parse(const std::string& text, const std::string& source) {
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  if (doc.HasParseError()) {
    size_t offset = doc.GetErrorOffset(), line = 1, column = 1;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return Status::InvalidArgument(source + ":" + std::to_string(line) + ":" + std::to_string(column) +
                                   ": invalid JSON: " + rapidjson::GetParseError_En(doc.GetParseError()));
  }
  return doc;
}

void JsonReader::Fail(const std::string& path, const std::string& what) {
  if (error_.empty()) error_ = path + ": " + what;
}

Status JsonReader::status() const {
  if (error_.empty()) return Status::Ok();
  return Status::InvalidArgument(source_ + ": " + error_);
}

std::optional<JsonReader::Object> JsonReader::Root() {
  if (!root_.IsObject()) {
    Fail("$", "expected an object");
    return std::nullopt;
  }
  return Object(this, &root_, "$");
}

const rapidjson::Value* JsonReader::Object::Get(const char* key) const {
  auto it = value_->FindMember(key);
  return it == value_->MemberEnd() ? nullptr : &it->value;
}

const rapidjson::Value* JsonReader::Object::Raw(const char* key) const { return Get(key); }
bool JsonReader::Object::Has(const char* key) const { return Get(key) != nullptr; }
void JsonReader::Object::Fail(const char* key, const std::string& what) { reader_->Fail(KeyPath(key), what); }

std::optional<std::string> JsonReader::Object::String(const char* key) {
  const rapidjson::Value* v = Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsString()) {
    Fail(key, "expected a string");
    return std::nullopt;
  }
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<int64_t> JsonReader::Object::Int(const char* key, int64_t min, int64_t max) {
  const rapidjson::Value* v = Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsInt64()) {
    Fail(key, "expected an integer");
    return std::nullopt;
  }
  int64_t n = v->GetInt64();
  if (n < min || n > max) {
    Fail(key, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got " +
                  std::to_string(n));
    return std::nullopt;
  }
  return n;
}

std::optional<double> JsonReader::Object::Number(const char* key, double min, double max) {
  const rapidjson::Value* v = Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsNumber()) {
    Fail(key, "expected a number");
    return std::nullopt;
  }
  double d = v->GetDouble();
  if (d < min || d > max) {
    Fail(key, "expected a number from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return d;
}

std::optional<bool> JsonReader::Object::Bool(const char* key) {
  const rapidjson::Value* v = Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsBool()) {
    Fail(key, "expected true or false");
    return std::nullopt;
  }
  return v->GetBool();
}

std::optional<std::vector<std::string>> JsonReader::Object::StringList(const char* key) {
  const rapidjson::Value* v = Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsArray()) {
    Fail(key, "expected a list of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
    if (!(*v)[i].IsString()) {
      reader_->Fail(KeyPath(key) + "[" + std::to_string(i) + "]", "expected a string");
      return std::nullopt;
    }
    out.emplace_back((*v)[i].GetString());
  }
  return out;
}

std::optional<std::vector<int64_t>> JsonReader::Object::IntList(const char* key) {
  const rapidjson::Value* v = Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsArray()) {
    Fail(key, "expected a list of integers");
    return std::nullopt;
  }
  std::vector<int64_t> out;
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
    if (!(*v)[i].IsInt64()) {
      reader_->Fail(KeyPath(key) + "[" + std::to_string(i) + "]", "expected an integer");
      return std::nullopt;
    }
    out.push_back((*v)[i].GetInt64());
  }
  return out;
}

std::optional<JsonReader::Object> JsonReader::Object::Child(const char* key) {
  const rapidjson::Value* v = Get(key);
  if (v == nullptr) return std::nullopt;
  if (!v->IsObject()) {
    Fail(key, "expected an object");
    return std::nullopt;
  }
  return Object(reader_, v, KeyPath(key));
}

bool JsonReader::Object::ForEach(const char* key, const std::function<void(Object&, size_t)>& visit) {
  const rapidjson::Value* v = Get(key);
  if (v == nullptr) return false;
  if (!v->IsArray()) {
    Fail(key, "expected a list of objects");
    return false;
  }
  for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
    std::string path = KeyPath(key) + "[" + std::to_string(i) + "]";
    if (!(*v)[i].IsObject()) {
      reader_->Fail(path, "expected an object");
      return false;
    }
    Object element(reader_, &(*v)[i], path);
    visit(element, i);
  }
  return true;
}

void JsonReader::Object::OnlyKeys(std::initializer_list<const char*> allowed) {
  for (auto it = value_->MemberBegin(); it != value_->MemberEnd(); ++it) {
    std::string name = it->name.GetString();
    bool known = false;
    std::string list;
    for (const char* a : allowed) {
      known = known || name == a;
      list += (list.empty() ? "" : ", ") + std::string(a);
    }
    if (!known) {
      reader_->Fail(KeyPath(name.c_str()), "unknown key (known keys: " + list + ")");
      return;
    }
    // A repeated key would silently lose one of its values (the first is read).
    for (auto earlier = value_->MemberBegin(); earlier != it; ++earlier) {
      if (earlier->name == it->name) {
        reader_->Fail(KeyPath(name.c_str()), "appears twice; give each key once");
        return;
      }
    }
  }
}

}  // namespace crm

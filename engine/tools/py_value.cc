#include "engine/tools/py_value.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <unordered_map>

#include "engine/tools/py_repr.h"

namespace crm::py {

Value Value::Bool(bool b) {
  Value v;
  v.type_ = Type::kBool;
  v.b_ = b;
  return v;
}

Value Value::Int(int64_t i) {
  Value v;
  v.type_ = Type::kInt;
  v.i_ = i;
  return v;
}

Value Value::Float(double f) {
  Value v;
  v.type_ = Type::kFloat;
  v.f_ = f;
  return v;
}

Value Value::Str(std::string s) {
  Value v;
  v.type_ = Type::kStr;
  v.s_ = std::move(s);
  return v;
}

Value Value::List(std::vector<Value> items) {
  Value v;
  v.type_ = Type::kList;
  v.items_ = std::move(items);
  return v;
}

Value Value::Dict(DictClass dict_class) {
  Value v;
  v.type_ = Type::kDict;
  v.dict_class_ = dict_class;
  return v;
}

bool Value::truthy() const {
  switch (type_) {
    case Type::kNone: return false;
    case Type::kBool: return b_;
    case Type::kInt: return i_ != 0;
    case Type::kFloat: return f_ != 0;
    case Type::kStr: return !s_.empty();
    case Type::kList: return !items_.empty();
    case Type::kDict: return !entries_.empty();
  }
  return false;
}

std::string_view Value::type_name() const {
  switch (type_) {
    case Type::kNone: return "NoneType";
    case Type::kBool: return "bool";
    case Type::kInt: return "int";
    case Type::kFloat: return "float";
    case Type::kStr: return "str";
    case Type::kList: return "list";
    case Type::kDict:
      return dict_class_ == DictClass::kOrderedDict      ? "OrderedDict"
             : dict_class_ == DictClass::kDefaultDictInt ? "defaultdict"
                                                         : "dict";
  }
  return "object";
}

double Value::as_number() const { return type_ == Type::kFloat ? f_ : static_cast<double>(as_int()); }

const Value* Value::Find(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.key.is_str() && e.key.as_str() == key) return &e.value;
  }
  return nullptr;
}

Value* Value::Find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->Find(key));
}

void Value::Set(Value key, Value value) {
  for (Entry& e : entries_) {
    if (Equal(e.key, key)) {
      e.value = std::move(value);
      return;
    }
  }
  entries_.push_back(Entry{std::move(key), std::move(value)});
}

bool Equal(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_int_like() && b.is_int_like()) return a.as_int() == b.as_int();
    return a.as_number() == b.as_number();
  }
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Value::Type::kNone: return true;
    case Value::Type::kStr: return a.as_str() == b.as_str();
    case Value::Type::kList:
      if (a.items().size() != b.items().size()) return false;
      for (size_t i = 0; i < a.items().size(); ++i) {
        if (!Equal(a.items()[i], b.items()[i])) return false;
      }
      return true;
    case Value::Type::kDict:
      if (a.entries().size() != b.entries().size()) return false;
      for (const Value::Entry& e : a.entries()) {
        bool found = false;
        for (const Value::Entry& f : b.entries()) {
          if (Equal(e.key, f.key)) {
            found = Equal(e.value, f.value);
            break;
          }
        }
        if (!found) return false;
      }
      return true;
    default: return false;  // numbers handled above
  }
}

namespace {

void AppendDictBody(std::string& out, const Value& dict) {
  out += '{';
  bool first = true;
  for (const Value::Entry& e : dict.entries()) {
    if (!first) out += ", ";
    first = false;
    AppendRepr(out, e.key);
    out += ": ";
    AppendRepr(out, e.value);
  }
  out += '}';
}

// OrderedDict([('k', v), ...]), or OrderedDict() when empty (Python 3.11).
void AppendOrderedDict(std::string& out, const Value& dict) {
  if (dict.entries().empty()) {
    out += "OrderedDict()";
    return;
  }
  out += "OrderedDict([";
  bool first = true;
  for (const Value::Entry& e : dict.entries()) {
    if (!first) out += ", ";
    first = false;
    out += '(';
    AppendRepr(out, e.key);
    out += ", ";
    AppendRepr(out, e.value);
    out += ')';
  }
  out += "])";
}

void WriteJson(rapidjson::Writer<rapidjson::StringBuffer>& w, const Value& v) {
  switch (v.type()) {
    case Value::Type::kNone: w.Null(); return;
    case Value::Type::kBool: w.Bool(v.as_bool()); return;
    case Value::Type::kInt: w.Int64(v.as_int()); return;
    case Value::Type::kFloat:
      if (std::isfinite(v.as_number())) {
        w.Double(v.as_number());
      } else {
        w.Null();
      }
      return;
    case Value::Type::kStr:
      w.String(v.as_str().data(), static_cast<rapidjson::SizeType>(v.as_str().size()));
      return;
    case Value::Type::kList:
      w.StartArray();
      for (const Value& item : v.items()) WriteJson(w, item);
      w.EndArray();
      return;
    case Value::Type::kDict:
      w.StartObject();
      for (const Value::Entry& e : v.entries()) {
        std::string key = e.key.is_str() ? e.key.as_str() : e.key.is_none() ? "null" : Str(e.key);
        w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
        WriteJson(w, e.value);
      }
      w.EndObject();
      return;
  }
}

}  // namespace

void AppendRepr(std::string& out, const Value& v) {
  switch (v.type()) {
    case Value::Type::kNone: out += "None"; return;
    case Value::Type::kBool: out += v.as_bool() ? "True" : "False"; return;
    case Value::Type::kInt: AppendReprInt(out, v.as_int()); return;
    case Value::Type::kFloat: AppendReprFloat(out, v.as_number()); return;
    case Value::Type::kStr: AppendReprString(out, v.as_str()); return;
    case Value::Type::kList: {
      out += '[';
      bool first = true;
      for (const Value& item : v.items()) {
        if (!first) out += ", ";
        first = false;
        AppendRepr(out, item);
      }
      out += ']';
      return;
    }
    case Value::Type::kDict:
      switch (v.dict_class()) {
        case DictClass::kDict: AppendDictBody(out, v); return;
        case DictClass::kOrderedDict: AppendOrderedDict(out, v); return;
        case DictClass::kDefaultDictInt:
          out += "defaultdict(<class 'int'>, ";
          AppendDictBody(out, v);
          out += ')';
          return;
      }
  }
}

std::string Repr(const Value& value) {
  std::string out;
  AppendRepr(out, value);
  return out;
}

std::string Str(const Value& value) { return value.is_str() ? value.as_str() : Repr(value); }

std::string ToJson(const Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  WriteJson(w, value);
  return std::string(buf.GetString(), buf.GetSize());
}

Value FromJson(const rapidjson::Value& json) {
  if (json.IsNull()) return Value();
  if (json.IsBool()) return Value::Bool(json.GetBool());
  if (json.IsInt64()) return Value::Int(json.GetInt64());
  if (json.IsNumber()) return Value::Float(json.GetDouble());
  if (json.IsString()) return Value::Str(std::string(json.GetString(), json.GetStringLength()));
  if (json.IsArray()) {
    std::vector<Value> items;
    items.reserve(json.Size());
    for (const rapidjson::Value& item : json.GetArray()) items.push_back(FromJson(item));
    return Value::List(std::move(items));
  }
  // Keys are indexed so that a huge object (a model may send one) costs
  // linear time; a repeated key keeps its first place, as in Python.
  Value dict = Value::Dict();
  std::unordered_map<std::string_view, size_t> index;
  for (const auto& m : json.GetObject()) {
    std::string_view key(m.name.GetString(), m.name.GetStringLength());
    auto [it, fresh] = index.emplace(key, dict.entries().size());
    if (fresh) {
      dict.entries().push_back(Value::Entry{Value::Str(std::string(key)), FromJson(m.value)});
    } else {
      dict.entries()[it->second].value = FromJson(m.value);
    }
  }
  return dict;
}

}  // namespace crm::py

// engine/tools/py_value.h — Python values, as the official harness's tools
// take and return them.
//
// The official tools are Python functions: their arguments are what
// json.loads made of a model's call, their results Python lists, dicts,
// strings and numbers, shown to the model as str(result). To reproduce them
// exactly, the tools work on this small model of those values: None, bool,
// int (64-bit), float, str (UTF-8), list, and dict in insertion order (with
// the class it prints as: dict, OrderedDict as simple_salesforce returns
// nested records, or defaultdict(int) as one official tool returns).
// Values are plain data: copyable, no sharing; safe to use from one thread
// at a time, and const values from any number.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crm::py {

// How a dict prints (Python 3.11): {...}, OrderedDict([...]) or
// defaultdict(<class 'int'>, {...}).
enum class DictClass { kDict, kOrderedDict, kDefaultDictInt };

class Value {
 public:
  enum class Type { kNone, kBool, kInt, kFloat, kStr, kList, kDict };
  struct Entry;

  // Declared here, defaulted below once Entry is complete (the member
  // vector of Entry needs it).
  Value();  // None
  ~Value();
  Value(const Value&);
  Value(Value&&) noexcept;
  Value& operator=(const Value&);
  Value& operator=(Value&&) noexcept;
  static Value Bool(bool b);
  static Value Int(int64_t i);
  static Value Float(double f);
  static Value Str(std::string s);
  static Value List(std::vector<Value> items = {});
  static Value Dict(DictClass dict_class = DictClass::kDict);

  Type type() const { return type_; }
  bool is_none() const { return type_ == Type::kNone; }
  bool is_str() const { return type_ == Type::kStr; }
  bool is_list() const { return type_ == Type::kList; }
  bool is_dict() const { return type_ == Type::kDict; }
  // isinstance(x, int): bools are ints in Python.
  bool is_int_like() const { return type_ == Type::kInt || type_ == Type::kBool; }
  // isinstance(x, (int, float)).
  bool is_number() const { return is_int_like() || type_ == Type::kFloat; }
  // Python truthiness: None, False, 0, 0.0, '', [] and {} are false.
  bool truthy() const;
  // type(x).__name__: 'NoneType', 'bool', 'int', 'float', 'str', 'list',
  // 'dict', 'OrderedDict', 'defaultdict'.
  std::string_view type_name() const;
  // A dict key Python can hash (None, bool, int, float, str).
  bool hashable() const { return type_ != Type::kList && type_ != Type::kDict; }

  bool as_bool() const { return b_; }
  int64_t as_int() const { return type_ == Type::kBool ? (b_ ? 1 : 0) : i_; }
  double as_number() const;  // REQUIRES: is_number()
  const std::string& as_str() const { return s_; }
  const std::vector<Value>& items() const { return items_; }
  std::vector<Value>& items() { return items_; }
  const std::vector<Entry>& entries() const { return entries_; }
  std::vector<Entry>& entries() { return entries_; }
  DictClass dict_class() const { return dict_class_; }

  // Dict access by a str key (Python's `key in d` / d[key] for str keys).
  const Value* Find(std::string_view key) const;
  Value* Find(std::string_view key);
  // d[key] = value: replaces in place, or appends a new entry.
  void Set(Value key, Value value);
  void Set(std::string key, Value value) { Set(Str(std::move(key)), std::move(value)); }
  void Append(Value item) { items_.push_back(std::move(item)); }

 private:
  Type type_ = Type::kNone;
  DictClass dict_class_ = DictClass::kDict;
  bool b_ = false;
  int64_t i_ = 0;
  double f_ = 0;
  std::string s_;
  std::vector<Value> items_;
  std::vector<Entry> entries_;
};

struct Value::Entry {
  Value key;
  Value value;
};

inline Value::Value() = default;
inline Value::~Value() = default;
inline Value::Value(const Value&) = default;
inline Value::Value(Value&&) noexcept = default;
inline Value& Value::operator=(const Value&) = default;
inline Value& Value::operator=(Value&&) noexcept = default;

// Python's ==, for the kinds above (1 == 1.0 == True; lists and dicts by content).
bool Equal(const Value& a, const Value& b);

// repr(value) and str(value) (a str is itself under str()).
void AppendRepr(std::string& out, const Value& value);
std::string Repr(const Value& value);
std::string Str(const Value& value);

// Compact JSON: dicts as objects (non-str keys as their str()), None as
// null, non-finite floats as null. The engine's "json" observation format.
std::string ToJson(const Value& value);

// What json.loads makes of a parsed JSON value: integers are ints (beyond
// 64 bits: floats), other numbers floats, objects dicts (a repeated key
// keeps its first place and takes the last value).
Value FromJson(const rapidjson::Value& json);

}  // namespace crm::py

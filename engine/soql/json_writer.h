// engine/soql/json_writer.h — a small streaming JSON writer for results.
//
// Writes compact JSON the way the REST API prints it: UTF-8 passed through,
// control characters escaped, doubles in shortest round-trip form with a
// ".0" on whole numbers (786000.0, 1200.5). Single-threaded value type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crm::soql {

class JsonWriter {
 public:
  void StartObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void StartArray() { Open('['); }
  void EndArray() { Close(']'); }
  void Key(std::string_view key);
  void String(std::string_view value);
  void Null();
  void Bool(bool value);
  void Int64(int64_t value);
  void Double(double value);
  // Inserts already-serialised JSON as one value.
  void Raw(std::string_view json);

  size_t size() const { return out_.size(); }
  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Open(char c);
  void Close(char c);
  void Separate();

  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

// Appends `s` as a quoted JSON string.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace crm::soql

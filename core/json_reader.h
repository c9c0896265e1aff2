// core/json_reader.h — typed, path-aware reading of a JSON document.
//
// JsonReader walks a parsed RapidJSON value and records the first problem
// with its JSON path ("$.models[1].limits.rpm: expected a positive
// integer"), so config and file loaders report precise errors without
// threading Status through every getter. One reader per document; not
// thread-safe; the document must outlive the reader.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace crm {

class JsonReader {
 public:
  // Parses text; a syntax error becomes the reader's error with line and column.
  static Result<rapidjson::Document> Parse(const std::string& text, const std::string& source);

  JsonReader(const rapidjson::Value& root, std::string source) : root_(root), source_(std::move(source)) {}

  // A view of one object at a path. Getters return the fallback (or nullopt)
  // when the key is absent, and record an error when it has the wrong type.
  class Object {
   public:
    std::optional<std::string> String(const char* key);
    std::optional<int64_t> Int(const char* key, int64_t min = INT64_MIN, int64_t max = INT64_MAX);
    std::optional<double> Number(const char* key, double min = -1e308, double max = 1e308);
    std::optional<bool> Bool(const char* key);
    std::optional<std::vector<std::string>> StringList(const char* key);
    std::optional<std::vector<int64_t>> IntList(const char* key);
    std::optional<Object> Child(const char* key);  // an object member
    // Calls visit(element, index) for each object element of an array member.
    bool ForEach(const char* key, const std::function<void(Object&, size_t)>& visit);
    bool Has(const char* key) const;
    // Records an error for a present key whose value is not allowed.
    void Fail(const char* key, const std::string& what);
    // Rejects keys outside `allowed` (catches typos such as "modles") and a
    // key given twice.
    void OnlyKeys(std::initializer_list<const char*> allowed);
    const std::string& path() const { return path_; }
    const rapidjson::Value* Raw(const char* key) const;

   private:
    friend class JsonReader;
    Object(JsonReader* reader, const rapidjson::Value* value, std::string path)
        : reader_(reader), value_(value), path_(std::move(path)) {}
    const rapidjson::Value* Get(const char* key) const;
    std::string KeyPath(const char* key) const { return path_ + "." + key; }
    JsonReader* reader_;
    const rapidjson::Value* value_;
    std::string path_;
  };

  // The root, which must be an object.
  std::optional<Object> Root();
  bool ok() const { return error_.empty(); }
  // "config.json: $.models[1].limits.rpm: expected ..." (first error only).
  Status status() const;
  void Fail(const std::string& path, const std::string& what);

 private:
  const rapidjson::Value& root_;
  std::string source_;
  std::string error_;
};

}  // namespace crm

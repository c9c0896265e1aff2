// Merging a split query's chunk responses (query_merge.h).
#include "engine/soql/query_merge.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <unordered_map>

#include "engine/soql/json_writer.h"

namespace crm::soql {
namespace {

using Value = rapidjson::Value;

// A merged record and its order keys (nullptr: absent or null).
struct Row {
  Value* record = nullptr;
  std::vector<const Value*> keys;
};

// The member named `key`, or else one named so but for ASCII case (the
// org's canonical casing wins whatever the plan spells); REQUIRES an object.
Value::MemberIterator FindKey(Value& object, const std::string& key) {
  auto it = object.FindMember(rapidjson::StringRef(key.data(), key.size()));
  if (it != object.MemberEnd()) return it;
  for (it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if (name.size() == key.size() && std::equal(name.begin(), name.end(), key.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return it;
    }
  }
  return object.MemberEnd();
}

Value* Member(Value& object, const std::string& key) {
  if (!object.IsObject()) return nullptr;
  auto it = FindKey(object, key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

const Value* At(Value& record, const std::vector<std::string>& path) {
  Value* v = &record;
  for (const std::string& key : path) {
    v = Member(*v, key);
    if (v == nullptr) return nullptr;
  }
  return v->IsNull() ? nullptr : v;
}

int Sign(double d) { return d < 0 ? -1 : d > 0 ? 1 : 0; }

// SQLite's order of two non-null values: numbers (booleans are 0/1) before
// text; numbers by value; text bytewise, or with ASCII letters folded for
// COLLATE NOCASE.
int Compare(const Value& a, const Value& b, bool nocase) {
  auto type_class = [](const Value& v) { return v.IsString() ? 1 : (v.IsNumber() || v.IsBool()) ? 0 : 2; };
  const int ca = type_class(a), cb = type_class(b);
  if (ca != cb) return ca < cb ? -1 : 1;
  if (ca == 0) {
    if (a.IsInt64() && b.IsInt64()) return a.GetInt64() < b.GetInt64() ? -1 : a.GetInt64() > b.GetInt64() ? 1 : 0;
    auto number = [](const Value& v) { return v.IsBool() ? (v.GetBool() ? 1.0 : 0.0) : v.GetDouble(); };
    return Sign(number(a) - number(b));
  }
  if (ca != 1) return 0;
  const size_t na = a.GetStringLength(), nb = b.GetStringLength();
  const auto* pa = reinterpret_cast<const unsigned char*>(a.GetString());
  const auto* pb = reinterpret_cast<const unsigned char*>(b.GetString());
  for (size_t i = 0; i < std::min(na, nb); ++i) {
    int x = nocase ? std::tolower(pa[i]) : pa[i];
    int y = nocase ? std::tolower(pb[i]) : pb[i];
    if (x != y) return x < y ? -1 : 1;
  }
  return na < nb ? -1 : na > nb ? 1 : 0;
}

// Writes a parsed value as the org's JsonWriter wrote it.
void Write(JsonWriter& w, const Value& v) {
  if (v.IsObject()) {
    w.StartObject();
    for (const auto& m : v.GetObject()) {
      w.Key(std::string_view(m.name.GetString(), m.name.GetStringLength()));
      Write(w, m.value);
    }
    w.EndObject();
  } else if (v.IsArray()) {
    w.StartArray();
    for (const Value& e : v.GetArray()) Write(w, e);
    w.EndArray();
  } else if (v.IsString()) {
    w.String(std::string_view(v.GetString(), v.GetStringLength()));
  } else if (v.IsBool()) {
    w.Bool(v.GetBool());
  } else if (v.IsInt64()) {
    w.Int64(v.GetInt64());
  } else if (v.IsNumber()) {
    w.Double(v.GetDouble());
  } else {
    w.Null();
  }
}

class Merger {
 public:
  explicit Merger(const SplitPlan& plan) : plan_(plan) {}

  Outcome<std::string> Run(const std::vector<std::string>& bodies, size_t max_records) {
    for (const std::string& body : bodies) {
      if (!Collect(body)) return QueryError{"UNKNOWN_EXCEPTION", "a chunk of a split query did not return a query result", 500};
    }
    if (plan_.aggregate) CombineGroups();
    SortRows();
    if (!plan_.aggregate) DropRepeatedIds();
    for (Row& row : rows_) RemoveAddedValues(*row.record);
    return Written(max_records);
  }

 private:
  bool Collect(const std::string& body) {
    docs_.emplace_back(&pool_);
    rapidjson::Document& doc = docs_.back();
    doc.Parse<rapidjson::kParseFullPrecisionFlag>(body.data(), body.size());
    if (doc.HasParseError() || !doc.IsObject()) return false;
    Value* records = Member(doc, "records");
    if (records == nullptr || !records->IsArray()) return false;
    for (Value& r : records->GetArray()) {
      if (!r.IsObject()) return false;
      Row row{&r, {}};
      for (const MergeOrderKey& key : plan_.order) row.keys.push_back(At(r, key.path));
      rows_.push_back(std::move(row));
    }
    return true;
  }

  // One row per group: the first chunk's row, the others' aggregates folded in.
  void CombineGroups() {
    std::unordered_map<std::string, size_t> group_row;
    std::vector<Row> merged;
    for (Row& row : rows_) {
      auto [it, fresh] = group_row.emplace(GroupKey(*row.record), merged.size());
      if (fresh) {
        merged.push_back(row);
        continue;
      }
      Value& into = *merged[it->second].record;
      for (const MergeColumn& column : plan_.columns) {
        if (column.function == MergeFunction::kGroupKey) continue;
        Value* a = Member(into, column.key);
        Value* b = Member(*row.record, column.key);
        if (a != nullptr && b != nullptr) Fold(column.function, *a, *b);
      }
    }
    for (Row& row : merged) {  // the keys may point at values that were folded
      for (size_t k = 0; k < plan_.order.size(); ++k) row.keys[k] = At(*row.record, plan_.order[k].path);
    }
    rows_ = std::move(merged);
  }

  // Group values as exact typed text: groups are equal under binary comparison.
  std::string GroupKey(Value& record) {
    std::string key;
    for (const MergeColumn& column : plan_.columns) {
      if (column.function != MergeFunction::kGroupKey) continue;
      const Value* v = Member(record, column.key);
      JsonWriter w;
      if (v != nullptr) Write(w, *v);
      key += w.str();
      key += '\x1f';
    }
    return key;
  }

  void Fold(MergeFunction function, Value& into, Value& from) {
    if (from.IsNull()) return;
    if (into.IsNull()) {
      into.CopyFrom(from, pool_);
      return;
    }
    if (function == MergeFunction::kCount || function == MergeFunction::kSum) {
      if (into.IsInt64() && from.IsInt64()) {
        into.SetInt64(into.GetInt64() + from.GetInt64());
      } else if (into.IsNumber() && from.IsNumber()) {
        into.SetDouble(into.GetDouble() + from.GetDouble());
      }
      return;
    }
    const int c = Compare(from, into, false);  // MIN/MAX compare with the column's binary collation
    if (function == MergeFunction::kMin ? c < 0 : c > 0) into.CopyFrom(from, pool_);
  }

  int CompareRows(const Row& a, const Row& b) const {
    for (size_t k = 0; k < plan_.order.size(); ++k) {
      const MergeOrderKey& key = plan_.order[k];
      const Value* x = a.keys[k];
      const Value* y = b.keys[k];
      if (x == nullptr || y == nullptr) {
        if (x == y) continue;
        return (x == nullptr) == key.nulls_first ? -1 : 1;  // NULLS FIRST/LAST hold in either direction
      }
      const int c = Compare(*x, *y, key.nocase);
      if (c != 0) return key.descending ? -c : c;
    }
    return 0;
  }

  void SortRows() {
    std::stable_sort(rows_.begin(), rows_.end(), [this](const Row& a, const Row& b) { return CompareRows(a, b) < 0; });
  }

  // A record two chunks both returned (values of one list that match the same
  // record) is kept once; Id is the last order key, so copies are adjacent.
  void DropRepeatedIds() {
    auto same_id = [](const Row& a, const Row& b) {
      const Value* x = a.keys.back();
      const Value* y = b.keys.back();
      return x != nullptr && y != nullptr && Compare(*x, *y, false) == 0;
    };
    rows_.erase(std::unique(rows_.begin(), rows_.end(), same_id), rows_.end());
  }

  void RemoveAddedValues(Value& record) {
    for (const std::vector<std::string>& path : plan_.drop) {
      Value* parent = &record;
      for (size_t i = 0; i + 1 < path.size() && parent != nullptr; ++i) parent = Member(*parent, path[i]);
      if (parent == nullptr || !parent->IsObject()) continue;
      auto it = FindKey(*parent, path.back());
      if (it != parent->MemberEnd()) parent->EraseMember(it);  // keeps the other keys' order
    }
  }

  std::string Written(size_t max_records) const {
    JsonWriter w;
    w.StartObject();
    w.Key("totalSize");
    w.Int64(static_cast<int64_t>(rows_.size()));
    w.Key("done");
    w.Bool(rows_.size() <= max_records);
    w.Key("records");
    w.StartArray();
    for (size_t i = 0; i < rows_.size() && i < max_records; ++i) Write(w, *rows_[i].record);
    w.EndArray();
    w.EndObject();
    return w.Take();
  }

  const SplitPlan& plan_;
  rapidjson::MemoryPoolAllocator<> pool_;  // shared by every chunk, so values can move between them
  std::deque<rapidjson::Document> docs_;
  std::vector<Row> rows_;
};

}  // namespace

Outcome<std::string> MergeChunkResponses(const SplitPlan& plan, const std::vector<std::string>& bodies,
                                         size_t max_records) {
  return Merger(plan).Run(bodies, max_records);
}

}  // namespace crm::soql

// engine/soql/bound.h — a query after name resolution and type checks.
//
// Produced by the binder, consumed by emit. Every name points into the
// Schema (which must outlive the bound query); every literal has been
// converted to the stored representation (18-character ids, UTC datetime
// text, 0/1 booleans) so emit can bind it as a parameter. Plain values.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/org/schema.h"

namespace crm::soql {

// A value bound into SQL as a parameter.
using SqlValue = std::variant<std::monostate, std::string, int64_t, double>;

struct BoundPath {
  std::vector<const org::Field*> hops;  // reference fields walked from the root object
  const org::Field* field = nullptr;
  const org::SObject* owner = nullptr;  // the object that has `field`
  std::string Key() const;              // "AccountId>OwnerId>Name", for equality checks
};

struct BoundOperand {
  enum class Kind { kField, kAggregate, kDateFunction };
  Kind kind = Kind::kField;
  std::string function;  // COUNT, SUM, CALENDAR_YEAR, ...
  bool count_star = false;
  BoundPath path;
  org::FieldType result_type = org::FieldType::kString;  // how values print
  std::string Key() const;
};

struct BoundSelect;

struct BoundPredicate {
  enum class Kind {
    kAnd, kOr, kNot,
    kCompare,   // lhs op value (op: = != < <= > >=); != also matches null
    kIsNull, kNotNull,
    kIn, kNotIn,  // lhs [NOT] IN (values)
    kLike,
    kSemiJoin, kAntiJoin,  // lhs [NOT] IN (subquery)
    kConst,     // always `constant`
    kSearch,    // SOSL: FTS5 match (values[0], may be empty) OR children[0] (LIKE)
    kIncludes, kExcludes,  // multipicklist lhs holds [none of] the ';'-joined value sets
  };
  Kind kind = Kind::kConst;
  std::vector<std::unique_ptr<BoundPredicate>> children;
  BoundOperand lhs;
  std::string op;
  std::vector<SqlValue> values;
  bool nocase = false;  // compare text case-insensitively
  bool constant = true;
  std::unique_ptr<BoundSelect> subquery;
  std::string search_table;  // kSearch: the object's FTS5 table
  // kSearch: FTS matches must also have a word matching each pattern in `word_fields`.
  std::vector<std::string> word_patterns;
  std::vector<const org::Field*> word_fields;
};

struct BoundOrder {
  BoundOperand operand;
  bool descending = false;
  bool nulls_first = true;
};

// One SELECT item, in output order. For record queries, `path` nests the
// value under its parent relationships; for aggregate queries `key` names it.
struct BoundItem {
  BoundOperand operand;
  std::string key;
  int child = -1;  // >= 0: index into BoundSelect::children
  // Source details for messages.
  std::string alias;
  std::string written;  // the path as written
  size_t offset = 0;
  size_t alias_offset = 0;
};

struct BoundSelect {
  enum class Kind { kRecords, kAggregate, kCount };
  Kind kind = Kind::kRecords;
  const org::SObject* object = nullptr;
  // Child subqueries only: the relationship and the lookup on the child.
  std::string relationship_name;
  const org::Field* parent_lookup = nullptr;
  std::vector<BoundItem> items;
  std::vector<std::unique_ptr<BoundSelect>> children;
  std::unique_ptr<BoundPredicate> where;
  std::vector<BoundOperand> group_by;
  std::string group_mode;  // "", ROLLUP, CUBE
  std::unique_ptr<BoundPredicate> having;
  std::vector<BoundOrder> order_by;
  std::optional<int64_t> limit;
  int64_t offset = 0;
};

}  // namespace crm::soql

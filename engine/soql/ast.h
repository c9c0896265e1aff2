// engine/soql/ast.h — the syntax tree of a SOQL query, as written.
//
// Produced by the parser, consumed by the binder. Names are kept as written
// (case preserved); nothing here has been checked against the schema.
// Every node carries the byte offset of its first token for error messages.
// Plain values, owned by their parent through unique_ptr.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crm::soql {

struct SelectStmt;

struct FieldPath {
  std::vector<std::string> parts;  // Account.Owner.Name -> {Account, Owner, Name}
  size_t offset = 0;
  std::string Joined() const;
};

// A value expression: a field, an aggregate or a date function of a field.
struct Operand {
  enum class Kind { kField, kAggregate, kDateFunction };
  Kind kind = Kind::kField;
  std::string function;  // upper case: COUNT, SUM, CALENDAR_YEAR, ...
  bool count_star = false;  // COUNT()
  bool convert_timezone = false;  // DATE_FN(convertTimezone(field))
  FieldPath path;
  size_t offset = 0;
};

struct SelectItem {
  enum class Kind { kOperand, kFields, kSubquery, kTypeof };
  Kind kind = Kind::kOperand;
  Operand operand;
  std::string fields_scope;  // ALL, STANDARD, CUSTOM
  std::unique_ptr<SelectStmt> subquery;
  std::string alias;
  size_t alias_offset = 0;
  size_t offset = 0;
};

struct Literal {
  enum class Kind { kString, kNumber, kBoolean, kNull, kDate, kDateTime, kRelativeDate };
  Kind kind = Kind::kNull;
  std::string text;  // string value (unescaped), number text, date text, literal name
  int n = 0;         // LAST_N_DAYS:n
  bool has_n = false;
  size_t offset = 0;
};

struct Condition {
  enum class Kind { kAnd, kOr, kNot, kCompare, kLike, kIn, kNotIn, kIncludes, kExcludes };
  Kind kind = Kind::kCompare;
  std::vector<std::unique_ptr<Condition>> children;  // kAnd, kOr (2+), kNot (1)
  Operand lhs;
  std::string op;  // kCompare: = != < <= > >= (<> becomes !=)
  std::vector<Literal> values;  // 1 for kCompare/kLike, list for IN etc.
  std::unique_ptr<SelectStmt> subquery;  // semi-join / anti-join
  size_t offset = 0;
  size_t op_offset = 0;
};

struct OrderItem {
  Operand operand;
  bool descending = false;
  std::optional<bool> nulls_first;
};

struct SelectStmt {
  std::vector<SelectItem> items;
  FieldPath from;  // one part, or Parent.Children in subqueries
  std::string from_alias;
  std::unique_ptr<Condition> where;
  std::vector<Operand> group_by;
  std::string group_by_mode;  // "", ROLLUP, CUBE
  size_t group_by_offset = 0;
  std::unique_ptr<Condition> having;
  std::vector<OrderItem> order_by;
  size_t order_by_offset = 0;
  std::optional<long long> limit;
  size_t limit_offset = 0;
  std::optional<long long> offset;
  size_t offset_offset = 0;
  std::string for_clause;  // VIEW, REFERENCE, UPDATE
  size_t offset_in_text = 0;  // where SELECT starts
};

}  // namespace crm::soql

// engine/soql/binder_impl.h — internal to the binder (binder*.cc only).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/soql/binder.h"

namespace crm::soql::internal {

class BinderImpl {
 public:
  BinderImpl(std::string_view text, const org::Schema& schema, const BindOptions& options)
      : text_(text), schema_(schema), options_(options) {}

  std::unique_ptr<BoundSelect> BindTop(const SelectStmt& stmt);
  const std::optional<QueryError>& error() const { return error_; }

 private:
  // Scope of one SELECT: the object and the alias names usable as prefixes.
  struct Scope {
    const org::SObject* object = nullptr;
    std::string alias;
    std::string relationship;  // child subqueries: the relationship name
    int semi_joins = 0;
    bool in_semi_join = false;
  };

  std::unique_ptr<BoundSelect> BindSelect(const SelectStmt& stmt, Scope& scope);
  bool BindItems(const SelectStmt& stmt, Scope& scope, BoundSelect* out);
  bool BindFieldsMacro(const SelectItem& item, const Scope& scope, BoundSelect* out);
  bool BindChild(const SelectItem& item, const Scope& scope, BoundSelect* out);
  bool CheckShape(const SelectStmt& stmt, BoundSelect* out);
  bool CheckAggregateShape(const SelectStmt& stmt, BoundSelect* out);
  bool NameAggregateKeys(const SelectStmt& stmt, BoundSelect* out);
  bool BindOrderBy(const SelectStmt& stmt, const Scope& scope, BoundSelect* out);
  bool BindLimits(const SelectStmt& stmt, BoundSelect* out);

  bool ResolvePath(const FieldPath& path, const Scope& scope, BoundPath* out);
  bool BindOperand(const Operand& op, const Scope& scope, BoundOperand* out);

  // binder_where.cc
  std::unique_ptr<BoundPredicate> BindCondition(const Condition& cond, Scope& scope, bool under_or);
  std::unique_ptr<BoundPredicate> BindComparison(const Condition& cond, const BoundOperand& lhs);
  std::unique_ptr<BoundPredicate> BindInList(const Condition& cond, const BoundOperand& lhs);
  std::unique_ptr<BoundPredicate> BindLike(const Condition& cond, const BoundOperand& lhs);
  std::unique_ptr<BoundPredicate> BindIncludes(const Condition& cond, const BoundOperand& lhs);
  std::unique_ptr<BoundPredicate> BindSemiJoin(const Condition& cond, const BoundOperand& lhs, Scope& scope);
  std::unique_ptr<BoundPredicate> RelativeDatePredicate(const std::string& op, const Literal& lit,
                                                        const BoundOperand& lhs);
  // Converts a literal for comparison with lhs; false (with error) on a type mismatch.
  bool ConvertLiteral(const Literal& lit, const BoundOperand& lhs, SqlValue* out);
  bool TypeMismatch(const Literal& lit, const BoundOperand& lhs);

  bool Fail(std::string_view code, size_t offset, std::string_view detail);
  bool FailPlain(std::string_view code, std::string_view detail);

  std::string_view text_;
  const org::Schema& schema_;
  const BindOptions& options_;
  std::optional<QueryError> error_;
  bool in_having_ = false;
};

bool IsTextType(org::FieldType type);
bool IsNumericType(org::FieldType type);
bool IsIdType(org::FieldType type);
// The type name used in "must be of type X" messages (dateTime, date, ...).
std::string FilterTypeName(org::FieldType type);
std::string_view LastPart(const FieldPath& path);

}  // namespace crm::soql::internal

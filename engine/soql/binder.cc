#include "engine/soql/binder.h"

#include <set>

#include "engine/soql/binder_impl.h"
#include "engine/soql/functions.h"

namespace crm::soql {

Outcome<std::unique_ptr<BoundSelect>> Bind(const SelectStmt& stmt, std::string_view text,
                                           const org::Schema& schema, const BindOptions& options) {
  internal::BinderImpl impl(text, schema, options);
  std::unique_ptr<BoundSelect> out = impl.BindTop(stmt);
  if (impl.error()) return *impl.error();
  return out;
}

std::string BoundPath::Key() const {
  std::string key;
  for (const org::Field* hop : hops) key += hop->name + ">";
  return key + (field != nullptr ? field->name : "");
}

std::string BoundOperand::Key() const {
  if (count_star) return "COUNT()";
  if (kind == Kind::kField) return path.Key();
  return function + "(" + path.Key() + ")";
}

namespace internal {

using org::EqualsIgnoreCase;
using org::FieldType;

bool IsTextType(FieldType t) {
  return t == FieldType::kString || t == FieldType::kTextArea || t == FieldType::kPicklist ||
         t == FieldType::kEmail || t == FieldType::kPhone || t == FieldType::kUrl ||
         t == FieldType::kMultiPicklist || t == FieldType::kTime;
}
bool IsNumericType(FieldType t) {
  return t == FieldType::kDouble || t == FieldType::kCurrency || t == FieldType::kInt ||
         t == FieldType::kPercent || t == FieldType::kLong;
}
bool IsIdType(FieldType t) { return t == FieldType::kId || t == FieldType::kReference; }

std::string FilterTypeName(FieldType type) {
  if (type == FieldType::kDateTime) return "dateTime";
  return std::string(org::FieldTypeName(type));
}

std::string_view LastPart(const FieldPath& path) {
  return path.parts.empty() ? std::string_view() : std::string_view(path.parts.back());
}

bool BinderImpl::Fail(std::string_view code, size_t offset, std::string_view detail) {
  if (!error_) error_ = ErrorAt(code, text_, PosAt(text_, offset), detail);
  return false;
}

bool BinderImpl::FailPlain(std::string_view code, std::string_view detail) {
  if (!error_) error_ = PlainError(code, detail);
  return false;
}

std::unique_ptr<BoundSelect> BinderImpl::BindTop(const SelectStmt& stmt) {
  Scope scope;
  scope.object = stmt.from.parts.size() == 1 ? schema_.FindObject(stmt.from.parts[0]) : nullptr;
  if (scope.object == nullptr) {
    Fail("INVALID_TYPE", stmt.from.offset, UnsupportedTypeDetail(stmt.from.Joined()));
    return nullptr;
  }
  scope.alias = stmt.from_alias;
  return BindSelect(stmt, scope);
}

std::unique_ptr<BoundSelect> BinderImpl::BindSelect(const SelectStmt& stmt, Scope& scope) {
  auto out = std::make_unique<BoundSelect>();
  out->object = scope.object;
  if (!BindItems(stmt, scope, out.get())) return nullptr;
  if (stmt.where) {
    out->where = BindCondition(*stmt.where, scope, false);
    if (!out->where) return nullptr;
  }
  for (const Operand& op : stmt.group_by) {
    BoundOperand bound;
    if (!BindOperand(op, scope, &bound)) return nullptr;
    if (bound.kind == BoundOperand::Kind::kAggregate) {
      Fail("MALFORMED_QUERY", op.offset, "Grouped field should not be aggregated: " + op.path.Joined());
      return nullptr;
    }
    if (bound.path.field->type == FieldType::kTextArea) {
      Fail("MALFORMED_QUERY", op.offset, "field '" + bound.path.field->name + "' can not be grouped in a query call");
      return nullptr;
    }
    out->group_by.push_back(std::move(bound));
  }
  out->group_mode = stmt.group_by_mode;
  if (stmt.having) {
    in_having_ = true;
    out->having = BindCondition(*stmt.having, scope, false);
    in_having_ = false;
    if (!out->having) return nullptr;
  }
  if (!CheckShape(stmt, out.get()) || !BindOrderBy(stmt, scope, out.get()) || !BindLimits(stmt, out.get())) {
    return nullptr;
  }
  return out;
}

bool BinderImpl::BindItems(const SelectStmt& stmt, Scope& scope, BoundSelect* out) {
  std::set<std::string> seen;
  for (const SelectItem& item : stmt.items) {
    size_t before = out->items.size();
    if (item.kind == SelectItem::Kind::kSubquery) {
      if (!BindChild(item, scope, out)) return false;
      continue;
    }
    if (item.kind == SelectItem::Kind::kFields) {
      if (!BindFieldsMacro(item, scope, out)) return false;
    } else {
      BoundItem bound;
      if (!BindOperand(item.operand, scope, &bound.operand)) return false;
      bound.key = bound.operand.kind == BoundOperand::Kind::kField ? bound.operand.path.field->name : "";
      bound.alias = item.alias;
      bound.alias_offset = item.alias_offset;
      bound.written = item.operand.count_star ? "COUNT()" : item.operand.path.Joined();
      bound.offset = item.offset;
      out->items.push_back(std::move(bound));
    }
    for (size_t i = before; i < out->items.size(); ++i) {
      const BoundOperand& op = out->items[i].operand;
      if (op.kind != BoundOperand::Kind::kField) continue;
      if (!seen.insert(ToUpper(op.path.Key())).second) {
        std::string name = item.kind == SelectItem::Kind::kFields ? op.path.field->name : item.operand.path.Joined();
        return Fail("INVALID_FIELD", item.offset, "duplicate field selected: " + name);
      }
    }
  }
  return true;
}

bool BinderImpl::BindFieldsMacro(const SelectItem& item, const Scope& scope, BoundSelect* out) {
  for (const org::Field& f : scope.object->fields) {
    bool custom = f.name.ends_with("__c");
    if ((item.fields_scope == "STANDARD" && custom) || (item.fields_scope == "CUSTOM" && !custom)) continue;
    BoundItem bound;
    bound.operand.path.field = &f;
    bound.operand.path.owner = scope.object;
    bound.operand.result_type = f.type;
    bound.key = f.name;
    bound.written = f.name;
    bound.offset = item.offset;
    out->items.push_back(std::move(bound));
  }
  return true;
}

bool BinderImpl::BindChild(const SelectItem& item, const Scope& scope, BoundSelect* out) {
  const SelectStmt& sub = *item.subquery;
  if (!scope.relationship.empty() || scope.in_semi_join) {
    return Fail("MALFORMED_QUERY", item.offset, "unexpected token: '('");
  }
  const FieldPath& from = sub.from;
  const org::ChildRelationship* rel = nullptr;
  bool prefix_ok = from.parts.size() == 1 || EqualsIgnoreCase(from.parts[0], scope.object->name) ||
                   (!scope.alias.empty() && EqualsIgnoreCase(from.parts[0], scope.alias));
  if (prefix_ok) rel = scope.object->FindChildRelationship(from.parts.back());
  if (rel == nullptr) {
    return Fail("INVALID_TYPE", from.offset,
                "Didn't understand relationship '" + std::string(LastPart(from)) +
                    "' in FROM part of query call. If you are attempting to use a custom relationship, be sure to "
                    "append the '__r' after the custom relationship name. Please reference your WSDL or the "
                    "describe call for the appropriate names.");
  }
  Scope child;
  child.object = schema_.FindObject(rel->child_object);
  child.alias = sub.from_alias;
  child.relationship = rel->name;
  std::unique_ptr<BoundSelect> bound = BindSelect(sub, child);
  if (!bound) return false;
  if (bound->kind != BoundSelect::Kind::kRecords) {
    return Fail("MALFORMED_QUERY", sub.offset_in_text, "Aggregate functions are not supported in nested queries");
  }
  bound->relationship_name = rel->name;
  bound->parent_lookup = child.object->FindField(rel->field);
  BoundItem child_item;
  child_item.key = rel->name;
  child_item.child = static_cast<int>(out->children.size());
  out->children.push_back(std::move(bound));
  out->items.push_back(std::move(child_item));
  return true;
}

bool BinderImpl::ResolvePath(const FieldPath& path, const Scope& scope, BoundPath* out) {
  const std::vector<std::string>& parts = path.parts;
  size_t start = 0;
  if (parts.size() > 1 && scope.object->FindParentRelationship(parts[0]) == nullptr &&
      (EqualsIgnoreCase(parts[0], scope.object->name) ||
       (!scope.alias.empty() && EqualsIgnoreCase(parts[0], scope.alias)) ||
       (!scope.relationship.empty() && EqualsIgnoreCase(parts[0], scope.relationship)))) {
    start = 1;
  }
  const org::SObject* current = scope.object;
  for (size_t i = start; i + 1 < parts.size(); ++i) {
    const org::Field* rel = current->FindParentRelationship(parts[i]);
    if (rel == nullptr) return Fail("INVALID_FIELD", path.offset, BadRelationshipDetail(parts[i]));
    out->hops.push_back(rel);
    current = schema_.FindObject(rel->references);
  }
  out->owner = current;
  out->field = current->FindField(parts.back());
  if (out->field == nullptr) return Fail("INVALID_FIELD", path.offset, NoSuchColumnDetail(parts.back(), current->name));
  return true;
}

bool BinderImpl::BindOperand(const Operand& op, const Scope& scope, BoundOperand* out) {
  out->function = op.function;
  out->count_star = op.count_star;
  if (op.count_star) {
    out->kind = BoundOperand::Kind::kAggregate;
    out->result_type = FieldType::kInt;
    return true;
  }
  if (!ResolvePath(op.path, scope, &out->path)) return false;
  FieldType type = out->path.field->type;
  out->result_type = type;
  if (op.kind == Operand::Kind::kField) {
    out->kind = BoundOperand::Kind::kField;
    return true;
  }
  const std::string& fn = op.function;
  if (op.kind == Operand::Kind::kDateFunction) {
    out->kind = BoundOperand::Kind::kDateFunction;
    bool datetime_only = fn == "DAY_ONLY" || fn == "HOUR_IN_DAY";
    if (type != FieldType::kDateTime && (datetime_only || type != FieldType::kDate)) {
      return Fail("MALFORMED_QUERY", op.path.offset,
                  "Invalid date function argument: " + fn + " does not support field " + out->path.field->name +
                      " of type " + std::string(org::FieldTypeName(type)));
    }
    out->result_type = fn == "DAY_ONLY" ? FieldType::kDate : FieldType::kInt;
    return true;
  }
  out->kind = BoundOperand::Kind::kAggregate;
  bool numeric_only = fn == "SUM" || fn == "AVG";
  if ((numeric_only && !IsNumericType(type)) || (type == FieldType::kTextArea && fn != "COUNT")) {
    return Fail("MALFORMED_QUERY", op.path.offset,
                "field " + out->path.field->name + " does not support aggregate operator " + fn);
  }
  if (fn == "COUNT" || fn == "COUNT_DISTINCT" || fn == "GROUPING") out->result_type = FieldType::kInt;
  if (fn == "SUM" && type == FieldType::kLong) out->result_type = FieldType::kLong;
  if (fn == "AVG" || (fn == "SUM" && type != FieldType::kInt && type != FieldType::kLong)) out->result_type = FieldType::kDouble;
  return true;
}

}  // namespace internal
}  // namespace crm::soql

// Query-shape rules of the binder: aggregates, grouping, ORDER BY, LIMIT.
#include "engine/soql/binder_impl.h"

namespace crm::soql::internal {

using org::FieldType;

namespace {

bool IsGrouped(const BoundOperand& op, const BoundSelect& select) {
  for (const BoundOperand& g : select.group_by) {
    if (g.Key() == op.Key()) return true;
  }
  return false;
}

bool IsSelected(const BoundOperand& op, const BoundSelect& select) {
  for (const BoundItem& item : select.items) {
    if (item.child < 0 && item.operand.Key() == op.Key()) return true;
  }
  return false;
}

}  // namespace

bool BinderImpl::CheckShape(const SelectStmt& stmt, BoundSelect* out) {
  bool count_star = false;
  bool aggregate = !out->group_by.empty();
  for (const BoundItem& item : out->items) {
    if (item.child >= 0) continue;
    count_star = count_star || item.operand.count_star;
    aggregate = aggregate || (item.operand.kind == BoundOperand::Kind::kAggregate && !item.operand.count_star);
  }
  if (count_star) {
    out->kind = BoundSelect::Kind::kCount;
    if (out->items.size() > 1) {
      return Fail("MALFORMED_QUERY", out->items[0].offset, "COUNT() must be the only element in the SELECT list");
    }
    if (!out->group_by.empty()) {
      return Fail("MALFORMED_QUERY", stmt.group_by_offset,
                  "COUNT() cannot be used with GROUP BY; use COUNT(fieldName) instead");
    }
    if (!stmt.order_by.empty()) {
      return Fail("MALFORMED_QUERY", stmt.order_by[0].operand.offset,
                  "Ordered field must be grouped or aggregated: " + stmt.order_by[0].operand.path.Joined());
    }
    return true;
  }
  if (aggregate) {
    out->kind = BoundSelect::Kind::kAggregate;
    return CheckAggregateShape(stmt, out);
  }
  out->kind = BoundSelect::Kind::kRecords;
  for (const BoundItem& item : out->items) {
    if (item.child >= 0) continue;
    if (item.operand.kind == BoundOperand::Kind::kDateFunction) {
      return Fail("MALFORMED_QUERY", item.offset, "Field must be grouped or aggregated: " + item.written);
    }
    if (!item.alias.empty()) {
      return Fail("MALFORMED_QUERY", item.alias_offset, "unexpected token: '" + item.alias + "'");
    }
  }
  if (out->having) return FailPlain("MALFORMED_QUERY", "HAVING clause requires a GROUP BY or an aggregate function");
  return true;
}

bool BinderImpl::CheckAggregateShape(const SelectStmt& stmt, BoundSelect* out) {
  if (!out->group_mode.empty() && out->group_by.size() > 3) {
    return Fail("MALFORMED_QUERY", stmt.group_by_offset,
                "GROUP BY " + out->group_mode + " supports at most 3 fields");
  }
  for (const BoundItem& item : out->items) {
    if (item.operand.function != "GROUPING") continue;
    BoundOperand field = item.operand;
    field.kind = BoundOperand::Kind::kField;
    field.function.clear();
    if (out->group_mode.empty() || !IsGrouped(field, *out)) {
      return Fail("MALFORMED_QUERY", item.offset,
                  "GROUPING(" + item.written + ") requires the field in a GROUP BY ROLLUP or CUBE");
    }
  }
  if (!out->children.empty()) {
    for (const BoundItem& item : out->items) {
      if (item.child >= 0) {
        return Fail("MALFORMED_QUERY", item.offset, "Nested queries are not supported in aggregate queries");
      }
    }
  }
  for (const BoundItem& item : out->items) {
    if (item.operand.kind == BoundOperand::Kind::kAggregate) continue;
    if (!IsGrouped(item.operand, *out)) {
      return Fail("MALFORMED_QUERY", item.offset, "Field must be grouped or aggregated: " + item.written);
    }
  }
  if (out->group_by.empty() && stmt.limit) {
    return Fail("MALFORMED_QUERY", stmt.limit_offset,
                "LIMIT is not supported in an aggregate query without GROUP BY");
  }
  return NameAggregateKeys(stmt, out);
}

bool BinderImpl::NameAggregateKeys(const SelectStmt&, BoundSelect* out) {
  int expr = 0;
  for (BoundItem& item : out->items) {
    bool computed = item.operand.kind != BoundOperand::Kind::kField;
    if (!item.alias.empty()) {
      item.key = item.alias;
    } else if (computed) {
      item.key = "expr" + std::to_string(expr++);
    } else {
      item.key = item.operand.path.field->name;
    }
  }
  for (size_t i = 0; i < out->items.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (org::EqualsIgnoreCase(out->items[i].key, out->items[j].key)) {
        size_t at = out->items[i].alias.empty() ? out->items[i].offset : out->items[i].alias_offset;
        return Fail("MALFORMED_QUERY", at, "duplicate alias: " + out->items[i].key);
      }
    }
  }
  return true;
}

bool BinderImpl::BindOrderBy(const SelectStmt& stmt, const Scope& scope, BoundSelect* out) {
  for (const OrderItem& item : stmt.order_by) {
    BoundOrder order;
    if (!BindOperand(item.operand, scope, &order.operand)) return false;
    const BoundOperand& op = order.operand;
    bool is_aggregate = op.kind == BoundOperand::Kind::kAggregate;
    if (!out->group_mode.empty() && !IsSelected(op, *out)) {
      return Fail("MALFORMED_QUERY", item.operand.offset,
                  "With ROLLUP or CUBE, ORDER BY must use an expression of the SELECT list");
    }
    if (out->kind == BoundSelect::Kind::kAggregate && !is_aggregate && !IsGrouped(op, *out)) {
      return Fail("MALFORMED_QUERY", item.operand.offset,
                  "Ordered field must be grouped or aggregated: " + item.operand.path.Joined());
    }
    if (out->kind == BoundSelect::Kind::kRecords && op.kind != BoundOperand::Kind::kField) {
      return Fail("MALFORMED_QUERY", item.operand.offset,
                  "Ordered field must be grouped or aggregated: " + item.operand.path.Joined());
    }
    if (!is_aggregate && op.path.field->type == FieldType::kTextArea) {
      return Fail("INVALID_FIELD", item.operand.offset,
                  "field '" + op.path.field->name + "' can not be sorted in a query call");
    }
    order.descending = item.descending;
    order.nulls_first = item.nulls_first.value_or(!item.descending);
    out->order_by.push_back(std::move(order));
  }
  return true;
}

bool BinderImpl::BindLimits(const SelectStmt& stmt, BoundSelect* out) {
  if (stmt.offset && *stmt.offset > 2000) {
    return FailPlain("NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset allowed is 2000");
  }
  for (const SelectItem& item : stmt.items) {
    if (item.kind == SelectItem::Kind::kFields && item.fields_scope != "STANDARD" &&
        (!stmt.limit || *stmt.limit > 200)) {
      return FailPlain("MALFORMED_QUERY", "The SOQL FIELDS function must have a LIMIT of at most 200");
    }
  }
  if (stmt.limit) out->limit = *stmt.limit;
  if (stmt.offset) out->offset = *stmt.offset;
  return true;
}

}  // namespace crm::soql::internal

// WHERE and HAVING conditions of the binder: typed, normalised literals.
#include <charconv>
#include <cmath>

#include "engine/org/datetime.h"
#include "engine/org/ids.h"
#include "engine/soql/binder_impl.h"
#include "engine/soql/lexer.h"
#include "engine/soql/relative_date.h"

namespace crm::soql::internal {

using org::FieldType;
using Pred = BoundPredicate;

namespace {

std::unique_ptr<Pred> MakePred(Pred::Kind kind) {
  auto p = std::make_unique<Pred>();
  p->kind = kind;
  return p;
}

std::unique_ptr<Pred> Compare(const BoundOperand& lhs, std::string op, SqlValue value, bool nocase) {
  auto p = MakePred(Pred::Kind::kCompare);
  p->lhs = lhs;
  p->op = std::move(op);
  p->values.push_back(std::move(value));
  p->nocase = nocase;
  return p;
}

std::string StripLikeEscapes(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != kLikeEscape) out.push_back(c);
  }
  return out;
}

bool CaseInsensitive(const BoundOperand& lhs) {
  return IsTextType(lhs.result_type) &&
         (lhs.kind == BoundOperand::Kind::kField || lhs.function == "MIN" || lhs.function == "MAX");
}

bool IsEmptyString(const Literal& lit) { return lit.kind == Literal::Kind::kString && lit.text.empty(); }

}  // namespace

std::unique_ptr<Pred> BinderImpl::BindCondition(const Condition& cond, Scope& scope, bool under_or) {
  using K = Condition::Kind;
  if (cond.kind == K::kAnd || cond.kind == K::kOr || cond.kind == K::kNot) {
    auto p = MakePred(cond.kind == K::kAnd ? Pred::Kind::kAnd : cond.kind == K::kOr ? Pred::Kind::kOr : Pred::Kind::kNot);
    for (const auto& child : cond.children) {
      auto bound = BindCondition(*child, scope, under_or || cond.kind == K::kOr);
      if (!bound) return nullptr;
      p->children.push_back(std::move(bound));
    }
    return p;
  }
  BoundOperand lhs;
  if (!BindOperand(cond.lhs, scope, &lhs)) return nullptr;
  if (lhs.kind == BoundOperand::Kind::kAggregate && !in_having_) {
    Fail("MALFORMED_QUERY", cond.offset, "Aggregate functions are not supported in the WHERE clause; use HAVING");
    return nullptr;
  }
  switch (cond.kind) {
    case K::kCompare: return BindComparison(cond, lhs);
    case K::kLike: return BindLike(cond, lhs);
    case K::kIn:
    case K::kNotIn:
      if (cond.subquery) {
        if (under_or) {
          FailPlain("MALFORMED_QUERY", "Semi join sub-selects are not allowed with the 'OR' operator");
          return nullptr;
        }
        return BindSemiJoin(cond, lhs, scope);
      }
      return BindInList(cond, lhs);
    case K::kIncludes:
    case K::kExcludes: return BindIncludes(cond, lhs);
    default: return nullptr;
  }
}

// INCLUDES ('a;b', 'c'): the value holds both a and b, or holds c. EXCLUDES:
// none of those holds (a null value holds nothing).
std::unique_ptr<Pred> BinderImpl::BindIncludes(const Condition& cond, const BoundOperand& lhs) {
  if (lhs.kind != BoundOperand::Kind::kField || lhs.result_type != FieldType::kMultiPicklist) {
    Fail("INVALID_QUERY_FILTER_OPERATOR", cond.op_offset,
         "includes or excludes operator only valid on multipicklist field: " + lhs.path.field->name);
    return nullptr;
  }
  auto p = MakePred(cond.kind == Condition::Kind::kIncludes ? Pred::Kind::kIncludes : Pred::Kind::kExcludes);
  p->lhs = lhs;
  for (const Literal& lit : cond.values) {
    if (lit.kind != Literal::Kind::kString) {
      TypeMismatch(lit, lhs);
      return nullptr;
    }
    p->values.push_back(lit.text);
  }
  return p;
}

std::unique_ptr<Pred> BinderImpl::BindComparison(const Condition& cond, const BoundOperand& lhs) {
  const Literal& lit = cond.values[0];
  bool eq = cond.op == "=";
  bool ne = cond.op == "!=";
  if (lit.kind == Literal::Kind::kNull || IsEmptyString(lit)) {
    if (lhs.result_type == FieldType::kBoolean && (eq || ne)) return Compare(lhs, "=", int64_t{eq ? 0 : 1}, false);
    if (eq || ne) {
      auto p = MakePred(eq ? Pred::Kind::kIsNull : Pred::Kind::kNotNull);
      p->lhs = lhs;
      return p;
    }
    auto p = MakePred(Pred::Kind::kConst);
    p->constant = false;
    return p;
  }
  if (lit.kind == Literal::Kind::kRelativeDate) return RelativeDatePredicate(cond.op, lit, lhs);
  SqlValue value;
  if (!ConvertLiteral(lit, lhs, &value)) return nullptr;
  return Compare(lhs, cond.op, std::move(value), CaseInsensitive(lhs));
}

std::unique_ptr<Pred> BinderImpl::BindInList(const Condition& cond, const BoundOperand& lhs) {
  bool negate = cond.kind == Condition::Kind::kNotIn;
  auto any = MakePred(Pred::Kind::kOr);
  auto in = MakePred(negate ? Pred::Kind::kNotIn : Pred::Kind::kIn);
  in->lhs = lhs;
  in->nocase = CaseInsensitive(lhs);
  for (const Literal& lit : cond.values) {
    if (lit.kind == Literal::Kind::kRelativeDate) {
      auto range = RelativeDatePredicate("=", lit, lhs);
      if (!range) return nullptr;
      any->children.push_back(std::move(range));
      continue;
    }
    if (lit.kind == Literal::Kind::kNull || IsEmptyString(lit)) continue;
    SqlValue value;
    if (!ConvertLiteral(lit, lhs, &value)) return nullptr;
    in->values.push_back(std::move(value));
  }
  if (any->children.empty()) return in;
  if (negate) in->kind = Pred::Kind::kIn;
  any->children.push_back(std::move(in));
  if (!negate) return any;
  auto p = MakePred(Pred::Kind::kNot);
  p->children.push_back(std::move(any));
  return p;
}

std::unique_ptr<Pred> BinderImpl::BindLike(const Condition& cond, const BoundOperand& lhs) {
  const Literal& lit = cond.values[0];
  if (!IsTextType(lhs.result_type) || lhs.kind != BoundOperand::Kind::kField) {
    Fail("INVALID_FIELD", cond.op_offset,
         "invalid operator on field '" + lhs.path.field->name + "': LIKE is only supported on text fields");
    return nullptr;
  }
  if (lit.kind == Literal::Kind::kNull) {
    auto p = MakePred(Pred::Kind::kIsNull);
    p->lhs = lhs;
    return p;
  }
  if (lit.kind != Literal::Kind::kString) {
    TypeMismatch(lit, lhs);
    return nullptr;
  }
  std::string pattern;
  for (char c : lit.text) {
    if (c == kLikeEscape) {
      pattern.push_back('\\');
    } else if (c == '\\') {
      pattern += "\\\\";
    } else {
      pattern.push_back(c);
    }
  }
  auto p = MakePred(Pred::Kind::kLike);
  p->lhs = lhs;
  p->values.push_back(std::move(pattern));
  return p;
}

std::unique_ptr<Pred> BinderImpl::RelativeDatePredicate(const std::string& op, const Literal& lit,
                                                        const BoundOperand& lhs) {
  FieldType type = lhs.result_type;
  if (type != FieldType::kDate && type != FieldType::kDateTime) {
    TypeMismatch(lit, lhs);
    return nullptr;
  }
  int64_t today = options_.now_seconds >= 0 ? options_.now_seconds / org::kSecondsPerDay
                                            : (options_.now_seconds - org::kSecondsPerDay + 1) / org::kSecondsPerDay;
  std::optional<DayRange> range = RelativeDateRange(lit.text, lit.n, today, options_.fiscal_start_month);
  if (!range) {
    Fail("MALFORMED_QUERY", lit.offset, "unexpected token: '" + lit.text + "'");
    return nullptr;
  }
  auto as_value = [type](int64_t day) -> SqlValue {
    return type == FieldType::kDate ? org::FormatDate(day) : org::FormatDateTime(day * org::kSecondsPerDay);
  };
  SqlValue lo = as_value(range->begin);
  SqlValue hi = as_value(range->end);
  if (op == "<") return Compare(lhs, "<", lo, false);
  if (op == "<=") return Compare(lhs, "<", hi, false);
  if (op == ">") return Compare(lhs, ">=", hi, false);
  if (op == ">=") return Compare(lhs, ">=", lo, false);
  if (op == "=") {
    auto p = MakePred(Pred::Kind::kAnd);
    p->children.push_back(Compare(lhs, ">=", lo, false));
    p->children.push_back(Compare(lhs, "<", hi, false));
    return p;
  }
  auto p = MakePred(Pred::Kind::kOr);
  auto null = MakePred(Pred::Kind::kIsNull);
  null->lhs = lhs;
  p->children.push_back(std::move(null));
  p->children.push_back(Compare(lhs, "<", lo, false));
  p->children.push_back(Compare(lhs, ">=", hi, false));
  return p;
}

bool BinderImpl::TypeMismatch(const Literal& lit, const BoundOperand& lhs) {
  FieldType type = lhs.result_type;
  bool quoted = IsTextType(type) || IsIdType(type);
  std::string name = lhs.path.field != nullptr ? lhs.path.field->name : lhs.function;
  return Fail("INVALID_FIELD", lit.offset,
              "value of filter criterion for field '" + name + "' must be of type " + FilterTypeName(type) +
                  " and should " + (quoted ? "" : "not ") + "be enclosed in quotes");
}

bool BinderImpl::ConvertLiteral(const Literal& lit, const BoundOperand& lhs, SqlValue* out) {
  using LK = Literal::Kind;
  FieldType type = lhs.result_type;
  if (IsIdType(type)) {
    if (lit.kind != LK::kString) return TypeMismatch(lit, lhs);
    std::optional<std::string> id = org::NormalizeId(lit.text);
    if (!id) return FailPlain("INVALID_QUERY_FILTER_OPERATOR", "invalid ID field: " + StripLikeEscapes(lit.text));
    *out = *id;
    return true;
  }
  if (IsTextType(type)) {
    if (lit.kind != LK::kString) return TypeMismatch(lit, lhs);
    *out = StripLikeEscapes(lit.text);
    return true;
  }
  if (type == FieldType::kBoolean) {
    if (lit.kind != LK::kBoolean) return TypeMismatch(lit, lhs);
    *out = int64_t{lit.text == "TRUE" ? 1 : 0};
    return true;
  }
  if (IsNumericType(type)) {
    if (lit.kind != LK::kNumber) return TypeMismatch(lit, lhs);
    double d = 0;
    const char* begin = lit.text.data() + (lit.text[0] == '+' ? 1 : 0);
    auto [ptr, ec] = std::from_chars(begin, lit.text.data() + lit.text.size(), d);
    if (ec != std::errc() || !std::isfinite(d)) return TypeMismatch(lit, lhs);
    if ((type == FieldType::kInt || type == FieldType::kLong) && d == std::floor(d) && std::fabs(d) < 9e15) {
      *out = static_cast<int64_t>(d);
    } else {
      *out = d;
    }
    return true;
  }
  if (type == FieldType::kDate) {
    if (lit.kind != LK::kDate) return TypeMismatch(lit, lhs);
    *out = lit.text;
    return true;
  }
  if (type == FieldType::kDateTime) {
    if (lit.kind == LK::kDateTime) {
      *out = org::FormatDateTime(*org::ParseDateTime(lit.text));
      return true;
    }
    if (lit.kind == LK::kDate && options_.lenient_date_literals) {
      *out = org::FormatDateTime(*org::ParseDate(lit.text) * org::kSecondsPerDay);
      return true;
    }
    return TypeMismatch(lit, lhs);
  }
  return TypeMismatch(lit, lhs);
}

std::unique_ptr<Pred> BinderImpl::BindSemiJoin(const Condition& cond, const BoundOperand& lhs, Scope& scope) {
  if (scope.in_semi_join) {
    FailPlain("MALFORMED_QUERY", "Nesting of semi join sub-selects is not supported");
    return nullptr;
  }
  if (++scope.semi_joins > 2) {
    FailPlain("MALFORMED_QUERY", "Maximum of 2 semi join sub-selects are allowed in a query");
    return nullptr;
  }
  if (lhs.kind != BoundOperand::Kind::kField || !IsIdType(lhs.result_type)) {
    Fail("MALFORMED_QUERY", cond.offset,
         "The left operand field in the where expression for outer query should be an id field, cannot use: '" +
             lhs.path.field->name + "'");
    return nullptr;
  }
  const SelectStmt& sub = *cond.subquery;
  Scope inner;
  inner.object = sub.from.parts.size() == 1 ? schema_.FindObject(sub.from.parts[0]) : nullptr;
  if (inner.object == nullptr) {
    Fail("INVALID_TYPE", sub.from.offset, UnsupportedTypeDetail(sub.from.Joined()));
    return nullptr;
  }
  if (inner.object == scope.object) {
    FailPlain("MALFORMED_QUERY", "The inner and outer selects should not be on the same object type");
    return nullptr;
  }
  inner.alias = sub.from_alias;
  inner.in_semi_join = true;
  std::unique_ptr<BoundSelect> bound = BindSelect(sub, inner);
  if (!bound) return nullptr;
  const BoundOperand* selected = bound->items.size() == 1 ? &bound->items[0].operand : nullptr;
  if (bound->kind != BoundSelect::Kind::kRecords || selected == nullptr || !IsIdType(selected->result_type)) {
    Fail("MALFORMED_QUERY", sub.offset_in_text, "Semi join sub-selects can only select an Id or reference field");
    return nullptr;
  }
  auto target = [](const BoundOperand& op) {
    return op.result_type == FieldType::kId ? op.path.owner->name : op.path.field->references;
  };
  if (target(*selected) != target(lhs)) {
    FailPlain("MALFORMED_QUERY", "The selected field '" + selected->path.field->name +
                                     "' in the subquery and the left operand field in the where expression in the "
                                     "outer query '" + lhs.path.field->name + "' should point to the same object type");
    return nullptr;
  }
  auto p = MakePred(cond.kind == Condition::Kind::kIn ? Pred::Kind::kSemiJoin : Pred::Kind::kAntiJoin);
  p->lhs = lhs;
  p->subquery = std::move(bound);
  return p;
}

}  // namespace crm::soql::internal

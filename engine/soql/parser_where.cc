// WHERE and HAVING conditions and literals (part of Parser).
#include <cctype>

#include "engine/soql/functions.h"
#include "engine/soql/parser.h"

namespace crm::soql {

// SOQL does not define a precedence between AND and OR: one level of a
// condition uses a single connective; mixing needs parentheses.
std::unique_ptr<Condition> Parser::ParseCondition() {
  size_t start = Peek().offset;
  std::unique_ptr<Condition> first = ParseNot();
  if (!first) return nullptr;
  bool is_and = IsKeyword(Peek(), "AND");
  if (!is_and && !IsKeyword(Peek(), "OR")) return first;
  auto group = std::make_unique<Condition>();
  group->kind = is_and ? Condition::Kind::kAnd : Condition::Kind::kOr;
  group->offset = start;
  group->children.push_back(std::move(first));
  while (IsKeyword(Peek(), is_and ? "AND" : "OR")) {
    Advance();
    std::unique_ptr<Condition> next = ParseNot();
    if (!next) return nullptr;
    group->children.push_back(std::move(next));
  }
  if (IsKeyword(Peek(), is_and ? "OR" : "AND")) {
    Unexpected();
    return nullptr;
  }
  return group;
}

std::unique_ptr<Condition> Parser::ParseNot() {
  // NOT and parentheses nest by recursion: bound it (and SQLite's expression depth).
  DepthGuard guard(this);
  if (depth_ > kMaxDepth) {
    Fail(PlainError("QUERY_TOO_COMPLICATED", kTooComplicated));
    return nullptr;
  }
  if (IsKeyword(Peek(), "NOT")) {
    auto cond = std::make_unique<Condition>();
    cond->kind = Condition::Kind::kNot;
    cond->offset = Advance().offset;
    std::unique_ptr<Condition> inner = ParseNot();
    if (!inner) return nullptr;
    cond->children.push_back(std::move(inner));
    return cond;
  }
  if (Peek().kind == TokenKind::kLParen) {
    Advance();
    std::unique_ptr<Condition> inner = ParseCondition();
    if (!inner || !Expect(TokenKind::kRParen)) return nullptr;
    return inner;
  }
  return ParseSimple();
}

std::unique_ptr<Condition> Parser::ParseSimple() {
  auto cond = std::make_unique<Condition>();
  cond->offset = Peek().offset;
  if (!ParseOperand(&cond->lhs)) return nullptr;
  const Token& op = Peek();
  cond->op_offset = op.offset;
  Literal value;
  if (op.kind == TokenKind::kOperator) {
    cond->kind = Condition::Kind::kCompare;
    cond->op = op.text == "<>" ? "!=" : std::string(op.text);
    Advance();
    if (!ParseLiteral(&value)) return nullptr;
    cond->values.push_back(std::move(value));
    return cond;
  }
  if (IsKeyword(op, "LIKE")) {
    cond->kind = Condition::Kind::kLike;
    Advance();
    if (!ParseLiteral(&value)) return nullptr;
    cond->values.push_back(std::move(value));
    return cond;
  }
  if (IsKeyword(op, "NOT") && IsKeyword(Peek(1), "IN")) {
    Advance();
    Advance();
    cond->kind = Condition::Kind::kNotIn;
  } else if (IsKeyword(op, "IN")) {
    Advance();
    cond->kind = Condition::Kind::kIn;
  } else if (IsKeyword(op, "INCLUDES") || IsKeyword(op, "EXCLUDES")) {
    cond->kind = IsKeyword(op, "INCLUDES") ? Condition::Kind::kIncludes : Condition::Kind::kExcludes;
    Advance();
  } else {
    Unexpected();
    return nullptr;
  }
  if (!ParseInList(cond.get())) return nullptr;
  return cond;
}

bool Parser::ParseInList(Condition* cond) {
  if (!Expect(TokenKind::kLParen)) return false;
  if (IsKeyword(Peek(), "SELECT") &&
      (cond->kind == Condition::Kind::kIn || cond->kind == Condition::Kind::kNotIn)) {
    cond->subquery = ParseSelect(true);
    return cond->subquery != nullptr && Expect(TokenKind::kRParen);
  }
  do {
    Literal value;
    if (!ParseLiteral(&value)) return false;
    cond->values.push_back(std::move(value));
  } while (Peek().kind == TokenKind::kComma && (Advance(), true));
  return Expect(TokenKind::kRParen);
}

bool Parser::ParseLiteral(Literal* out) {
  const Token& t = Peek();
  out->offset = t.offset;
  switch (t.kind) {
    case TokenKind::kString:
      out->kind = Literal::Kind::kString;
      out->text = t.value;
      break;
    case TokenKind::kNumber:
      out->kind = Literal::Kind::kNumber;
      out->text = std::string(t.text);
      break;
    case TokenKind::kDate:
      out->kind = Literal::Kind::kDate;
      out->text = std::string(t.text);
      break;
    case TokenKind::kDateTime:
      out->kind = Literal::Kind::kDateTime;
      out->text = std::string(t.text);
      break;
    case TokenKind::kIdent: {
      std::string upper = ToUpper(t.text);
      bool takes_n = false;
      if (upper == "NULL") {
        out->kind = Literal::Kind::kNull;
      } else if (upper == "TRUE" || upper == "FALSE") {
        out->kind = Literal::Kind::kBoolean;
        out->text = upper;
      } else if (IsRelativeDateLiteral(upper, &takes_n)) {
        out->kind = Literal::Kind::kRelativeDate;
        out->text = upper;
        if (takes_n) {
          Advance();
          long long n = 0;
          if (!Expect(TokenKind::kColon) || !ParseInteger(&n)) return false;
          out->n = static_cast<int>(n > 100000 ? 100000 : n);
          out->has_n = true;
          return true;
        }
      } else {
        return Unexpected();
      }
      break;
    }
    default:
      return Unexpected();
  }
  Advance();
  return true;
}

}  // namespace crm::soql

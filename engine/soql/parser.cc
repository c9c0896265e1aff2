#include "engine/soql/parser.h"

#include <cctype>
#include <charconv>

#include "engine/soql/functions.h"

namespace crm::soql {

Outcome<std::unique_ptr<SelectStmt>> ParseSoql(std::string_view text) {
  bool blank = true;
  for (char c : text) blank = blank && std::isspace(static_cast<unsigned char>(c));
  if (blank) return PlainError("MALFORMED_QUERY", "SOQL statements cannot be empty or null");
  if (text.size() > kMaxQueryLength) {
    return PlainError("MALFORMED_QUERY", "SOQL statements cannot be longer than 100000 characters");
  }
  Outcome<std::vector<Token>> tokens = Lex(text);
  if (!tokens.ok()) return tokens.error();
  Parser parser(text, std::move(tokens).value());
  std::unique_ptr<SelectStmt> stmt = parser.ParseTopLevel();
  if (parser.failed()) return parser.error();
  return stmt;
}

const Token& Parser::Peek(size_t ahead) const {
  size_t i = pos_ + ahead;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

const Token& Parser::Advance() {
  const Token& t = Peek();
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return t;
}

bool Parser::AcceptKeyword(std::string_view upper) {
  if (!IsKeyword(Peek(), upper)) return false;
  Advance();
  return true;
}

bool Parser::ExpectKeyword(std::string_view upper) { return AcceptKeyword(upper) || Unexpected(); }

bool Parser::Expect(TokenKind kind) {
  if (Peek().kind != kind) return Unexpected();
  Advance();
  return true;
}

bool Parser::Fail(QueryError error) {
  if (!error_) error_ = std::move(error);
  return false;
}

bool Parser::Unexpected() {
  const Token& t = Peek();
  std::string detail = t.kind == TokenKind::kEnd ? "unexpected token: <EOF>"
                                                  : "unexpected token: '" + std::string(t.text) + "'";
  return Fail(ErrorAt("MALFORMED_QUERY", text_, PosAt(text_, t.offset), detail));
}

bool Parser::ParseInteger(long long* out) {
  const Token& t = Peek();
  if (t.kind != TokenKind::kNumber) return Unexpected();
  const char* begin = t.text.data();
  const char* end = begin + t.text.size();
  auto [ptr, ec] = std::from_chars(begin, end, *out);
  if (ec != std::errc() || ptr != end || *out < 0) return Unexpected();
  Advance();
  return true;
}

bool Parser::IsClauseKeyword(const Token& t) const {
  static constexpr std::string_view kClauses[] = {"FROM",  "WHERE",  "WITH", "GROUP",  "HAVING", "ORDER",
                                                  "LIMIT", "OFFSET", "FOR",  "UPDATE", "USING"};
  for (std::string_view k : kClauses) {
    if (IsKeyword(t, k)) return true;
  }
  return false;
}

std::unique_ptr<SelectStmt> Parser::ParseTopLevel() {
  std::unique_ptr<SelectStmt> stmt = ParseSelect(false);
  if (!stmt) return nullptr;
  if (Peek().kind != TokenKind::kEnd) {
    Unexpected();
    return nullptr;
  }
  return stmt;
}

std::unique_ptr<SelectStmt> Parser::ParseSelect(bool nested) {
  DepthGuard guard(this);
  if (depth_ > kMaxDepth) {
    Fail(PlainError("QUERY_TOO_COMPLICATED", kTooComplicated));
    return nullptr;
  }
  auto stmt = std::make_unique<SelectStmt>();
  stmt->offset_in_text = Peek().offset;
  if (!ExpectKeyword("SELECT") || !ParseSelectItems(stmt.get()) || !ExpectKeyword("FROM") ||
      !ParseFrom(stmt.get()) || !ParseTail(stmt.get(), nested)) {
    return nullptr;
  }
  return stmt;
}

bool Parser::ParseSelectItems(SelectStmt* stmt) {
  do {
    SelectItem item;
    if (!ParseSelectItem(&item)) return false;
    stmt->items.push_back(std::move(item));
  } while (Peek().kind == TokenKind::kComma && (Advance(), true));
  return true;
}

bool Parser::ParseSelectItem(SelectItem* item) {
  item->offset = Peek().offset;
  if (Peek().kind == TokenKind::kLParen) {
    Advance();
    item->kind = SelectItem::Kind::kSubquery;
    item->subquery = ParseSelect(true);
    return item->subquery != nullptr && Expect(TokenKind::kRParen);
  }
  if (IsKeyword(Peek(), "FIELDS") && Peek(1).kind == TokenKind::kLParen) {
    Advance();
    Advance();
    const Token& scope = Peek();
    if (!IsKeyword(scope, "ALL") && !IsKeyword(scope, "STANDARD") && !IsKeyword(scope, "CUSTOM")) {
      return Unexpected();
    }
    item->kind = SelectItem::Kind::kFields;
    for (char c : scope.text) item->fields_scope.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    Advance();
    return Expect(TokenKind::kRParen);
  }
  if (IsKeyword(Peek(), "FROM")) return Unexpected();
  if (!ParseOperand(&item->operand)) return false;
  if (Peek().kind == TokenKind::kIdent && !IsClauseKeyword(Peek())) {
    item->alias = std::string(Peek().text);
    item->alias_offset = Peek().offset;
    Advance();
  }
  return true;
}

bool Parser::ParsePath(FieldPath* out) {
  out->offset = Peek().offset;
  if (Peek().kind != TokenKind::kIdent) return Unexpected();
  out->parts.emplace_back(Advance().text);
  while (Peek().kind == TokenKind::kDot) {
    Advance();
    if (Peek().kind != TokenKind::kIdent) return Unexpected();
    out->parts.emplace_back(Advance().text);
  }
  return true;
}

bool Parser::ParseOperand(Operand* out) {
  out->offset = Peek().offset;
  if (Peek().kind != TokenKind::kIdent || Peek(1).kind != TokenKind::kLParen) {
    out->kind = Operand::Kind::kField;
    return ParsePath(&out->path);
  }
  const Token& name = Advance();
  FunctionKind fn = LookupFunction(name.text);
  if (fn == FunctionKind::kUnknown) {
    return Fail(ErrorAt("MALFORMED_QUERY", text_, PosAt(text_, name.offset),
                        "unexpected token: '" + std::string(name.text) + "'"));
  }
  Advance();  // (
  out->function = CanonicalFunctionName(name.text);
  if (fn == FunctionKind::kAggregate && out->function == "COUNT" && Peek().kind == TokenKind::kRParen) {
    out->kind = Operand::Kind::kAggregate;
    out->count_star = true;
    Advance();
    return true;
  }
  out->kind = fn == FunctionKind::kAggregate ? Operand::Kind::kAggregate
              : fn == FunctionKind::kDate    ? Operand::Kind::kDateFunction
                                             : Operand::Kind::kField;  // toLabel/FORMAT: the value itself
  if (fn == FunctionKind::kDate && IsKeyword(Peek(), "CONVERTTIMEZONE") && Peek(1).kind == TokenKind::kLParen) {
    Advance();
    Advance();
    out->convert_timezone = true;
    if (!ParsePath(&out->path) || !Expect(TokenKind::kRParen)) return false;
    return Expect(TokenKind::kRParen);
  }
  if (!ParsePath(&out->path)) return false;
  return Expect(TokenKind::kRParen);
}

bool Parser::ParseFrom(SelectStmt* stmt) {
  if (!ParsePath(&stmt->from)) return false;
  if (stmt->from.parts.size() > 2) {
    return Fail(ErrorAt("MALFORMED_QUERY", text_, PosAt(text_, stmt->from.offset),
                        "unexpected token: '" + stmt->from.Joined() + "'"));
  }
  if (Peek().kind == TokenKind::kIdent && !IsClauseKeyword(Peek())) {
    stmt->from_alias = std::string(Advance().text);
  }
  if (AcceptKeyword("USING")) {
    if (!ExpectKeyword("SCOPE")) return false;
    if (Peek().kind != TokenKind::kIdent) return Unexpected();
    Advance();
  }
  return true;
}

bool Parser::ParseTail(SelectStmt* stmt, bool nested) {
  if (AcceptKeyword("WHERE")) {
    stmt->where = ParseCondition();
    if (!stmt->where) return false;
  }
  if (AcceptKeyword("WITH")) {
    if (!AcceptKeyword("SECURITY_ENFORCED") && !AcceptKeyword("USER_MODE") && !AcceptKeyword("SYSTEM_MODE")) {
      return Unexpected();
    }
  }
  if (IsKeyword(Peek(), "GROUP")) {
    stmt->group_by_offset = Peek().offset;
    Advance();
    if (!ExpectKeyword("BY") || !ParseGroupBy(stmt)) return false;
  }
  if (AcceptKeyword("HAVING")) {
    stmt->having = ParseCondition();
    if (!stmt->having) return false;
  }
  if (IsKeyword(Peek(), "ORDER")) {
    stmt->order_by_offset = Peek().offset;
    Advance();
    if (!ExpectKeyword("BY") || !ParseOrderBy(stmt)) return false;
  }
  if (IsKeyword(Peek(), "LIMIT")) {
    stmt->limit_offset = Advance().offset;
    long long n = 0;
    if (!ParseInteger(&n)) return false;
    stmt->limit = n;
  }
  if (IsKeyword(Peek(), "OFFSET")) {
    stmt->offset_offset = Advance().offset;
    long long n = 0;
    if (!ParseInteger(&n)) return false;
    stmt->offset = n;
  }
  if (AcceptKeyword("FOR")) {
    if (AcceptKeyword("VIEW")) {
      stmt->for_clause = "VIEW";
    } else if (AcceptKeyword("REFERENCE")) {
      stmt->for_clause = "REFERENCE";
    } else if (AcceptKeyword("UPDATE")) {
      stmt->for_clause = "UPDATE";
    } else {
      return Unexpected();
    }
  }
  if (AcceptKeyword("UPDATE")) {
    if (!AcceptKeyword("TRACKING") && !AcceptKeyword("VIEWSTAT")) return Unexpected();
  }
  if (nested && Peek().kind != TokenKind::kRParen) return Unexpected();
  return true;
}

bool Parser::ParseGroupBy(SelectStmt* stmt) {
  bool wrapped = false;
  if ((IsKeyword(Peek(), "ROLLUP") || IsKeyword(Peek(), "CUBE")) && Peek(1).kind == TokenKind::kLParen) {
    stmt->group_by_mode = IsKeyword(Peek(), "ROLLUP") ? "ROLLUP" : "CUBE";
    Advance();
    Advance();
    wrapped = true;
  }
  do {
    Operand op;
    if (!ParseOperand(&op)) return false;
    stmt->group_by.push_back(std::move(op));
  } while (Peek().kind == TokenKind::kComma && (Advance(), true));
  return !wrapped || Expect(TokenKind::kRParen);
}

bool Parser::ParseOrderBy(SelectStmt* stmt) {
  do {
    OrderItem item;
    if (!ParseOperand(&item.operand)) return false;
    if (AcceptKeyword("DESC")) {
      item.descending = true;
    } else {
      AcceptKeyword("ASC");
    }
    if (AcceptKeyword("NULLS")) {
      if (AcceptKeyword("FIRST")) {
        item.nulls_first = true;
      } else if (AcceptKeyword("LAST")) {
        item.nulls_first = false;
      } else {
        return Unexpected();
      }
    }
    stmt->order_by.push_back(std::move(item));
  } while (Peek().kind == TokenKind::kComma && (Advance(), true));
  return true;
}

std::unique_ptr<SelectStmt> Parser::ParseReturningObject() {
  auto stmt = std::make_unique<SelectStmt>();
  stmt->offset_in_text = Peek().offset;
  if (Peek().kind != TokenKind::kIdent) {
    Unexpected();
    return nullptr;
  }
  stmt->from.offset = Peek().offset;
  stmt->from.parts.emplace_back(Advance().text);
  if (Peek().kind != TokenKind::kLParen) return stmt;
  Advance();
  if (!ParseSelectItems(stmt.get())) return nullptr;
  if (AcceptKeyword("WHERE")) {
    stmt->where = ParseCondition();
    if (!stmt->where) return nullptr;
  }
  if (IsKeyword(Peek(), "ORDER")) {
    stmt->order_by_offset = Advance().offset;
    if (!ExpectKeyword("BY") || !ParseOrderBy(stmt.get())) return nullptr;
  }
  long long n = 0;
  if (IsKeyword(Peek(), "LIMIT")) {
    stmt->limit_offset = Advance().offset;
    if (!ParseInteger(&n)) return nullptr;
    stmt->limit = n;
  }
  if (IsKeyword(Peek(), "OFFSET")) {
    stmt->offset_offset = Advance().offset;
    if (!ParseInteger(&n)) return nullptr;
    stmt->offset = n;
  }
  if (!Expect(TokenKind::kRParen)) return nullptr;
  return stmt;
}

}  // namespace crm::soql

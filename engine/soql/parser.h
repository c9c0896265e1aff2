// engine/soql/parser.h — SOQL text to a syntax tree.
//
// Input: tokens from the lexer. Output: a SelectStmt, or MALFORMED_QUERY
// with the Row/Column of the offending token. The SOSL parser reuses the
// clause parsers (field lists, WHERE, ORDER BY, LIMIT) through this class.
// A Parser is single-use and single-threaded; ParseSoql is a pure function.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "engine/soql/ast.h"
#include "engine/soql/lexer.h"
#include "engine/soql/query_error.h"

namespace crm::soql {

Outcome<std::unique_ptr<SelectStmt>> ParseSoql(std::string_view text);

// Salesforce's limit on the length of a SOQL statement, in characters.
inline constexpr size_t kMaxQueryLength = 100000;
inline constexpr const char* kTooComplicated =
    "Query is either selecting too many fields or the filter conditions are too complicated.";

class Parser {
 public:
  Parser(std::string_view text, std::vector<Token> tokens) : text_(text), tokens_(std::move(tokens)) {}

  // SELECT ... up to the end of input (top level).
  std::unique_ptr<SelectStmt> ParseTopLevel();
  // Obj [(fields [WHERE ...] [ORDER BY ...] [LIMIT n] [OFFSET n])] for SOSL.
  std::unique_ptr<SelectStmt> ParseReturningObject();

  const Token& Peek(size_t ahead = 0) const;
  const Token& Advance();
  bool AcceptKeyword(std::string_view upper);
  bool ExpectKeyword(std::string_view upper);
  bool Expect(TokenKind kind);
  bool ParseInteger(long long* out);
  // Records "unexpected token" at the current token; returns false.
  bool Unexpected();
  bool Fail(QueryError error);
  bool failed() const { return error_.has_value(); }
  const QueryError& error() const { return *error_; }

 private:
  std::unique_ptr<SelectStmt> ParseSelect(bool nested);
  bool ParseSelectItems(SelectStmt* stmt);
  bool ParseSelectItem(SelectItem* item);
  bool ParseFrom(SelectStmt* stmt);
  bool ParseTail(SelectStmt* stmt, bool nested);
  bool ParseGroupBy(SelectStmt* stmt);
  bool ParseOrderBy(SelectStmt* stmt);
  bool ParseOperand(Operand* out);
  bool ParsePath(FieldPath* out);
  std::unique_ptr<Condition> ParseCondition();
  std::unique_ptr<Condition> ParseNot();
  std::unique_ptr<Condition> ParseSimple();
  bool ParseInList(Condition* cond);
  bool ParseLiteral(Literal* out);
  bool IsClauseKeyword(const Token& t) const;

  struct DepthGuard {
    explicit DepthGuard(Parser* p) : parser(p) { ++parser->depth_; }
    ~DepthGuard() { --parser->depth_; }
    Parser* parser;
  };
  static constexpr int kMaxDepth = 64;

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::optional<QueryError> error_;
};

}  // namespace crm::soql

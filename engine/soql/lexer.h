// engine/soql/lexer.h — splits SOQL text into tokens.
//
// Input: the query text. Output: tokens with their byte offsets; the text
// must outlive the tokens (Token::text views into it). Keywords are not
// distinguished here: the parser compares identifiers case-insensitively,
// because many SOQL keywords are also valid names (Order, Last...).
// Pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/soql/query_error.h"

namespace crm::soql {

enum class TokenKind {
  kIdent,     // Name, Account, LAST_N_DAYS, SELECT ...
  kString,    // 'text' — value holds the unescaped text
  kNumber,    // 42, -1.5
  kDate,      // 2021-03-22
  kDateTime,  // 2021-03-22T10:00:00Z, ...+05:30
  kComma,
  kLParen,
  kRParen,
  kDot,
  kColon,
  kOperator,  // = != <> < <= > >=
  kSymbol,    // any other single character (a syntax error if parsed)
  kEnd,
};

// Marks a LIKE escape (\% or \_) inside an unescaped string value.
inline constexpr char kLikeEscape = '\x01';

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;  // the source text of the token ('...' with quotes)
  std::string value;      // kString: unescaped; \% and \_ become kLikeEscape + char
  size_t offset = 0;
};

// Tokenizes text[begin, end). Errors (unterminated string, bad escape)
// carry positions relative to the whole text.
Outcome<std::vector<Token>> Lex(std::string_view text, size_t begin = 0, size_t end = std::string_view::npos);

// Case-insensitive identifier comparison against an upper-case keyword.
bool IsKeyword(const Token& token, std::string_view upper_keyword);

}  // namespace crm::soql

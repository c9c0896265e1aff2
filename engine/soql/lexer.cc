#include "engine/soql/lexer.h"

#include <cctype>

#include "engine/org/datetime.h"

namespace crm::soql {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Lexer {
 public:
  Lexer(std::string_view text, size_t begin, size_t end) : text_(text), pos_(begin), end_(end) {}

  Outcome<std::vector<Token>> Run() {
    std::vector<Token> out;
    while (true) {
      while (pos_ < end_ && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      if (pos_ >= end_) break;
      Outcome<Token> t = Next();
      if (!t.ok()) return t.error();
      out.push_back(std::move(t).value());
    }
    Token end_token;
    end_token.kind = TokenKind::kEnd;
    end_token.offset = end_;
    out.push_back(end_token);
    return out;
  }

 private:
  Token Make(TokenKind kind, size_t start) {
    Token t;
    t.kind = kind;
    t.offset = start;
    t.text = text_.substr(start, pos_ - start);
    return t;
  }

  Outcome<Token> Next() {
    size_t start = pos_;
    char c = text_[pos_];
    if (c == '\'') return LexString();
    if (IsDigit(c) || ((c == '-' || c == '+' || c == '.') && pos_ + 1 < end_ && IsDigit(text_[pos_ + 1]))) {
      return LexNumberOrDate();
    }
    if (IsIdentStart(c)) {
      while (pos_ < end_ && IsIdentChar(text_[pos_])) ++pos_;
      return Make(TokenKind::kIdent, start);
    }
    ++pos_;
    switch (c) {
      case ',': return Make(TokenKind::kComma, start);
      case '(': return Make(TokenKind::kLParen, start);
      case ')': return Make(TokenKind::kRParen, start);
      case '.': return Make(TokenKind::kDot, start);
      case ':': return Make(TokenKind::kColon, start);
      case '=': return Make(TokenKind::kOperator, start);
      case '!':
        if (pos_ < end_ && text_[pos_] == '=') {
          ++pos_;
          return Make(TokenKind::kOperator, start);
        }
        return Make(TokenKind::kSymbol, start);
      case '<':
        if (pos_ < end_ && (text_[pos_] == '=' || text_[pos_] == '>')) ++pos_;
        return Make(TokenKind::kOperator, start);
      case '>':
        if (pos_ < end_ && text_[pos_] == '=') ++pos_;
        return Make(TokenKind::kOperator, start);
      default:
        // Keep multi-byte UTF-8 sequences whole so messages stay valid text.
        while (pos_ < end_ && (static_cast<unsigned char>(text_[pos_]) & 0xC0) == 0x80) ++pos_;
        return Make(TokenKind::kSymbol, start);
    }
  }

  Outcome<Token> LexNumberOrDate() {
    size_t start = pos_;
    // Date: exactly YYYY-MM-DD, optionally followed by a time.
    if (pos_ + 10 <= end_ && IsDigit(text_[pos_]) && text_[pos_ + 4] == '-' && text_[pos_ + 7] == '-') {
      std::string_view d = text_.substr(pos_, 10);
      if (org::ParseDate(d)) {
        pos_ += 10;
        if (pos_ < end_ && (text_[pos_] == 'T' || text_[pos_] == 't')) return LexTime(start);
        return Make(TokenKind::kDate, start);
      }
    }
    if (text_[pos_] == '-' || text_[pos_] == '+') ++pos_;
    while (pos_ < end_ && IsDigit(text_[pos_])) ++pos_;
    if (pos_ < end_ && text_[pos_] == '.') {
      ++pos_;
      while (pos_ < end_ && IsDigit(text_[pos_])) ++pos_;
    }
    if (pos_ < end_ && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      size_t save = pos_;
      ++pos_;
      if (pos_ < end_ && (text_[pos_] == '-' || text_[pos_] == '+')) ++pos_;
      if (pos_ < end_ && IsDigit(text_[pos_])) {
        while (pos_ < end_ && IsDigit(text_[pos_])) ++pos_;
      } else {
        pos_ = save;
      }
    }
    return Make(TokenKind::kNumber, start);
  }

  Outcome<Token> LexTime(size_t start) {
    ++pos_;  // T
    while (pos_ < end_ && (IsDigit(text_[pos_]) || text_[pos_] == ':' || text_[pos_] == '.')) ++pos_;
    if (pos_ < end_ && (text_[pos_] == 'Z' || text_[pos_] == 'z')) {
      ++pos_;
    } else if (pos_ < end_ && (text_[pos_] == '+' || text_[pos_] == '-')) {
      ++pos_;
      while (pos_ < end_ && (IsDigit(text_[pos_]) || text_[pos_] == ':')) ++pos_;
    }
    Token t = Make(TokenKind::kDateTime, start);
    std::string_view s = t.text;
    bool has_zone = s.back() == 'Z' || s.back() == 'z' || s.find_first_of("+-", 11) != std::string_view::npos;
    if (!has_zone || !org::ParseDateTime(s)) {
      return ErrorAt("MALFORMED_QUERY", text_, PosAt(text_, start),
                     "line " + std::to_string(PosAt(text_, start).row) + ":" +
                         std::to_string(PosAt(text_, start).column - 1) + " no viable alternative at character '" +
                         std::string(s) + "'");
    }
    return t;
  }

  Outcome<Token> LexString() {
    size_t start = pos_++;
    std::string value;
    while (pos_ < end_) {
      char c = text_[pos_];
      if (c == '\'') {
        ++pos_;
        Token t = Make(TokenKind::kString, start);
        t.value = std::move(value);
        return t;
      }
      if (c != '\\') {
        value.push_back(c);
        ++pos_;
        continue;
      }
      if (pos_ + 1 >= end_) break;
      char e = text_[pos_ + 1];
      if (!Unescape(e, &value)) {
        std::string seq = std::string("\\") + e;
        return ErrorAt("MALFORMED_QUERY", text_, PosAt(text_, pos_),
                       "Invalid string literal '" + seq + "'. Illegal character sequence '" + seq +
                           "' in string literal.");
      }
      pos_ += 2;
      if (e == 'u' || e == 'U') {
        if (!UnicodeEscape(&value)) {
          return ErrorAt("MALFORMED_QUERY", text_, PosAt(text_, pos_ - 2),
                         "Invalid string literal. Illegal unicode escape sequence in string literal.");
        }
      }
    }
    SourcePos p = PosAt(text_, end_);
    return ErrorAt("MALFORMED_QUERY", text_, p,
                   "line " + std::to_string(p.row) + ":" + std::to_string(p.column - 1) +
                       " mismatched character '<EOF>' expecting '''");
  }

  static bool Unescape(char e, std::string* out) {
    switch (e) {
      case 'n': case 'N': out->push_back('\n'); return true;
      case 'r': case 'R': out->push_back('\r'); return true;
      case 't': case 'T': out->push_back('\t'); return true;
      case 'b': case 'B': out->push_back('\a'); return true;
      case 'f': case 'F': out->push_back('\f'); return true;
      case '"': case '\'': case '\\': out->push_back(e); return true;
      case '%': case '_': out->push_back(kLikeEscape); out->push_back(e); return true;
      case 'u': case 'U': return true;
      default: return false;
    }
  }

  bool UnicodeEscape(std::string* out) {
    if (pos_ + 4 > end_) return false;
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      char h = text_[pos_ + static_cast<size_t>(i)];
      if (!std::isxdigit(static_cast<unsigned char>(h))) return false;
      code = code * 16 + static_cast<unsigned>(IsDigit(h) ? h - '0' : (std::tolower(h) - 'a' + 10));
    }
    pos_ += 4;
    if (code < 0x80) {
      out->push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (code >> 6)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xE0 | (code >> 12)));
      out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
    return true;
  }

  std::string_view text_;
  size_t pos_;
  size_t end_;
};

}  // namespace

Outcome<std::vector<Token>> Lex(std::string_view text, size_t begin, size_t end) {
  if (end > text.size()) end = text.size();
  return Lexer(text, begin, end).Run();
}

bool IsKeyword(const Token& token, std::string_view upper_keyword) {
  if (token.kind != TokenKind::kIdent || token.text.size() != upper_keyword.size()) return false;
  for (size_t i = 0; i < upper_keyword.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(token.text[i])) != upper_keyword[i]) return false;
  }
  return true;
}

}  // namespace crm::soql

#include "engine/agents/python_literals.h"

#include <cctype>
#include <cstdint>

namespace crm::agents {
namespace {

struct Token {
  enum Kind { kName, kString, kOp, kNumber } kind = kOp;
  std::string text;  // a name or operator; for a string, its decoded value
  int line = 0;
  int col = 0;
  // Strings only: whether the value could be computed, and why not.
  bool evaluable = true;
  std::string why_not;
};

struct LogicalLine {
  bool indented = false;
  std::vector<Token> tokens;
};

bool IsIdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool IsIdentChar(char c) { return IsIdentStart(c) || std::isdigit(static_cast<unsigned char>(c)); }
bool IsOctal(char c) { return c >= '0' && c <= '7'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// A string prefix Python accepts before a quote (any letter case).
bool IsStringPrefix(std::string_view word) {
  std::string p;
  for (char c : word) p.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return p == "r" || p == "u" || p == "b" || p == "f" || p == "br" || p == "rb" || p == "fr" || p == "rf";
}

// Splits the source into logical lines of tokens, as Python's tokenizer does.
class Lexer {
 public:
  Lexer(std::string_view src, std::string_view path) : s_(src), path_(path) {}

  Result<std::vector<LogicalLine>> Run() {
    std::vector<LogicalLine> lines;
    LogicalLine current;
    bool line_start = true;
    while (i_ < s_.size()) {
      if (line_start && depth_.empty()) {
        current.indented = s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\f';
        line_start = false;
      }
      const char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
        Advance(1);
      } else if (c == '#') {
        while (i_ < s_.size() && s_[i_] != '\n') Advance(1);
      } else if (c == '\n') {
        Advance(1);
        if (depth_.empty()) {
          if (!current.tokens.empty()) lines.push_back(std::move(current));
          current = LogicalLine();
          line_start = true;
        }
      } else if (c == '\\') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '\n') {
          Advance(2);  // explicit line joining
        } else if (i_ + 2 < s_.size() && s_[i_ + 1] == '\r' && s_[i_ + 2] == '\n') {
          Advance(3);
        } else {
          return Error(line_, col_, "unexpected character after line continuation character");
        }
      } else if (c == '"' || c == '\'') {
        Result<Token> t = ReadString("");
        if (!t.ok()) return t.status();
        current.tokens.push_back(std::move(t).value());
      } else if (IsIdentStart(c)) {
        Token t = Begin(Token::kName);
        while (i_ < s_.size() && IsIdentChar(s_[i_])) t.text.push_back(s_[i_]), Advance(1);
        if (i_ < s_.size() && (s_[i_] == '"' || s_[i_] == '\'') && IsStringPrefix(t.text)) {
          Result<Token> str = ReadString(t.text, t.line, t.col);
          if (!str.ok()) return str.status();
          current.tokens.push_back(std::move(str).value());
        } else {
          current.tokens.push_back(std::move(t));
        }
      } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                 (c == '.' && i_ + 1 < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_ + 1])))) {
        Token t = Begin(Token::kNumber);
        while (i_ < s_.size()) {
          const char d = s_[i_];
          const bool exponent_sign = (d == '+' || d == '-') && !t.text.empty() &&
                                     (t.text.back() == 'e' || t.text.back() == 'E') && t.text[0] != '0';
          if (!IsIdentChar(d) && d != '.' && !exponent_sign) break;
          t.text.push_back(d);
          Advance(1);
        }
        current.tokens.push_back(std::move(t));
      } else if (c == '(' || c == '[' || c == '{') {
        depth_.push_back({c, line_, col_});
        current.tokens.push_back(Op(std::string(1, c)));
      } else if (c == ')' || c == ']' || c == '}') {
        const char open = c == ')' ? '(' : c == ']' ? '[' : '{';
        if (depth_.empty()) return Error(line_, col_, std::string("unmatched '") + c + "'");
        if (depth_.back().bracket != open) {
          return Error(line_, col_,
                       std::string("closing parenthesis '") + c + "' does not match opening parenthesis '" +
                           depth_.back().bracket + "' on line " + std::to_string(depth_.back().line));
        }
        depth_.pop_back();
        current.tokens.push_back(Op(std::string(1, c)));
      } else if (std::string_view("+-*/%@&|^~<>=!:").find(c) != std::string_view::npos) {
        Token t = Begin(Token::kOp);
        while (i_ < s_.size() && std::string_view("+-*/%@&|^~<>=!:").find(s_[i_]) != std::string_view::npos) {
          t.text.push_back(s_[i_]);
          Advance(1);
        }
        current.tokens.push_back(std::move(t));
      } else if (c == ';' && depth_.empty()) {
        // Statements on one line: each is its own logical line.
        Advance(1);
        const bool indented = current.indented;
        if (!current.tokens.empty()) lines.push_back(std::move(current));
        current = LogicalLine();
        current.indented = indented;
      } else if (c == '.' || c == ',' || c == ';') {
        current.tokens.push_back(Op(std::string(1, c)));
      } else {
        return Error(line_, col_, "invalid character '" + std::string(1, c) + "' in the source");
      }
    }
    if (!depth_.empty()) {
      return Error(depth_.back().line, depth_.back().col,
                   std::string("'") + depth_.back().bracket + "' was never closed");
    }
    if (!current.tokens.empty()) lines.push_back(std::move(current));
    return lines;
  }

 private:
  struct Open {
    char bracket;
    int line;
    int col;
  };

  Status Error(int line, int col, const std::string& message) const {
    return Status::InvalidArgument(std::string(path_) + ":" + std::to_string(line) + ":" + std::to_string(col) +
                                   ": " + message);
  }

  void Advance(size_t n) {
    for (size_t k = 0; k < n && i_ < s_.size(); ++k, ++i_) {
      if (s_[i_] == '\n') {
        ++line_;
        col_ = 1;
      } else {
        ++col_;
      }
    }
  }

  Token Begin(Token::Kind kind) const {
    Token t;
    t.kind = kind;
    t.line = line_;
    t.col = col_;
    return t;
  }

  Token Op(std::string text) {
    Token t = Begin(Token::kOp);
    t.text = std::move(text);
    Advance(1);
    return t;
  }

  // A string literal whose opening quote is at i_; `prefix` was already read
  // (it started at line/col when given).
  Result<Token> ReadString(const std::string& prefix, int line = 0, int col = 0) {
    Token t = Begin(Token::kString);
    if (line > 0) t.line = line, t.col = col;
    std::string p;
    for (char c : prefix) p.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    const bool raw = p.find('r') != std::string::npos;
    if (p.find('f') != std::string::npos) t.evaluable = false, t.why_not = "an f-string (its value is computed at run time)";
    if (p.find('b') != std::string::npos) t.evaluable = false, t.why_not = "a bytes literal, not a str";
    const char quote = s_[i_];
    const bool triple = s_.substr(i_, 3) == std::string(3, quote);
    Advance(triple ? 3 : 1);
    while (true) {
      if (i_ >= s_.size()) {
        // Python counts the last line, not the empty one after a final newline.
        const int last = s_.empty() || s_.back() != '\n' || line_ == 1 ? line_ : line_ - 1;
        return Error(t.line, t.col,
                     std::string(triple ? "unterminated triple-quoted string literal" : "unterminated string literal") +
                         " (detected at line " + std::to_string(last) + ")");
      }
      const char c = s_[i_];
      if (c == quote && (!triple || s_.substr(i_, 3) == std::string(3, quote))) {
        Advance(triple ? 3 : 1);
        return t;
      }
      if (c == '\n' && !triple) {
        return Error(t.line, t.col, "unterminated string literal (detected at line " + std::to_string(line_) + ")");
      }
      if (c == '\r' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') {
        Advance(1);  // Python reads source lines with universal newlines
        continue;
      }
      if (c != '\\') {
        t.text.push_back(c);
        Advance(1);
        continue;
      }
      if (i_ + 1 >= s_.size()) {
        Advance(1);  // a backslash at the end of the file: unterminated, reported above
        continue;
      }
      if (raw) {
        // A raw string keeps the backslash and the character after it, which
        // still cannot end the literal.
        t.text.push_back('\\');
        t.text.push_back(s_[i_ + 1]);
        Advance(2);
        continue;
      }
      Status escape = ReadEscape(&t);
      if (!escape.ok()) return escape;
    }
  }

  // A backslash escape of a non-raw string literal, at i_.
  Status ReadEscape(Token* t) {
    const int line = line_;
    const int col = col_;
    const char e = s_[i_ + 1];
    Advance(2);
    switch (e) {
      case '\n': return Status::Ok();  // backslash-newline: the line break is dropped
      case '\r':
        if (i_ < s_.size() && s_[i_] == '\n') Advance(1);
        return Status::Ok();
      case '\\': case '\'': case '"': t->text.push_back(e); return Status::Ok();
      case 'a': t->text.push_back('\a'); return Status::Ok();
      case 'b': t->text.push_back('\b'); return Status::Ok();
      case 'f': t->text.push_back('\f'); return Status::Ok();
      case 'n': t->text.push_back('\n'); return Status::Ok();
      case 'r': t->text.push_back('\r'); return Status::Ok();
      case 't': t->text.push_back('\t'); return Status::Ok();
      case 'v': t->text.push_back('\v'); return Status::Ok();
      default: break;
    }
    if (IsOctal(e)) {
      uint32_t cp = static_cast<uint32_t>(e - '0');
      for (int k = 0; k < 2 && i_ < s_.size() && IsOctal(s_[i_]); ++k) {
        cp = cp * 8 + static_cast<uint32_t>(s_[i_] - '0');
        Advance(1);
      }
      AppendUtf8(t->text, cp);
      return Status::Ok();
    }
    if (e == 'x' || e == 'u' || e == 'U') {
      const int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      uint32_t cp = 0;
      for (int k = 0; k < digits; ++k) {
        const int h = i_ < s_.size() ? HexValue(s_[i_]) : -1;
        if (h < 0) return Error(line, col, std::string("truncated \\") + e + " escape");
        cp = cp * 16 + static_cast<uint32_t>(h);
        Advance(1);
      }
      if (cp > 0x10FFFF) return Error(line, col, "illegal Unicode character in \\U escape");
      if (cp >= 0xD800 && cp <= 0xDFFF) t->evaluable = false, t->why_not = "a lone surrogate escape";
      AppendUtf8(t->text, cp);
      return Status::Ok();
    }
    if (e == 'N') {
      // \N{NAME} needs Python's Unicode name table; the literal is reported.
      if (i_ >= s_.size() || s_[i_] != '{') return Error(line, col, "malformed \\N character escape");
      while (i_ < s_.size() && s_[i_] != '}' && s_[i_] != '\n') Advance(1);
      if (i_ >= s_.size() || s_[i_] != '}') return Error(line, col, "malformed \\N character escape");
      Advance(1);
      t->evaluable = false;
      t->why_not = "a \\N{...} escape";
      return Status::Ok();
    }
    // An unknown escape keeps its backslash (Python only warns).
    t->text.push_back('\\');
    t->text.push_back(e);
    return Status::Ok();
  }

  std::string_view s_;
  std::string_view path_;
  size_t i_ = 0;
  int line_ = 1;
  int col_ = 1;
  std::vector<Open> depth_;
};

bool HasString(const std::vector<Token>& tokens, size_t from) {
  for (size_t k = from; k < tokens.size(); ++k) {
    if (tokens[k].kind == Token::kString) return true;
  }
  return false;
}

// The right side of `NAME = ...` from tokens[2]: adjacent string literals,
// optionally in one pair of parentheses, are a value; anything else is not.
PythonAssignment Evaluate(const std::vector<Token>& tokens) {
  PythonAssignment a;
  a.name = tokens[0].text;
  a.line = tokens[0].line;
  size_t begin = 2;
  size_t end = tokens.size();
  if (tokens[begin].kind == Token::kOp && tokens[begin].text == "(" && tokens[end - 1].kind == Token::kOp &&
      tokens[end - 1].text == ")") {
    ++begin;
    --end;
  }
  std::string value;
  for (size_t k = begin; k < end; ++k) {
    const Token& t = tokens[k];
    if (t.kind != Token::kString) {
      a.why_not = "not a plain string literal (an expression Python must evaluate)";
      return a;
    }
    if (!t.evaluable) {
      a.why_not = t.why_not;
      return a;
    }
    value += t.text;
  }
  if (begin >= end) {
    a.why_not = "not a plain string literal";
    return a;
  }
  a.value = std::move(value);
  return a;
}

}  // namespace

Result<std::vector<PythonAssignment>> ReadPythonStringAssignments(std::string_view source, std::string_view path) {
  if (source.substr(0, 3) == "\xEF\xBB\xBF") source.remove_prefix(3);  // a UTF-8 byte-order mark
  Result<std::vector<LogicalLine>> lines = Lexer(source, path).Run();
  if (!lines.ok()) return lines.status();
  std::vector<PythonAssignment> out;
  for (const LogicalLine& line : *lines) {
    const std::vector<Token>& t = line.tokens;
    if (line.indented || t.size() < 2 || t[0].kind != Token::kName) continue;
    if (t[1].kind != Token::kOp || t[1].text != "=") continue;
    if (t.size() == 2) {
      return Status::InvalidArgument(std::string(path) + ":" + std::to_string(t[1].line) + ":" +
                                     std::to_string(t[1].col) + ": expected an expression after '='");
    }
    if (!HasString(t, 2)) continue;  // not a string constant: no prompt here
    out.push_back(Evaluate(t));
  }
  return out;
}

}  // namespace crm::agents

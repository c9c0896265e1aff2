#include "engine/tools/py_literal.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace crm::py {
namespace {

constexpr int kMaxDepth = 200;

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Reader {
 public:
  explicit Reader(std::string_view text) : t_(text) {}

  std::optional<Value> Whole() {
    std::optional<Value> v = Next(0);
    SkipSpace();
    if (!v || pos_ != t_.size()) return std::nullopt;
    return v;
  }

 private:
  void SkipSpace() {
    while (pos_ < t_.size() && (t_[pos_] == ' ' || t_[pos_] == '\n' || t_[pos_] == '\t' || t_[pos_] == '\r')) ++pos_;
  }
  bool Eat(std::string_view word) {
    SkipSpace();
    if (t_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  bool Word(std::string_view word) {  // a name not followed by more name characters
    SkipSpace();
    if (t_.substr(pos_, word.size()) != word) return false;
    const size_t end = pos_ + word.size();
    if (end < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[end])) || t_[end] == '_')) return false;
    pos_ = end;
    return true;
  }

  std::optional<Value> Next(int depth) {
    if (depth > kMaxDepth) return std::nullopt;
    SkipSpace();
    if (pos_ >= t_.size()) return std::nullopt;
    const char c = t_[pos_];
    if (c == '\'' || c == '"') return String();
    if (c == '[') return Sequence(']', depth);
    if (c == '(') return Sequence(')', depth);
    if (c == '{') return DictBody(DictClass::kDict, depth);
    if (Word("None")) return Value();
    if (Word("True")) return Value::Bool(true);
    if (Word("False")) return Value::Bool(false);
    if (Word("OrderedDict")) return Ordered(depth);
    if (Eat("defaultdict(<class 'int'>,")) {
      std::optional<Value> d = DictBody(DictClass::kDefaultDictInt, depth);
      if (!d || !Eat(")")) return std::nullopt;
      return d;
    }
    return Number();
  }

  std::optional<Value> Number() {
    SkipSpace();
    const size_t start = pos_;
    bool negative = false;
    if (pos_ < t_.size() && (t_[pos_] == '-' || t_[pos_] == '+')) negative = t_[pos_++] == '-';
    if (Word("inf")) return Value::Float(negative ? -INFINITY : INFINITY);
    if (Word("nan")) return Value::Float(NAN);
    bool is_float = false;
    const size_t digits = pos_;
    while (pos_ < t_.size()) {
      const char c = t_[pos_];
      if (c >= '0' && c <= '9') {
        ++pos_;
      } else if (c == '.' || c == 'e' || c == 'E' || ((c == '+' || c == '-') && (t_[pos_ - 1] == 'e' || t_[pos_ - 1] == 'E'))) {
        is_float = true;
        ++pos_;
      } else {
        break;
      }
    }
    if (pos_ == digits) return std::nullopt;
    std::string_view text = t_.substr(start, pos_ - start);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (!is_float) {
      int64_t n = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec == std::errc() && end == text.data() + text.size()) return Value::Int(n);
    }
    // Floats, and ints beyond 64 bits (py::Value has no big ints: they read
    // as the nearest float, or inf).
    double d = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (end != text.data() + text.size()) return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
      d = std::strtod(std::string(text).c_str(), nullptr);
    } else if (ec != std::errc()) {
      return std::nullopt;
    }
    return Value::Float(d);
  }

  bool Hex(size_t n, uint32_t* out) {
    *out = 0;
    for (size_t i = 0; i < n; ++i) {
      if (pos_ >= t_.size()) return false;
      const char c = t_[pos_++];
      const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (digit < 0) return false;
      *out = *out * 16 + static_cast<uint32_t>(digit);
    }
    return true;
  }

  std::optional<Value> String() {
    const char quote = t_[pos_++];
    std::string out;
    while (pos_ < t_.size() && t_[pos_] != quote) {
      char c = t_[pos_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= t_.size()) return std::nullopt;
      c = t_[pos_++];
      uint32_t cp = 0;
      switch (c) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'x':
          if (!Hex(2, &cp)) return std::nullopt;
          AppendUtf8(out, cp);
          break;
        case 'u':
          if (!Hex(4, &cp)) return std::nullopt;
          AppendUtf8(out, cp);
          break;
        case 'U':
          if (!Hex(8, &cp) || cp > 0x10FFFF) return std::nullopt;
          AppendUtf8(out, cp);
          break;
        default: return std::nullopt;
      }
    }
    if (pos_ >= t_.size()) return std::nullopt;
    ++pos_;
    return Value::Str(std::move(out));
  }

  std::optional<Value> Sequence(char close, int depth) {
    ++pos_;
    Value list = Value::List();
    if (Eat(std::string_view(&close, 1))) return list;
    while (true) {
      std::optional<Value> item = Next(depth + 1);
      if (!item) return std::nullopt;
      list.Append(std::move(*item));
      if (Eat(",")) {
        if (Eat(std::string_view(&close, 1))) return list;  // a trailing comma: ('a',)
        continue;
      }
      if (Eat(std::string_view(&close, 1))) return list;
      return std::nullopt;
    }
  }

  std::optional<Value> DictBody(DictClass dict_class, int depth) {
    if (!Eat("{")) return std::nullopt;
    Value dict = Value::Dict(dict_class);
    if (Eat("}")) return dict;
    while (true) {
      std::optional<Value> key = Next(depth + 1);
      if (!key || !key->hashable() || !Eat(":")) return std::nullopt;
      std::optional<Value> value = Next(depth + 1);
      if (!value) return std::nullopt;
      dict.Set(std::move(*key), std::move(*value));
      if (Eat(",")) {
        if (Eat("}")) return dict;
        continue;
      }
      if (Eat("}")) return dict;
      return std::nullopt;
    }
  }

  // After "OrderedDict": () or ([(k, v), ...]).
  std::optional<Value> Ordered(int depth) {
    if (!Eat("(")) return std::nullopt;
    Value dict = Value::Dict(DictClass::kOrderedDict);
    if (Eat(")")) return dict;
    SkipSpace();
    if (pos_ >= t_.size() || t_[pos_] != '[') return std::nullopt;
    std::optional<Value> pairs = Sequence(']', depth + 1);
    if (!pairs || !Eat(")")) return std::nullopt;
    for (Value& pair : pairs->items()) {
      if (!pair.is_list() || pair.items().size() != 2 || !pair.items()[0].hashable()) return std::nullopt;
      dict.Set(std::move(pair.items()[0]), std::move(pair.items()[1]));
    }
    return dict;
  }

  std::string_view t_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<Value> ParseLiteral(std::string_view text) { return Reader(text).Whole(); }

}  // namespace crm::py

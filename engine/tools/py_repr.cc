#include "engine/tools/py_repr.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <system_error>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace crm::py {
namespace {

struct CodeRange {
  uint32_t first;
  uint32_t last;
};

// Non-printable code points >= U+0080, generated from Python 3.11.
constexpr CodeRange kNonPrintable[] = {
#include "engine/tools/py_printable_ranges.inc"
};

constexpr char kHex[] = "0123456789abcdef";

void AppendHex(std::string& out, uint32_t value, int digits) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
}

// Decodes one UTF-8 sequence at text[*i], advancing *i past it. A byte that
// does not start a valid sequence comes back as its own value.
uint32_t NextCodePoint(std::string_view text, size_t* i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(*i);
  int extra = lead >= 0xF0 && lead <= 0xF4 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC2 && lead <= 0xDF ? 1 : 0;
  if (lead < 0x80 || extra == 0 || *i + static_cast<size_t>(extra) >= text.size()) {
    ++*i;
    return lead;
  }
  uint32_t cp = lead & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    const unsigned char c = byte(*i + k);
    if ((c & 0xC0) != 0x80) {
      ++*i;
      return lead;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  const bool overlong = (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*i;
    return lead;
  }
  *i += static_cast<size_t>(extra) + 1;
  return cp;
}

// The decimal digits and exponent of the shortest round-trip text of a
// finite, positive double: value = 0.d1d2d3... * 10^decimal_point.
struct ShortestDigits {
  std::string digits;
  int decimal_point = 0;
};

ShortestDigits Shortest(double value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string_view text(buf, static_cast<size_t>(end - buf));  // d[.ddd]e[+-]XX
  const size_t e = text.find('e');
  ShortestDigits out;
  for (char c : text.substr(0, e)) {
    if (c != '.') out.digits += c;
  }
  int exponent = 0;
  std::string_view exp_text = text.substr(e + 1);
  if (!exp_text.empty() && exp_text.front() == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  out.decimal_point = exponent + 1;
  return out;
}

// The end of the run of bytes from `i` that repr() copies as they are:
// printable ASCII other than the backslash and the quote characters `quote`
// and `other_quote` (the same character when only one quote matters).
// Inlined into both callers: called out of line it cost 1.3k instructions
// per model call (bench/instructions_per_call.sh).
[[gnu::always_inline]] inline size_t PlainRunEnd(std::string_view text, size_t i, char quote, char other_quote) {
  const auto plain = [quote, other_quote](unsigned char b) {
    return b >= 0x20 && b < 0x7F && b != static_cast<unsigned char>(quote) &&
           b != static_cast<unsigned char>(other_quote) && b != '\\';
  };
#if defined(__SSE2__)
  const __m128i q = _mm_set1_epi8(quote);
  const __m128i other_q = _mm_set1_epi8(other_quote);
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i max_control = _mm_set1_epi8(0x1f);
  const __m128i del = _mm_set1_epi8(0x7f);
  while (text.size() - i >= 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(bytes, max_control), max_control);  // <= 0x1f
    const __m128i quotes = _mm_or_si128(_mm_cmpeq_epi8(bytes, q), _mm_cmpeq_epi8(bytes, other_q));
    const __m128i special = _mm_or_si128(_mm_or_si128(quotes, _mm_cmpeq_epi8(bytes, backslash)),
                                         _mm_or_si128(control, _mm_cmpeq_epi8(bytes, del)));
    // The high bit marks the non-ASCII bytes themselves.
    const int mask = _mm_movemask_epi8(special) | _mm_movemask_epi8(bytes);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    i += 16;
  }
#endif
  while (i < text.size() && plain(static_cast<unsigned char>(text[i]))) ++i;
  return i;
}

// True when repr() writes `text` between single quotes unchanged: printable
// ASCII with neither quote nor a backslash. Most strings of a query's records
// (Ids, names, dates, picklist values) are such, and one scan for them
// replaces the quote search and the run-by-run copy.
bool IsPlainUnquoted(std::string_view text) { return PlainRunEnd(text, 0, '\'', '"') == text.size(); }

}  // namespace

bool IsPrintableCodePoint(uint32_t cp) {
  if (cp < 0x80) return cp >= 0x20 && cp != 0x7F;
  const CodeRange* end = std::end(kNonPrintable);
  const CodeRange* it = std::upper_bound(std::begin(kNonPrintable), end, cp,
                                         [](uint32_t value, const CodeRange& r) { return value < r.first; });
  if (it == std::begin(kNonPrintable)) return true;
  --it;
  return cp > it->last;
}

bool IsPlainAsciiText(std::string_view utf8) {
  for (char ch : utf8) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7F || c == '\'' || c == '\\') return false;
  }
  return true;
}

bool IsSpaceCodePoint(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000;
}

namespace {

// The length of the whitespace character at text[i], or 0.
size_t SpaceAt(std::string_view text, size_t i) {
  size_t next = i;
  const uint32_t cp = NextCodePoint(text, &next);
  const bool decoded = next - i > 1 || cp < 0x80;  // a stray byte is no whitespace
  return decoded && IsSpaceCodePoint(cp) ? next - i : 0;
}

}  // namespace

std::vector<std::string_view> SplitWhitespace(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    if (size_t n = SpaceAt(text, i)) {
      i += n;
      continue;
    }
    const size_t start = i;
    while (i < text.size() && SpaceAt(text, i) == 0) NextCodePoint(text, &i);
    out.push_back(text.substr(start, i - start));
  }
  return out;
}

std::string_view StripWhitespace(std::string_view text) {
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t n = SpaceAt(text, begin);
    if (n == 0) break;
    begin += n;
  }
  // The end, read backwards while the tail is ASCII (an ASCII byte always
  // decodes as its own character): a model's reply is not decoded whole.
  size_t end = text.size();
  while (end > begin && static_cast<unsigned char>(text[end - 1]) < 0x80) {
    if (!IsSpaceCodePoint(static_cast<unsigned char>(text[end - 1]))) return text.substr(begin, end - begin);
    --end;
  }
  if (end == begin) return text.substr(begin, 0);
  // A non-ASCII tail: where its characters start is known only from the front.
  size_t last = begin;
  for (size_t i = begin; i < end;) {
    const size_t n = SpaceAt(text, i);
    if (n == 0) {
      NextCodePoint(text, &i);
      last = i;
    } else {
      i += n;
    }
  }
  return text.substr(begin, last - begin);
}

void AppendReprString(std::string& out, std::string_view utf8) {
  if (IsPlainUnquoted(utf8)) {
    out += '\'';
    out.append(utf8);
    out += '\'';
    return;
  }
  const bool has_single = utf8.find('\'') != std::string_view::npos;
  const bool has_double = utf8.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  out += quote;
  size_t i = 0;
  while (i < utf8.size()) {
    // Printable ASCII other than the quote and backslash, the common case,
    // is copied a run at a time.
    const size_t run = PlainRunEnd(utf8, i, quote, quote);
    out.append(utf8.data() + i, run - i);
    i = run;
    if (i == utf8.size()) break;
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c >= 0x20 && c < 0x7F) {  // the quote or a backslash
      out += '\\';
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const size_t start = i;
    const uint32_t cp = NextCodePoint(utf8, &i);
    if (cp == '\t') {
      out += "\\t";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (i - start == 1 && cp >= 0x80) {  // a byte outside valid UTF-8
      out += "\\x";
      AppendHex(out, cp, 2);
    } else if (cp >= 0x80 && IsPrintableCodePoint(cp)) {
      out.append(utf8.substr(start, i - start));  // kept as written
    } else if (cp <= 0xFF) {
      out += "\\x";
      AppendHex(out, cp, 2);
    } else if (cp <= 0xFFFF) {
      out += "\\u";
      AppendHex(out, cp, 4);
    } else {
      out += "\\U";
      AppendHex(out, cp, 8);
    }
  }
  out += quote;
}

void AppendReprFloat(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "nan";
    return;
  }
  if (std::isinf(value)) {
    out += value < 0 ? "-inf" : "inf";
    return;
  }
  if (std::signbit(value)) out += '-';
  value = std::fabs(value);
  if (value == 0) {
    out += "0.0";
    return;
  }
  const ShortestDigits d = Shortest(value);
  const int n = static_cast<int>(d.digits.size());
  if (d.decimal_point > -4 && d.decimal_point <= 16) {  // fixed notation
    if (d.decimal_point <= 0) {
      out += "0.";
      out.append(static_cast<size_t>(-d.decimal_point), '0');
      out += d.digits;
    } else if (d.decimal_point >= n) {
      out += d.digits;
      out.append(static_cast<size_t>(d.decimal_point - n), '0');
      out += ".0";
    } else {
      out.append(d.digits, 0, static_cast<size_t>(d.decimal_point));
      out += '.';
      out.append(d.digits, static_cast<size_t>(d.decimal_point));
    }
    return;
  }
  out += d.digits[0];  // exponent notation: d[.ddd]e[+-]XX
  if (n > 1) {
    out += '.';
    out.append(d.digits, 1);
  }
  const int exponent = d.decimal_point - 1;
  out += exponent < 0 ? "e-" : "e+";
  const int magnitude = exponent < 0 ? -exponent : exponent;
  if (magnitude < 10) out += '0';
  out += std::to_string(magnitude);
}

void AppendReprInt(std::string& out, int64_t value) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, end);
}

}  // namespace crm::py

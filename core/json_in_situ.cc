#include "core/json_in_situ.h"

#include <cstring>

namespace crm::json {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// RapidJSON 1.1.0's exact path normalises a zero significand with clz(0)
// (undefined behaviour) for numbers such as 0e+45. Their value is 0.0 (or
// -0.0) whatever the exponent, so they are rewritten as such, padded with
// spaces to the same length, before the parse. Strings are skipped.
void RewriteZeroSignificands(std::string& text) {
  char* p = text.data();
  char* const end = p + text.size();
  while (p < end) {
    char* quote = static_cast<char*>(std::memchr(p, '"', static_cast<size_t>(end - p)));
    char* const outside_end = quote ? quote : end;
    for (char* e = p; e < outside_end; ++e) {
      if ((*e != 'e' && *e != 'E') || e == p || !IsDigit(e[-1])) continue;
      char* start = e;
      bool zero = true;
      while (start > p && (IsDigit(start[-1]) || start[-1] == '.')) {
        --start;
        zero = zero && (*start == '0' || *start == '.');
      }
      const bool negative = start > p && start[-1] == '-';
      if (!zero) continue;
      if (negative) --start;
      char* stop = e + 1;
      if (stop < outside_end && (*stop == '+' || *stop == '-')) ++stop;
      while (stop < outside_end && IsDigit(*stop)) ++stop;
      const char* zero_text = negative ? "-0.0" : "0.0";
      const size_t n = std::strlen(zero_text);
      if (static_cast<size_t>(stop - start) < n) continue;  // "0e" with no digits: a parse error anyway
      std::memcpy(start, zero_text, n);
      std::memset(start + n, ' ', static_cast<size_t>(stop - start) - n);
      e = stop - 1;
    }
    if (!quote) break;
    // Skip the string: to the next quote not escaped by an odd run of backslashes.
    char* q = quote + 1;
    while (q < end) {
      char* close = static_cast<char*>(std::memchr(q, '"', static_cast<size_t>(end - q)));
      if (!close) return;
      size_t backslashes = 0;
      for (char* b = close; b > q && b[-1] == '\\'; --b) ++backslashes;
      q = close + 1;
      if (backslashes % 2 == 0) break;
    }
    p = q;
  }
}

}  // namespace

InSituDocument::InSituDocument()
    : pool_(inline_pool_, sizeof inline_pool_, kChunkBytes, &chunk_source_), doc_(&pool_) {}

bool InSituDocument::Parse(std::string_view text, Numbers numbers) {
  doc_.SetNull();
  pool_.Clear();  // keeps the inline buffer, returns any chunk a previous parse took
  if (text.find('\0') != std::string_view::npos) return false;
  text_.assign(text.data(), text.size());
  if (numbers == Numbers::kExact) {
    RewriteZeroSignificands(text_);
    doc_.ParseInsitu<rapidjson::kParseFullPrecisionFlag>(text_.data());
  } else {
    doc_.ParseInsitu(text_.data());
  }
  if (doc_.HasParseError()) {
    doc_.SetNull();
    return false;
  }
  return true;
}

}  // namespace crm::json

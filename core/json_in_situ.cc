#include "core/json_in_situ.h"

#include <clocale>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <system_error>

namespace crm::json {
namespace {

// RapidJSON 1.1.0's own exact number path (kParseFullPrecisionFlag) misreads
// numbers that fuzzing found: undefined behaviour (clz(0)) on a zero
// significand that leaves its fast path (0.000... past 22 digits, 0e+45);
// an out-of-bounds table read returning garbage such as -2.1e+301 for values
// under 1e-324 written with many digits; NaN or an ulp off near the smallest
// doubles; a failed assertion past the largest double. So in kExact mode the
// reader hands numbers over as text, and this handler reads them with the C
// library's correctly rounded strtod in the "C" locale, as Python's float()
// does, and passes everything else through to the document.
template <typename Document>
class ExactNumberHandler {
 public:
  explicit ExactNumberHandler(Document& doc) : doc_(doc) {}

  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(int64_t i) { return doc_.Int64(i); }
  bool Uint64(uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }
  bool String(const char* s, rapidjson::SizeType n, bool copy) { return doc_.String(s, n, copy); }
  bool StartObject() { return doc_.StartObject(); }
  bool Key(const char* s, rapidjson::SizeType n, bool copy) { return doc_.Key(s, n, copy); }
  bool EndObject(rapidjson::SizeType members) { return doc_.EndObject(members); }
  bool StartArray() { return doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType elements) { return doc_.EndArray(elements); }

  // `text` is a number in JSON's grammar (the reader checked it). Integers
  // stay integers while they fit 64 bits, as RapidJSON keeps them; the rest
  // are doubles. A value past the largest double is refused, as RapidJSON
  // refuses 1e400 (Python would read infinity, which JSON cannot carry).
  bool RawNumber(const char* text, rapidjson::SizeType length, bool /*copy*/) {
    const std::string_view number(text, length);
    if (number.find_first_of(".eE") == std::string_view::npos) {
      int64_t i = 0;
      auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), i);
      if (error == std::errc() && end == number.data() + number.size()) return doc_.Int64(i);
      uint64_t u = 0;
      auto [uend, uerror] = std::from_chars(number.data(), number.data() + number.size(), u);
      if (uerror == std::errc() && uend == number.data() + number.size()) return doc_.Uint64(u);
    }
    scratch_.assign(number);  // strtod needs a NUL after the number
    const double value = strtod_l(scratch_.c_str(), nullptr, CLocale());
    if (std::isinf(value)) return false;
    return doc_.Double(value);
  }

 private:
  static locale_t CLocale() {
    static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(0));
    return c_locale;
  }

  Document& doc_;
  std::string scratch_;
};

}  // namespace

InSituDocument::InSituDocument()
    : pool_(inline_pool_, sizeof inline_pool_, kChunkBytes, &chunk_source_), doc_(&pool_) {}

bool InSituDocument::Parse(std::string_view text, Numbers numbers) {
  doc_.SetNull();
  pool_.Clear();  // keeps the inline buffer, returns any chunk a previous parse took
  if (text.find('\0') != std::string_view::npos) return false;
  text_.assign(text.data(), text.size());
  if (numbers == Numbers::kExact) {
    // Populate fills the document from the reader's events through the
    // handler; the parse's result is the reader's, not the document's.
    rapidjson::GenericInsituStringStream<rapidjson::UTF8<>> stream(text_.data());
    rapidjson::Reader reader;
    bool parsed = false;
    auto generate = [&](rapidjson::Document& doc) {
      ExactNumberHandler<rapidjson::Document> handler(doc);
      parsed = !reader.Parse<rapidjson::kParseInsituFlag | rapidjson::kParseNumbersAsStringsFlag>(stream, handler)
                    .IsError();
      return parsed;
    };
    doc_.Populate(generate);
    if (!parsed) {
      doc_.SetNull();
      return false;
    }
    return true;
  }
  doc_.ParseInsitu(text_.data());
  if (doc_.HasParseError()) {
    doc_.SetNull();
    return false;
  }
  return true;
}

}  // namespace crm::json

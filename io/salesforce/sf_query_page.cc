// io/salesforce/sf_query_page.cc — ParseQueryPage: one page of a REST query
// response ({"totalSize", "done", "nextRecordsUrl", "records"}) read without
// building a document: the scalars are taken as they pass and the records
// array is kept as the org wrote it (a slice of the body), its elements
// counted. A structural scan (16 bytes at a time; strings skipped whole,
// brackets matched) reads the usual page; anything it does not expect (an escaped key or URL, a
// totalSize that is no plain integer, unbalanced brackets, bytes after the
// object) goes to RapidJSON's validating SAX reader, which has the last word.
// The scan does not check the records' scalars (literals, numbers): whoever
// reads records_json parses it (the agent's records view, the snapshot writer).
// Pure function; safe from any thread.
#include <charconv>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <rapidjson/reader.h>

#include "io/salesforce/sf_protocol.h"

namespace crm::io::salesforce {
namespace {

enum class Field { kOther, kTotalSize, kDone, kNextRecordsUrl, kRecords };

Field FieldNamed(std::string_view key) {
  if (key == "records") return Field::kRecords;
  if (key == "totalSize") return Field::kTotalSize;
  if (key == "done") return Field::kDone;
  if (key == "nextRecordsUrl") return Field::kNextRecordsUrl;
  return Field::kOther;
}

// Depth 1 is the top-level object's members; the records array's elements
// are at depth 2 while `in_records`.
class PageScan : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, PageScan> {
 public:
  explicit PageScan(const rapidjson::StringStream& stream) : stream_(stream) {}

  bool Default() { return Scalar(); }
  bool Bool(bool b) {
    if (depth_ == 1 && field_ == Field::kDone) {
      done_ = b;
      has_done_ = true;
    }
    return Scalar();
  }
  bool Int(int i) { return Integer(i); }
  bool Uint(unsigned u) { return Integer(u); }
  bool Int64(int64_t i) { return Integer(i); }
  bool Uint64(uint64_t u) { return u <= static_cast<uint64_t>(INT64_MAX) ? Integer(static_cast<int64_t>(u)) : Scalar(); }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    if (depth_ == 1 && field_ == Field::kNextRecordsUrl) next_.assign(text, length);
    return Scalar();
  }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    if (depth_ == 1) field_ = FieldNamed(std::string_view(text, length));
    return true;
  }
  bool StartObject() { return Open(false); }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool StartArray() { return Open(true); }
  bool EndArray(rapidjson::SizeType) {
    if (in_records_ && depth_ == 2) {
      records_end_ = stream_.Tell();  // just past the ']'
      in_records_ = false;
    }
    return Close();
  }

  bool object() const { return object_; }
  bool has_records() const { return records_end_ > records_begin_; }
  size_t records_begin() const { return records_begin_; }
  size_t records_end() const { return records_end_; }
  size_t record_count() const { return record_count_; }
  long long total_size() const { return total_size_; }
  bool has_done() const { return has_done_; }
  bool done() const { return done_; }
  std::string& next() { return next_; }

 private:
  bool Scalar() {
    if (in_records_ && depth_ == 2) ++record_count_;
    return true;
  }
  bool Integer(int64_t value) {
    if (depth_ == 1 && field_ == Field::kTotalSize) total_size_ = value;
    return Scalar();
  }
  bool Open(bool array) {
    if (depth_ == 0 && !array) object_ = true;  // a root array is refused after the pass
    Scalar();  // an element of the records counts as it opens
    if (array && depth_ == 1 && field_ == Field::kRecords && !has_records()) {
      in_records_ = true;
      records_begin_ = stream_.Tell() - 1;  // the '[' was just taken
    }
    ++depth_;
    return true;
  }
  bool Close() {
    --depth_;
    return true;
  }

  const rapidjson::StringStream& stream_;
  int depth_ = 0;
  Field field_ = Field::kOther;
  bool object_ = false;
  bool in_records_ = false;
  size_t records_begin_ = 0, records_end_ = 0, record_count_ = 0;
  long long total_size_ = 0;
  bool done_ = true, has_done_ = false;
  std::string next_;
};

CallError Malformed(std::string message) {
  CallError e;
  e.code = CallErrorCode::kMalformedResponse;
  e.http_status = 200;
  e.message = std::move(message);
  return e;
}

// The structural scan. Each method returns false on anything unexpected.
class FastScan {
 public:
  explicit FastScan(std::string_view text) : s_(text) {}

  bool Page(QueryPage* page, size_t* records_begin, size_t* records_end) {
    SkipSpace();
    if (!Take('{')) return false;
    SkipSpace();
    if (Peek() == '}') return false;  // no records
    bool has_records = false;
    for (;;) {
      std::string_view key;
      if (!PlainString(&key)) return false;
      SkipSpace();
      if (!Take(':')) return false;
      SkipSpace();
      if (key == "records") {
        if (has_records || Peek() != '[') return false;
        has_records = true;
        *records_begin = i_;
        if (!Composite(&page->record_count)) return false;
        *records_end = i_;
      } else if (key == "totalSize") {
        const auto [end, ec] = std::from_chars(s_.data() + i_, s_.data() + s_.size(), page->total_size);
        if (ec != std::errc()) return false;
        i_ = static_cast<size_t>(end - s_.data());
      } else if (key == "done") {
        if (Literal("true")) {
          page->done = true;
        } else if (Literal("false")) {
          page->done = false;
        } else {
          return false;
        }
      } else if (key == "nextRecordsUrl") {
        std::string_view url;
        if (Literal("null")) url = {};
        else if (!PlainString(&url)) return false;
        page->next_records_url.assign(url);
      } else if (!Value()) {
        return false;
      }
      SkipSpace();
      if (Take('}')) break;
      if (!Take(',')) return false;
      SkipSpace();
    }
    SkipSpace();
    return has_records && i_ == s_.size();
  }

 private:
  char Peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  bool Take(char c) {
    if (Peek() != c) return false;
    ++i_;
    return true;
  }
  void SkipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  bool Literal(std::string_view word) {
    if (s_.compare(i_, word.size(), word) != 0) return false;
    i_ += word.size();
    return true;
  }
  // A string; its text is unescaped only when it has no escapes (else false).
  bool PlainString(std::string_view* text) {
    const size_t start = i_ + 1;
    if (!String()) return false;
    *text = s_.substr(start, i_ - 1 - start);
    return text->find('\\') == std::string_view::npos;
  }
  // Skips a string (at its opening quote), escapes included.
  bool String() {
    if (!Take('"')) return false;
    for (;;) {
      while (i_ < s_.size() && s_[i_] != '"' && s_[i_] != '\\') ++i_;
      if (i_ >= s_.size()) return false;
      if (s_[i_] == '"') {
        ++i_;
        return true;
      }
      i_ += 2;  // a backslash and the character it escapes
    }
  }
  bool Value() {
    const char c = Peek();
    if (c == '"') return String();
    if (c == '{' || c == '[') return Composite(nullptr);
    const size_t start = i_;  // a number or a literal: up to the next delimiter
    while (i_ < s_.size() && !std::strchr(",}] \n\r\t", s_[i_])) ++i_;
    return i_ > start;
  }
  // Skips an object or array with its brackets matched; counts the top
  // level's elements into *count when given. Only the structural bytes
  // (quotes, backslashes, brackets, commas) are visited, found 16 at a time.
  bool Composite(size_t* count) {
    const size_t first = i_ + 1;
    size_t j = first;
    while (j < s_.size() && (s_[j] == ' ' || s_[j] == '\n' || s_[j] == '\r' || s_[j] == '\t')) ++j;
    const bool empty = j < s_.size() && (s_[j] == ']' || s_[j] == '}');
    uint64_t kinds = 0;  // a bit per open bracket: 1 for '{', 0 for '['; depth <= 64
    int depth = 0;
    size_t elements = 0;
    bool in_string = false;
    size_t escaped = 0;  // the position a backslash escapes
    for (size_t block = i_; block < s_.size(); block += 16) {
      for (uint32_t mask = StructuralMask(block); mask != 0; mask &= mask - 1) {
        const size_t p = block + static_cast<size_t>(__builtin_ctz(mask));
        if (p == escaped && p != 0) continue;
        const char c = s_[p];
        if (in_string) {
          if (c == '\\') escaped = p + 1;
          else if (c == '"') in_string = false;
          continue;
        }
        if (c == '"') {
          in_string = true;
        } else if (c == '{' || c == '[') {
          if (depth == 64) return false;
          kinds = (kinds << 1) | (c == '{' ? 1 : 0);
          ++depth;
        } else if (c == '}' || c == ']') {
          if (depth == 0 || ((kinds & 1) == 1) != (c == '}')) return false;
          kinds >>= 1;
          if (--depth == 0) {
            i_ = p + 1;
            if (count) *count = empty ? 0 : elements + 1;
            return true;
          }
        } else if (c == ',') {
          if (depth == 1) ++elements;
        } else {
          return false;  // a backslash outside a string
        }
      }
    }
    return false;  // unterminated
  }

  // Bit k set when s_[block + k] is a quote, backslash, bracket or comma.
  uint32_t StructuralMask(size_t block) const {
#if defined(__SSE2__)
    if (block + 16 <= s_.size()) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s_.data() + block));
      const __m128i folded = _mm_or_si128(bytes, _mm_set1_epi8(0x20));  // '[' -> '{', ']' -> '}'
      const __m128i hits = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')), _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))),
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(folded, _mm_set1_epi8('{')),
                                    _mm_cmpeq_epi8(folded, _mm_set1_epi8('}'))),
                       _mm_cmpeq_epi8(bytes, _mm_set1_epi8(','))));
      return static_cast<uint32_t>(_mm_movemask_epi8(hits));
    }
#endif
    uint32_t mask = 0;
    for (size_t k = 0; k < 16 && block + k < s_.size(); ++k) {
      const char c = s_[block + k];
      const char folded = static_cast<char>(c | 0x20);
      if (c == '"' || c == '\\' || c == ',' || folded == '{' || folded == '}') mask |= 1u << k;
    }
    return mask;
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

Expected<QueryPage, CallError> ParseQueryPage(const std::string& body) {
  {
    QueryPage page;
    size_t begin = 0, end = 0;
    if (FastScan(body).Page(&page, &begin, &end)) {
      if (page.next_records_url.empty()) page.done = true;
      page.records_json.assign(body, begin, end - begin);
      return page;
    }
  }
  rapidjson::StringStream stream(body.c_str());
  PageScan scan(stream);
  rapidjson::Reader reader;
  const bool parsed = !reader.Parse(stream, scan).IsError();
  // A NUL inside the body ends the NUL-terminated scan early: not one JSON object.
  if (!parsed || !scan.object() || stream.Tell() != body.size()) {
    return MakeUnexpected(Malformed("query response is not a JSON object"));
  }
  if (!scan.has_records()) return MakeUnexpected(Malformed("query response has no records array"));
  QueryPage page;
  page.total_size = scan.total_size();
  if (scan.has_done()) page.done = scan.done();
  page.next_records_url = std::move(scan.next());
  if (page.next_records_url.empty()) page.done = true;
  page.record_count = scan.record_count();
  page.records_json.assign(body, scan.records_begin(), scan.records_end() - scan.records_begin());
  return page;
}

}  // namespace crm::io::salesforce

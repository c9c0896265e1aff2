#include "engine/tools/records_view.h"

#include "engine/tools/py_repr.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <system_error>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace crm::tools {
namespace {

// Why not a DOM: parsing the org's page into a document, erasing members and
// writing it again (re-escaping every string) was a fifth of the engine's
// work per model call. One validating pass over the text copies each kept
// value in the form it was written instead.

constexpr int kMaxDepth = 256;

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

unsigned HexValue(char c) {
  return c >= '0' && c <= '9' ? static_cast<unsigned>(c - '0')
         : c >= 'a' && c <= 'f' ? static_cast<unsigned>(c - 'a' + 10)
                                : static_cast<unsigned>(c - 'A' + 10);
}

// The text of a JSON string body whose escapes the scanner has checked.
std::string DecodeJsonString(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      out += body[i];
      continue;
    }
    const char e = body[++i];
    switch (e) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        uint32_t cp = 0;
        for (int k = 1; k <= 4; ++k) cp = cp * 16 + HexValue(body[i + k]);
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < body.size() && body[i + 1] == '\\' && body[i + 2] == 'u') {
          uint32_t low = 0;
          for (int k = 3; k <= 6; ++k) low = low * 16 + HexValue(body[i + k]);
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
        AppendUtf8(out, cp);  // a lone low surrogate stays one (Python would keep it too, printed \udcxx)
        break;
      }
      default: out += e;  // " \ /
    }
  }
  return out;
}

// Where the records array was written: each element's span in the output,
// and for objects each kept member's span ("key":value) and column.
struct Member {
  size_t begin = 0;
  size_t end = 0;
  uint32_t column = 0;
};
struct Item {
  bool object = false;
  size_t begin = 0;
  size_t end = 0;
  size_t first_member = 0;
  size_t members = 0;
};
// A top-level record key. Records of one query share their few keys, so a
// flat list searched linearly (first at the key's own position) beats a set.
struct Column {
  std::string_view key;  // raw, with its quotes
  bool non_null = false;
  std::string python_key;  // the Python view's "'key': ", written once per query, copied for every record
};

struct RecordsLayout {
  std::vector<Item> items;
  std::vector<Member> members;
  std::vector<Column> columns;
  // Built once there are many distinct keys (not a real query's shape, but
  // a hostile body must not make the scan quadratic).
  std::unordered_map<std::string_view, uint32_t> index;
};

constexpr size_t kLinearColumns = 32;

uint32_t ColumnFor(RecordsLayout& layout, std::string_view key, size_t position) {
  std::vector<Column>& columns = layout.columns;
  if (position < columns.size() && columns[position].key == key) return static_cast<uint32_t>(position);
  if (columns.size() <= kLinearColumns) {
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].key == key) return static_cast<uint32_t>(c);
    }
  } else {
    if (layout.index.empty()) {
      for (size_t c = 0; c < columns.size(); ++c) layout.index.emplace(columns[c].key, static_cast<uint32_t>(c));
    }
    if (auto it = layout.index.find(key); it != layout.index.end()) return it->second;
  }
  columns.push_back(Column{key, false, {}});
  const auto column = static_cast<uint32_t>(columns.size() - 1);
  if (!layout.index.empty()) layout.index.emplace(key, column);
  return column;
}

// Writes what it reads either as JSON (the tokens as written) or, with
// `python`, as Python's repr of what json.loads with an OrderedDict hook
// makes of it (the official connector's view): strings re-escaped, numbers
// as Python prints them, true/false/null as True/False/None, nested objects
// as OrderedDicts that keep their attributes.
class Cleaner {
 public:
  Cleaner(std::string_view text, bool python) : p_(text.data()), end_(text.data() + text.size()), python_(python) {}

  bool failed() const { return failed_; }
  size_t Remaining() const { return static_cast<size_t>(end_ - p_); }
  bool AtEnd() {
    SkipSpace();
    return p_ == end_;
  }
  bool Consume(char c) {
    SkipSpace();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  char Next() {
    SkipSpace();
    return p_ == end_ ? '\0' : *p_;
  }

  // A string token, quotes included, its escapes checked; empty on error.
  std::string_view String() {
    SkipSpace();
    if (p_ == end_ || *p_ != '"') return Fail();
    const char* start = p_++;
    while (true) {
      SkipPlainStringBytes();
      if (p_ == end_) return Fail();
      const char c = *p_;
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 0x20) return Fail();  // a raw control character (NUL included)
      if (++p_ == end_) return Fail();                             // c is a backslash
      if (*p_ == 'u') {
        unsigned code = 0;
        if (!Hex4(&code)) return Fail();
        if (code >= 0xD800 && code <= 0xDBFF) {  // a high surrogate: an escaped low one must follow
          unsigned low = 0;
          if (end_ - p_ < 3 || p_[1] != '\\' || p_[2] != 'u') return Fail();
          p_ += 2;
          if (!Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return Fail();
        }
      } else if (std::string_view("\"\\/bfnrt").find(*p_) == std::string_view::npos) {
        return Fail();
      }
      ++p_;
    }
    ++p_;
    return std::string_view(start, static_cast<size_t>(p_ - start));
  }

  // Copies the next value to `out` (when given) with every "attributes"
  // member left out, at any depth.
  void Value(std::string* out, int depth) {
    if (failed_) return;
    if (depth > kMaxDepth) {
      Fail();
      return;
    }
    switch (Next()) {
      case '{': return Object(out, depth + 1);
      case '[': return Array(out, depth + 1);
      case '"': return python_ ? PutReprString(out, String()) : Put(out, String());
      case 't': return Put(out, Literal("true"), "True");
      case 'f': return Put(out, Literal("false"), "False");
      case 'n': return Put(out, Literal("null"), "None");
      default: return python_ ? PutReprNumber(out, Number()) : Put(out, Number());
    }
  }

  // Writes the records array at p_ to `out` as it stands (attributes left
  // out), noting in `layout` where each record and member went.
  void Records(std::string& out, RecordsLayout& layout) {
    out += '[';
    Elements([&] {
      if (!layout.items.empty()) out += Separator();
      Item item;
      item.begin = out.size();
      if (Next() == '{') {
        item.object = true;
        item.first_member = layout.members.size();
        out += '{';
        Members(2, [&](std::string_view key) {
          size_t position = layout.members.size() - item.first_member;
          if (position > 0) out += Separator();
          Member m;
          m.begin = out.size();
          m.column = ColumnFor(layout, key, position);
          Column& column = layout.columns[m.column];
          if (Next() != 'n') column.non_null = true;
          if (python_) {
            if (column.python_key.empty()) PutKey(column.python_key, key, ": ");
            out += column.python_key;
          } else {
            PutKey(out, key, ": ");
          }
          Value(&out, 2);
          m.end = out.size();
          layout.members.push_back(m);
        });
        out += '}';
        item.members = layout.members.size() - item.first_member;
      } else {
        Value(&out, 1);
      }
      item.end = out.size();
      layout.items.push_back(item);
    });
    out += ']';
  }

  // Walks the object whose '{' is at p_: calls on_member(key) for each
  // member with p_ at its value, which on_member must consume; members named
  // "attributes" are skipped whole (the Python view keeps them below the
  // records, as the official connector does).
  template <typename OnMember>
  void Members(int depth, OnMember&& on_member) {
    ++p_;
    if (Consume('}')) return;
    const bool skip_attributes = !python_ || depth <= 2;
    do {
      std::string_view key = String();
      if (failed_ || !Consume(':')) {
        Fail();
        return;
      }
      if (skip_attributes && key == "\"attributes\"") {
        Value(nullptr, depth);
      } else {
        on_member(key);
      }
    } while (!failed_ && Consume(','));
    if (!Consume('}')) Fail();
  }

  // Walks the array whose '[' is at p_: calls on_element() with p_ at each
  // element, which on_element must consume.
  template <typename OnElement>
  void Elements(OnElement&& on_element) {
    ++p_;
    if (Consume(']')) return;
    do {
      on_element();
    } while (!failed_ && Consume(','));
    if (!Consume(']')) Fail();
  }

  // The next value when it is an integer literal that fits int64.
  std::optional<int64_t> Integer() {
    if (Next() != '-' && (Next() < '0' || Next() > '9')) {
      Value(nullptr, 1);
      return std::nullopt;
    }
    std::string_view text = Number();
    int64_t n = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (failed_ || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return n;
  }

 private:
  // The four hex digits after the 'u' at p_, leaving p_ on the last of them.
  bool Hex4(unsigned* code) {
    for (int i = 0; i < 4; ++i) {
      if (++p_ == end_) return false;
      const char c = *p_;
      unsigned digit = c >= '0' && c <= '9'   ? static_cast<unsigned>(c - '0')
                       : c >= 'a' && c <= 'f' ? static_cast<unsigned>(c - 'a' + 10)
                       : c >= 'A' && c <= 'F' ? static_cast<unsigned>(c - 'A' + 10)
                                              : 16u;
      if (digit == 16) return false;
      *code = *code * 16 + digit;
    }
    return true;
  }
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

  std::string_view Fail() {
    failed_ = true;
    p_ = end_;
    return {};
  }
  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  // Advances to the next quote, backslash or control character.
  void SkipPlainStringBytes() {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i max_control = _mm_set1_epi8(0x1f);
    while (end_ - p_ >= 16) {
      __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_));
      __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(bytes, max_control), max_control);  // bytes <= 0x1f
      __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)), control);
      int mask = _mm_movemask_epi8(hits);
      if (mask != 0) {
        p_ += __builtin_ctz(static_cast<unsigned>(mask));
        return;
      }
      p_ += 16;
    }
#endif
    while (p_ != end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20) ++p_;
  }
  std::string_view Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return Fail();
    p_ += word.size();
    return word;
  }
  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  std::string_view Number() {
    const char* start = p_;
    if (p_ != end_ && *p_ == '-') ++p_;
    if (p_ == end_ || !IsDigit(*p_)) return Fail();
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && IsDigit(*p_)) ++p_;
    }
    if (p_ != end_ && *p_ == '.') {
      if (++p_ == end_ || !IsDigit(*p_)) return Fail();
      while (p_ != end_ && IsDigit(*p_)) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !IsDigit(*p_)) return Fail();
      while (p_ != end_ && IsDigit(*p_)) ++p_;
    }
    return std::string_view(start, static_cast<size_t>(p_ - start));
  }
  void Put(std::string* out, std::string_view token, std::string_view python_word = {}) {
    if (out && !failed_) out->append(python_ && !token.empty() ? python_word : token);
  }
  const char* Separator() const { return python_ ? ", " : ","; }
  // A key and what follows it: "key": in JSON, 'key', (or 'key': ) in Python.
  void PutKey(std::string& out, std::string_view key, const char* python_after) {
    if (!python_) {
      out.append(key).append(1, ':');
      return;
    }
    PutReprString(&out, key);
    out += python_after;
  }
  // repr() of the string token (quotes included) as json.loads decodes it.
  void PutReprString(std::string* out, std::string_view token) {
    if (!out || failed_) return;
    std::string_view body = token.substr(1, token.size() - 2);
    if (body.find('\\') == std::string_view::npos) {
      py::AppendReprString(*out, body);
      return;
    }
    py::AppendReprString(*out, DecodeJsonString(body));
  }
  // repr() of a number token as json.loads reads it: an int as written
  // ("-0" is 0), anything with a fraction or exponent a correctly rounded float.
  void PutReprNumber(std::string* out, std::string_view token) {
    if (!out || failed_) return;
    if (token.find_first_of(".eE") == std::string_view::npos) {
      out->append(token == "-0" ? "0" : token);
      return;
    }
    double value = 0;
    auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec == std::errc::result_out_of_range) value = std::strtod(std::string(token).c_str(), nullptr);  // inf or 0.0, as Python
    py::AppendReprFloat(*out, value);
  }
  void Object(std::string* out, int depth) {
    if (python_) return OrderedDict(out, depth);
    if (out) *out += '{';
    bool first = true;
    Members(depth, [&](std::string_view key) {
      if (out) {
        if (!first) *out += ',';
        out->append(key).append(1, ':');
      }
      first = false;
      Value(out, depth);
    });
    if (out) *out += '}';
  }
  // OrderedDict([('k', v), ...]), or OrderedDict() (Python 3.11).
  void OrderedDict(std::string* out, int depth) {
    const size_t start = out ? out->size() : 0;
    if (out) *out += "OrderedDict([";
    bool first = true;
    Members(depth, [&](std::string_view key) {
      if (out) {
        *out += first ? "(" : ", (";
        PutKey(*out, key, ", ");
      }
      first = false;
      Value(out, depth);
      if (out) *out += ')';
    });
    if (!out) return;
    if (first) {
      out->resize(start);
      *out += "OrderedDict()";
    } else {
      *out += "])";
    }
  }
  void Array(std::string* out, int depth) {
    if (out) *out += '[';
    bool first = true;
    Elements([&] {
      if (out && !first) *out += Separator();
      first = false;
      Value(out, depth);
    });
    if (out) *out += ']';
  }


  const char* p_;
  const char* end_;
  const bool python_;
  bool failed_ = false;
};

// The records again without the columns that are null in every record they
// appear in; `written` unchanged when there are none (the usual case).
std::string DropNullColumns(std::string written, const RecordsLayout& layout) {
  bool any = false;
  for (const Column& c : layout.columns) any = any || !c.non_null;
  if (!any) return written;
  std::string out;
  out.reserve(written.size());
  out += '[';
  for (size_t i = 0; i < layout.items.size(); ++i) {
    const Item& item = layout.items[i];
    if (i > 0) out += ',';
    if (!item.object) {
      out.append(written, item.begin, item.end - item.begin);
      continue;
    }
    out += '{';
    bool first = true;
    for (size_t k = item.first_member; k < item.first_member + item.members; ++k) {
      const Member& m = layout.members[k];
      if (!layout.columns[m.column].non_null) continue;
      if (!first) out += ',';
      first = false;
      out.append(written, m.begin, m.end - m.begin);
    }
    out += '}';
  }
  out += ']';
  return out;
}

// The records again, in Python's layout, without the columns the official
// connector drops: those of the first record's keys that are None in every
// record. `raised` receives str(KeyError) when a record lacks one of the
// first record's keys (the connector raises before dropping anything).
std::string PythonRecords(std::string written, const RecordsLayout& layout, std::string* raised) {
  const Item* first = layout.items.empty() || !layout.items[0].object ? nullptr : &layout.items[0];
  std::vector<uint32_t> first_columns;
  if (first) {
    for (size_t k = first->first_member; k < first->first_member + first->members; ++k) {
      first_columns.push_back(layout.members[k].column);
    }
  }
  // Which of them some record lacks (the first one in key order raises).
  std::vector<size_t> seen(layout.columns.size(), 0);
  std::vector<bool> missing(layout.columns.size(), false);
  for (size_t i = 0; i < layout.items.size(); ++i) {
    const Item& item = layout.items[i];
    if (!item.object) continue;
    for (size_t k = item.first_member; k < item.first_member + item.members; ++k) seen[layout.members[k].column] = i + 1;
    for (uint32_t c : first_columns) {
      if (seen[c] != i + 1) missing[c] = true;
    }
  }
  std::vector<bool> dropped(layout.columns.size(), false);
  for (uint32_t c : first_columns) {
    if (missing[c]) {
      std::string_view key = layout.columns[c].key;
      *raised = std::string();
      py::AppendReprString(*raised, key.find('\\') == std::string_view::npos ? std::string(key.substr(1, key.size() - 2))
                                                                              : DecodeJsonString(key.substr(1, key.size() - 2)));
      return "";
    }
    dropped[c] = !layout.columns[c].non_null;
  }
  if (std::find(dropped.begin(), dropped.end(), true) == dropped.end()) return written;  // the usual case
  std::string out;
  out.reserve(written.size());
  out += '[';
  for (size_t i = 0; i < layout.items.size(); ++i) {
    const Item& item = layout.items[i];
    if (i > 0) out += ", ";
    if (!item.object) {
      out.append(written, item.begin, item.end - item.begin);
      continue;
    }
    out += '{';
    bool first_member = true;
    for (size_t k = item.first_member; k < item.first_member + item.members; ++k) {
      const Member& m = layout.members[k];
      if (dropped[m.column]) continue;
      if (!first_member) out += ", ";
      first_member = false;
      out.append(written, m.begin, m.end - m.begin);
    }
    out += '}';
  }
  out += ']';
  return out;
}

struct RecordsList {
  bool seen = false;
  bool is_array = false;
  std::string written;
  RecordsLayout layout;
};

}  // namespace

namespace {

// Both views: the JSON one, or (`raised` given) the official Python one.
std::optional<std::string> RecordsText(const std::string& response_json, std::string* error, std::string* raised) {
  const bool python = raised != nullptr;
  Cleaner in(response_json, python);
  RecordsList records;
  RecordsList search;
  std::optional<int64_t> total;
  bool total_seen = false;
  const bool object = in.Next() == '{';
  if (object) {
    in.Members(1, [&](std::string_view key) {
      // The first of each name counts, as a DOM lookup would find it.
      RecordsList* list = key == "\"records\"" ? &records : key == "\"searchRecords\"" ? &search : nullptr;
      if (list && !list->seen) {
        list->seen = true;
        list->is_array = in.Next() == '[';
        if (list->is_array) {
          list->written.reserve(in.Remaining());
          in.Records(list->written, list->layout);
        } else {
          in.Value(nullptr, 1);
        }
      } else if (key == "\"totalSize\"" && !total_seen) {
        total_seen = true;
        total = in.Integer();
      } else {
        in.Value(nullptr, 1);
      }
    });
  }
  if (!object || in.failed() || !in.AtEnd()) {
    *error = "the org's response is not a JSON object";
    return std::nullopt;
  }
  RecordsList& list = search.seen ? search : records;  // not const: its text is moved out below
  if (!list.seen || !list.is_array) {
    *error = "the org's response has no records";
    return std::nullopt;
  }
  if (python) return PythonRecords(std::move(list.written), list.layout, raised);  // COUNT() shows []
  if (list.layout.items.empty() && total && *total > 0) return "{\"totalSize\":" + std::to_string(*total) + "}";
  return DropNullColumns(std::move(list.written), list.layout);
}

}  // namespace

std::optional<std::string> CleanRecordsText(const std::string& response_json, std::string* error) {
  return RecordsText(response_json, error, nullptr);
}

std::optional<std::string> OfficialRecordsText(const std::string& response_json, std::string* error,
                                               std::string* raised) {
  raised->clear();
  return RecordsText(response_json, error, raised);
}

std::optional<std::string> CleanRecordsJson(const QueryOutcome& outcome, std::string* error) {
  if (!outcome.ok()) {
    *error = outcome.error().ToString();
    return std::nullopt;
  }
  return CleanRecordsText(*outcome, error);
}

}  // namespace crm::tools

// Python's text rules as the official observations show them: repr() of
// str, float and containers (expected texts printed by CPython 3.11), the
// literal reader that reads them back, and str's whitespace.
#include <gtest/gtest.h>

#include <random>

#include "core/json_in_situ.h"
#include "engine/tools/py_literal.h"
#include "engine/tools/py_repr.h"
#include "engine/tools/py_value.h"

namespace crm::py {
namespace {

std::string ReprOf(std::string_view s) {
  std::string out;
  AppendReprString(out, s);
  return out;
}

std::string ReprOf(double x) {
  std::string out;
  AppendReprFloat(out, x);
  return out;
}

TEST(PyRepr, Strings) {
  EXPECT_EQ(ReprOf("abc"), "'abc'");
  EXPECT_EQ(ReprOf("it's"), "\"it's\"");
  EXPECT_EQ(ReprOf("say \"hi\""), "'say \"hi\"'");
  EXPECT_EQ(ReprOf("both ' and \""), "'both \\' and \"'");
  EXPECT_EQ(ReprOf("\\"), "'\\\\'");
  EXPECT_EQ(ReprOf("\t\n\r"), "'\\t\\n\\r'");
  EXPECT_EQ(ReprOf(std::string("\x01\x7f", 2)), "'\\x01\\x7f'");
  EXPECT_EQ(ReprOf(std::string("\0", 1)), "'\\x00'");
  EXPECT_EQ(ReprOf("\xc3\xa9"), "'\xc3\xa9'");                    // é is printable
  EXPECT_EQ(ReprOf("\xc2\xa0"), "'\\xa0'");                       // NO-BREAK SPACE is not
  EXPECT_EQ(ReprOf("\xe2\x80\x8b"), "'\\u200b'");                 // ZERO WIDTH SPACE
  EXPECT_EQ(ReprOf("\xf0\x9f\x98\x80"), "'\xf0\x9f\x98\x80'");    // an emoji is printable
  EXPECT_EQ(ReprOf("\xee\x80\x80"), "'\\ue000'");                 // private use
  EXPECT_EQ(ReprOf("\xf4\x8f\xbf\xbf"), "'\\U0010ffff'");
  EXPECT_EQ(ReprOf("\xcd\xb8"), "'\\u0378'");                     // unassigned
  EXPECT_EQ(ReprOf("\xe2\x80\xa8"), "'\\u2028'");                 // LINE SEPARATOR
  EXPECT_EQ(ReprOf("\xe3\x80\x80"), "'\\u3000'");                 // IDEOGRAPHIC SPACE
  EXPECT_EQ(ReprOf(" "), "' '");
  EXPECT_EQ(ReprOf("a\xffz"), "'a\\xffz'");                       // not UTF-8: the byte
}

// Each special character at every position around the 16-byte blocks the
// plain-text scan reads: the whole-string fast path must step aside for each.
TEST(PyRepr, SpecialCharactersAnywhereInLongStrings) {
  struct Special {
    std::string text;  // what is placed in a run of 'a'
    std::string repr;  // how it shows inside single quotes
  };
  const Special specials[] = {{"\\", "\\\\"}, {"\n", "\\n"}, {std::string(1, '\x7f'), "\\x7f"},
                              {"\xc3\xa9", "\xc3\xa9"}, {"\xc2\xa0", "\\xa0"}, {"\"", "\""}};
  for (size_t length : {size_t{1}, size_t{15}, size_t{16}, size_t{17}, size_t{33}}) {
    for (size_t at = 0; at < length; ++at) {
      for (const Special& special : specials) {
        std::string text(length, 'a');
        text.replace(at, 1, special.text);
        const std::string expected = "'" + std::string(at, 'a') + special.repr + std::string(length - at - 1, 'a') + "'";
        ASSERT_EQ(ReprOf(text), expected) << "length " << length << ", at " << at;
      }
      std::string quoted(length, 'a');
      quoted[at] = '\'';  // a single quote alone switches to double quotes
      ASSERT_EQ(ReprOf(quoted), "\"" + quoted + "\"") << "length " << length << ", at " << at;
    }
  }
  EXPECT_EQ(ReprOf(std::string(40, 'b')), "'" + std::string(40, 'b') + "'");
  EXPECT_EQ(ReprOf(""), "''");
}

TEST(PyRepr, Floats) {
  struct Case {
    double value;
    const char* text;
  } cases[] = {
      {0.1, "0.1"}, {1.0 / 3, "0.3333333333333333"}, {720.0125, "720.0125"}, {1e16, "1e+16"},
      {1e15, "1000000000000000.0"}, {123456789012345678.0, "1.2345678901234568e+17"}, {0.0001, "0.0001"},
      {0.00001, "1e-05"}, {1e-7, "1e-07"}, {-0.0, "-0.0"}, {2.5e-310, "2.5e-310"},
      {1.7976931348623157e308, "1.7976931348623157e+308"}, {100.0, "100.0"}, {1e22, "1e+22"},
      {9999999999999998.0, "9999999999999998.0"}, {5e-324, "5e-324"}, {12345.678, "12345.678"}, {-2.5, "-2.5"}};
  for (const Case& c : cases) EXPECT_EQ(ReprOf(c.value), c.text) << c.text;
  EXPECT_EQ(ReprOf(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(ReprOf(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(ReprOf(std::nan("")), "nan");
}

TEST(PyRepr, Containers) {
  Value record = Value::Dict();
  record.Set("Id", Value::Str("500A"));
  record.Set("Count", Value::Int(3));
  record.Set("Open", Value::Bool(false));
  record.Set("Owner", Value());
  EXPECT_EQ(Repr(record), "{'Id': '500A', 'Count': 3, 'Open': False, 'Owner': None}");
  Value ordered = Value::Dict(DictClass::kOrderedDict);
  EXPECT_EQ(Repr(ordered), "OrderedDict()");
  ordered.Set("type", Value::Str("User"));
  ordered.Set("n", Value::Float(1));
  EXPECT_EQ(Repr(ordered), "OrderedDict([('type', 'User'), ('n', 1.0)])");
  Value counts = Value::Dict(DictClass::kDefaultDictInt);
  EXPECT_EQ(Repr(counts), "defaultdict(<class 'int'>, {})");
  counts.Set(Value(), Value::Int(2));
  EXPECT_EQ(Repr(counts), "defaultdict(<class 'int'>, {None: 2})");
  EXPECT_EQ(Repr(Value::List({Value::Str("a"), Value::List()})), "['a', []]");
  EXPECT_EQ(Str(Value::Str("plain")), "plain");
  EXPECT_EQ(ToJson(counts), "{\"null\":2}");
  // Setting a key again keeps its place, as a dict does.
  record.Set("Id", Value::Str("500B"));
  EXPECT_EQ(Repr(record).rfind("{'Id': '500B', ", 0), 0u);
}

TEST(PyValue, JsonLoadsSemantics) {
  rapidjson::Document doc;
  doc.Parse("{\"i\":3,\"f\":3.0,\"e\":1e2,\"b\":true,\"n\":null,\"s\":\"x\",\"l\":[1],\"i\":4}");
  Value v = FromJson(doc);
  EXPECT_EQ(Repr(v), "{'i': 4, 'f': 3.0, 'e': 100.0, 'b': True, 'n': None, 's': 'x', 'l': [1]}");
  EXPECT_TRUE(v.Find("b")->is_int_like());  // isinstance(True, int)
  EXPECT_FALSE(v.Find("f")->is_int_like());
  EXPECT_TRUE(Equal(*v.Find("f"), Value::Int(3)));  // 3.0 == 3
  EXPECT_FALSE(Value::List().truthy());
  EXPECT_FALSE(Value::Str("").truthy());
  EXPECT_TRUE(Value::Float(0.5).truthy());
  EXPECT_EQ(Value::Dict(DictClass::kDefaultDictInt).type_name(), "defaultdict");
}

// Random values, written by Repr and read back, come back equal.
Value RandomValue(std::mt19937& rng, int depth) {
  const std::string alphabet[] = {"a", "Z", "'", "\"", "\\", "\n", "\t", "\x01", "\xc3\xa9", "\xc2\xa0",
                                  "\xe2\x80\x8b", "\xf0\x9f\x98\x80", " ", "0", "}", "{", ":", ","};
  switch (rng() % (depth > 2 ? 6 : 8)) {
    case 0: return Value();
    case 1: return Value::Bool(rng() % 2);
    case 2: return Value::Int(static_cast<int64_t>(rng()) - (1 << 30));
    case 3: return Value::Float(static_cast<double>(rng()) / (rng() % 1000 + 1) * (rng() % 2 ? 1e-9 : 1e9));
    case 4:
    case 5: {
      std::string s;
      for (int n = rng() % 8; n > 0; --n) s += alphabet[rng() % std::size(alphabet)];
      return Value::Str(s);
    }
    case 6: {
      Value list = Value::List();
      for (int n = rng() % 4; n > 0; --n) list.Append(RandomValue(rng, depth + 1));
      return list;
    }
    default: {
      Value dict = Value::Dict(static_cast<DictClass>(rng() % 3));
      for (int n = rng() % 4; n > 0; --n) dict.Set(Value::Str("k" + std::to_string(rng() % 5)), RandomValue(rng, depth + 1));
      return dict;
    }
  }
}

TEST(PyValue, NumbersReadAsPythonReadsThem) {
  // Each text parsed (as the org's body is) and printed back as Python does.
  struct Case {
    const char* json;
    const char* repr;
  } cases[] = {{"0.30000000000000004", "0.30000000000000004"}, {"1.0000000000000002", "1.0000000000000002"},
               {"2.2250738585072014e-308", "2.2250738585072014e-308"}, {"19.99", "19.99"},
               {"123456789.12345678", "123456789.12345678"}, {"9007199254740993", "9007199254740993"},
               {"9007199254740993.0", "9007199254740992.0"}, {"1E2", "100.0"}, {"-0", "0"},
               {"0e+45", "0.0"}, {"-0.00E-7", "-0.0"}, {"10e-1", "1.0"}};
  for (const Case& c : cases) {
    json::InSituDocument doc;
    ASSERT_TRUE(doc.Parse(std::string("[\"0e5\", ") + c.json + "]", json::InSituDocument::Numbers::kExact)) << c.json;
    EXPECT_EQ(Repr(FromJson(doc.doc()[0])), "'0e5'");  // strings are left alone
    ASSERT_EQ(doc.doc().Size(), 2u);
    EXPECT_EQ(Repr(FromJson(doc.doc()[1])), c.repr) << c.json;
  }
}

TEST(PyLiteral, ReprReadsBack) {
  std::mt19937 rng(16);
  for (int i = 0; i < 3000; ++i) {
    Value v = RandomValue(rng, 0);
    const std::string text = Repr(v);
    std::optional<Value> back = ParseLiteral(text);
    ASSERT_TRUE(back.has_value()) << text;
    EXPECT_TRUE(Equal(*back, v)) << text << "\n" << Repr(*back);
    EXPECT_EQ(Repr(*back), text);  // the dict classes survive too
  }
}

TEST(PyLiteral, ReadsWhatObservationsHold) {
  std::optional<Value> v = ParseLiteral("  ('a', 1,)  ");
  ASSERT_TRUE(v);
  EXPECT_EQ(Repr(*v), "['a', 1]");  // a tuple reads as a list
  v = ParseLiteral("{\"x\": -1.5e-3, 'y': inf}");
  ASSERT_TRUE(v);
  EXPECT_EQ(Repr(*v), "{'x': -0.0015, 'y': inf}");
  v = ParseLiteral("[18446744073709551616, -1" + std::string(400, '0') + "]");  // beyond 64 bits: floats
  ASSERT_TRUE(v);
  EXPECT_EQ(Repr(*v), "[1.8446744073709552e+19, -inf]");
  v = ParseLiteral("'\\x41\\u00e9\\U0001F600'");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->as_str(), "A\xc3\xa9\xf0\x9f\x98\x80");
  for (const char* bad : {"", "[1, 2", "{'a' 1}", "'open", "Nonesuch", "2024-01-01T00:00:00Z", "{[1]: 2}", "1 2",
                          "OrderedDict([('a',)])"}) {
    EXPECT_FALSE(ParseLiteral(bad).has_value()) << bad;
  }
  std::string deep(5000, '[');
  EXPECT_FALSE(ParseLiteral(deep + std::string(5000, ']')).has_value());  // nesting is bounded
}

TEST(PyText, WhitespaceAsStrSplitsAndStrips) {
  std::vector<std::string_view> words = SplitWhitespace(" SELECT\tId\n\x1f" "FROM\xc2\xa0" "Case\xe3\x80\x80 ");
  ASSERT_EQ(words.size(), 4u);
  EXPECT_EQ(words[0], "SELECT");
  EXPECT_EQ(words[2], "FROM");
  EXPECT_EQ(words[3], "Case");
  EXPECT_EQ(StripWhitespace("\xc2\xa0 x y \t"), "x y");
  EXPECT_EQ(StripWhitespace(" \t\n"), "");
  // The end is read backwards over ASCII, from the front past a non-ASCII tail.
  EXPECT_EQ(StripWhitespace("x \x1f\x1c"), "x");
  EXPECT_EQ(StripWhitespace("a\xc3\xa9 \xe3\x80\x80 "), "a\xc3\xa9");        // U+3000 IDEOGRAPHIC SPACE
  EXPECT_EQ(StripWhitespace("a\xc2\xa0\xc2"), "a\xc2\xa0\xc2");              // a stray lead byte is no space
  EXPECT_EQ(StripWhitespace("a \xe2\x80"), "a \xe2\x80");                    // nor is a cut sequence
  EXPECT_EQ(StripWhitespace("\xe2\x80\x83"), "");                            // U+2003 EM SPACE alone
  EXPECT_TRUE(IsSpaceCodePoint(0x85));
  EXPECT_FALSE(IsSpaceCodePoint(0x200B));  // ZERO WIDTH SPACE is no whitespace in Python
}

}  // namespace
}  // namespace crm::py

// engine/tools/py_repr.h — Python's text rules the official tools rely on:
// repr() of scalars, and str's whitespace (isspace, split, strip).
//
// The official harness shows a tool's or query's result to the model as
// str(value): Python literal text. These writers produce CPython 3.11's exact
// text for the scalar kinds a result holds (str, int, float); containers are
// composed by py_value.cc and the query view. Pure functions; safe from any
// thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crm::py {

// repr(str): single quotes unless the text holds a ' and no ", escapes for
// backslash, the quote, \t \n \r, \xhh / \uhhhh / \Uhhhhhhhh for every code
// point str.isprintable() rejects (Unicode 14.0, as Python 3.11). `utf8` is
// decoded as UTF-8; a byte that is not part of valid UTF-8 (which a Python
// string cannot hold) is written as \xhh.
void AppendReprString(std::string& out, std::string_view utf8);

// repr(float): the shortest text that reads back as the same double, in
// Python's layout (fixed notation for exponents -4..15, else 1e+16 style; a
// ".0" on integral values; inf, -inf, nan).
void AppendReprFloat(std::string& out, double value);

// repr(int) of a value that fits in 64 bits.
void AppendReprInt(std::string& out, int64_t value);

// True when Python would write `utf8` between single quotes with no escape:
// printable ASCII without ' or \. Such a text is also a valid SOQL string
// literal body as it stands.
bool IsPlainAsciiText(std::string_view utf8);

// str.isprintable() for one code point.
bool IsPrintableCodePoint(uint32_t code_point);

// str.isspace() for one code point (ASCII whitespace, U+001C..U+001F,
// U+0085, U+00A0 and the Unicode space separators).
bool IsSpaceCodePoint(uint32_t code_point);

// str.split() with no separator: the runs of non-whitespace, in order.
std::vector<std::string_view> SplitWhitespace(std::string_view utf8);
// str.strip() with no argument.
std::string_view StripWhitespace(std::string_view utf8);

}  // namespace crm::py

// engine/tools/tool_support.h — private helpers of the tool implementations:
// binding a call's arguments as Python binds keyword arguments, writing
// argument values into query text the way the official tools do (without
// letting a value change a query's shape), and reading query responses as
// the official connector's run_query returns them.
// Not part of the engine's API. Values only; safe from any thread.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "engine/tools/connector.h"
#include "engine/tools/py_datetime.h"
#include "engine/tools/py_value.h"
#include "engine/tools/tool.h"

namespace crm::tools::internal {

// A tool's Python signature: its parameters in order, the first `required`
// of them without a default. `sf_connector` is implied (always last).
struct Signature {
  const char* function;
  std::vector<const char*> params;
  size_t required = 0;
};

// The bound arguments of one call: each parameter's value, or None when the
// call left an optional one out.
class BoundArgs {
 public:
  BoundArgs(const Signature& signature, std::vector<py::Value> values) : signature_(&signature), values_(std::move(values)) {}
  const py::Value& operator[](std::string_view param) const;
  // Whether the call gave this parameter (a default applies otherwise).
  bool given(std::string_view param) const;

 private:
  const Signature* signature_;
  std::vector<py::Value> values_;
  std::vector<bool> given_;
  friend std::variant<BoundArgs, std::string> Bind(const Signature&, const py::Value&);
};

// tool(**arguments, sf_connector=...): the bound arguments, or the text of
// the TypeError Python raises ("get_cases() got an unexpected keyword
// argument 'x'", "... missing 2 required positional arguments: 'a' and 'b'",
// "<module>.f() argument after ** must be a mapping, not list", ...).
std::variant<BoundArgs, std::string> Bind(const Signature& signature, const py::Value& arguments);

// Plans.
ToolPlan Returns(py::Value result);
ToolPlan ReturnsText(std::string text);
ToolPlan Query(std::string text, std::function<py::Value(const QueryOutcome&)> finish);

// ---- query text as the official tools write it ----

// str(value) between single quotes, as an f-string `'{value}'` writes it; a
// value whose text holds a quote, a backslash or a control character is
// written as an escaped SOQL literal instead, so it stays one value (the
// official tool would let it end the literal).
std::string QuotedStr(const py::Value& value);
// The f-string `{tuple(items)}`: Python's repr of the tuple (a repr'd str
// never ends its quotes early, so this needs no guard). REQUIRES: items.size() >= 2.
std::string TupleRepr(const std::vector<py::Value>& items);
// "'a','b'" as `"','".join(map(str, items))` writes inside '...'; each item guarded as in QuotedStr.
std::string JoinedQuotedStrs(const std::vector<py::Value>& items);
// A value written bare into SOQL (`CreatedDate >= {start_date}`): the text
// as it is when it is one token of letters, digits and `-:+._`; anything
// else goes in as a quoted literal, which the org refuses for a datetime
// field as Salesforce refuses a quoted date.
std::string BareToken(std::string_view text);
// The search term inside FIND {...}: as given, with `{`, `}` and `\`
// backslash-escaped so the term cannot close the braces.
std::string SearchTermText(std::string_view term);

// ---- errors as the official tools word them ----

// The text a tool returns when its own code raises: "Error: An unexpected
// error occurred - <str(e)>".
py::Value Unexpected(std::string_view exception_text);
// str(KeyError(key)): the key's repr.
std::string KeyErrorText(std::string_view key);
// str(TypeError) of strptime given a non-str: "strptime() argument 1 must be str, not int".
std::string StrptimeTypeError(const py::Value& value);

// ---- small Python helpers ----

// `x in items` for a list.
bool Contains(const std::vector<py::Value>& items, const py::Value& x);

// The distinct keys of a dict being built, in first-seen order: tools keep
// their per-key values in vectors indexed by Slot(key). Keys are told apart
// by their repr (so 1 and 1.0 are two keys here, one in Python: no tool
// input mixes them).
class KeyIndex {
 public:
  size_t Slot(const py::Value& key);
  const std::vector<py::Value>& keys() const { return keys_; }
  size_t size() const { return keys_.size(); }

 private:
  std::vector<py::Value> keys_;
  std::unordered_map<std::string, size_t> slots_;
};

}  // namespace crm::tools::internal

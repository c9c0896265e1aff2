#include "engine/tools/tool_support.h"

#include <algorithm>

#include "engine/tools/py_repr.h"
#include "engine/tools/tool_impls.h"

namespace crm::tools::internal {
namespace {

// The module the official tool functions live in; Python names it in some
// TypeError texts.
constexpr std::string_view kOfficialModule = "crm_sandbox.env.functions.";

// "'a'", "'a' and 'b'", "'a', 'b', and 'c'" as CPython lists missing arguments.
std::string ListNames(const std::vector<const char*>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += names.size() == 2 ? " and " : i + 1 == names.size() ? ", and " : ", ";
    out += "'" + std::string(names[i]) + "'";
  }
  return out;
}

// The body of a SOQL string literal for `text`: backslashes, quotes and
// control characters escaped.
std::string EscapedBody(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  return out;
}

bool NeedsGuard(std::string_view text) {
  for (char c : text) {
    if (c == '\'' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

// The text between the quotes of `'{value}'`.
std::string QuotedBody(const py::Value& value) {
  std::string text = py::Str(value);
  return NeedsGuard(text) ? EscapedBody(text) : text;
}

}  // namespace

const py::Value& BoundArgs::operator[](std::string_view param) const {
  static const py::Value kNone;
  for (size_t i = 0; i < signature_->params.size(); ++i) {
    if (param == signature_->params[i]) return values_[i];
  }
  return kNone;
}

bool BoundArgs::given(std::string_view param) const {
  for (size_t i = 0; i < signature_->params.size(); ++i) {
    if (param == signature_->params[i]) return given_[i];
  }
  return false;
}

std::variant<BoundArgs, std::string> Bind(const Signature& signature, const py::Value& arguments) {
  const std::string function = std::string(signature.function) + "()";
  if (!arguments.is_dict()) {
    return std::string(kOfficialModule) + function + " argument after ** must be a mapping, not " +
           std::string(arguments.type_name());
  }
  if (arguments.Find("sf_connector")) {
    return std::string(kOfficialModule) + function + " got multiple values for keyword argument 'sf_connector'";
  }
  BoundArgs bound(signature, std::vector<py::Value>(signature.params.size()));
  bound.given_.assign(signature.params.size(), false);
  for (const py::Value::Entry& e : arguments.entries()) {
    const std::string key = py::Str(e.key);
    size_t i = 0;
    while (i < signature.params.size() && key != signature.params[i]) ++i;
    if (i == signature.params.size()) return function + " got an unexpected keyword argument '" + key + "'";
    bound.values_[i] = e.value;
    bound.given_[i] = true;
  }
  std::vector<const char*> missing;
  for (size_t i = 0; i < signature.required; ++i) {
    if (!bound.given_[i]) missing.push_back(signature.params[i]);
  }
  if (!missing.empty()) {
    return function + " missing " + std::to_string(missing.size()) + " required positional argument" +
           (missing.size() == 1 ? "" : "s") + ": " + ListNames(missing);
  }
  return bound;
}

ToolPlan Returns(py::Value result) {
  ToolPlan plan;
  plan.result = std::move(result);
  return plan;
}

ToolPlan ReturnsText(std::string text) { return Returns(py::Value::Str(std::move(text))); }

ToolPlan Query(std::string text, std::function<py::Value(const QueryOutcome&)> finish) {
  ToolPlan plan;
  plan.kind = ToolPlan::Kind::kQuery;
  plan.query = ConnectorQuery(text);
  plan.finish = std::move(finish);
  return plan;
}

std::string QuotedStr(const py::Value& value) { return "'" + QuotedBody(value) + "'"; }

std::string TupleRepr(const std::vector<py::Value>& items) {
  std::string out = "(";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    py::AppendRepr(out, items[i]);
  }
  return out + ")";
}

std::string JoinedQuotedStrs(const std::vector<py::Value>& items) {
  std::string out = "'";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += "','";
    out += QuotedBody(items[i]);
  }
  return out + "'";
}

std::string BareToken(std::string_view text) {
  bool token = !text.empty();
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == ':' || c == '+' || c == '.' || c == '_';
    token = token && ok;
  }
  return token ? std::string(text) : "'" + EscapedBody(text) + "'";
}

std::string SearchTermText(std::string_view term) {
  std::string out;
  for (char c : term) {
    if (c == '{' || c == '}' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

py::Value Unexpected(std::string_view exception_text) {
  return py::Value::Str("Error: An unexpected error occurred - " + std::string(exception_text));
}

std::string KeyErrorText(std::string_view key) {
  std::string out;
  py::AppendReprString(out, key);
  return out;
}

std::string StrptimeTypeError(const py::Value& value) {
  // CPython names None's type "None" in this message.
  const std::string type = value.is_none() ? "None" : std::string(value.type_name());
  return "strptime() argument 1 must be str, not " + type;
}

bool Contains(const std::vector<py::Value>& items, const py::Value& x) {
  for (const py::Value& item : items) {
    if (py::Equal(item, x)) return true;
  }
  return false;
}

size_t KeyIndex::Slot(const py::Value& key) {
  auto [it, fresh] = slots_.emplace(py::Repr(key), keys_.size());
  if (fresh) keys_.push_back(key);
  return it->second;
}

std::string SoqlBlock(std::initializer_list<std::string> lines) {
  std::string out = "\n";
  for (const std::string& line : lines) out += "            " + line + "\n";
  return out + "        ";
}

py::Value RecordsAsIs(const QueryOutcome& outcome) {
  ConnectorResult r = RunQueryResult(outcome);
  return r.raised ? Unexpected(*r.raised) : std::move(r.result);
}

std::function<py::Value(const QueryOutcome&)> ColumnOf(const char* key) {
  return OnRecords([key](const std::vector<py::Value>& records) {
    py::Value out = py::Value::List();
    for (const py::Value& r : records) {
      const py::Value* value = r.Find(key);
      if (!value) return Unexpected(KeyErrorText(key));
      out.Append(*value);
    }
    return out;
  });
}

bool IsToolDate(const py::Value& value) {
  return value.is_str() && py::Strptime(value.as_str(), py::DateFormat::kToolArgument).has_value();
}

}  // namespace crm::tools::internal

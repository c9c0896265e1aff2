#include "engine/tools/query_text.h"

#include <cctype>

#include "engine/org/datetime.h"
#include "engine/org/ids.h"

namespace crm::tools {

std::string SoqlStringLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out.push_back(' ');
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('\'');
  return out;
}

std::optional<std::string> CheckedId(std::string_view text) {
  if (!org::IsValidId(text)) return std::nullopt;
  return org::NormalizeId(text);
}

std::string IdList(const std::vector<std::string>& ids) {
  std::string out = "(";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ", ";
    out += "'" + ids[i] + "'";
  }
  return out + ")";
}

std::optional<int64_t> ParseToolDateTime(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.size() == 10) {
    std::optional<int64_t> days = org::ParseDate(text);
    if (!days) return std::nullopt;
    return *days * org::kSecondsPerDay;
  }
  return org::ParseDateTime(text);
}

std::string SoqlDateTime(int64_t seconds) { return org::FormatDateTimeZ(seconds); }

namespace {

bool IsSoslReserved(char c) {
  static constexpr std::string_view kReserved = "?&|!{}[]()^~*:\\\"'+-";
  return kReserved.find(c) != std::string_view::npos;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

void AppendWord(std::string_view word, std::string* out) {
  if (word.empty()) return;
  if (!out->empty()) out->push_back(' ');
  std::string upper = Upper(word);
  if (upper == "AND" || upper == "OR" || upper == "NOT") {
    *out += "\"" + std::string(word) + "\"";
    return;
  }
  for (char c : word) {
    if (IsSoslReserved(c)) out->push_back('\\');
    out->push_back(c);
  }
}

}  // namespace

std::string SoslSearchTerm(std::string_view text) {
  std::string out;
  std::string word;
  for (char c : text) {
    bool space = std::isspace(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) < 0x20;
    if (space) {
      AppendWord(word, &out);
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  AppendWord(word, &out);
  return out;
}

}  // namespace crm::tools

// engine/soql/word_match.h — SOSL wildcard words matched against text.
//
// Splits text into index tokens the way the FTS5 unicode61 tokenizer does
// (runs of ASCII letters and digits, or non-ASCII bytes) and matches a
// lower-case pattern where '*' is any run and '?' one character. Pure
// functions, safe from any thread; used by the soql_word_match SQL function.
#pragma once

#include <string_view>

namespace crm::soql {

bool GlobMatch(std::string_view pattern, std::string_view text);
// True when some token of `text`, lower-cased, matches `pattern`.
bool AnyWordMatches(std::string_view text, std::string_view pattern);

}  // namespace crm::soql

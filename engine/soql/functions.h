// engine/soql/functions.h — the SOQL function and date-literal vocabulary.
//
// Which names are aggregate functions, date functions, transparent wrappers
// (toLabel, FORMAT, convertCurrency) or relative date literals. Pure
// look-ups over constant tables, safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace crm::soql {

enum class FunctionKind { kUnknown, kAggregate, kDate, kWrapper };

FunctionKind LookupFunction(std::string_view name);
std::string CanonicalFunctionName(std::string_view name);  // upper case

// Relative date literals: TODAY, LAST_N_DAYS (takes :n), ...
bool IsRelativeDateLiteral(std::string_view upper_name, bool* takes_n);

std::string ToUpper(std::string_view s);

}  // namespace crm::soql

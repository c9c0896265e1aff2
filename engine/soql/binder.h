// engine/soql/binder.h — checks a parsed query against the schema.
//
// Input: a SelectStmt and the query text (for error positions). Output: a
// BoundSelect whose names are resolved case-insensitively to schema fields
// and whose literals are typed and normalised, or the Salesforce error
// (INVALID_FIELD, INVALID_TYPE, MALFORMED_QUERY, ...). Pure; the Schema must
// outlive the result. Safe from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "engine/org/schema.h"
#include "engine/soql/ast.h"
#include "engine/soql/bound.h"
#include "engine/soql/query_error.h"

namespace crm::soql {

struct BindOptions {
  // The org's "now" (seconds since the epoch, UTC): relative date literals
  // such as TODAY and LAST_N_DAYS:n are evaluated against it.
  int64_t now_seconds = 0;
  // Salesforce rejects a date literal compared with a datetime field; when
  // true, the date is read as midnight UTC instead.
  bool lenient_date_literals = false;
  // Fiscal year start month (1 = January, the Salesforce default).
  int fiscal_start_month = 1;
};

Outcome<std::unique_ptr<BoundSelect>> Bind(const SelectStmt& stmt, std::string_view text,
                                           const org::Schema& schema, const BindOptions& options);

}  // namespace crm::soql

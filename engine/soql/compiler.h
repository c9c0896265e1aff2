// engine/soql/compiler.h — SOQL text to SQLite SQL in one call.
//
// CompileSoql runs lexer -> parser -> binder -> emit. It is a pure function:
// safe to call from any thread; the Schema must outlive the returned
// SqlQuery. Failures are QueryErrors shaped like the REST API's.
#pragma once

#include <string_view>

#include "engine/org/schema.h"
#include "engine/soql/binder.h"
#include "engine/soql/emit.h"
#include "engine/soql/query_error.h"

namespace crm::soql {

Outcome<SqlQuery> CompileSoql(std::string_view soql, const org::Schema& schema, const BindOptions& options);

// True when the text is SOSL (starts with FIND, ignoring case and leading space).
bool IsSosl(std::string_view text);

}  // namespace crm::soql

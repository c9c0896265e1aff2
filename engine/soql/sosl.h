// engine/soql/sosl.h — SOSL: FIND {terms} IN ... FIELDS RETURNING ... LIMIT n.
//
// CompileSosl parses the search, checks each RETURNING object like a SOQL
// query (fields, WHERE, ORDER BY, LIMIT) and turns the search terms into an
// FTS5 MATCH expression built only from sanitised tokens and bound as a
// parameter (plus LIKE patterns for e-mail and phone fields, which the
// full-text index does not hold). RunSearch writes {"searchRecords": [...]}.
// CompileSosl is pure and thread-safe; RunSearch uses the caller's
// connection (one per thread).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/org/schema.h"
#include "engine/soql/binder.h"
#include "engine/soql/connection.h"
#include "engine/soql/emit.h"
#include "engine/soql/executor.h"
#include "engine/soql/query_error.h"

namespace crm::soql {

enum class SearchGroup { kAll, kName, kEmail, kPhone };

struct CompiledSearch {
  std::vector<SqlQuery> objects;  // in RETURNING order
  int64_t overall_limit = 2000;
};

Outcome<CompiledSearch> CompileSosl(std::string_view sosl, const org::Schema& schema, const BindOptions& options);

Outcome<std::string> RunSearch(OrgConnection& conn, StatementCache& cache, const CompiledSearch& search,
                               const std::string& api_version);

// --- search terms (sosl_terms.cc) ---

struct SearchTerms;  // parsed term expression (opaque)

// Parses the text between FIND's braces (or quotes).
// Errors: INVALID_SEARCH, MALFORMED_SEARCH.
Outcome<std::shared_ptr<const SearchTerms>> ParseSearchTerms(std::string_view terms);

// The FTS5 MATCH expression over `columns` (all columns when empty), or ""
// when no term can use the index.
std::string FtsMatchExpression(const SearchTerms& terms, const std::vector<std::string>& columns);

// Lower-cased word patterns ('*' any run, '?' one character) that every
// match must contain, for words the FTS5 prefix search only approximates.
std::vector<std::string> RequiredWildcardWords(const SearchTerms& terms);

// A predicate matching the terms with LIKE over `fields` of `object`.
std::unique_ptr<BoundPredicate> LikeSearchPredicate(const SearchTerms& terms, const org::SObject& object,
                                                    const std::vector<const org::Field*>& fields);

}  // namespace crm::soql

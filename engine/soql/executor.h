// engine/soql/executor.h — runs emitted SQL and writes REST-shaped JSON.
//
// Input: a SqlQuery and an OrgConnection. Output: the JSON of one batch of
// records (or the count, or the aggregate rows) exactly as the REST API
// shapes them: attributes {type, url}, nested parents or null, child
// subqueries as {totalSize, done, records} or null. The StatementCache
// belongs to one connection and, like it, to one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/org/sqlite.h"
#include "engine/soql/connection.h"
#include "engine/soql/emit.h"
#include "engine/soql/query_error.h"

namespace crm::soql {

// Prepared statements of one connection, keyed by SQL text.
class StatementCache {
 public:
  // The statement reset and with cleared bindings; owned by the cache and
  // valid until the next Get. Errors are UNKNOWN_EXCEPTION.
  Outcome<org::Statement*> Get(org::Database& db, const std::string& sql);
  void Clear() { cache_.clear(); }

 private:
  static constexpr size_t kMaxEntries = 512;
  std::unordered_map<std::string, org::Statement> cache_;
};

struct PageRequest {
  int64_t page_offset = 0;  // rows of the result already returned
  int batch_size = 2000;
  size_t max_bytes = 32u << 20;
  std::string api_version = "58.0";
  std::optional<int64_t> known_total;  // from the cursor, on later batches
};

struct PageResult {
  std::string records_json;  // a JSON array
  int64_t rows = 0;
  int64_t total = 0;
};

class Executor {
 public:
  Executor(OrgConnection& conn, StatementCache& cache) : conn_(conn), cache_(cache) {}

  Outcome<PageResult> RecordsPage(const SqlQuery& q, const PageRequest& req);
  // COUNT(): the number of rows within the query's LIMIT/OFFSET.
  Outcome<int64_t> Count(const SqlQuery& q);
  // Aggregate queries: every row, or the "does not support queryMore" error past 2,000.
  Outcome<PageResult> AggregateRows(const SqlQuery& q, const PageRequest& req);

 private:
  Outcome<org::Statement*> Prepare(const std::string& sql, const SqlQuery& q, int64_t limit, int64_t offset);
  QueryError StepError(const Status& status) const;

  OrgConnection& conn_;
  StatementCache& cache_;
};

// A failed prepare: QUERY_TOO_COMPLICATED past SQLite's limits, else UNKNOWN_EXCEPTION.
QueryError PrepareError(const Status& status);

// Binds one parameter value.
void BindValue(org::Statement& stmt, int index, const SqlValue& value);

}  // namespace crm::soql

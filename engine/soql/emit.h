// engine/soql/emit.h — a bound query to SQLite SQL.
//
// Input: a BoundSelect. Output: SQL whose every value is a numbered
// parameter (?1, ?2, ...) listed in `params`; the only text that reaches the
// SQL besides keywords is schema identifiers, double-quoted. Also the shape
// of the JSON records (which column goes under which key). Pure; the Schema
// behind the BoundSelect must outlive the result. Safe from any thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/soql/bound.h"

namespace crm::soql {

// Where each value of a result row goes in the JSON record.
struct OutputNode {
  struct Entry {
    std::string key;
    int column = -1;  // result column, for values
    org::FieldType type = org::FieldType::kString;
    std::unique_ptr<OutputNode> parent;  // nested parent record
    int child = -1;                      // child subquery index
  };
  std::string type;    // sObject API name, or AggregateResult
  int id_column = -1;  // column with this record's Id (for attributes.url / null parents)
  std::vector<Entry> entries;
};

struct SqlQuery {
  BoundSelect::Kind kind = BoundSelect::Kind::kRecords;
  std::string select_list;  // "t0.\"Id\", t1.\"Name\""
  std::string body;         // " FROM ... WHERE ... GROUP BY ... HAVING ..."
  std::string order_by;     // " ORDER BY ..." or empty
  std::vector<SqlValue> params;  // ?1..?n
  OutputNode shape;         // records: nested; aggregates: flat entries
  std::vector<SqlQuery> children;  // child subqueries; their ?1 is the parent Id
  std::optional<int64_t> limit;
  int64_t offset = 0;

  // SELECT list + body + ORDER BY + LIMIT ?n+1 OFFSET ?n+2.
  std::string PageSql() const;
  // SELECT COUNT(*) over body with LIMIT ?n+1 OFFSET ?n+2 (COUNT() and totalSize).
  std::string CountSql() const;
};

SqlQuery Emit(const BoundSelect& select);

}  // namespace crm::soql

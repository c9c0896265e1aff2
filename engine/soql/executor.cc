#include "engine/soql/executor.h"

#include "engine/soql/json_writer.h"

#include <sqlite3.h>

#include <limits>
#include <vector>

namespace crm::soql {
namespace {

using Writer = JsonWriter;
using org::FieldType;

void WriteString(Writer& w, std::string_view s) { w.String(s); }

void WriteValue(sqlite3_stmt* s, int col, FieldType type, Writer& w) {
  bool is_null = sqlite3_column_type(s, col) == SQLITE_NULL;
  if (type == FieldType::kBoolean) {
    w.Bool(!is_null && sqlite3_column_int64(s, col) != 0);
    return;
  }
  if (is_null) {
    w.Null();
    return;
  }
  switch (type) {
    case FieldType::kInt:
    case FieldType::kLong:
      w.Int64(sqlite3_column_int64(s, col));
      return;
    case FieldType::kDouble:
    case FieldType::kCurrency:
    case FieldType::kPercent:
      w.Double(sqlite3_column_double(s, col));
      return;
    default: {
      const char* text = reinterpret_cast<const char*>(sqlite3_column_text(s, col));
      WriteString(w, std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(s, col))));
    }
  }
}

// Writes records of one statement; child statements are prepared once.
class RecordWriter {
 public:
  RecordWriter(const std::string& api_version, Writer& w)
      : prefix_("/services/data/v" + api_version + "/sobjects/"), w_(w) {}

  void Attributes(const std::string& type, sqlite3_stmt* s, int id_column) {
    w_.Key("attributes");
    w_.StartObject();
    w_.Key("type");
    WriteString(w_, type);
    if (id_column >= 0) {
      std::string url = prefix_ + type + "/";
      url.append(reinterpret_cast<const char*>(sqlite3_column_text(s, id_column)),
                 static_cast<size_t>(sqlite3_column_bytes(s, id_column)));
      w_.Key("url");
      WriteString(w_, url);
    }
    w_.EndObject();
  }

  // Writes one record; `children` returns the JSON of child subquery i.
  template <typename ChildFn>
  void Record(const OutputNode& node, sqlite3_stmt* s, ChildFn&& children) {
    w_.StartObject();
    Attributes(node.type, s, node.id_column);
    for (const OutputNode::Entry& e : node.entries) {
      w_.Key(e.key);
      if (e.parent) {
        if (sqlite3_column_type(s, e.parent->id_column) == SQLITE_NULL) {
          w_.Null();
        } else {
          Record(*e.parent, s, children);
        }
      } else if (e.child >= 0) {
        children(e.child);
      } else {
        WriteValue(s, e.column, e.type, w_);
      }
    }
    w_.EndObject();
  }

  Writer& writer() { return w_; }

 private:
  std::string prefix_;
  Writer& w_;
};

// Writes the child subquery result of one parent: {totalSize, done, records} or null.
Status WriteChildren(const SqlQuery& cq, org::Statement& cs, std::string_view parent_id,
                     const std::string& api_version, Writer& w) {
  cs.Reset();
  cs.BindText(1, parent_id);
  for (size_t i = 1; i < cq.params.size(); ++i) BindValue(cs, static_cast<int>(i + 1), cq.params[i]);
  cs.BindInt(static_cast<int>(cq.params.size() + 1), cq.limit.value_or(-1));
  cs.BindInt(static_cast<int>(cq.params.size() + 2), cq.offset);
  Writer cw;
  RecordWriter out(api_version, cw);
  int64_t n = 0;
  cw.StartArray();
  while (true) {
    Result<bool> row = cs.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    out.Record(cq.shape, cs.raw(), [&cw](int) { cw.Null(); });
    ++n;
  }
  cw.EndArray();
  if (n == 0) {
    w.Null();
    return Status::Ok();
  }
  w.StartObject();
  w.Key("totalSize");
  w.Int64(n);
  w.Key("done");
  w.Bool(true);
  w.Key("records");
  w.Raw(cw.str());
  w.EndObject();
  return Status::Ok();
}

}  // namespace

QueryError PrepareError(const Status& status) {
  const std::string& m = status.message();
  if (m.find("too large") != std::string::npos || m.find("too many") != std::string::npos) {
    return QueryError{"QUERY_TOO_COMPLICATED",
                      "Query is either selecting too many fields or the filter conditions are too complicated.", 400};
  }
  return QueryError{"UNKNOWN_EXCEPTION", m, 500};
}

void BindValue(org::Statement& stmt, int index, const SqlValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) {
    stmt.BindText(index, *s);
  } else if (const auto* i = std::get_if<int64_t>(&value)) {
    stmt.BindInt(index, *i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    stmt.BindDouble(index, *d);
  } else {
    stmt.BindNull(index);
  }
}

Outcome<org::Statement*> StatementCache::Get(org::Database& db, const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    Result<org::Statement> stmt = db.Prepare(sql);
    if (!stmt.ok()) return PrepareError(stmt.status());
    if (cache_.size() >= kMaxEntries) cache_.clear();
    it = cache_.emplace(sql, std::move(stmt).value()).first;
  }
  it->second.Reset();
  return &it->second;
}

QueryError Executor::StepError(const Status& status) const {
  if (conn_.timed_out()) return QueryError{"QUERY_TIMEOUT", "Your query request was running for too long.", 400};
  return QueryError{"UNKNOWN_EXCEPTION", status.message(), 500};
}

Outcome<org::Statement*> Executor::Prepare(const std::string& sql, const SqlQuery& q, int64_t limit, int64_t offset) {
  Outcome<org::Statement*> stmt = cache_.Get(conn_.db(), sql);
  if (!stmt.ok()) return stmt;
  int n = static_cast<int>(q.params.size());
  for (int i = 0; i < n; ++i) BindValue(**stmt, i + 1, q.params[static_cast<size_t>(i)]);
  (*stmt)->BindInt(n + 1, limit);
  (*stmt)->BindInt(n + 2, offset);
  return stmt;
}

Outcome<int64_t> Executor::Count(const SqlQuery& q) {
  Outcome<org::Statement*> stmt = Prepare(q.CountSql(), q, q.limit.value_or(-1), q.offset);
  if (!stmt.ok()) return stmt.error();
  Result<bool> row = (*stmt)->Step();
  if (!row.ok()) return StepError(row.status());
  int64_t n = *row ? (*stmt)->ColumnInt(0) : 0;
  (*stmt)->Reset();
  return n;
}

Outcome<PageResult> Executor::RecordsPage(const SqlQuery& q, const PageRequest& req) {
  int64_t remaining = q.limit ? *q.limit - req.page_offset : std::numeric_limits<int64_t>::max();
  int64_t fetch = remaining < req.batch_size ? (remaining < 0 ? 0 : remaining) : req.batch_size;
  Outcome<org::Statement*> main = Prepare(q.PageSql(), q, fetch, q.offset + req.page_offset);
  if (!main.ok()) return main.error();
  // Child statements: prepared once per page, re-bound per parent row.
  std::vector<org::Statement> children;
  for (const SqlQuery& child : q.children) {
    Result<org::Statement> s = conn_.db().Prepare(child.PageSql());
    if (!s.ok()) return PrepareError(s.status());
    children.push_back(std::move(s).value());
  }
  Writer w;
  RecordWriter out(req.api_version, w);
  PageResult page;
  std::optional<Status> child_error;
  sqlite3_stmt* raw = (*main)->raw();
  w.StartArray();
  bool truncated = false;
  while (true) {
    if (page.rows > 0 && w.size() > req.max_bytes) {
      truncated = true;
      break;
    }
    Result<bool> row = (*main)->Step();
    if (!row.ok()) return StepError(row.status());
    if (!*row) break;
    std::string_view parent_id(reinterpret_cast<const char*>(sqlite3_column_text(raw, q.shape.id_column)),
                               static_cast<size_t>(sqlite3_column_bytes(raw, q.shape.id_column)));
    out.Record(q.shape, raw, [&](int index) {
      Status s = WriteChildren(q.children[static_cast<size_t>(index)], children[static_cast<size_t>(index)],
                               parent_id, req.api_version, w);
      if (!s.ok() && !child_error) child_error = s;
    });
    if (child_error) return StepError(*child_error);
    ++page.rows;
  }
  w.EndArray();
  (*main)->Reset();
  page.records_json = w.Take();
  bool complete = req.page_offset == 0 && !truncated && (page.rows < fetch || fetch == 0);
  if (req.known_total || complete) {
    page.total = req.known_total.value_or(page.rows);
    return page;
  }
  Outcome<int64_t> total = Count(q);
  if (!total.ok()) return total.error();
  page.total = *total;
  return page;
}

Outcome<PageResult> Executor::AggregateRows(const SqlQuery& q, const PageRequest& req) {
  int64_t cap = 2000;
  int64_t fetch = q.limit && *q.limit <= cap ? *q.limit : cap + 1;
  Outcome<org::Statement*> stmt = Prepare(q.PageSql(), q, fetch, q.offset);
  if (!stmt.ok()) return stmt.error();
  Writer w;
  RecordWriter out(req.api_version, w);
  PageResult page;
  w.StartArray();
  while (true) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return StepError(row.status());
    if (!*row) break;
    if (++page.rows > cap) {
      (*stmt)->Reset();
      return QueryError{"MALFORMED_QUERY",
                        "Aggregate query does not support queryMore(), use LIMIT to restrict the results to a "
                        "single batch",
                        400};
    }
    out.Record(q.shape, (*stmt)->raw(), [&w](int) { w.Null(); });
  }
  w.EndArray();
  (*stmt)->Reset();
  page.records_json = w.Take();
  page.total = page.rows;
  return page;
}

}  // namespace crm::soql

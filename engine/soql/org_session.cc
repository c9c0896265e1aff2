#include "engine/soql/org_session.h"

#include "engine/soql/compiler.h"
#include "engine/soql/sosl.h"

namespace crm::soql {
namespace {

BindOptions MakeBindOptions(const OrgConnection& conn, const QueryOptions& options) {
  BindOptions b;
  b.now_seconds = conn.now_seconds();
  b.lenient_date_literals = options.lenient_date_literals;
  return b;
}

std::string Envelope(int64_t total, bool done, const std::string& next_url, const std::string& records) {
  std::string out = "{\"totalSize\":" + std::to_string(total) + ",\"done\":" + (done ? "true" : "false");
  if (!done) out += ",\"nextRecordsUrl\":\"" + next_url + "\"";
  out += ",\"records\":" + records + "}";
  return out;
}

}  // namespace

OrgSession::OrgSession(std::unique_ptr<OrgConnection> conn, const org::Schema& schema,
                       std::shared_ptr<CursorStore> cursors)
    : conn_(std::move(conn)), schema_(schema), cursors_(cursors ? std::move(cursors) : std::make_shared<CursorStore>()) {}

Result<std::unique_ptr<OrgSession>> OrgSession::Open(const std::string& path, std::shared_ptr<CursorStore> cursors) {
  Result<std::unique_ptr<OrgConnection>> conn = OrgConnection::Open(path);
  if (!conn.ok()) return conn.status();
  const org::Schema& schema = (*conn)->schema();  // owned by the connection, which the session owns
  return std::make_unique<OrgSession>(std::move(conn).value(), schema, std::move(cursors));
}

Outcome<std::string> OrgSession::Execute(std::string_view text, const QueryOptions& options) {
  return IsSosl(text) ? Search(text, options) : Query(text, options);
}

Outcome<std::string> OrgSession::Query(std::string_view soql, const QueryOptions& options) {
  return RunPage(soql, 0, std::nullopt, std::nullopt, options);
}

Outcome<std::string> OrgSession::QueryMore(std::string_view locator, const QueryOptions& options) {
  auto parsed = CursorStore::ParseLocator(locator);
  std::optional<CursorEntry> entry = parsed ? cursors_->Find(parsed->first) : std::nullopt;
  if (!entry) return QueryError{"INVALID_QUERY_LOCATOR", "invalid query locator", 400};
  QueryOptions resumed = options;
  resumed.lenient_date_literals = entry->lenient_date_literals;
  return RunPage(entry->soql, parsed->second, parsed->first, entry->total, resumed);
}

Outcome<std::string> OrgSession::RunPage(std::string_view soql, int64_t page_offset,
                                         std::optional<std::string> cursor_id, std::optional<int64_t> known_total,
                                         const QueryOptions& options) {
  Outcome<SqlQuery> q = CompileSoql(soql, schema_, MakeBindOptions(*conn_, options));
  if (!q.ok()) return q.error();
  QueryGuard guard(*conn_, options.timeout);
  Executor exec(*conn_, cache_);
  PageRequest req;
  req.page_offset = page_offset;
  req.batch_size = options.batch_size < 200 ? 200 : (options.batch_size > 2000 ? 2000 : options.batch_size);
  req.max_bytes = options.max_batch_bytes;
  req.api_version = options.api_version;
  req.known_total = known_total;
  if (q->kind == BoundSelect::Kind::kCount) {
    Outcome<int64_t> n = exec.Count(*q);
    if (!n.ok()) return n.error();
    return Envelope(*n, true, "", "[]");
  }
  if (q->kind == BoundSelect::Kind::kAggregate) {
    Outcome<PageResult> rows = exec.AggregateRows(*q, req);
    if (!rows.ok()) return rows.error();
    return Envelope(rows->total, true, "", rows->records_json);
  }
  Outcome<PageResult> page = exec.RecordsPage(*q, req);
  if (!page.ok()) return page.error();
  int64_t returned = page_offset + page->rows;
  bool done = returned >= page->total || page->rows == 0;
  std::string next;
  if (!done) {
    if (!cursor_id) cursor_id = cursors_->Add({std::string(soql), page->total, options.lenient_date_literals});
    next = "/services/data/v" + options.api_version + "/query/" + *cursor_id + "-" + std::to_string(returned);
  }
  return Envelope(page->total, done, next, page->records_json);
}

Outcome<std::string> OrgSession::Search(std::string_view sosl, const QueryOptions& options) {
  Outcome<CompiledSearch> search = CompileSosl(sosl, schema_, MakeBindOptions(*conn_, options));
  if (!search.ok()) return search.error();
  QueryGuard guard(*conn_, options.timeout);
  return RunSearch(*conn_, cache_, *search, options.api_version);
}

}  // namespace crm::soql

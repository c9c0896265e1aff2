// engine/soql/org_session.h — run SOQL and SOSL against the local org and
// get the REST API's JSON. This is the entry point for tools, the episode
// runner and the Salesforce-compatible server.
//
// One OrgSession per worker thread (it owns one read-only SQLite
// connection and a statement cache; not safe to share). Sessions may share
// one CursorStore (thread-safe) so a nextRecordsUrl issued by one thread can
// be resumed by another. Results are JSON strings; failures are QueryErrors.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "engine/org/schema.h"
#include "engine/soql/connection.h"
#include "engine/soql/cursor_store.h"
#include "engine/soql/executor.h"
#include "engine/soql/query_error.h"

namespace crm::soql {

struct QueryOptions {
  std::string api_version = "58.0";  // echoed in attributes.url and nextRecordsUrl
  int batch_size = 2000;             // Sforce-Query-Options batchSize, clamped to 200..2000
  std::chrono::milliseconds timeout{10000};  // QUERY_TIMEOUT past this
  size_t max_batch_bytes = 32u << 20;        // a batch ends early past this size
  bool lenient_date_literals = false;        // date literal vs datetime field: midnight UTC
};

class OrgSession {
 public:
  OrgSession(std::unique_ptr<OrgConnection> conn, const org::Schema& schema,
             std::shared_ptr<CursorStore> cursors = nullptr);
  // Opens the org file read-only; uses the schema the file carries.
  static Result<std::unique_ptr<OrgSession>> Open(const std::string& path,
                                                  std::shared_ptr<CursorStore> cursors = nullptr);

  // GET /query?q=: {"totalSize", "done", ["nextRecordsUrl"], "records"}.
  Outcome<std::string> Query(std::string_view soql, const QueryOptions& options = {});
  // GET /query/<locator>: the next batch. Accepts the locator or the whole nextRecordsUrl.
  Outcome<std::string> QueryMore(std::string_view locator, const QueryOptions& options = {});
  // GET /search?q=: {"searchRecords": [...]}.
  Outcome<std::string> Search(std::string_view sosl, const QueryOptions& options = {});
  // SOSL when the text starts with FIND, SOQL otherwise.
  Outcome<std::string> Execute(std::string_view text, const QueryOptions& options = {});

  OrgConnection& connection() { return *conn_; }
  const org::Schema& schema() const { return schema_; }

 private:
  Outcome<std::string> RunPage(std::string_view soql, int64_t page_offset, std::optional<std::string> cursor_id,
                               std::optional<int64_t> known_total, const QueryOptions& options);

  std::unique_ptr<OrgConnection> conn_;
  const org::Schema& schema_;
  std::shared_ptr<CursorStore> cursors_;
  StatementCache cache_;
};

}  // namespace crm::soql

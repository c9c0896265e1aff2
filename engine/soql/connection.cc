#include "engine/soql/connection.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <string_view>

#include "engine/org/datetime.h"
#include "engine/org/schema.h"
#include "engine/org/schema_store.h"
#include "engine/org/store.h"
#include "engine/soql/word_match.h"

namespace crm::soql {
namespace {

bool StartsWith(const char* s, std::string_view prefix) {
  return s != nullptr && std::string_view(s).substr(0, prefix.size()) == prefix;
}

bool AllowedFunction(const char* name) {
  static constexpr std::string_view kAllowed[] = {"count", "sum",    "avg",   "min",  "max",      "substr",
                                                  "strftime", "like", "match", "bm25", "coalesce", "lower",
                                                  "upper",  "length", "instr", "ifnull", "soql_word_match",
                                                  "soql_multi_has"};
  if (name == nullptr) return false;
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (std::string_view f : kAllowed) {
    if (lower == f) return true;
  }
  return false;
}

int Authorize(void*, int action, const char* a, const char* b, const char*, const char*) {
  switch (action) {
    case SQLITE_SELECT:
      return SQLITE_OK;
    case SQLITE_READ:
      if (StartsWith(a, "_") || StartsWith(a, "sqlite_")) return SQLITE_DENY;
      return SQLITE_OK;
    case SQLITE_FUNCTION:
      return AllowedFunction(b) ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_PRAGMA:
      // FTS5 checks the data version of the file it indexes.
      return a != nullptr && std::strcmp(a, "data_version") == 0 && b == nullptr ? SQLITE_OK : SQLITE_DENY;
    default:
      return SQLITE_DENY;
  }
}

}  // namespace

Result<std::unique_ptr<OrgConnection>> OrgConnection::Open(const std::string& path) {
  Result<std::unique_ptr<org::Database>> db = org::Database::Open(path, org::Database::Mode::kImmutable);
  if (!db.ok()) return db.status();
  CRM_RETURN_IF_ERROR((*db)->Exec("PRAGMA query_only = 1"));
  // Read the file through a shared memory map rather than a pread per page
  // into each connection's private 2 MB cache: a scale-1 org is ~33 MB, so
  // queries missed that cache often, and every worker thread kept its own
  // copy. The map covers the file (up to 1 GiB); the kernel shares its pages.
  CRM_RETURN_IF_ERROR((*db)->Exec("PRAGMA mmap_size = 1073741824"));
  Result<org::OrgMeta> meta = org::ReadOrgMeta(**db);
  if (!meta.ok()) return meta.status();
  std::optional<int64_t> now = org::ParseDateTime(meta->clock);
  if (!now) return Status::Corruption("bad org_clock: " + meta->clock);
  Result<std::shared_ptr<const org::Schema>> schema = org::ReadOrgSchema(**db);
  if (!schema.ok()) return schema.status();
  auto conn = std::unique_ptr<OrgConnection>(new OrgConnection(std::move(db).value(), std::move(schema).value(), *now));
  conn->Install();
  return conn;
}

Result<std::unique_ptr<OrgConnection>> OrgConnection::Wrap(std::unique_ptr<org::Database> db,
                                                           int64_t fallback_now_seconds) {
  int64_t now = fallback_now_seconds;
  Result<org::OrgMeta> meta = org::ReadOrgMeta(*db);
  if (meta.ok()) {
    if (std::optional<int64_t> clock = org::ParseDateTime(meta->clock)) now = *clock;
  }
  Result<std::shared_ptr<const org::Schema>> schema = org::ReadOrgSchema(*db);
  if (!schema.ok()) return schema.status();
  auto conn = std::unique_ptr<OrgConnection>(new OrgConnection(std::move(db), std::move(schema).value(), now));
  conn->Install();
  return conn;
}

OrgConnection::~OrgConnection() {
  sqlite3_set_authorizer(db_->raw(), nullptr, nullptr);
  sqlite3_progress_handler(db_->raw(), 0, nullptr, nullptr);
}

namespace {

// soql_word_match(text, pattern): SOSL wildcard words ('?' and inner '*').
void WordMatch(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const unsigned char* text = sqlite3_value_text(argv[0]);
  const unsigned char* pattern = sqlite3_value_text(argv[1]);
  if (text == nullptr || pattern == nullptr) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  std::string_view t(reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_value_bytes(argv[0])));
  std::string_view p(reinterpret_cast<const char*>(pattern), static_cast<size_t>(sqlite3_value_bytes(argv[1])));
  sqlite3_result_int(ctx, AnyWordMatches(t, p) ? 1 : 0);
}

// soql_multi_has(text, value): a multipicklist value ('a;b;c') holds `value`
// (case-insensitive, as Salesforce compares picklist values).
void MultiHas(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const unsigned char* text = sqlite3_value_text(argv[0]);
  const unsigned char* value = sqlite3_value_text(argv[1]);
  if (text == nullptr || value == nullptr) {
    sqlite3_result_int(ctx, 0);
    return;
  }
  std::string_view t(reinterpret_cast<const char*>(text), static_cast<size_t>(sqlite3_value_bytes(argv[0])));
  std::string_view v(reinterpret_cast<const char*>(value), static_cast<size_t>(sqlite3_value_bytes(argv[1])));
  size_t start = 0;
  while (start <= t.size()) {
    size_t end = std::min(t.find(';', start), t.size());
    if (org::EqualsIgnoreCase(t.substr(start, end - start), v)) {
      sqlite3_result_int(ctx, 1);
      return;
    }
    start = end + 1;
  }
  sqlite3_result_int(ctx, 0);
}

}  // namespace

void OrgConnection::Install() {
  sqlite3_create_function(db_->raw(), "soql_word_match", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &WordMatch,
                          nullptr, nullptr);
  sqlite3_create_function(db_->raw(), "soql_multi_has", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, &MultiHas,
                          nullptr, nullptr);
  // Connect the full-text tables first: FTS5's constructor reads the schema
  // table, which the authorizer refuses to queries.
  for (const org::SObject& object : schema_->objects()) {
    if (!object.HasSearchIndex()) continue;
    Result<org::Statement> stmt =
        db_->Prepare("SELECT rowid FROM " + org::QuoteIdent(org::SearchTableName(object)) + " LIMIT 0");
    if (stmt.ok()) (void)stmt->Step();
  }
  sqlite3_set_authorizer(db_->raw(), &Authorize, nullptr);
  sqlite3_progress_handler(db_->raw(), 4000, &OrgConnection::OnProgress, this);
}

void OrgConnection::Arm(std::chrono::milliseconds budget) {
  deadline_ = std::chrono::steady_clock::now() + budget;
  armed_ = true;
  timed_out_ = false;
}

void OrgConnection::Disarm() { armed_ = false; }

int OrgConnection::OnProgress(void* self) {
  auto* conn = static_cast<OrgConnection*>(self);
  if (!conn->armed_ || std::chrono::steady_clock::now() < conn->deadline_) return 0;
  conn->timed_out_ = true;
  return 1;  // interrupts the statement: SQLITE_INTERRUPT
}

}  // namespace crm::soql

// engine/org/sqlite.h — a thin RAII layer over the SQLite C API.
//
// A Database owns one connection; a Statement owns one prepared statement of
// that connection and must not outlive it. Neither is safe to share between
// threads: use one connection per thread (SQLite's "multi-thread" mode).
// Failures come back as Status values carrying SQLite's own message.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace crm::org {

class Statement {
 public:
  Statement() = default;
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) noexcept;
  ~Statement();

  // Parameters are 1-based, as in SQLite. Binding copies the value.
  void BindText(int index, std::string_view value);
  void BindDouble(int index, double value);
  void BindInt(int index, int64_t value);
  void BindNull(int index);
  // Binds empty text as NULL: the org stores empty strings as null, as
  // Salesforce returns them.
  void BindTextOrNull(int index, std::string_view value);

  // Steps once. Returns true while a row is available, false when done.
  Result<bool> Step();
  // Runs to completion and resets (for INSERT/UPDATE statements).
  Status Run();
  void Reset();

  int ColumnCount() const;
  bool ColumnIsNull(int index) const;  // 0-based
  std::string ColumnText(int index) const;
  double ColumnDouble(int index) const;
  int64_t ColumnInt(int index) const;

  sqlite3_stmt* raw() const { return stmt_; }

 private:
  friend class Database;
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
};

class Database {
 public:
  // kImmutable is read-only for a file nothing changes while it is open (the
  // org during a sweep: the generator writes a new file and renames it): SQLite
  // then takes no file locks and skips change checks on every statement.
  enum class Mode { kReadOnly, kImmutable, kReadWriteCreate };

  static Result<std::unique_ptr<Database>> Open(const std::string& path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Status Exec(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);
  // Convenience for one-value queries; NotFound when there is no row.
  Result<std::string> QueryText(std::string_view sql);
  Result<int64_t> QueryInt(std::string_view sql);

  sqlite3* raw() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

// Double-quotes an identifier for SQL ("Order" is a keyword in SQLite).
std::string QuoteIdent(std::string_view name);

}  // namespace crm::org

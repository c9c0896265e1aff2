// engine/soql/connection.h — the org's SQLite connection, locked down.
//
// OpenOrgConnection opens the org file read-only (query_only), reads the org
// clock and the org's schema, then installs an authorizer that permits only reads of sObject
// tables and their full-text indexes and a fixed list of functions: tables
// whose names start with '_' (metadata, ground truth) are refused. A
// QueryGuard arms a per-query deadline through the progress handler.
// One OrgConnection per worker thread: it is not safe to share; distinct
// connections on the same file may be used concurrently.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "engine/org/schema.h"
#include "engine/org/sqlite.h"

namespace crm::soql {

class OrgConnection {
 public:
  static Result<std::unique_ptr<OrgConnection>> Open(const std::string& path);
  // Wraps an existing connection (tests build orgs in memory). The
  // authorizer is installed; the clock comes from _org_meta when present,
  // otherwise from `fallback_now_seconds`.
  static Result<std::unique_ptr<OrgConnection>> Wrap(std::unique_ptr<org::Database> db,
                                                     int64_t fallback_now_seconds = 0);
  ~OrgConnection();

  org::Database& db() { return *db_; }
  // The org file's own schema (schema_store.h).
  const org::Schema& schema() const { return *schema_; }
  std::shared_ptr<const org::Schema> shared_schema() const { return schema_; }
  int64_t now_seconds() const { return now_seconds_; }

  // Arms the deadline for the statements run until Disarm().
  void Arm(std::chrono::milliseconds budget);
  void Disarm();
  bool timed_out() const { return timed_out_; }

 private:
  OrgConnection(std::unique_ptr<org::Database> db, std::shared_ptr<const org::Schema> schema, int64_t now)
      : db_(std::move(db)), schema_(std::move(schema)), now_seconds_(now) {}
  static int OnProgress(void* self);
  void Install();

  std::unique_ptr<org::Database> db_;
  std::shared_ptr<const org::Schema> schema_;
  int64_t now_seconds_;
  std::chrono::steady_clock::time_point deadline_{};
  bool armed_ = false;
  bool timed_out_ = false;
};

// Arms a connection's deadline for one scope.
class QueryGuard {
 public:
  QueryGuard(OrgConnection& conn, std::chrono::milliseconds budget) : conn_(conn) { conn_.Arm(budget); }
  ~QueryGuard() { conn_.Disarm(); }
  QueryGuard(const QueryGuard&) = delete;
  QueryGuard& operator=(const QueryGuard&) = delete;

 private:
  OrgConnection& conn_;
};

}  // namespace crm::soql

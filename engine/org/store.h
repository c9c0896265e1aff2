// engine/org/store.h — the local org as a SQLite file.
//
// One table per sObject named exactly as the sObject, one column per field
// named exactly as the field; datetimes are stored as
// YYYY-MM-DDTHH:MM:SS.000+0000 text, dates as YYYY-MM-DD, booleans as 0/1.
// Tables whose names start with "_" (metadata, ground truth, latent traits)
// are not sObjects: SOQL never reaches them. Functions here take the
// Database by reference and do not keep it; same threading as Database.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "engine/org/schema.h"
#include "engine/org/sqlite.h"

namespace crm::org {

// Creates the sObject tables, the metadata table and the schema table
// (schema_store.h) in an empty database.
Status CreateOrgTables(Database& db, const Schema& schema);
// After bulk loading: lookup and CreatedDate indexes, full-text indexes over
// the searchable fields (FTS5, external content), ANALYZE.
Status BuildOrgIndexes(Database& db, const Schema& schema);

// The org's metadata table (_org_meta).
struct OrgMeta {
  std::string generator_version;
  uint64_t seed = 0;
  double scale = 1.0;
  std::string clock;  // the instant the org treats as now (datetime text)
  bool pulled = false;  // read only: the file is a snapshot (`org pull`), with provenance keys
};
// One more metadata entry (provenance of a pulled org: pulled_at, login_host, ...).
Status WriteOrgMetaValue(Database& db, std::string_view key, std::string_view value);
constexpr std::string_view kPulledAtKey = "pulled_at";
Status WriteOrgMeta(Database& db, const OrgMeta& meta);
Result<OrgMeta> ReadOrgMeta(Database& db);
constexpr std::string_view kMetaTable = "_org_meta";

// Inserts rows of one sObject through a prepared statement. Fields are set
// by exact API name; unset fields are NULL. Setting an unknown field is a
// programming error (std::logic_error).
class RowInserter {
 public:
  static Result<RowInserter> Create(Database& db, const SObject& object);

  RowInserter& Text(std::string_view field, std::string_view value);  // empty -> NULL
  RowInserter& Real(std::string_view field, double value);
  RowInserter& Int(std::string_view field, int64_t value);
  RowInserter& Bool(std::string_view field, bool value) { return Int(field, value ? 1 : 0); }
  // Inserts the row and clears the bindings for the next one.
  Status Insert();
  uint64_t rows_inserted() const { return rows_; }

 private:
  RowInserter(const SObject* object, Statement stmt) : object_(object), stmt_(std::move(stmt)) {}
  int ParamIndex(std::string_view field) const;
  const SObject* object_;
  Statement stmt_;
  uint64_t rows_ = 0;
};

}  // namespace crm::org

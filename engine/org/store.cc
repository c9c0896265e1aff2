#include "engine/org/store.h"

#include "engine/org/schema_store.h"

#include <cstdio>
#include <stdexcept>

namespace crm::org {

Status CreateOrgTables(Database& db, const Schema& schema) {
  std::string sql;
  for (const SObject& object : schema.objects()) {
    sql += "CREATE TABLE " + QuoteIdent(object.name) + " (";
    for (size_t i = 0; i < object.fields.size(); ++i) {
      const Field& f = object.fields[i];
      if (i > 0) sql += ", ";
      sql += QuoteIdent(f.name) + " " + std::string(SqlColumnType(f.type));
      if (f.type == FieldType::kId) sql += " PRIMARY KEY NOT NULL";
    }
    sql += ");\n";
  }
  sql += "CREATE TABLE " + std::string(kMetaTable) + " (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n";
  CRM_RETURN_IF_ERROR(db.Exec(sql));
  return WriteOrgSchema(db, schema);
}

Status BuildOrgIndexes(Database& db, const Schema& schema) {
  std::string sql;
  for (const SObject& object : schema.objects()) {
    const std::string table = QuoteIdent(object.name);
    for (const Field& f : object.fields) {
      if (f.type == FieldType::kReference || f.name == "CreatedDate") {
        sql += "CREATE INDEX " + QuoteIdent("idx_" + object.name + "_" + f.name) + " ON " + table + "(" +
               QuoteIdent(f.name) + ");\n";
      }
    }
    std::vector<const Field*> searchable = object.SearchableFields();
    if (searchable.empty()) continue;
    const std::string fts = QuoteIdent(SearchTableName(object));
    sql += "CREATE VIRTUAL TABLE " + fts + " USING fts5(";
    for (const Field* f : searchable) sql += QuoteIdent(f->name) + ", ";
    // External content: the index stores only tokens; text stays in the table.
    sql += "content=" + QuoteIdent(object.name) +
           ", content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='2 3');\n";
    sql += "INSERT INTO " + fts + "(" + fts + ") VALUES('rebuild');\n";
  }
  sql += "ANALYZE;\n";
  return db.Exec(sql);
}

Status WriteOrgMeta(Database& db, const OrgMeta& meta) {
  Result<Statement> stmt = db.Prepare("INSERT OR REPLACE INTO _org_meta(key, value) VALUES(?, ?)");
  if (!stmt.ok()) return stmt.status();
  char scale[32];
  std::snprintf(scale, sizeof scale, "%g", meta.scale);
  const std::pair<const char*, std::string> rows[] = {
      {"generator_version", meta.generator_version},
      {"seed", std::to_string(meta.seed)},
      {"scale", scale},
      {"org_clock", meta.clock},
  };
  for (const auto& [key, value] : rows) {
    stmt->BindText(1, key);
    stmt->BindText(2, value);
    CRM_RETURN_IF_ERROR(stmt->Run());
  }
  return Status::Ok();
}

Status WriteOrgMetaValue(Database& db, std::string_view key, std::string_view value) {
  Result<Statement> stmt = db.Prepare("INSERT OR REPLACE INTO _org_meta(key, value) VALUES(?, ?)");
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, key);
  stmt->BindText(2, value);
  return stmt->Run();
}

Result<OrgMeta> ReadOrgMeta(Database& db) {
  Result<Statement> stmt = db.Prepare("SELECT key, value FROM _org_meta");
  if (!stmt.ok()) return Status::Corruption(db.path() + " is not a crmarena org (no _org_meta table)");
  OrgMeta meta;
  bool has_clock = false;
  while (true) {
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    std::string key = stmt->ColumnText(0);
    std::string value = stmt->ColumnText(1);
    try {
      if (key == "generator_version") meta.generator_version = value;
      if (key == "seed") meta.seed = std::stoull(value);
      if (key == "scale") meta.scale = std::stod(value);
    } catch (const std::exception&) {
      return Status::Corruption("bad _org_meta value for " + key + ": " + value);
    }
    if (key == kPulledAtKey) meta.pulled = true;
    if (key == "org_clock") {
      meta.clock = value;
      has_clock = true;
    }
  }
  if (!has_clock) return Status::Corruption(db.path() + ": _org_meta has no org_clock");
  return meta;
}

Result<RowInserter> RowInserter::Create(Database& db, const SObject& object) {
  std::string sql = "INSERT INTO " + QuoteIdent(object.name) + " VALUES (";
  for (size_t i = 0; i < object.fields.size(); ++i) sql += i == 0 ? "?" : ", ?";
  sql += ")";
  Result<Statement> stmt = db.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  return RowInserter(&object, std::move(stmt).value());
}

int RowInserter::ParamIndex(std::string_view field) const {
  for (size_t i = 0; i < object_->fields.size(); ++i) {
    if (object_->fields[i].name == field) return static_cast<int>(i) + 1;
  }
  throw std::logic_error("no field " + std::string(field) + " on " + object_->name);
}

RowInserter& RowInserter::Text(std::string_view field, std::string_view value) {
  stmt_.BindTextOrNull(ParamIndex(field), value);
  return *this;
}
RowInserter& RowInserter::Real(std::string_view field, double value) {
  stmt_.BindDouble(ParamIndex(field), value);
  return *this;
}
RowInserter& RowInserter::Int(std::string_view field, int64_t value) {
  stmt_.BindInt(ParamIndex(field), value);
  return *this;
}

Status RowInserter::Insert() {
  Status s = stmt_.Run();
  if (!s.ok()) return Status::IoError("insert into " + object_->name + ": " + s.message());
  ++rows_;
  return Status::Ok();
}

}  // namespace crm::org

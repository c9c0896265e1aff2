#include "engine/org/schema_store.h"

#include "engine/org/schema_definition.h"

namespace crm::org {

Status WriteOrgSchema(Database& db, const Schema& schema) {
  const std::string table(kSchemaTable);
  CRM_RETURN_IF_ERROR(db.Exec("CREATE TABLE IF NOT EXISTS " + table +
                              " (position INTEGER PRIMARY KEY, object TEXT NOT NULL UNIQUE, definition TEXT NOT NULL);"
                              "DELETE FROM " + table + ";"));
  Result<Statement> insert = db.Prepare("INSERT INTO " + table + "(position, object, definition) VALUES(?, ?, ?)");
  if (!insert.ok()) return insert.status();
  int64_t position = 0;
  for (const SObject& object : schema.objects()) {
    insert->BindInt(1, position++);
    insert->BindText(2, object.name);
    insert->BindText(3, ObjectDefinitionJson(object));
    CRM_RETURN_IF_ERROR(insert->Run());
  }
  return Status::Ok();
}

Result<std::shared_ptr<const Schema>> ReadOrgSchema(Database& db) {
  Result<int64_t> has_table = db.QueryInt("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '" +
                                          std::string(kSchemaTable) + "'");
  if (!has_table.ok()) return has_table.status();
  if (*has_table == 0) return std::shared_ptr<const Schema>(std::shared_ptr<const Schema>(), &Schema::Crm());
  Result<Statement> rows = db.Prepare("SELECT object, definition FROM " + std::string(kSchemaTable) + " ORDER BY position");
  if (!rows.ok()) return rows.status();
  std::vector<SObject> objects;
  while (true) {
    Result<bool> row = rows->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Result<SObject> object = ObjectFromDefinitionJson(rows->ColumnText(1), db.path() + " " + std::string(kSchemaTable) +
                                                                              " row " + rows->ColumnText(0));
    if (!object.ok()) return object.status();
    objects.push_back(std::move(object).value());
  }
  if (objects.empty()) return Status::Corruption(db.path() + ": " + std::string(kSchemaTable) + " is empty");
  Result<Schema> schema = Schema::Build(std::move(objects));
  if (!schema.ok()) return Status::Corruption(db.path() + ": " + schema.status().message());
  return std::shared_ptr<const Schema>(std::make_shared<const Schema>(std::move(schema).value()));
}

}  // namespace crm::org

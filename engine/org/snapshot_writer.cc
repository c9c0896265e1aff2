#include "engine/org/snapshot_writer.h"

#include <rapidjson/document.h>

#include <filesystem>
#include <unordered_map>

#include "engine/org/schema_store.h"
#include "engine/org/store.h"

namespace crm::org {
namespace {

constexpr std::string_view kStateKey = "pull_state";

// Binds one JSON value to parameter `index` as the field's column expects.
void BindValue(Statement& stmt, int index, FieldType type, const rapidjson::Value& v) {
  if (v.IsNull()) {
    if (type == FieldType::kBoolean) {
      stmt.BindInt(index, 0);  // Salesforce checkboxes are never null
    } else {
      stmt.BindNull(index);
    }
  } else if (v.IsBool()) {
    stmt.BindInt(index, v.GetBool() ? 1 : 0);
  } else if (v.IsInt64() && SqlColumnType(type) == "INTEGER") {
    stmt.BindInt(index, v.GetInt64());
  } else if (v.IsNumber()) {
    stmt.BindDouble(index, v.GetDouble());
  } else if (v.IsString()) {
    stmt.BindTextOrNull(index, std::string_view(v.GetString(), v.GetStringLength()));
  } else {
    stmt.BindNull(index);  // nested objects: relationship values are not pulled as columns
  }
}

}  // namespace

SnapshotWriter::SnapshotWriter(std::unique_ptr<Database> db, std::shared_ptr<const Schema> schema)
    : db_(std::move(db)), schema_(std::move(schema)) {}

SnapshotWriter::~SnapshotWriter() = default;

Result<std::unique_ptr<SnapshotWriter>> SnapshotWriter::Create(const std::string& path, const Schema& schema,
                                                               const std::string& clock) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    return Status::InvalidArgument(path + " exists: give a new path, or --resume to continue an unfinished pull");
  }
  Result<std::unique_ptr<Database>> db = Database::Open(path, Database::Mode::kReadWriteCreate);
  if (!db.ok()) return db.status();
  CRM_RETURN_IF_ERROR((*db)->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; BEGIN"));
  CRM_RETURN_IF_ERROR(CreateOrgTables(**db, schema));
  OrgMeta meta;
  meta.generator_version = "org pull";
  meta.clock = clock;
  CRM_RETURN_IF_ERROR(WriteOrgMeta(**db, meta));
  CRM_RETURN_IF_ERROR(WriteOrgMetaValue(**db, kStateKey, "in progress"));
  CRM_RETURN_IF_ERROR((*db)->Exec("CREATE TABLE " + std::string(kPullProgressTable) +
                                  " (object TEXT PRIMARY KEY, last_id TEXT NOT NULL, rows INTEGER NOT NULL,"
                                  " done INTEGER NOT NULL); COMMIT"));
  auto stored = ReadOrgSchema(**db);  // the schema as the file holds it: what Resume will see
  if (!stored.ok()) return stored.status();
  auto writer = std::unique_ptr<SnapshotWriter>(new SnapshotWriter(std::move(db).value(), std::move(stored).value()));
  CRM_RETURN_IF_ERROR(writer->LoadProgress());
  return writer;
}

Result<std::unique_ptr<SnapshotWriter>> SnapshotWriter::Resume(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::NotFound(path + " does not exist: nothing to resume");
  Result<std::unique_ptr<Database>> db = Database::Open(path, Database::Mode::kReadWriteCreate);
  if (!db.ok()) return db.status();
  Result<Statement> state = (*db)->Prepare("SELECT value FROM _org_meta WHERE key = 'pull_state'");
  Result<bool> row = state.ok() ? state->Step() : Result<bool>(state.status());
  if (!row.ok() || !*row) return Status::InvalidArgument(path + " is not a snapshot made by org pull");
  if (state->ColumnText(0) != "in progress") {
    return Status::InvalidArgument(path + " is a finished snapshot: nothing to resume");
  }
  CRM_RETURN_IF_ERROR((*db)->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL"));
  auto schema = ReadOrgSchema(**db);
  if (!schema.ok()) return schema.status();
  auto writer = std::unique_ptr<SnapshotWriter>(new SnapshotWriter(std::move(db).value(), std::move(schema).value()));
  CRM_RETURN_IF_ERROR(writer->LoadProgress());
  return writer;
}

Status SnapshotWriter::LoadProgress() {
  Result<Statement> rows = db_->Prepare("SELECT object, last_id, rows, done FROM " + std::string(kPullProgressTable));
  if (!rows.ok()) return rows.status();
  while (true) {
    Result<bool> row = rows->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    progress_[rows->ColumnText(0)] = {rows->ColumnText(1), rows->ColumnInt(2), rows->ColumnInt(3) != 0};
  }
  Result<Statement> checkpoint = db_->Prepare("INSERT OR REPLACE INTO " + std::string(kPullProgressTable) +
                                              "(object, last_id, rows, done) VALUES(?, ?, ?, ?)");
  if (!checkpoint.ok()) return checkpoint.status();
  checkpoint_ = std::move(checkpoint).value();
  return Status::Ok();
}

ObjectProgress SnapshotWriter::Progress(const std::string& object) const {
  auto it = progress_.find(object);
  return it == progress_.end() ? ObjectProgress{} : it->second;
}

Result<Statement*> SnapshotWriter::InsertStatement(const SObject& object) {
  auto it = inserts_.find(object.name);
  if (it != inserts_.end()) return &it->second;
  std::string sql = "INSERT INTO " + QuoteIdent(object.name) + " VALUES (";
  for (size_t i = 0; i < object.fields.size(); ++i) sql += i == 0 ? "?" : ", ?";
  Result<Statement> stmt = db_->Prepare(sql + ")");
  if (!stmt.ok()) return stmt.status();
  return &inserts_.emplace(object.name, std::move(stmt).value()).first->second;
}

Result<size_t> SnapshotWriter::WritePage(const SObject& object, std::string_view records_json, bool last_page) {
  rapidjson::Document doc;
  doc.Parse(records_json.data(), records_json.size());
  if (doc.HasParseError() || !doc.IsArray()) return Status::InvalidArgument(object.name + ": the page's records are not a JSON list");
  Result<Statement*> insert = InsertStatement(object);
  if (!insert.ok()) return insert.status();
  std::unordered_map<std::string_view, size_t> column;
  for (size_t i = 0; i < object.fields.size(); ++i) column[object.fields[i].name] = i;

  ObjectProgress progress = Progress(object.name);
  CRM_RETURN_IF_ERROR(db_->Exec("BEGIN"));
  auto rollback = [&](Status s) {
    (void)db_->Exec("ROLLBACK");
    return s;
  };
  for (const auto& record : doc.GetArray()) {
    if (!record.IsObject()) return rollback(Status::InvalidArgument(object.name + ": a record is not a JSON object"));
    Statement& stmt = **insert;
    for (size_t i = 0; i < object.fields.size(); ++i) stmt.BindNull(static_cast<int>(i) + 1);
    for (const auto& m : record.GetObject()) {
      auto c = column.find(std::string_view(m.name.GetString(), m.name.GetStringLength()));
      if (c == column.end()) continue;  // "attributes", or a field the snapshot does not keep
      BindValue(stmt, static_cast<int>(c->second) + 1, object.fields[c->second].type, m.value);
    }
    for (size_t i = 0; i < object.fields.size(); ++i) {
      if (object.fields[i].type != FieldType::kBoolean) continue;
      auto m = record.FindMember(object.fields[i].name.c_str());
      if (m == record.MemberEnd()) stmt.BindInt(static_cast<int>(i) + 1, 0);
    }
    auto id = record.FindMember("Id");
    if (id == record.MemberEnd() || !id->value.IsString()) {
      return rollback(Status::InvalidArgument(object.name + ": a record without an Id"));
    }
    if (Status s = stmt.Run(); !s.ok()) return rollback(Status::IoError("insert into " + object.name + ": " + s.message()));
    progress.last_id.assign(id->value.GetString(), id->value.GetStringLength());
    ++progress.rows;
  }
  progress.done = last_page;
  checkpoint_.BindText(1, object.name);
  checkpoint_.BindText(2, progress.last_id);
  checkpoint_.BindInt(3, progress.rows);
  checkpoint_.BindInt(4, progress.done ? 1 : 0);
  if (Status s = checkpoint_.Run(); !s.ok()) return rollback(s);
  CRM_RETURN_IF_ERROR(db_->Exec("COMMIT"));
  const size_t written = static_cast<size_t>(progress.rows - Progress(object.name).rows);
  progress_[object.name] = std::move(progress);
  return written;
}

Status SnapshotWriter::Finish(const std::vector<std::pair<std::string, std::string>>& provenance) {
  CRM_RETURN_IF_ERROR(db_->Exec("BEGIN"));
  CRM_RETURN_IF_ERROR(BuildOrgIndexes(*db_, *schema_));
  Result<OrgMeta> meta = ReadOrgMeta(*db_);
  if (!meta.ok()) return meta.status();
  CRM_RETURN_IF_ERROR(WriteOrgMetaValue(*db_, kPulledAtKey, meta->clock));
  for (const auto& [key, value] : provenance) CRM_RETURN_IF_ERROR(WriteOrgMetaValue(*db_, key, value));
  for (const SObject& object : schema_->objects()) {
    CRM_RETURN_IF_ERROR(WriteOrgMetaValue(*db_, "rows." + object.name, std::to_string(Progress(object.name).rows)));
  }
  CRM_RETURN_IF_ERROR(WriteOrgMetaValue(*db_, kStateKey, "complete"));
  CRM_RETURN_IF_ERROR(db_->Exec("COMMIT"));
  inserts_.clear();
  checkpoint_ = Statement();
  return db_->Exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE");
}

}  // namespace crm::org

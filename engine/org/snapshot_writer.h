// engine/org/snapshot_writer.h — writes a snapshot of a Salesforce org into
// a local org file, page by page, resumably (the storage half of `org pull`).
//
// The file gets the store's layout (store.h) and carries the org's schema
// (schema_store.h). Each page of REST query records is inserted together
// with its object's checkpoint (the last Id written, rows so far, done) in
// one transaction, so a process killed at any instant leaves a file whose
// checkpoints match its rows exactly; Resume continues from them and the
// finished file equals an uninterrupted pull. While a pull runs the file is
// in WAL mode; Finish builds the lookup and full-text indexes, writes the
// provenance into `_org_meta` and returns the file to a single-file journal,
// so readers may open it immutable. One writer per file; not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "engine/org/schema.h"
#include "engine/org/sqlite.h"

namespace crm::org {

struct ObjectProgress {
  std::string last_id;  // the greatest Id written (pages come in Id order)
  int64_t rows = 0;
  bool done = false;
};

class SnapshotWriter {
 public:
  // A new snapshot at `path` (refused if the file exists); `clock` is the
  // instant the snapshot will treat as now (datetime text).
  static Result<std::unique_ptr<SnapshotWriter>> Create(const std::string& path, const Schema& schema,
                                                        const std::string& clock);
  // An unfinished snapshot, with the schema and checkpoints it holds. A
  // finished snapshot or a file that is not a snapshot is refused.
  static Result<std::unique_ptr<SnapshotWriter>> Resume(const std::string& path);
  ~SnapshotWriter();

  const Schema& schema() const { return *schema_; }
  ObjectProgress Progress(const std::string& object) const;

  // Inserts a page of records (a JSON array of REST records, each with the
  // object's field names; "attributes" and unknown keys are ignored) and
  // moves the checkpoint, atomically. Returns the rows written.
  Result<size_t> WritePage(const SObject& object, std::string_view records_json, bool last_page);

  // Indexes, provenance (key/value pairs added to `_org_meta`, plus
  // pulled_at = the clock and the row count of every object), single-file journal.
  Status Finish(const std::vector<std::pair<std::string, std::string>>& provenance);

 private:
  SnapshotWriter(std::unique_ptr<Database> db, std::shared_ptr<const Schema> schema);
  Status LoadProgress();
  Result<Statement*> InsertStatement(const SObject& object);

  std::unique_ptr<Database> db_;
  std::shared_ptr<const Schema> schema_;
  std::map<std::string, ObjectProgress> progress_;
  std::map<std::string, Statement> inserts_;
  Statement checkpoint_;
};

constexpr std::string_view kPullProgressTable = "_pull_progress";

}  // namespace crm::org

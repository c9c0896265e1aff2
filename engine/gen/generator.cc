#include "engine/gen/generator.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "engine/gen/steps.h"
#include "engine/org/datetime.h"
#include "engine/org/ids.h"
#include "engine/org/schema.h"
#include "engine/org/store.h"

namespace crm::gen {
namespace {

Status Populate(org::Database& db, World& world) {
  CRM_RETURN_IF_ERROR(WriteAgentsAndIssues(db, world));
  CRM_RETURN_IF_ERROR(WriteCustomers(db, world));
  CRM_RETURN_IF_ERROR(WriteCatalog(db, world));
  CRM_RETURN_IF_ERROR(WriteKnowledge(db, world));
  CRM_RETURN_IF_ERROR(WriteOrders(db, world));
  CRM_RETURN_IF_ERROR(WriteCases(db, world));
  return WriteLatentTables(db, world);
}

Result<std::map<std::string, uint64_t>> CountRows(org::Database& db) {
  std::map<std::string, uint64_t> rows;
  for (const org::SObject& o : org::Schema::Crm().objects()) {
    Result<int64_t> n = db.QueryInt("SELECT COUNT(*) FROM " + org::QuoteIdent(o.name));
    if (!n.ok()) return n.status();
    rows[o.name] = static_cast<uint64_t>(*n);
  }
  return rows;
}

}  // namespace

Result<GenerationReport> GenerateOrg(const GeneratorOptions& options) {
  namespace fs = std::filesystem;
  const auto started = std::chrono::steady_clock::now();
  if (options.out_path.empty()) return Status::InvalidArgument("no output path given");
  if (!(options.scale > 0) || options.scale > 1000) {
    return Status::InvalidArgument("scale must be in (0, 1000], got " + std::to_string(options.scale));
  }
  std::error_code ec;
  if (fs::exists(options.out_path, ec) && !options.overwrite) {
    return Status::InvalidArgument(options.out_path + " already exists (use --force to replace it)");
  }
  // Write next to the target and rename at the end, so an interrupted run
  // never leaves a half-written org under the requested name.
  const std::string tmp_path = options.out_path + ".partial";
  fs::remove(tmp_path, ec);
  GenerationReport report;
  {
    Result<std::unique_ptr<org::Database>> db = org::Database::Open(tmp_path, org::Database::Mode::kReadWriteCreate);
    if (!db.ok()) return db.status();
    org::Database& d = **db;
    // One big transaction without a rollback journal: the file is only
    // renamed into place once complete, so crash safety comes from the rename.
    CRM_RETURN_IF_ERROR(d.Exec("PRAGMA page_size=4096; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                               "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; BEGIN;"));
    World world;
    world.seed = options.seed;
    world.scale = options.scale;
    world.first_day = org::DaysFromCivil({2020, 1, 1});
    world.last_day = org::DaysFromCivil({2025, 6, 30});
    world.clock = org::DaysFromCivil({2025, 7, 1}) * org::kSecondsPerDay;
    world.record_type_id = org::MakeRecordId("012", 0);
    world.catalog_id = org::MakeRecordId("0ZS", 0);
    Status s = org::CreateOrgTables(d, org::Schema::Crm());
    if (s.ok()) s = Populate(d, world);
    if (s.ok()) s = org::WriteOrgMeta(d, {kGeneratorVersion, options.seed, options.scale, org::FormatDateTime(world.clock)});
    if (s.ok()) s = d.Exec("COMMIT;");
    if (s.ok()) s = org::BuildOrgIndexes(d, org::Schema::Crm());
    if (s.ok()) {
      Result<std::map<std::string, uint64_t>> rows = CountRows(d);
      if (rows.ok()) {
        report.rows_per_object = std::move(rows).value();
      } else {
        s = rows.status();
      }
    }
    if (!s.ok()) {
      db->reset();
      fs::remove(tmp_path, ec);
      return s;
    }
  }
  fs::rename(tmp_path, options.out_path, ec);
  if (ec) return Status::IoError("cannot move " + tmp_path + " to " + options.out_path + ": " + ec.message());
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace crm::gen

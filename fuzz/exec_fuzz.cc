// libFuzzer target: SOQL or SOSL text executed end to end on a small org.
// Besides crashes and leaks it traps when a query fails inside SQLite
// (UNKNOWN_EXCEPTION): every accepted query must compile to valid SQL.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string_view>

#include "engine/org/ids.h"
#include "engine/org/schema.h"
#include "engine/org/store.h"
#include "engine/soql/org_session.h"

namespace {

std::unique_ptr<crm::soql::OrgSession> MakeSession() {
  using crm::org::Database;
  auto db = std::move(Database::Open(":memory:", Database::Mode::kReadWriteCreate)).value();
  const crm::org::Schema& schema = crm::org::Schema::Crm();
  if (!crm::org::CreateOrgTables(*db, schema).ok()) std::abort();
  // One row per object so joins, children and aggregates produce output.
  for (const crm::org::SObject& o : schema.objects()) {
    auto ins = std::move(crm::org::RowInserter::Create(*db, o)).value();
    for (const crm::org::Field& f : o.fields) {
      if (f.type == crm::org::FieldType::kId) {
        ins.Text(f.name, crm::org::MakeRecordId(o.key_prefix, 1));
      } else if (f.type == crm::org::FieldType::kReference) {
        ins.Text(f.name, crm::org::MakeRecordId(schema.FindObject(f.references)->key_prefix, 1));
      } else if (f.type == crm::org::FieldType::kDateTime) {
        ins.Text(f.name, "2024-06-01T10:00:00.000+0000");
      } else if (f.type == crm::org::FieldType::kDate) {
        ins.Text(f.name, "2024-06-01");
      } else if (crm::org::SqlColumnType(f.type) != "TEXT") {
        ins.Int(f.name, 1);
      } else {
        ins.Text(f.name, "alpha beta " + f.name);
      }
    }
    if (!ins.Insert().ok()) std::abort();
  }
  if (!crm::org::BuildOrgIndexes(*db, schema).ok()) std::abort();
  crm::org::OrgMeta meta;
  meta.clock = "2024-06-15T12:00:00.000+0000";
  if (!crm::org::WriteOrgMeta(*db, meta).ok()) std::abort();
  auto conn = std::move(crm::soql::OrgConnection::Wrap(std::move(db))).value();
  return std::make_unique<crm::soql::OrgSession>(std::move(conn), schema);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<crm::soql::OrgSession> session = MakeSession();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  crm::soql::QueryOptions options;
  options.timeout = std::chrono::milliseconds(2000);
  crm::soql::Outcome<std::string> out = session->Execute(text, options);
  if (!out.ok() && out.error().error_code == "UNKNOWN_EXCEPTION") {
    std::fprintf(stderr, "SQLite rejected the SQL of: %.*s\n%s\n", static_cast<int>(size), text.data(),
                 out.error().message.c_str());
    __builtin_trap();
  }
  return 0;
}

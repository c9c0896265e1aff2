// engine/org/schema_store.h — the schema an org file carries.
//
// Every org file holds its object and field definitions in `_org_schema`
// (one row per sObject, in order, the definition as schema_definition.h's
// JSON), written by CreateOrgTables for the generated org and by `org pull`
// for a snapshot of a real one. The SOQL/SOSL binder, `org schema`, `org
// stats`, the agent's schema prompt and `serve org`'s describe read it from
// there. A file made before the table existed is the CRMArena org: reading
// it gives Schema::Crm(). Same threading as Database.
#pragma once

#include <memory>

#include "core/status.h"
#include "engine/org/schema.h"
#include "engine/org/sqlite.h"

namespace crm::org {

constexpr std::string_view kSchemaTable = "_org_schema";

// Creates `_org_schema` if needed and replaces its rows with `schema`'s objects.
Status WriteOrgSchema(Database& db, const Schema& schema);

// The file's schema; Schema::Crm() (not owned) when the file has no `_org_schema`.
Result<std::shared_ptr<const Schema>> ReadOrgSchema(Database& db);

}  // namespace crm::org

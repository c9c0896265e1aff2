// engine/org/schema_definition.h — one sObject's full definition as JSON:
// what an org file stores in `_org_schema` (see schema_store.h), so a pulled
// org and the generated one describe themselves the same way. Unlike the
// public list-of-objects text the agent sees (schema_json.h), this keeps
// every property the SOQL/SOSL binder and `serve org`'s describe need:
// types, picklist values, lookups with their relationship names, key
// prefixes, search and name flags. Pure; safe from any thread.
#pragma once

#include <string>

#include "core/status.h"
#include "engine/org/schema.h"

namespace crm::org {

// {"name", "label", "keyPrefix", "description", "fields": [{"name", "type",
// "description", "nillable", "searchable", "nameField", "picklistValues",
// "referenceTo", "relationshipName", "childRelationshipName"}]}.
// Child relationships are not written: Schema derives them from the lookups.
std::string ObjectDefinitionJson(const SObject& object);

// The inverse; a malformed definition is refused naming `source` and what is wrong.
Result<SObject> ObjectFromDefinitionJson(const std::string& text, const std::string& source);

}  // namespace crm::org

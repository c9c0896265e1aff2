// engine/org/schema_text.h — the schema text an agent is shown, from the
// sources other than the local org's own definitions: a schema file in the
// published list-of-objects format ([{"object": ..., "fields": {name:
// description}}], as the public CRMArena, B2B and B2C data sets ship it),
// or a Salesforce org's describe responses. Both give the compact JSON that
// org::SchemaToJson gives for the local org. Pure; safe from any thread.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace crm::org {

// Checks and normalises a schema file's text: a non-empty list of objects,
// each with a non-empty "object" name and a "fields" object whose values
// are descriptions. Fields with a null description are left out (the
// published files carry nulls where another object has a field this one
// lacks, and the official loader drops them too). `source` names the file
// in errors.
Result<std::string> SchemaTextFromFile(const std::string& text, const std::string& source);

// The list-of-objects JSON from `GET sobjects/<Object>/describe` bodies
// (object name, body), in the given order: each field's description is its
// label, with the target object named for lookups.
Result<std::string> SchemaTextFromDescribes(const std::vector<std::pair<std::string, std::string>>& describes);

// The object names of a schema text, in order (e.g. for describing them).
std::vector<std::string> SchemaObjectNames(const std::string& schema_text);

}  // namespace crm::org

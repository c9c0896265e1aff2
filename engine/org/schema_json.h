// engine/org/schema_json.h — the schema as the public list-of-objects JSON
// ([{"object": ..., "fields": {name: description}}]) that agents are shown.
// Pure; safe from any thread.
#pragma once

#include <string>

#include "engine/org/schema.h"

namespace crm::org {

std::string SchemaToJson(const Schema& schema, bool pretty);

}  // namespace crm::org

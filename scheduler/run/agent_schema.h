// scheduler/run/agent_schema.h — the schema text every episode's prompt
// shows, chosen once per sweep: the file `org.schema` names (the published
// list-of-objects format), else for a Salesforce org its describe calls, else
// the local org's own definitions. Runs on the main thread at setup.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "engine/tasks/task.h"
#include "scheduler/config/sweep_config.h"
#include "scheduler/run/run_context.h"

namespace crm::io::salesforce {
class SalesforceClient;
}

namespace crm::sched {

// The schema text for `config`. `remote` is the logged-in client of a
// Salesforce org (nullptr for the local org); it is used only when no schema
// file is given: the objects described are the CRMArena objects for
// org.type "original"; a b2b or b2c org needs its schema file.
Result<std::string> AgentSchemaText(const SweepConfig& config, io::salesforce::SalesforceClient* remote);

// Sets ctx.schema_json to AgentSchemaText and binds the shared prompt cache
// (ctx.shared_prompts) to it and to ctx.prompts.
Status SetAgentSchema(const SweepConfig& config, io::salesforce::SalesforceClient* remote, RunContext& ctx);

// Refuses tasks whose type belongs to another benchmark than the sweep's
// org.type: the nine CRMArena types on "original", CRMArena-Pro types on
// "b2b" and "b2c".
Status CheckTaskOrgTypes(const SweepConfig& config, const std::vector<tasks::Task>& tasks);

}  // namespace crm::sched

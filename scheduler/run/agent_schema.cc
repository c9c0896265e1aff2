#include "scheduler/run/agent_schema.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "engine/org/schema.h"
#include "engine/org/schema_json.h"
#include "engine/org/schema_store.h"
#include "engine/org/schema_text.h"
#include "engine/tasks/task_catalog.h"
#include "io/salesforce/sf_client.h"

namespace crm::sched {
namespace {

Result<std::string> FromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("org.schema: cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return org::SchemaTextFromFile(text.str(), path);
}

Result<std::string> FromDescribes(const OrgConfig& org, io::salesforce::SalesforceClient& remote) {
  if (org.type != "original") {
    return Status::InvalidArgument("org.type \"" + org.type +
                                   "\": give the org's schema file in org.schema (the published " + org.type +
                                   " schema); only the original CRMArena objects are known without one");
  }
  std::vector<std::pair<std::string, std::string>> describes;
  for (const org::SObject& object : org::Schema::Crm().objects()) {
    auto body = remote.Get("/sobjects/" + object.name + "/describe");
    if (!body.ok() && body.error().code == CallErrorCode::kDailyApiLimit) {
      return Status::ResourceExhausted("the org's daily API limit was reached (" + body.error().message +
                                       ") while describing " + object.name + ": nothing was run; run the same command "
                                       "(with --resume) once the org's 24-hour API window has moved on");
    }
    if (!body.ok()) return Status::IoError("describe " + object.name + ": " + body.error().message);
    describes.emplace_back(object.name, std::move(body).value());
  }
  return org::SchemaTextFromDescribes(describes);
}

// The local org file's own schema; the CRMArena one while the file is still
// to be generated (the generator writes exactly that).
Result<std::string> FromLocalOrg(const OrgConfig& org) {
  std::error_code ec;
  if (!std::filesystem::exists(org.path, ec)) return org::SchemaToJson(org::Schema::Crm(), false);
  auto db = org::Database::Open(org.path, org::Database::Mode::kReadOnly);
  if (!db.ok()) return db.status();
  auto schema = org::ReadOrgSchema(**db);
  if (!schema.ok()) return schema.status();
  return org::SchemaToJson(**schema, false);
}

}  // namespace

Result<std::string> AgentSchemaText(const SweepConfig& config, io::salesforce::SalesforceClient* remote) {
  if (!config.org.schema_path.empty()) return FromFile(config.org.schema_path);
  if (remote != nullptr) return FromDescribes(config.org, *remote);
  return FromLocalOrg(config.org);
}

Status CheckTaskOrgTypes(const SweepConfig& config, const std::vector<tasks::Task>& tasks) {
  const bool original = config.org.type == "original";
  for (const tasks::Task& t : tasks) {
    const tasks::TaskInfo* info = tasks::FindTask(t.task);
    if (info == nullptr) continue;  // the loader already vouched for the name
    if (original ? info->in_crmarena : info->in_pro) continue;
    return Status::InvalidArgument(
        "task " + std::to_string(t.idx) + " (" + t.task + ") is " +
        (original ? "a CRMArena-Pro task" : "not a CRMArena-Pro task") + ", but org.type is \"" + config.org.type +
        "\" in " + config.source + "; run it against its own org type, or filter it out with tasks.types");
  }
  return Status::Ok();
}

Status SetAgentSchema(const SweepConfig& config, io::salesforce::SalesforceClient* remote, RunContext& ctx) {
  auto schema = AgentSchemaText(config, remote);
  if (!schema.ok()) return schema.status();
  ctx.schema_json = std::make_shared<const std::string>(std::move(schema).value());
  ctx.shared_prompts = std::make_shared<agents::SharedPrompts>(ctx.prompts, ctx.schema_json);
  return Status::Ok();
}

}  // namespace crm::sched

// scheduler/servers/org_api_describe.h — the describe resources of the
// Salesforce-compatible server (resource root, describeGlobal, per-object
// describe), rendered from the org's schema. Pure functions.
#pragma once

#include <string>

#include "engine/org/schema.h"

namespace crm::servers {

std::string DataRootJson(const std::string& version, const std::string& instance_url);
std::string DescribeGlobalJson(const org::Schema& schema, const std::string& version);
std::string DescribeObjectJson(const org::SObject& object, const std::string& version);

}  // namespace crm::servers

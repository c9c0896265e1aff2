// tests/engine/org/test_org.h — generates one org per test binary run and
// shares it read-only between the tests that need a realistic org.
#pragma once

#include <memory>
#include <string>

#include "engine/org/sqlite.h"

namespace crm::testing {

// Path of a scale-1 org (seed 7) generated on first use in the temp dir.
const std::string& SharedOrgPath();
// A new read-only connection to it.
std::unique_ptr<org::Database> OpenSharedOrg();
// A fresh temporary directory for this test (removed at exit).
std::string TempDir();

}  // namespace crm::testing

// tests/engine/soql/fixture_org.h — a small hand-built org with known values
// for the SOQL/SOSL tests. Ids are MakeRecordId(prefix, n) with n from 1;
// "{Case:3}" placeholders in test data expand to those ids. The org clock
// is 2024-06-15T12:00:00Z (a Saturday).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/soql/org_session.h"

namespace crm::soql::testing {

inline constexpr const char* kFixtureClock = "2024-06-15T12:00:00.000+0000";

// An in-memory org with the fixture rows, wrapped in a locked-down session.
std::unique_ptr<OrgSession> MakeFixtureSession();
// The same rows in a plain read-write database (for independent SQL checks).
std::unique_ptr<org::Database> MakeFixtureDatabase();

// Id of the n-th fixture record of an sObject ("Case", 3).
std::string FixtureId(std::string_view object, int n);
// Replaces every {Object:n} with FixtureId(Object, n).
std::string ExpandIds(std::string_view text);

}  // namespace crm::soql::testing

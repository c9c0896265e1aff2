// engine/org/ids.h — Salesforce record ids.
//
// A 15-character id is key prefix (3) + instance (2) + reserved '0' + a
// 9-character base-62 counter; the 18-character form appends the 3-character
// case checksum. Pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::org {

// The deterministic id of the `sequence`-th record (0-based) of the object
// with `key_prefix`, in 18-character form.
std::string MakeRecordId(std::string_view key_prefix, uint64_t sequence);

// Appends the case checksum to a 15-character id. REQUIRES: id15.size() == 15.
std::string Id15To18(std::string_view id15);

// Restores the case-sensitive 15-character id from an 18-character id whose
// letters may have been lower- or upper-cased. Returns nullopt if the input
// is not 18 base-62 characters with a valid checksum alphabet.
std::optional<std::string> Id18To15(std::string_view id18);

// True for 15 or 18 base-62 characters (and, for 18, a matching checksum).
bool IsValidId(std::string_view id);

// Normalises a 15- or 18-character id to the canonical 18-character form;
// nullopt when it is not an id.
std::optional<std::string> NormalizeId(std::string_view id);

}  // namespace crm::org

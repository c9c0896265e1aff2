// scheduler/plan/stable_hash.h — a hash that is the same on every machine
// and every run (FNV-1a 64 followed by a 64-bit finaliser), for episode keys,
// shards and config hashes. Pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace crm::sched {

uint64_t StableHash64(std::string_view data);
std::string HexHash64(std::string_view data);  // 16 lower-case hex digits

}  // namespace crm::sched

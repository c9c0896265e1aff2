#include "scheduler/plan/stable_hash.h"

#include <cstdio>

namespace crm::sched {

uint64_t StableHash64(std::string_view data) {
  uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  // Finaliser so that nearby keys spread evenly across shards.
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 33;
  return h;
}

std::string HexHash64(std::string_view data) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(StableHash64(data)));
  return buf;
}

}  // namespace crm::sched

#include "core/allocator.h"

#if defined(CRM_WITH_MIMALLOC)
#include <mimalloc.h>
#endif

namespace crm {

std::string AllocatorName() {
#if defined(CRM_WITH_MIMALLOC)
  const int v = mi_version();  // e.g. 209 for 2.0.9
  return "mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." + std::to_string(v % 10);
#else
  return "system malloc";
#endif
}

bool AllocatedByMimalloc([[maybe_unused]] const void* p) {
#if defined(CRM_WITH_MIMALLOC)
  return mi_is_in_heap_region(p);
#else
  return false;
#endif
}

}  // namespace crm

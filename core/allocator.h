// core/allocator.h — which allocator this process runs on (build choice:
// cmake/Allocator.cmake), so benchmark figures can say what they measured.
//
// Thread-safety: pure functions; call from any thread.
#pragma once

#include <string>

namespace crm {

// "mimalloc 2.0.9" when the build links mimalloc, else "system malloc".
std::string AllocatorName();

// True when `p` (from malloc or operator new) came from mimalloc's heap:
// proof that the replacement took effect, not merely that it was linked.
bool AllocatedByMimalloc(const void* p);

}  // namespace crm

#include "core/allocator.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace crm {
namespace {

// Release builds link mimalloc; the sanitizer builds keep the system
// allocator (cmake/Allocator.cmake). Each test checks whichever this binary has.
bool BuiltWithMimalloc() { return AllocatorName().rfind("mimalloc ", 0) == 0; }

TEST(Allocator, NameIsMimallocWithVersionOrSystemMalloc) {
  const std::string name = AllocatorName();
  if (BuiltWithMimalloc()) {
    EXPECT_GT(name.size(), std::string("mimalloc ").size()) << name;
  } else {
    EXPECT_EQ(name, "system malloc");
  }
}

// Linking is not enough: the library must come ahead of libc so its malloc
// is the one every caller (operator new, C code) reaches.
TEST(Allocator, MallocAndNewComeFromTheNamedAllocator) {
  const bool mimalloc = BuiltWithMimalloc();
  void* small = std::malloc(24);
  void* large = std::malloc(64 * 1024);
  auto text = std::make_unique<std::string>(5000, 'x');
  EXPECT_EQ(AllocatedByMimalloc(small), mimalloc);
  EXPECT_EQ(AllocatedByMimalloc(large), mimalloc);
  EXPECT_EQ(AllocatedByMimalloc(text->data()), mimalloc);
  std::free(small);
  std::free(large);
  int on_stack = 0;
  EXPECT_FALSE(AllocatedByMimalloc(&on_stack));
}

// The engine's pattern: texts made on one thread (the org's worker) and
// freed on another (the network thread), round after round.
TEST(Allocator, TextsMadeOnOneThreadAndFreedOnAnother) {
  const bool mimalloc = BuiltWithMimalloc();
  for (int round = 0; round < 50; ++round) {
    std::vector<std::string> made;
    std::thread maker([&] {
      for (int i = 0; i < 200; ++i) made.emplace_back(2000 + i * 10, static_cast<char>('a' + i % 26));
    });
    maker.join();
    for (int i = 0; i < 200; ++i) {
      ASSERT_EQ(made[i].size(), static_cast<size_t>(2000 + i * 10));
      ASSERT_EQ(made[i].back(), static_cast<char>('a' + i % 26));
      ASSERT_EQ(AllocatedByMimalloc(made[i].data()), mimalloc);
    }
  }  // freed here, on the test's thread
}

}  // namespace
}  // namespace crm

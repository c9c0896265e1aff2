#include "core/json_scratch.h"

#include <gtest/gtest.h>
#include <rapidjson/writer.h>

#include <string>

namespace crm::json {
namespace {

std::string Build(const char* key, int value) {
  ScratchBuffer scratch(64);
  rapidjson::Writer<rapidjson::StringBuffer> w(scratch.get());
  w.StartObject();
  w.Key(key);
  w.Int(value);
  w.EndObject();
  return scratch.str();
}

TEST(JsonScratch, EachLeaseStartsEmptyAndTheThreadBufferIsReused) {
  const char* first_storage = nullptr;
  {
    ScratchBuffer scratch(4096);
    scratch.get().Put('x');
    first_storage = scratch.get().GetString();
  }
  EXPECT_EQ(Build("a", 1), R"({"a":1})");
  EXPECT_EQ(Build("b", 2), R"({"b":2})");
  ScratchBuffer again(16);
  EXPECT_EQ(again.text(), "");
  EXPECT_EQ(again.get().GetString(), first_storage);  // the same memory, not a new allocation
}

TEST(JsonScratch, ANestedLeaseGetsItsOwnBuffer) {
  ScratchBuffer outer(32);
  outer.get().Put('[');
  std::string inner = Build("k", 7);  // leases while `outer` holds the thread's buffer
  outer.get().Put(']');
  EXPECT_EQ(inner, R"({"k":7})");
  EXPECT_EQ(outer.text(), "[]");
}

TEST(JsonScratch, AnOversizedBufferIsReleased) {
  std::string big(3 << 20, 'a');
  {
    ScratchBuffer scratch(big.size());
    for (char c : big) scratch.get().Put(c);
    EXPECT_EQ(scratch.text().size(), big.size());
  }
  ScratchBuffer next(8);
  rapidjson::StringBuffer& buffer = next.get();
  // Shrunk to fit its (empty) contents: there is no room for 3 MB any more.
  buffer.Reserve(1);
  EXPECT_LT(buffer.stack_.GetCapacity(), size_t{1} << 20);
}

}  // namespace
}  // namespace crm::json

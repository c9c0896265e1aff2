#include "core/json_scratch.h"

#include <gtest/gtest.h>
#include <rapidjson/writer.h>

#include <string>
#include <vector>

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

std::string Long(char fill, size_t size) {
  ScratchBuffer scratch(size);
  for (size_t i = 0; i < size; ++i) scratch.get().Put(fill);
  return scratch.str();
}

TEST(JsonScratch, ARecycledStringCarriesTheNextLongText) {
  std::string sent = Long('a', 12000);
  const char* storage = sent.data();
  RecycleString(std::move(sent));
  std::string next = Long('b', 11000);  // fits in the recycled memory
  EXPECT_EQ(next.data(), storage);
  EXPECT_EQ(next, std::string(11000, 'b'));
  std::string bigger = Long('c', 20000);  // no spare is large enough now
  EXPECT_EQ(bigger, std::string(20000, 'c'));
  EXPECT_NE(bigger.data(), storage);
}

TEST(JsonScratch, ShortTextsAndOversizedStringsDoNotUseTheSpares) {
  std::string sent = Long('a', 8000);
  const char* storage = sent.data();
  RecycleString(std::move(sent));
  std::string small = Long('s', 100);  // a short text never takes a spare
  EXPECT_EQ(small, std::string(100, 's'));
  EXPECT_NE(small.data(), storage);
  std::string huge(2 << 20, 'h');  // over 1 MiB: not kept
  const char* huge_storage = huge.data();
  RecycleString(std::move(huge));
  EXPECT_EQ(huge.data(), huge_storage);  // still the caller's, freed with it
  std::string next = Long('n', 5000);
  EXPECT_EQ(next.data(), storage);  // the 8,000-byte spare, not the refused one
}

TEST(JsonScratch, AtMostFourSparesAreKept) {
  std::vector<std::string> sent;
  for (int i = 0; i < 6; ++i) sent.emplace_back(4000, 'x');
  std::vector<const char*> storages;
  for (std::string& s : sent) {
    storages.push_back(s.data());
    RecycleString(std::move(s));
  }
  int kept = 0;
  for (const std::string& s : sent) kept += s.empty() ? 1 : 0;  // a refused string stays with its owner
  EXPECT_EQ(kept, 4);
  std::vector<std::string> taken;
  int reused = 0;
  for (int i = 0; i < 5; ++i) {
    taken.push_back(Long('y', 3000));
    for (const char* p : storages) reused += taken.back().data() == p ? 1 : 0;
  }
  EXPECT_EQ(reused, 4);
}

}  // namespace
}  // namespace crm::json

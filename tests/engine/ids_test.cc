#include "engine/org/ids.h"

#include <gtest/gtest.h>

#include <set>

namespace crm::org {
namespace {

// Vectors from SALESFORCE.md section 9.2 (Salesforce documentation examples).
TEST(IdsTest, ChecksumMatchesKnownVectors) {
  EXPECT_EQ(Id15To18("001D000000IqhSL"), "001D000000IqhSLIAZ");
  EXPECT_EQ(Id15To18("001D000000Iomaz"), "001D000000IomazIAB");
  EXPECT_EQ(Id15To18("001D000000IRFma"), "001D000000IRFmaIAH");
  EXPECT_EQ(Id15To18("500B000000A1nvP"), "500B000000A1nvPIAR");
  EXPECT_EQ(Id15To18("0ZGHo000000hpPd"), "0ZGHo000000hpPdOAI");
}

TEST(IdsTest, RestoresCaseFromLowercasedId) {
  EXPECT_EQ(Id18To15("001d000000iqhsliaz").value(), "001D000000IqhSL");
  EXPECT_EQ(Id18To15("0ZGHO000000HPPDOAI").value(), "0ZGHo000000hpPd");
  EXPECT_EQ(NormalizeId("500b000000a1nvpiar").value(), "500B000000A1nvPIAR");
  EXPECT_EQ(NormalizeId("500B000000A1nvP").value(), "500B000000A1nvPIAR");
}

TEST(IdsTest, RejectsNonIds) {
  EXPECT_FALSE(IsValidId(""));
  EXPECT_FALSE(IsValidId("001D000000IqhS"));
  EXPECT_FALSE(IsValidId("001D000000IqhSL'--"));
  EXPECT_FALSE(IsValidId("001D000000IqhS-IAZ"));
  EXPECT_FALSE(IsValidId("001D000000IqhSL999"));  // '9' is not in the checksum alphabet
  // A checksum that marks a digit as upper-case cannot come from a real id.
  EXPECT_FALSE(IsValidId("0011111111111115AA"));
}

TEST(IdsTest, RecordIdsAreDeterministicUniqueAndValid) {
  std::set<std::string> seen;
  for (uint64_t seq = 0; seq < 5000; ++seq) {
    std::string id = MakeRecordId("500", seq);
    ASSERT_EQ(id.size(), 18u);
    ASSERT_EQ(id.substr(0, 3), "500");
    ASSERT_TRUE(IsValidId(id)) << id;
    ASSERT_TRUE(seen.insert(id).second) << id;
  }
  EXPECT_EQ(MakeRecordId("001", 7), MakeRecordId("001", 7));
  EXPECT_NE(MakeRecordId("001", 7), MakeRecordId("003", 7));
}

}  // namespace
}  // namespace crm::org

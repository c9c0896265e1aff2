#include "engine/org/datetime.h"

#include <gtest/gtest.h>

namespace crm::org {
namespace {

TEST(DateTimeTest, CivilRoundTrip) {
  for (int64_t d = -1000; d < 30000; d += 7) {
    ASSERT_EQ(DaysFromCivil(CivilFromDays(d)), d);
  }
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2020, 3, 1}) - DaysFromCivil({2020, 2, 28}), 2);  // leap year
  EXPECT_EQ(IsoWeekday(DaysFromCivil({2025, 6, 30})), 1);                    // a Monday
}

TEST(DateTimeTest, MonthArithmeticClamps) {
  EXPECT_EQ(AddMonths({2024, 1, 31}, 1), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(AddMonths({2023, 5, 31}, -3), (CivilDate{2023, 2, 28}));
  EXPECT_EQ(AddMonths({2023, 1, 15}, -1), (CivilDate{2022, 12, 15}));
}

TEST(DateTimeTest, FormatsAndParses) {
  int64_t t = DaysFromCivil({2023, 1, 5}) * kSecondsPerDay + 10 * 3600 + 7;
  EXPECT_EQ(FormatDateTime(t), "2023-01-05T10:00:07.000+0000");
  EXPECT_EQ(FormatDateTimeZ(t), "2023-01-05T10:00:07Z");
  EXPECT_EQ(ParseDateTime("2023-01-05T10:00:07.000+0000"), t);
  EXPECT_EQ(ParseDateTime("2023-01-05T10:00:07Z"), t);
  EXPECT_EQ(ParseDateTime("2023-01-05T12:00:07+02:00"), t);
  EXPECT_EQ(ParseDateTime("2023-01-05T05:00:07-0500"), t);
  EXPECT_FALSE(ParseDateTime("2023-01-05T25:00:07Z"));
  EXPECT_FALSE(ParseDateTime("2023-02-30T10:00:00Z"));
  EXPECT_FALSE(ParseDateTime("2023-01-05T10:00:07Zjunk"));
  EXPECT_EQ(FormatDate(DaysFromCivil({2021, 3, 22})), "2021-03-22");
  EXPECT_EQ(ParseDate("2021-03-22"), DaysFromCivil({2021, 3, 22}));
  EXPECT_FALSE(ParseDate("2021-13-01"));
}

}  // namespace
}  // namespace crm::org

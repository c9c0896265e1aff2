// datetime.strptime with the official tools' two formats, strftime, and the
// relativedelta arithmetic of get_start_date, with the texts Python gives
// (printed by CPython 3.11 and dateutil 2.9).
#include <gtest/gtest.h>

#include "engine/tools/py_datetime.h"

namespace crm::py {
namespace {

bool ArgOk(const char* text) { return Strptime(text, DateFormat::kToolArgument).has_value(); }
bool RecordOk(const char* text) { return Strptime(text, DateFormat::kRecord).has_value(); }

TEST(PyStrptime, ToolArgumentForm) {
  EXPECT_TRUE(ArgOk("2024-01-31T10:20:30Z"));
  EXPECT_TRUE(ArgOk("2024-1-5T1:2:3Z"));   // one-digit fields
  EXPECT_TRUE(ArgOk("2024-01-05t00:00:00z"));  // the literals match in any case
  EXPECT_TRUE(ArgOk("2024-01- 5T00:00:00Z"));  // %d takes " 5"
  EXPECT_TRUE(ArgOk("2024-02-29T00:00:00Z"));
  EXPECT_FALSE(ArgOk("2023-02-29T00:00:00Z"));  // day out of range for month
  EXPECT_FALSE(ArgOk("2024-01-01"));
  EXPECT_FALSE(ArgOk("2024-01-01T00:00:00"));
  EXPECT_FALSE(ArgOk("2024-01-01T00:00:00.000Z"));
  EXPECT_FALSE(ArgOk("2024-01-01T00:00:00Z "));  // unconverted data remains
  EXPECT_FALSE(ArgOk("2024-13-01T00:00:00Z"));
  EXPECT_FALSE(ArgOk("2024-01-01T24:00:00Z"));
  EXPECT_FALSE(ArgOk("2024-01-01T00:00:60Z"));  // %S takes 60, datetime() refuses it
  EXPECT_FALSE(ArgOk("0000-01-01T00:00:00Z"));
  EXPECT_FALSE(ArgOk("24-01-01T00:00:00Z"));
}

TEST(PyStrptime, RecordForm) {
  std::optional<DateTime> d = Strptime("2024-01-31T23:00:00.5-0500", DateFormat::kRecord);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->month, 1);  // the fields as written, in their own offset
  EXPECT_EQ(d->microsecond, 500000);
  EXPECT_EQ(d->utc_offset_us, -5LL * 3600 * 1000000);
  EXPECT_EQ(d->UtcMicros(), Strptime("2024-02-01T04:00:00.500+0000", DateFormat::kRecord)->UtcMicros());
  EXPECT_TRUE(RecordOk("2024-01-01T00:00:00.000Z"));
  EXPECT_TRUE(RecordOk("2024-01-01T00:00:00.000+05:30"));
  EXPECT_TRUE(RecordOk("2024-01-01T00:00:00.123456+00:00:30.5"));
  EXPECT_FALSE(RecordOk("2024-01-01T00:00:00.000z"));      // %z's Z is case-sensitive
  EXPECT_FALSE(RecordOk("2024-01-01T00:00:00Z"));          // no fraction
  EXPECT_FALSE(RecordOk("2024-01-01T00:00:00.1234567Z"));  // seven digits
  EXPECT_FALSE(RecordOk("2024-01-01T00:00:00.000+00:0030"));  // inconsistent use of ':'
  EXPECT_FALSE(RecordOk("2024-01-01T00:00:00.000+2400"));   // offset of a day
  EXPECT_FALSE(RecordOk("2024-01-01T00:00:00.000+0000:"));
}

std::string Start(const char* end, Period p, int64_t n) {
  std::variant<DateTime, std::string> r = SubtractPeriods(*Strptime(end, DateFormat::kToolArgument), p, n);
  if (const std::string* e = std::get_if<std::string>(&r)) return "error: " + *e;
  return FormatToolDate(std::get<DateTime>(r));
}

TEST(PyRelativeDelta, Subtraction) {
  EXPECT_EQ(Start("2024-03-31T10:20:30Z", Period::kMonth, 1), "2024-02-29T10:20:30Z");
  EXPECT_EQ(Start("2023-03-31T00:00:00Z", Period::kMonth, 13), "2022-02-28T00:00:00Z");
  EXPECT_EQ(Start("2024-05-31T00:00:00Z", Period::kQuarter, 1), "2024-02-29T00:00:00Z");
  EXPECT_EQ(Start("2024-01-01T00:00:00Z", Period::kWeek, 1), "2023-12-25T00:00:00Z");
  EXPECT_EQ(Start("2024-01-01T00:00:00Z", Period::kDay, 45), "2023-11-17T00:00:00Z");
  EXPECT_EQ(Start("0005-01-01T00:00:00Z", Period::kDay, 3), "4-12-29T00:00:00Z");  // no year padding
  EXPECT_EQ(Start("2024-01-01T00:00:00Z", Period::kDay, 700000), "107-06-20T00:00:00Z");
  EXPECT_EQ(Start("2024-01-01T00:00:00Z", Period::kMonth, 24300), "error: year -1 is out of range");
  EXPECT_EQ(Start("2024-01-01T00:00:00Z", Period::kMonth, 2147483647), "error: year -178954947 is out of range");
  EXPECT_EQ(Start("2024-01-01T00:00:00Z", Period::kQuarter, 9000), "error: year -226 is out of range");
  EXPECT_EQ(Start("2024-01-01T00:00:00Z", Period::kMonth, 1000000000000), "error: signed integer is less than minimum");
  EXPECT_EQ(Start("2024-01-01T00:00:00Z", Period::kDay, 800000), "error: date value out of range");
  EXPECT_EQ(Start("2024-01-01T00:00:00Z", Period::kDay, 999999999), "error: date value out of range");
  EXPECT_EQ(Start("2024-01-01T00:00:00Z", Period::kDay, 1000000000),
            "error: days=-1000000000; must have magnitude <= 999999999");
  EXPECT_EQ(Start("2024-01-01T00:00:00Z", Period::kDay, 2147483648),
            "error: days=-2147483648; must have magnitude <= 999999999");
  EXPECT_EQ(Start("2024-01-01T00:00:00Z", Period::kDay, 2147483649), "error: Python int too large to convert to C int");
  EXPECT_EQ(Start("2024-01-01T00:00:00Z", Period::kWeek, 142857143),
            "error: days=-1000000001; must have magnitude <= 999999999");
  EXPECT_EQ(Start("2024-01-01T00:00:00Z", Period::kWeek, 999999999), "error: Python int too large to convert to C int");
}

TEST(PyRelativeDelta, PeriodEnds) {
  auto end = [](int year, int month, int months) {
    std::variant<DateTime, std::string> r = AddMonthsFromFirst(year, month, months);
    if (const std::string* e = std::get_if<std::string>(&r)) return *e;
    return FormatToolDate(std::get<DateTime>(r));
  };
  EXPECT_EQ(end(2023, 12, 3), "2024-03-01T00:00:00Z");
  EXPECT_EQ(end(2024, 1, 1), "2024-02-01T00:00:00Z");
  EXPECT_EQ(end(9999, 12, 1), "year 10000 is out of range");
  EXPECT_EQ(MonthName(9), std::string("September"));
}

}  // namespace
}  // namespace crm::py

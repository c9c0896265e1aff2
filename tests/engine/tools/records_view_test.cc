#include "engine/tools/records_view.h"

#include <gtest/gtest.h>

#include <string>

namespace crm::tools {
namespace {

std::string Clean(const std::string& body) {
  std::string error;
  std::optional<std::string> out = CleanRecordsText(body, &error);
  return out ? *out : "ERROR: " + error;
}

TEST(RecordsView, StripsAttributesAtEveryDepth) {
  const std::string body =
      R"({"totalSize":1,"done":true,"records":[{"attributes":{"type":"Case","url":"/x"},"Id":"500A",)"
      R"("Owner":{"attributes":{"type":"User"},"Name":"Ann"},)"
      R"("Tasks":{"totalSize":1,"done":true,"records":[{"attributes":{"type":"Task"},"Subject":"Call"}]}}]})";
  EXPECT_EQ(Clean(body),
            R"([{"Id":"500A","Owner":{"Name":"Ann"},"Tasks":{"totalSize":1,"done":true,"records":[{"Subject":"Call"}]}}])");
}

TEST(RecordsView, DropsColumnsNullInEveryRecordOnly) {
  const std::string body =
      R"({"totalSize":3,"done":true,"records":[{"Id":"1","A":null,"B":null,"C":[1,2]},)"
      R"({"Id":"2","A":null,"B":7,"C":null},{"Id":"3","A":null,"B":null,"C":{"x":null}}]})";
  EXPECT_EQ(Clean(body), R"([{"Id":"1","B":null,"C":[1,2]},{"Id":"2","B":7,"C":null},{"Id":"3","B":null,"C":{"x":null}}])");
}

TEST(RecordsView, KeepsNumbersStringsAndOrderAsWritten) {
  const std::string body =
      R"({"records":[{"Z":-3,"Y":18446744073709551615,"X":1.5e-7,"W":"tab\there \"q\" \u00e9","V":true,"U":[]}]})";
  EXPECT_EQ(Clean(body), R"([{"Z":-3,"Y":18446744073709551615,"X":1.5e-7,"W":"tab\there \"q\" é","V":true,"U":[]}])");
}

TEST(RecordsView, CountQueryShowsTheTotal) {
  EXPECT_EQ(Clean(R"({"totalSize":42,"done":true,"records":[]})"), R"({"totalSize":42})");
  EXPECT_EQ(Clean(R"({"totalSize":0,"done":true,"records":[]})"), "[]");
  EXPECT_EQ(Clean(R"({"totalSize":2.5,"done":true,"records":[]})"), "[]");
}

TEST(RecordsView, SearchResultsUseSearchRecords) {
  EXPECT_EQ(Clean(R"({"searchRecords":[{"attributes":{"type":"Account"},"Id":"001A","Name":"Acme"}]})"),
            R"([{"Id":"001A","Name":"Acme"}])");
}

TEST(RecordsView, NonObjectRecordsPassThrough) {
  EXPECT_EQ(Clean(R"({"records":[1,"two",null,[{"attributes":3,"k":1}],{"a":null}]})"),
            R"([1,"two",null,[{"k":1}],{}])");
}

TEST(RecordsView, BadBodiesAreErrorsNotCrashes) {
  EXPECT_EQ(Clean("not json"), "ERROR: the org's response is not a JSON object");
  EXPECT_EQ(Clean("[1,2]"), "ERROR: the org's response is not a JSON object");
  EXPECT_EQ(Clean(R"({"records":[1,2]} trailing)"), "ERROR: the org's response is not a JSON object");
  EXPECT_EQ(Clean(R"({"records":[{"a":1})"), "ERROR: the org's response is not a JSON object");
  EXPECT_EQ(Clean(R"({"done":true})"), "ERROR: the org's response has no records");
  EXPECT_EQ(Clean(R"({"records":{"a":1}})"), "ERROR: the org's response has no records");
  EXPECT_EQ(Clean(R"({"searchRecords":5,"records":[]})"), "ERROR: the org's response has no records");
  EXPECT_EQ(Clean(std::string(R"({"records":[]})") + '\0' + "junk"), "ERROR: the org's response is not a JSON object");
  EXPECT_EQ(Clean(""), "ERROR: the org's response is not a JSON object");
}

TEST(RecordsView, QueryErrorsAreReportedByCode) {
  std::string error;
  QueryOutcome failed = soql::PlainError("INVALID_FIELD", "No such column 'Foo'");
  EXPECT_FALSE(CleanRecordsJson(failed, &error));
  EXPECT_NE(error.find("INVALID_FIELD"), std::string::npos);
}

}  // namespace
}  // namespace crm::tools

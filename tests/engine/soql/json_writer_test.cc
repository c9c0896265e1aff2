#include "engine/soql/json_writer.h"

#include <gtest/gtest.h>

#include "engine/soql/query_error.h"

namespace crm::soql {
namespace {

TEST(SoqlJsonWriter, NumbersLikeTheRestApi) {
  JsonWriter w;
  w.StartArray();
  for (double d : {786000.0, 1200.5, 9.0, 0.1, -2.25, 39.99}) w.Double(d);
  w.Int64(-42);
  w.Bool(false);
  w.Null();
  w.EndArray();
  EXPECT_EQ(w.str(), "[786000.0,1200.5,9.0,0.1,-2.25,39.99,-42,false,null]");
}

TEST(SoqlJsonWriter, ObjectsKeysAndEscapes) {
  JsonWriter w;
  w.StartObject();
  w.Key("a\"b");
  w.String("line\nnext\ttab \\ \x01 caf\xc3\xa9");
  w.Key("nested");
  w.StartObject();
  w.Key("x");
  w.Raw("[1,2]");
  w.EndObject();
  w.Key("empty");
  w.StartArray();
  w.EndArray();
  w.EndObject();
  EXPECT_EQ(w.str(), "{\"a\\\"b\":\"line\\nnext\\ttab \\\\ \\u0001 caf\xc3\xa9\",\"nested\":{\"x\":[1,2]},\"empty\":[]}");
}

TEST(SoqlJsonWriter, ErrorBody) {
  QueryError e{"MALFORMED_QUERY", "\nSELECT \"x\"\n       ^\nERROR at Row:1:Column:8\nunexpected token: '\"'", 400};
  EXPECT_EQ(e.ToJson(),
            "[{\"message\":\"\\nSELECT \\\"x\\\"\\n       ^\\nERROR at Row:1:Column:8\\nunexpected token: '\\\"'\","
            "\"errorCode\":\"MALFORMED_QUERY\"}]");
  EXPECT_EQ(e.ToString().substr(0, 17), "MALFORMED_QUERY: ");
}

}  // namespace
}  // namespace crm::soql

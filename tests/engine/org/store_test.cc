// The store and the schema agree, and the org file is what the docs say.
#include "engine/org/store.h"

#include <gtest/gtest.h>

#include <regex>

#include "engine/org/schema.h"
#include "tests/engine/org/test_org.h"

namespace crm::org {
namespace {

TEST(StoreTest, TablesMatchSchemaExactly) {
  auto db = testing::OpenSharedOrg();
  for (const SObject& o : Schema::Crm().objects()) {
    Result<Statement> stmt = db->Prepare("PRAGMA table_info(" + QuoteIdent(o.name) + ")");
    ASSERT_TRUE(stmt.ok());
    size_t i = 0;
    while (*stmt->Step()) {
      ASSERT_LT(i, o.fields.size()) << o.name << " has extra column " << stmt->ColumnText(1);
      EXPECT_EQ(stmt->ColumnText(1), o.fields[i].name) << o.name;
      EXPECT_EQ(stmt->ColumnText(2), SqlColumnType(o.fields[i].type)) << o.name << "." << o.fields[i].name;
      ++i;
    }
    EXPECT_EQ(i, o.fields.size()) << o.name;
  }
}

TEST(StoreTest, LookupsAndCreatedDateAreIndexed) {
  auto db = testing::OpenSharedOrg();
  for (const SObject& o : Schema::Crm().objects()) {
    for (const Field& f : o.fields) {
      if (f.type != FieldType::kReference && f.name != "CreatedDate") continue;
      Result<int64_t> n = db->QueryInt("SELECT COUNT(*) FROM pragma_index_list(" + QuoteIdent(o.name) +
                                       ") il JOIN pragma_index_info(il.name) ii WHERE ii.name = '" + f.name + "'");
      ASSERT_TRUE(n.ok()) << n.status().ToString();
      EXPECT_GE(*n, 1) << o.name << "." << f.name << " has no index";
    }
  }
}

TEST(StoreTest, FullTextIndexAnswersMatches) {
  auto db = testing::OpenSharedOrg();
  Result<int64_t> shorts = db->QueryInt(
      "SELECT COUNT(*) FROM \"Product2__search\" WHERE \"Product2__search\" MATCH 'Name:running AND Name:shorts'");
  ASSERT_TRUE(shorts.ok()) << shorts.status().ToString();
  Result<int64_t> direct =
      db->QueryInt("SELECT COUNT(*) FROM Product2 WHERE Name LIKE '%running%' AND Name LIKE '%shorts%'");
  ASSERT_TRUE(direct.ok());
  EXPECT_GT(*shorts, 1);  // shared head nouns make "running shorts" ambiguous
  EXPECT_EQ(*shorts, *direct);
  Result<int64_t> articles = db->QueryInt(
      "SELECT COUNT(*) FROM \"Knowledge__kav__search\" WHERE \"Knowledge__kav__search\" MATCH 'warranty'");
  ASSERT_TRUE(articles.ok());
  EXPECT_GE(*articles, 5);
}

TEST(StoreTest, MetadataRecordsSeedScaleAndClock) {
  auto db = testing::OpenSharedOrg();
  Result<OrgMeta> meta = ReadOrgMeta(*db);
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  EXPECT_EQ(meta->seed, 7u);
  EXPECT_DOUBLE_EQ(meta->scale, 1.0);
  EXPECT_EQ(meta->clock, "2025-07-01T00:00:00.000+0000");
  EXPECT_EQ(meta->generator_version, "crmarena-gen/1");
}

TEST(StoreTest, ValuesUseSalesforceFormats) {
  auto db = testing::OpenSharedOrg();
  const std::regex datetime(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000)");
  const std::regex date(R"(\d{4}-\d{2}-\d{2})");
  for (const SObject& o : Schema::Crm().objects()) {
    for (const Field& f : o.fields) {
      if (f.type != FieldType::kDateTime && f.type != FieldType::kDate && f.type != FieldType::kBoolean) continue;
      Result<Statement> stmt = db->Prepare("SELECT " + QuoteIdent(f.name) + " FROM " + QuoteIdent(o.name) +
                                           " WHERE " + QuoteIdent(f.name) + " IS NOT NULL LIMIT 200");
      ASSERT_TRUE(stmt.ok());
      while (*stmt->Step()) {
        std::string v = stmt->ColumnText(0);
        bool ok = f.type == FieldType::kDateTime ? std::regex_match(v, datetime)
                  : f.type == FieldType::kDate   ? std::regex_match(v, date)
                                                 : (v == "0" || v == "1");
        ASSERT_TRUE(ok) << o.name << "." << f.name << "=" << v;
      }
    }
  }
}

TEST(StoreTest, ReadOrgMetaRejectsForeignDatabase) {
  std::string path = testing::TempDir() + "/not-an-org.db";
  auto db = Database::Open(path, Database::Mode::kReadWriteCreate);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("CREATE TABLE t(x)").ok());
  Result<OrgMeta> meta = ReadOrgMeta(**db);
  ASSERT_FALSE(meta.ok());
  EXPECT_EQ(meta.status().code(), StatusCode::kCorruption);
  EXPECT_NE(meta.status().message().find("is not a crmarena org"), std::string::npos);
}

TEST(StoreTest, OpenReadOnlyMissingFileFails) {
  auto db = Database::Open(testing::TempDir() + "/missing/none.db", Database::Mode::kReadOnly);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kIoError);
  EXPECT_NE(db.status().message().find("cannot open"), std::string::npos);
}

TEST(StoreTest, ImmutableOpenReadsAPathWithUriCharacters) {
  // The immutable mode opens through a URI: characters that mean something
  // there (%, ?, #, spaces, non-ASCII) must still name the same file.
  const std::string path = testing::TempDir() + "/odd %41 ?name #1 \xc3\xa9.db";
  {
    auto db = Database::Open(path, Database::Mode::kReadWriteCreate);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_TRUE((*db)->Exec("CREATE TABLE t(x); INSERT INTO t VALUES ('kept')").ok());
  }
  auto db = Database::Open(path, Database::Mode::kImmutable);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ((*db)->path(), path);
  auto value = (*db)->QueryText("SELECT x FROM t");
  ASSERT_TRUE(value.ok()) << value.status().ToString();
  EXPECT_EQ(*value, "kept");
  EXPECT_FALSE((*db)->Exec("INSERT INTO t VALUES ('no')").ok());  // still read-only
  auto missing = Database::Open(testing::TempDir() + "/missing %3F/none.db", Database::Mode::kImmutable);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("missing %3F/none.db"), std::string::npos) << missing.status().message();
}

}  // namespace
}  // namespace crm::org

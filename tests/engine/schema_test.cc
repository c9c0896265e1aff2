#include "engine/org/schema.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <set>

#include "engine/org/schema_json.h"

namespace crm::org {
namespace {

TEST(SchemaTest, HasTheSixteenSObjects) {
  const Schema& s = Schema::Crm();
  const std::set<std::string> expected = {"User", "Account", "Contact", "Case", "Knowledge__kav",
                                          "ProductCategory", "Product2", "ProductCategoryProduct",
                                          "Pricebook2", "PricebookEntry", "Order", "OrderItem",
                                          "EmailMessage", "LiveChatTranscript", "Issue__c", "CaseHistory__c"};
  std::set<std::string> names;
  for (const SObject& o : s.objects()) names.insert(o.name);
  EXPECT_EQ(names, expected);
}

TEST(SchemaTest, EveryObjectHasIdCreatedDateAndUniquePrefix) {
  std::set<std::string> prefixes;
  for (const SObject& o : Schema::Crm().objects()) {
    ASSERT_FALSE(o.fields.empty());
    EXPECT_EQ(o.fields[0].name, "Id") << o.name;
    EXPECT_NE(o.FindField("CreatedDate"), nullptr) << o.name;
    EXPECT_EQ(o.key_prefix.size(), 3u);
    EXPECT_TRUE(prefixes.insert(o.key_prefix).second) << o.key_prefix;
    for (const Field& f : o.fields) EXPECT_FALSE(f.description.empty()) << o.name << "." << f.name;
  }
}

TEST(SchemaTest, KnownPrefixesAndLookups) {
  const Schema& s = Schema::Crm();
  EXPECT_EQ(s.FindObject("case")->key_prefix, "500");
  EXPECT_EQ(s.FindObject("ACCOUNT")->key_prefix, "001");
  EXPECT_EQ(s.FindObjectByKeyPrefix("ka0")->name, "Knowledge__kav");
  EXPECT_EQ(s.FindObject("Nope"), nullptr);
}

TEST(SchemaTest, RelationshipsResolveBothWays) {
  const Schema& s = Schema::Crm();
  const SObject* c = s.FindObject("Case");
  EXPECT_EQ(c->FindParentRelationship("account")->name, "AccountId");
  EXPECT_EQ(c->FindParentRelationship("Owner")->references, "User");
  EXPECT_EQ(c->FindParentRelationship("OrderItemId__r")->references, "OrderItem");
  EXPECT_EQ(s.FindObject("EmailMessage")->FindParentRelationship("Parent")->references, "Case");
  EXPECT_EQ(s.FindObject("CaseHistory__c")->FindParentRelationship("CaseId__r")->references, "Case");
  const ChildRelationship* h = c->FindChildRelationship("casehistories__r");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->child_object, "CaseHistory__c");
  EXPECT_EQ(h->field, "CaseId__c");
  EXPECT_NE(c->FindChildRelationship("EmailMessages"), nullptr);
  EXPECT_NE(c->FindChildRelationship("LiveChatTranscripts"), nullptr);
  EXPECT_NE(s.FindObject("Account")->FindChildRelationship("Cases"), nullptr);
  EXPECT_NE(s.FindObject("Order")->FindChildRelationship("OrderItems"), nullptr);
  EXPECT_NE(s.FindObject("Account")->FindChildRelationship("Contacts"), nullptr);
  // Every lookup targets an object of the schema.
  for (const SObject& o : s.objects()) {
    for (const Field& f : o.fields) {
      if (f.type == FieldType::kReference) {
        EXPECT_NE(s.FindObject(f.references), nullptr) << f.name;
      }
    }
  }
}

TEST(SchemaTest, JsonExportIsTheListOfObjectsShape) {
  rapidjson::Document doc;
  doc.Parse(SchemaToJson(Schema::Crm(), true).c_str());
  ASSERT_FALSE(doc.HasParseError());
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 16u);
  const auto& first = doc[0];
  EXPECT_STREQ(first["object"].GetString(), "User");
  EXPECT_TRUE(first["fields"].IsObject());
  EXPECT_TRUE(first["fields"].HasMember("Email"));
  bool found = false;
  for (const auto& o : doc.GetArray()) {
    if (std::string(o["object"].GetString()) == "CaseHistory__c") {
      found = true;
      EXPECT_TRUE(o["fields"].HasMember("OldValue__c"));
      EXPECT_TRUE(o["fields"].HasMember("Field__c"));
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace crm::org

#include "tests/engine/soql/fixture_org.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <initializer_list>
#include <utility>

#include "engine/org/ids.h"
#include "engine/org/store.h"

namespace crm::soql::testing {
namespace {

using Values = std::initializer_list<std::pair<const char*, std::string>>;

void Insert(org::Database& db, std::string_view object_name, Values values) {
  const org::SObject* object = org::Schema::Crm().FindObject(object_name);
  Result<org::RowInserter> ins = org::RowInserter::Create(db, *object);
  ASSERT_TRUE(ins.ok()) << ins.status().ToString();
  for (const auto& [field, value] : values) {
    const org::Field* f = object->FindField(field);
    ASSERT_NE(f, nullptr) << object_name << "." << field;
    if (value == "NULL") continue;
    switch (org::SqlColumnType(f->type)[0]) {
      case 'R': ins->Real(f->name, std::strtod(value.c_str(), nullptr)); break;
      case 'I': ins->Int(f->name, std::strtoll(value.c_str(), nullptr, 10)); break;
      default: ins->Text(f->name, ExpandIds(value));
    }
  }
  Status s = ins->Insert();
  ASSERT_TRUE(s.ok()) << s.ToString();
}

std::string Id(std::string_view object, int n) { return FixtureId(object, n); }

void InsertPeople(org::Database& db) {
  Insert(db, "User", {{"Id", Id("User", 1)}, {"Name", "Ann Agent"}, {"FirstName", "Ann"}, {"LastName", "Agent"},
                      {"Alias", "aagent"}, {"Email", "ann.agent@example.com"}, {"Phone", "555-0101"},
                      {"Username", "ann@crm.test"}, {"IsActive", "1"}, {"CreatedDate", "2020-01-01T00:00:00.000+0000"}});
  Insert(db, "User", {{"Id", Id("User", 2)}, {"Name", "Bob Baker"}, {"FirstName", "Bob"}, {"LastName", "Baker"},
                      {"Alias", "bbaker"}, {"Email", "bob.baker@example.com"}, {"Phone", "555-0102"},
                      {"Username", "bob@crm.test"}, {"IsActive", "1"}, {"CreatedDate", "2020-02-01T00:00:00.000+0000"}});
  Insert(db, "User", {{"Id", Id("User", 3)}, {"Name", "Cid Carter"}, {"FirstName", "Cid"}, {"LastName", "Carter"},
                      {"Alias", "ccarter"}, {"Email", "cid@example.com"}, {"Username", "cid@crm.test"},
                      {"IsActive", "0"}, {"CreatedDate", "2021-03-01T00:00:00.000+0000"}});
  Insert(db, "Account", {{"Id", Id("Account", 1)}, {"Name", "Alice Adams"}, {"FirstName", "Alice"}, {"LastName", "Adams"},
                         {"PersonEmail", "alice@example.com"}, {"Phone", "555-1001"}, {"ShippingCity", "San Diego"},
                         {"ShippingState", "CA"}, {"CreatedDate", "2020-05-01T10:00:00.000+0000"}});
  Insert(db, "Account", {{"Id", Id("Account", 2)}, {"Name", "Brian Brooks"}, {"FirstName", "Brian"}, {"LastName", "Brooks"},
                         {"PersonEmail", "brian@example.com"}, {"Phone", "555-1002"}, {"ShippingCity", "New York"},
                         {"ShippingState", "NY"}, {"CreatedDate", "2021-07-04T00:00:00.000+0000"}});
  Insert(db, "Account", {{"Id", Id("Account", 3)}, {"Name", "Carla Cruz"}, {"FirstName", "Carla"}, {"LastName", "Cruz"},
                         {"PersonEmail", "carla@example.com"}, {"ShippingCity", "Fresno"}, {"ShippingState", "CA"},
                         {"CreatedDate", "2022-02-28T23:30:00.000+0000"}});
  Insert(db, "Account", {{"Id", Id("Account", 4)}, {"Name", "Dan Evans"}, {"FirstName", "Dan"}, {"LastName", "Evans"},
                         {"CreatedDate", "2024-06-10T08:00:00.000+0000"}});
  Insert(db, "Contact", {{"Id", Id("Contact", 1)}, {"Name", "Alice Adams"}, {"FirstName", "Alice"}, {"LastName", "Adams"},
                         {"Email", "alice@example.com"}, {"AccountId", "{Account:1}"}, {"OwnerId", "{User:1}"},
                         {"CreatedDate", "2020-05-01T10:00:00.000+0000"}});
  Insert(db, "Contact", {{"Id", Id("Contact", 2)}, {"Name", "Brian Brooks"}, {"FirstName", "Brian"}, {"LastName", "Brooks"},
                         {"Email", "brian@example.com"}, {"AccountId", "{Account:2}"}, {"OwnerId", "{User:2}"},
                         {"CreatedDate", "2021-07-04T00:00:00.000+0000"}});
  Insert(db, "Contact", {{"Id", Id("Contact", 3)}, {"Name", "Carla Cruz"}, {"FirstName", "Carla"}, {"LastName", "Cruz"},
                         {"Email", "carla@example.com"}, {"AccountId", "{Account:3}"}, {"OwnerId", "{User:1}"},
                         {"CreatedDate", "2022-02-28T23:30:00.000+0000"}});
  Insert(db, "Contact", {{"Id", Id("Contact", 4)}, {"Name", "Zed Zulu"}, {"FirstName", "Zed"}, {"LastName", "Zulu"},
                         {"CreatedDate", "2023-01-01T00:00:00.000+0000"}});
}

void InsertCatalog(org::Database& db) {
  const char* kIssues[][3] = {{"Broken Zipper", "Zipper separates or jams"},
                              {"Sizing Problem", "Item does not fit as expected"},
                              {"Late Delivery", "Order arrived after the promised date"}};
  for (int i = 0; i < 3; ++i) {
    Insert(db, "Issue__c", {{"Id", Id("Issue__c", i + 1)}, {"Name", kIssues[i][0]}, {"Description__c", kIssues[i][1]},
                            {"CreatedDate", "2020-01-01T00:00:00.000+0000"}});
  }
  const char* kProducts[][4] = {{"Trail Running Shoes", "Lightweight shoes for trail running", "1", "TRS-1"},
                                {"Compression Running Shorts", "Tight fit shorts for running", "1", "CRS-2"},
                                {"Yoga Mat", "Non-slip mat for yoga", "1", "YM-3"},
                                {"Trail Running Shorts", "Loose shorts for trails", "0", "TRSH-4"}};
  const char* kPrices[] = {"120.5", "45", "25", "39.99"};
  for (int i = 0; i < 4; ++i) {
    Insert(db, "Product2", {{"Id", Id("Product2", i + 1)}, {"Name", kProducts[i][0]}, {"Description", kProducts[i][1]},
                            {"IsActive", kProducts[i][2]}, {"ProductCode", kProducts[i][3]},
                            {"CreatedDate", "2020-01-02T00:00:00.000+0000"}});
    Insert(db, "PricebookEntry", {{"Id", Id("PricebookEntry", i + 1)}, {"Name", kProducts[i][0]},
                                  {"Pricebook2Id", "{Pricebook2:1}"}, {"Product2Id", Id("Product2", i + 1)},
                                  {"UnitPrice", kPrices[i]}, {"IsActive", "1"},
                                  {"CreatedDate", "2020-01-02T00:00:00.000+0000"}});
  }
  Insert(db, "Pricebook2", {{"Id", Id("Pricebook2", 1)}, {"Name", "Standard Price Book"}, {"IsActive", "1"},
                            {"IsStandard", "1"}, {"ValidFrom", "2020-01-01T00:00:00.000+0000"},
                            {"CreatedDate", "2020-01-01T00:00:00.000+0000"}});
  Insert(db, "ProductCategory", {{"Id", Id("ProductCategory", 1)}, {"Name", "Footwear"}, {"CatalogId", "0ZS000000000001"},
                                 {"CreatedDate", "2020-01-01T00:00:00.000+0000"}});
  Insert(db, "ProductCategory", {{"Id", Id("ProductCategory", 2)}, {"Name", "Apparel"}, {"CatalogId", "0ZS000000000001"},
                                 {"CreatedDate", "2020-01-01T00:00:00.000+0000"}});
  const int kLinks[][2] = {{1, 1}, {2, 2}, {2, 4}};
  for (int i = 0; i < 3; ++i) {
    Insert(db, "ProductCategoryProduct",
           {{"Id", Id("ProductCategoryProduct", i + 1)}, {"ProductCategoryId", Id("ProductCategory", kLinks[i][0])},
            {"ProductId", Id("Product2", kLinks[i][1])}, {"CreatedDate", "2020-01-03T00:00:00.000+0000"}});
  }
}

void InsertOrders(org::Database& db) {
  const char* kOrders[][3] = {{"1", "Activated", "2021-03-22"}, {"1", "Draft", "2021-03-22"},
                              {"2", "Activated", "2023-06-15"}, {"3", "Activated", "2024-01-10"}};
  for (int i = 0; i < 4; ++i) {
    Insert(db, "Order", {{"Id", Id("Order", i + 1)}, {"OrderNumber", "0000000" + std::to_string(i + 1)},
                         {"AccountId", Id("Account", std::atoi(kOrders[i][0]))}, {"Pricebook2Id", "{Pricebook2:1}"},
                         {"Status", kOrders[i][1]}, {"EffectiveDate", kOrders[i][2]},
                         {"CreatedDate", std::string(kOrders[i][2]) + "T09:00:00.000+0000"}});
  }
  // order, product, quantity, unit price, total
  const char* kItems[][5] = {{"1", "1", "1", "120.5", "120.5"}, {"1", "3", "2", "25", "50"},
                             {"2", "2", "1", "45", "45"},       {"3", "1", "1", "120.5", "120.5"},
                             {"3", "4", "3", "39.99", "119.97"}, {"4", "3", "1", "25", "25"}};
  for (int i = 0; i < 6; ++i) {
    Insert(db, "OrderItem", {{"Id", Id("OrderItem", i + 1)}, {"OrderId", Id("Order", std::atoi(kItems[i][0]))},
                             {"Product2Id", Id("Product2", std::atoi(kItems[i][1]))},
                             {"PricebookEntryId", Id("PricebookEntry", std::atoi(kItems[i][1]))},
                             {"Quantity", kItems[i][2]}, {"UnitPrice", kItems[i][3]}, {"TotalPrice", kItems[i][4]},
                             {"CreatedDate", "2021-03-22T09:00:00.000+0000"}});
  }
}

void InsertCases(org::Database& db) {
  struct CaseRow {
    const char *subject, *description, *status, *priority, *origin, *owner, *account, *contact, *issue, *item,
        *created, *closed;
  };
  const CaseRow kCases[] = {
      {"Zipper broke on jacket", "The zipper on my jacket broke after one week.", "New", "High", "Email", "1", "1",
       "1", "1", "1", "2024-06-15T09:30:00", "NULL"},
      {"Shoes too small", "Ordered size 9 but they are too small", "Closed", "Medium", "Phone", "2", "2", "2", "2",
       "4", "2024-06-14T23:59:59", "2024-06-15T08:00:00"},
      {"Package arrived late", "Delivery took three weeks", "Working", "Low", "Web", "1", "3", "3", "3", "6",
       "2024-06-03T10:00:00", "NULL"},
      {"Zipper stuck", "Zipper is stuck halfway", "Closed", "High", "Chat", "2", "1", "1", "1", "2",
       "2024-05-20T15:00:00", "2024-05-22T15:00:00"},
      {"Wrong size shorts", "Shorts are the wrong size", "Closed", "Medium", "Email", "3", "2", "2", "2", "5",
       "2023-12-31T23:00:00", "2024-01-02T01:00:00"},
      {"General question", "Is this 100% cotton? Ask o'brien_test", "Escalated", "NULL", "Web", "1", "", "", "", "",
       "2021-03-22T12:00:00", "NULL"},
  };
  int n = 0;
  for (const CaseRow& c : kCases) {
    ++n;
    auto ref = [](const char* object, const char* k) { return *k ? Id(object, std::atoi(k)) : std::string("NULL"); };
    auto dt = [](const char* s) { return std::string(s) == "NULL" ? std::string("NULL") : std::string(s) + ".000+0000"; };
    Insert(db, "Case", {{"Id", Id("Case", n)}, {"CaseNumber", "0000100" + std::to_string(n)}, {"Subject", c.subject},
                        {"Description", c.description}, {"Status", c.status}, {"Priority", c.priority},
                        {"Origin", c.origin}, {"OwnerId", ref("User", c.owner)}, {"AccountId", ref("Account", c.account)},
                        {"ContactId", ref("Contact", c.contact)}, {"IssueId__c", ref("Issue__c", c.issue)},
                        {"OrderItemId__c", ref("OrderItem", c.item)},
                        {"IsClosed", std::string(c.status) == "Closed" ? "1" : "0"}, {"CreatedDate", dt(c.created)},
                        {"ClosedDate", dt(c.closed)}});
  }
}

void InsertHistory(org::Database& db) {
  // case, field, old owner, new owner, created
  const char* kRows[][5] = {
      {"1", "Case Creation", "", "", "2024-06-15T09:30:00"},   {"1", "Owner Assignment", "", "1", "2024-06-15T09:31:00"},
      {"2", "Case Creation", "", "", "2024-06-14T23:59:59"},   {"2", "Owner Assignment", "", "1", "2024-06-15T00:00:00"},
      {"2", "Owner Assignment", "1", "2", "2024-06-15T01:00:00"}, {"2", "Case Closed", "", "", "2024-06-15T08:00:00"},
      {"3", "Owner Assignment", "", "1", "2024-06-03T10:05:00"}, {"4", "Owner Assignment", "", "2", "2024-05-20T15:05:00"},
      {"4", "Case Closed", "", "", "2024-05-22T15:00:00"},      {"5", "Owner Assignment", "", "3", "2024-01-01T00:00:00"},
      {"5", "Owner Assignment", "3", "1", "2024-01-01T05:00:00"}, {"5", "Owner Assignment", "1", "3", "2024-01-01T06:00:00"},
  };
  int n = 0;
  for (const auto& r : kRows) {
    ++n;
    auto user = [](const char* k) { return *k ? Id("User", std::atoi(k)) : std::string("NULL"); };
    Insert(db, "CaseHistory__c", {{"Id", Id("CaseHistory__c", n)}, {"Name", "H-" + std::to_string(n)},
                                  {"CaseId__c", Id("Case", std::atoi(r[0]))}, {"Field__c", r[1]},
                                  {"OldValue__c", user(r[2])}, {"NewValue__c", user(r[3])},
                                  {"CreatedDate", std::string(r[4]) + ".000+0000"}});
  }
}

void InsertConversations(org::Database& db) {
  Insert(db, "EmailMessage", {{"Id", Id("EmailMessage", 1)}, {"ParentId", "{Case:1}"}, {"Subject", "Re: Zipper broke"},
                              {"TextBody", "We will send a replacement zipper"}, {"FromAddress", "ann.agent@example.com"},
                              {"FromName", "Ann Agent"}, {"ToAddress", "alice@example.com"}, {"Incoming", "0"},
                              {"MessageDate", "2024-06-15T10:00:00.000+0000"}, {"CreatedDate", "2024-06-15T10:00:00.000+0000"}});
  Insert(db, "EmailMessage", {{"Id", Id("EmailMessage", 2)}, {"ParentId", "{Case:1}"}, {"Subject", "Zipper broke on jacket"},
                              {"TextBody", "My zipper broke"}, {"FromAddress", "alice@example.com"},
                              {"FromName", "Alice Adams"}, {"ToAddress", "support@example.com"}, {"Incoming", "1"},
                              {"MessageDate", "2024-06-15T09:29:00.000+0000"}, {"CreatedDate", "2024-06-15T09:29:00.000+0000"}});
  Insert(db, "EmailMessage", {{"Id", Id("EmailMessage", 3)}, {"ParentId", "{Case:2}"}, {"Subject", "Refund request"},
                              {"TextBody", "Please refund my shoes"}, {"FromAddress", "brian@example.com"},
                              {"FromName", "Brian Brooks"}, {"ToAddress", "support@example.com"}, {"Incoming", "1"},
                              {"MessageDate", "2024-06-14T23:50:00.000+0000"}, {"CreatedDate", "2024-06-14T23:50:00.000+0000"}});
  Insert(db, "LiveChatTranscript", {{"Id", Id("LiveChatTranscript", 1)}, {"Name", "00000001"},
                                    {"Body", "Agent: Hello\nCustomer: my package is late"}, {"CaseId", "{Case:3}"},
                                    {"AccountId", "{Account:3}"}, {"ContactId", "{Contact:3}"}, {"OwnerId", "{User:1}"},
                                    {"StartTime", "2024-06-03T10:10:00.000+0000"}, {"EndTime", "2024-06-03T10:30:00.000+0000"},
                                    {"CreatedDate", "2024-06-03T10:10:00.000+0000"}});
  Insert(db, "LiveChatTranscript", {{"Id", Id("LiveChatTranscript", 2)}, {"Name", "00000002"},
                                    {"Body", "Agent: I approved a refund on day 47"}, {"CaseId", "{Case:4}"},
                                    {"AccountId", "{Account:1}"}, {"ContactId", "{Contact:1}"}, {"OwnerId", "{User:2}"},
                                    {"StartTime", "2024-05-20T15:30:00.000+0000"}, {"EndTime", "2024-05-20T16:00:00.000+0000"},
                                    {"CreatedDate", "2024-05-20T15:30:00.000+0000"}});
  const char* kArticles[][5] = {
      {"Return Policy", "Returns within 30 days", "Items can be returned within 30 days of purchase for a full refund.",
       "Online", "return-policy"},
      {"Price Match Policy", "We match prices within 14 days",
       "We will price match a lower advertised price within 14 days of purchase.", "Online", "price-match"},
      {"Warranty Draft", "Manufacturing defects", "Manufacturing defects are covered for 12 months.", "Draft",
       "warranty"},
  };
  for (int i = 0; i < 3; ++i) {
    Insert(db, "Knowledge__kav", {{"Id", Id("Knowledge__kav", i + 1)}, {"Title", kArticles[i][0]},
                                  {"Summary", kArticles[i][1]}, {"FAQ_Answer__c", kArticles[i][2]},
                                  {"PublishStatus", kArticles[i][3]}, {"Language", "en_US"}, {"UrlName", kArticles[i][4]},
                                  {"ArticleNumber", "00000" + std::to_string(i + 1)},
                                  {"CreatedDate", "2020-06-01T00:00:00.000+0000"}});
  }
}

}  // namespace

std::string FixtureId(std::string_view object, int n) {
  const org::SObject* o = org::Schema::Crm().FindObject(object);
  return o == nullptr ? std::string("?") : org::MakeRecordId(o->key_prefix, static_cast<uint64_t>(n));
}

std::string ExpandIds(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('{', i);
    size_t colon = open == std::string_view::npos ? open : text.find(':', open);
    size_t close = colon == std::string_view::npos ? colon : text.find('}', colon);
    if (close == std::string_view::npos) break;
    std::string_view object = text.substr(open + 1, colon - open - 1);
    std::string_view number = text.substr(colon + 1, close - colon - 1);
    std::string_view form;  // {Case:1:15} -> 15-char id, {Case:1:lower} -> lower-cased 18-char id
    if (size_t second = number.find(':'); second != std::string_view::npos) {
      form = number.substr(second + 1);
      number = number.substr(0, second);
    }
    bool ok = !number.empty() && number.find_first_not_of("0123456789") == std::string_view::npos &&
              org::Schema::Crm().FindObject(object) != nullptr;
    out.append(text.substr(i, open - i));
    if (ok) {
      std::string id = FixtureId(object, std::atoi(std::string(number).c_str()));
      if (form == "15") id.resize(15);
      if (form == "lower") {
        for (char& ch : id) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      }
      out += id;
      i = close + 1;
    } else {
      out.push_back('{');
      i = open + 1;
    }
  }
  out.append(text.substr(i));
  return out;
}

std::unique_ptr<org::Database> MakeFixtureDatabase() {
  Result<std::unique_ptr<org::Database>> db = org::Database::Open(":memory:", org::Database::Mode::kReadWriteCreate);
  EXPECT_TRUE(db.ok());
  org::Database& d = **db;
  EXPECT_TRUE(org::CreateOrgTables(d, org::Schema::Crm()).ok());
  InsertPeople(d);
  InsertCatalog(d);
  InsertOrders(d);
  InsertCases(d);
  InsertHistory(d);
  InsertConversations(d);
  EXPECT_TRUE(org::BuildOrgIndexes(d, org::Schema::Crm()).ok());
  org::OrgMeta meta;
  meta.generator_version = "fixture";
  meta.clock = kFixtureClock;
  EXPECT_TRUE(org::WriteOrgMeta(d, meta).ok());
  return std::move(db).value();
}

std::unique_ptr<OrgSession> MakeFixtureSession() {
  Result<std::unique_ptr<OrgConnection>> conn = OrgConnection::Wrap(MakeFixtureDatabase());
  EXPECT_TRUE(conn.ok());
  return std::make_unique<OrgSession>(std::move(conn).value(), org::Schema::Crm());
}

}  // namespace crm::soql::testing

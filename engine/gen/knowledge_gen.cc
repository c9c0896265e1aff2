// Knowledge__kav rows and the side tables of latent traits and facts.
#include <cstdio>

#include "engine/gen/steps.h"
#include "engine/org/datetime.h"
#include "engine/org/ids.h"
#include "engine/org/schema.h"
#include "engine/org/store.h"

namespace crm::gen {
namespace {

const char* PolicyKindName(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::kReturnWindow: return "return_window";
    case PolicyKind::kWarranty: return "warranty";
    case PolicyKind::kDamageReport: return "damage_report";
    case PolicyKind::kPriceMatch: return "price_match";
    case PolicyKind::kRefundMethod: return "refund_method";
    case PolicyKind::kRefundEscalation: return "refund_escalation";
    case PolicyKind::kShippingRefund: return "shipping_refund";
    case PolicyKind::kLoyaltyExpiry: return "loyalty_expiry";
    case PolicyKind::kPromoRetro: return "promo_retro";
    case PolicyKind::kInformational: return "informational";
  }
  return "";
}

}  // namespace

const org::SObject& CrmObject(const char* name) { return *org::Schema::Crm().FindObject(name); }

org::SObject SideTable(const char* name, std::initializer_list<const char*> columns) {
  org::SObject t;
  t.name = name;
  for (const char* c : columns) {
    org::Field f;
    f.name = c;
    t.fields.push_back(std::move(f));
  }
  return t;
}

Status WriteKnowledge(org::Database& db, World& world) {
  Rng rng = Rng(world.seed).Fork("knowledge");
  world.articles = BuildKnowledge(rng);
  auto rows = org::RowInserter::Create(db, *org::Schema::Crm().FindObject("Knowledge__kav"));
  if (!rows.ok()) return rows.status();
  for (size_t i = 0; i < world.articles.size(); ++i) {
    const Article& a = world.articles[i];
    world.article_ids.push_back(org::MakeRecordId("ka0", i));
    const int64_t day = org::DaysFromCivil({2019, 6, 1}) + rng.UniformInt(0, 200);
    rows->Text("Id", world.article_ids.back())
        .Text("Title", a.title)
        .Text("Summary", a.summary)
        .Text("FAQ_Answer__c", a.body)
        .Text("UrlName", a.url_name)
        .Text("ArticleNumber", std::to_string(100000000 + i * 3))
        .Text("PublishStatus", "Online")
        .Text("Language", "en_US")
        .Text("CreatedDate", org::FormatDateTime(day * org::kSecondsPerDay + 10 * 3600));
    CRM_RETURN_IF_ERROR(rows->Insert());
  }
  return Status::Ok();
}

Status WriteLatentTables(org::Database& db, const World& world) {
  CRM_RETURN_IF_ERROR(db.Exec(
      "CREATE TABLE _latent_agent (UserId TEXT PRIMARY KEY, Speed REAL, TransferRate REAL, ViolationRate REAL, "
      "SpecialtyIssueIds TEXT);"
      "CREATE TABLE _latent_customer (AccountId TEXT PRIMARY KEY, ComplaintHabit REAL, Activity REAL);"
      "CREATE TABLE _latent_product (Product2Id TEXT PRIMARY KEY, PeakMonth INTEGER, CaseWeight REAL, "
      "Family TEXT, HeadNoun TEXT, Modifier TEXT);"
      "CREATE TABLE _latent_state (State TEXT PRIMARY KEY, ClosureFactor REAL);"
      "CREATE TABLE _truth_article (ArticleId TEXT PRIMARY KEY, Category TEXT, PolicyKind TEXT, Family TEXT, "
      "Parameter INTEGER);"
      "CREATE TABLE _truth_article_fact (ArticleId TEXT, Topic TEXT, Answer TEXT);"));

  const org::SObject agent_t = SideTable("_latent_agent", {"UserId", "Speed", "TransferRate", "ViolationRate", "SpecialtyIssueIds"});
  auto agents = org::RowInserter::Create(db, agent_t);
  if (!agents.ok()) return agents.status();
  for (const Agent& a : world.agents) {
    std::string specialties;
    for (int i : a.specialties) specialties += (specialties.empty() ? "" : ",") + world.issue_ids[static_cast<size_t>(i)];
    agents->Text("UserId", a.id).Real("Speed", a.speed).Real("TransferRate", a.transfer_rate)
        .Real("ViolationRate", a.violation_rate).Text("SpecialtyIssueIds", specialties);
    CRM_RETURN_IF_ERROR(agents->Insert());
  }

  const org::SObject customer_t = SideTable("_latent_customer", {"AccountId", "ComplaintHabit", "Activity"});
  auto customers = org::RowInserter::Create(db, customer_t);
  if (!customers.ok()) return customers.status();
  for (const Customer& c : world.customers) {
    customers->Text("AccountId", c.account_id).Real("ComplaintHabit", c.complaint).Real("Activity", c.activity);
    CRM_RETURN_IF_ERROR(customers->Insert());
  }

  const org::SObject product_t =
      SideTable("_latent_product", {"Product2Id", "PeakMonth", "CaseWeight", "Family", "HeadNoun", "Modifier"});
  auto products = org::RowInserter::Create(db, product_t);
  if (!products.ok()) return products.status();
  for (const Product& p : world.products) {
    products->Text("Product2Id", p.id).Int("PeakMonth", p.peak_month).Real("CaseWeight", p.case_weight)
        .Text("Family", FamilyName(p.family)).Text("HeadNoun", ProductHeads()[static_cast<size_t>(p.head)].noun)
        .Text("Modifier", p.modifier);
    CRM_RETURN_IF_ERROR(products->Insert());
  }

  const org::SObject state_t = SideTable("_latent_state", {"State", "ClosureFactor"});
  auto states = org::RowInserter::Create(db, state_t);
  if (!states.ok()) return states.status();
  for (size_t s = 0; s < States().size(); ++s) {
    states->Text("State", States()[s].code).Real("ClosureFactor", world.state_factor[s]);
    CRM_RETURN_IF_ERROR(states->Insert());
  }

  const org::SObject article_t = SideTable("_truth_article", {"ArticleId", "Category", "PolicyKind", "Family", "Parameter"});
  const org::SObject fact_t = SideTable("_truth_article_fact", {"ArticleId", "Topic", "Answer"});
  auto articles = org::RowInserter::Create(db, article_t);
  auto facts = org::RowInserter::Create(db, fact_t);
  if (!articles.ok()) return articles.status();
  if (!facts.ok()) return facts.status();
  for (size_t i = 0; i < world.articles.size(); ++i) {
    const Article& a = world.articles[i];
    articles->Text("ArticleId", world.article_ids[i]).Text("Category", a.category)
        .Text("PolicyKind", a.policy ? PolicyKindName(*a.policy) : "")
        .Text("Family", a.family ? FamilyName(*a.family) : "").Int("Parameter", a.parameter);
    CRM_RETURN_IF_ERROR(articles->Insert());
    for (const ArticleFact& f : a.facts) {
      facts->Text("ArticleId", world.article_ids[i]).Text("Topic", f.topic).Text("Answer", f.answer);
      CRM_RETURN_IF_ERROR(facts->Insert());
    }
  }
  return Status::Ok();
}

}  // namespace crm::gen

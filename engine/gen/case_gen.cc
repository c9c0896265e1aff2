// Cases with their owners, transfers, closing times, histories,
// conversations and policy ground truth.
#include <algorithm>
#include <cmath>

#include "engine/gen/conversation.h"
#include "engine/gen/steps.h"
#include "engine/gen/text_util.h"
#include "engine/org/datetime.h"
#include "engine/org/ids.h"
#include "engine/org/schema.h"
#include "engine/org/store.h"

namespace crm::gen {
namespace {

struct CasePlan {
  int64_t created = 0;
  size_t product = 0;
  LineRef line{};
  size_t issue = 0;
  std::vector<size_t> owners;          // in assignment order
  std::vector<int64_t> assigned_at;    // same length as owners
  int64_t closed = -1;                 // -1 while open
  uint64_t draw = 0;                   // tie-breaker: order of drawing
};

// Policies a case about this issue can put at stake.
std::vector<PolicyKind> KindsForIssue(const std::string& issue) {
  using K = PolicyKind;
  if (issue == "Sizing Mismatch" || issue == "Comfort Problem" || issue == "Color Fading" || issue == "Odor Retention" ||
      issue == "Wrong Item Delivered") {
    return {K::kReturnWindow, K::kRefundMethod};
  }
  if (issue == "Damaged on Arrival" || issue == "Missing Parts") return {K::kDamageReport};
  if (issue == "Delivery Delay") return {K::kShippingRefund};
  if (issue == "Billing Discrepancy") return {K::kPriceMatch, K::kPromoRetro, K::kLoyaltyExpiry, K::kRefundEscalation};
  if (issue == "Refund Not Received") return {K::kRefundMethod, K::kRefundEscalation};
  return {K::kWarranty};
}

int64_t DrawCreated(const World& world, const Product& p, Rng& rng) {
  while (true) {
    int month = p.peak_month;
    if (!rng.Bernoulli(0.5)) {
      month = static_cast<int>(rng.UniformInt(1, 11));
      if (month >= p.peak_month) ++month;
    }
    int year = static_cast<int>(rng.UniformInt(2020, 2025));
    const org::CivilDate last = org::CivilFromDays(world.last_day);
    if (year == last.year && month > last.month) continue;
    int day = static_cast<int>(rng.UniformInt(1, org::DaysInMonth(year, month)));
    int64_t d = org::DaysFromCivil({year, month, day});
    if (d < world.first_day + 14 || d > world.last_day) continue;
    return d * org::kSecondsPerDay + rng.UniformInt(7 * 3600, 21 * 3600);
  }
}

// The order line a case is about: a purchase of the product some days
// before the case, preferring customers who complain readily.
bool DrawLine(const World& world, size_t product, int64_t created, Rng& rng, LineRef* out) {
  const auto& refs = world.lines_by_product[product];
  const int64_t created_day = created / org::kSecondsPerDay;
  const int64_t lag = rng.Bernoulli(0.75) ? 1 + static_cast<int64_t>(rng.Exponential(25)) : rng.UniformInt(60, 700);
  const int64_t target = created_day - lag;
  auto by_day = [](const LineRef& r, int64_t d) { return r.day < d; };
  auto lo = std::lower_bound(refs.begin(), refs.end(), target - 15, by_day);
  auto hi = std::lower_bound(refs.begin(), refs.end(), std::min(target + 16, created_day), by_day);
  if (lo >= hi) {
    hi = std::lower_bound(refs.begin(), refs.end(), created_day, by_day);
    lo = hi - std::min<std::ptrdiff_t>(40, hi - refs.begin());
  }
  if (lo >= hi) return false;
  std::vector<double> weights;
  for (auto it = lo; it != hi; ++it) weights.push_back(world.customers[it->customer].complaint);
  *out = *(lo + static_cast<std::ptrdiff_t>(rng.Weighted(weights)));
  return true;
}

size_t DrawAgent(const World& world, size_t issue, size_t exclude, Rng& rng) {
  std::vector<double> weights;
  for (size_t a = 0; a < world.agents.size(); ++a) weights.push_back(a == exclude ? 0.0 : world.agents[a].skill[issue]);
  return rng.Weighted(weights);
}

CasePlan PlanCase(const World& world, const WeightedTable& products, Rng& rng) {
  CasePlan plan;
  const auto& issues = IssueKinds();
  do {
    plan.product = products.Draw(rng);
    plan.created = DrawCreated(world, world.products[plan.product], rng);
  } while (!DrawLine(world, plan.product, plan.created, rng, &plan.line));
  const Product& product = world.products[plan.product];
  plan.issue = rng.Weighted(product.issue_weights);
  const Customer& customer = world.customers[plan.line.customer];

  const size_t none = world.agents.size();
  plan.owners.push_back(DrawAgent(world, plan.issue, none, rng));
  plan.assigned_at.push_back(plan.created + rng.UniformInt(120, 90 * 60));
  while (plan.owners.size() < 4 && rng.Bernoulli(world.agents[plan.owners.back()].transfer_rate)) {
    plan.owners.push_back(DrawAgent(world, plan.issue, plan.owners.back(), rng));
    plan.assigned_at.push_back(0);  // placed below, once the duration is known
  }
  const Agent& final_owner = world.agents[plan.owners.back()];
  const double hours = issues[plan.issue].base_hours * final_owner.speed * world.state_factor[static_cast<size_t>(customer.state)] *
                       rng.LogNormal(0.0, 0.45) * (1.0 + 0.3 * static_cast<double>(plan.owners.size() - 1));
  const int64_t duration = std::max<int64_t>(3600, static_cast<int64_t>(hours * 3600));
  const int64_t end = plan.created + duration;
  // Transfers happen in the first half of the case's life, in order.
  for (size_t i = 1; i < plan.owners.size(); ++i) {
    int64_t lo = plan.assigned_at[i - 1] + 60;
    int64_t hi = std::max(lo + 60, plan.created + duration / 2 + static_cast<int64_t>(i) * 600);
    plan.assigned_at[i] = rng.UniformInt(lo, hi);
  }
  const int64_t close_at = std::max(end, plan.assigned_at.back() + 600);
  plan.closed = close_at <= world.clock ? close_at : -1;
  // Some recent cases stall (waiting on the customer, parts, a supervisor),
  // so the org always has open work as of its clock.
  if (world.clock - plan.created < 45 * org::kSecondsPerDay && rng.Bernoulli(0.35)) plan.closed = -1;
  return plan;
}

struct Writers {
  org::RowInserter cases, history, emails, chats, truth;
  uint64_t history_seq = 0, email_seq = 0, chat_seq = 0;
};

Status WriteHistory(Writers& w, const std::string& case_id, const char* field, const std::string& old_value,
                    const std::string& new_value, int64_t at) {
  w.history.Text("Id", org::MakeRecordId("a01", w.history_seq))
      .Text("Name", "H-" + std::to_string(1000000 + w.history_seq))
      .Text("CaseId__c", case_id)
      .Text("Field__c", field)
      .Text("OldValue__c", old_value)
      .Text("NewValue__c", new_value)
      .Text("CreatedDate", org::FormatDateTime(at));
  ++w.history_seq;
  return w.history.Insert();
}

const Article* ChoosePolicy(const World& world, const CasePlan& plan, Rng& rng) {
  const auto kinds = KindsForIssue(IssueKinds()[plan.issue].name);
  const Family family = world.products[plan.product].family;
  std::vector<const Article*> candidates;
  for (const Article& a : world.articles) {
    if (!a.policy || std::find(kinds.begin(), kinds.end(), *a.policy) == kinds.end()) continue;
    if (a.family && *a.family != family) continue;
    candidates.push_back(&a);
  }
  return candidates.empty() ? nullptr : rng.Pick(candidates);
}

Status WriteOneCase(const World& world, const CasePlan& plan, uint64_t seq, Writers& w, Rng& rng) {
  const auto& issue = IssueKinds()[plan.issue];
  const Product& product = world.products[plan.product];
  const Customer& customer = world.customers[plan.line.customer];
  const Agent& owner = world.agents[plan.owners.back()];
  const std::string case_id = org::MakeRecordId("500", seq);
  const bool closed = plan.closed >= 0;

  CaseStory story;
  story.customer_first = customer.first_name;
  story.customer_last = customer.last_name;
  story.customer_email = customer.email;
  story.agent_first = owner.first_name;
  story.agent_email = owner.email;
  story.product = product.name;
  story.symptom = Fill(rng.Pick(issue.symptoms), {{"product", product.name}});
  story.subject = Fill(rng.Pick(issue.subjects), {{"product", product.name}});
  story.days_since_purchase = static_cast<int>(plan.created / org::kSecondsPerDay - plan.line.day);
  story.line_total = plan.line.total;
  const double origin_draw = rng.Uniform01();
  const char* origin = origin_draw < 0.4 ? "Chat" : origin_draw < 0.75 ? "Email" : origin_draw < 0.9 ? "Phone" : "Web";
  story.chat = std::string(origin) == "Chat";
  story.email_count = static_cast<int>(story.chat ? rng.UniformInt(0, 3)
                                                  : std::string(origin) == "Email" ? rng.UniformInt(3, 7)
                                                                                   : rng.UniformInt(2, 5));
  if (rng.Bernoulli(0.45)) {
    if (const Article* policy = ChoosePolicy(world, plan, rng)) {
      story.policy.article = policy;
      story.policy.violated = CanViolate(*policy, story.days_since_purchase, story.line_total) &&
                              rng.Bernoulli(owner.violation_rate);
    }
  }
  if (story.policy.article != nullptr && !story.chat) story.email_count = std::max(story.email_count, 2);
  const Conversation talk = WriteConversation(story, rng);

  const char* details[] = {"It was a gift for my partner.", "I use it about three times a week.",
                           "This is the second one I've bought from you.", "I followed the care label exactly.",
                           "I need it for a trip next month.", ""};
  std::string description = story.symptom + ". " + details[rng.UniformInt(0, 5)];
  description[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(description[0])));
  while (!description.empty() && description.back() == ' ') description.pop_back();
  const char* status = closed ? "Closed" : (rng.Bernoulli(0.5) ? "Working" : rng.Bernoulli(0.5) ? "Escalated" : "New");
  const bool urgent = issue.name == "Billing Discrepancy" || issue.name == "Damaged on Arrival";
  const double pr = rng.Uniform01();
  const char* priority = pr < (urgent ? 0.5 : 0.2) ? "High" : pr < 0.7 ? "Medium" : "Low";

  w.cases.Text("Id", case_id)
      .Text("CaseNumber", std::to_string(10001000 + seq))
      .Text("Subject", story.subject)
      .Text("Description", description)
      .Text("Status", status)
      .Text("Priority", priority)
      .Text("Origin", origin)
      .Text("ContactId", customer.contact_id)
      .Text("AccountId", customer.account_id)
      .Text("OwnerId", owner.id)
      .Text("OrderItemId__c", org::MakeRecordId("802", plan.line.item_seq))
      .Text("IssueId__c", world.issue_ids[plan.issue])
      .Bool("IsClosed", closed)
      .Text("CreatedDate", org::FormatDateTime(plan.created));
  if (closed) w.cases.Text("ClosedDate", org::FormatDateTime(plan.closed));
  CRM_RETURN_IF_ERROR(w.cases.Insert());

  CRM_RETURN_IF_ERROR(WriteHistory(w, case_id, "Case Creation", "", "", plan.created));
  for (size_t i = 0; i < plan.owners.size(); ++i) {
    const std::string old_owner = i == 0 ? "" : world.agents[plan.owners[i - 1]].id;
    CRM_RETURN_IF_ERROR(
        WriteHistory(w, case_id, "Owner Assignment", old_owner, world.agents[plan.owners[i]].id, plan.assigned_at[i]));
  }
  if (closed) CRM_RETURN_IF_ERROR(WriteHistory(w, case_id, "Case Closed", "", "", plan.closed));

  // Conversation times lie between the last assignment and the close (or now).
  const int64_t start = plan.assigned_at.back() + 60;
  const int64_t stop = std::max(start + 600, closed ? plan.closed - 60 : std::min(world.clock - 60, start + 5 * 86400));
  if (story.chat) {
    const int64_t chat_start = std::min(start + rng.UniformInt(0, 1800), stop - 300);
    const int64_t chat_end = chat_start + rng.UniformInt(240, 1500);
    w.chats.Text("Id", org::MakeRecordId("570", w.chat_seq))
        .Text("Name", "00" + std::to_string(100000 + w.chat_seq))
        .Text("Body", talk.chat_body)
        .Text("CaseId", case_id)
        .Text("AccountId", customer.account_id)
        .Text("ContactId", customer.contact_id)
        .Text("OwnerId", owner.id)
        .Text("LiveChatVisitorId", org::MakeRecordId("571", w.chat_seq))
        .Text("StartTime", org::FormatDateTime(chat_start))
        .Text("EndTime", org::FormatDateTime(std::min(chat_end, stop)))
        .Text("CreatedDate", org::FormatDateTime(chat_start));
    ++w.chat_seq;
    CRM_RETURN_IF_ERROR(w.chats.Insert());
  }
  const int64_t n = static_cast<int64_t>(talk.emails.size());
  for (int64_t i = 0; i < n; ++i) {
    const EmailText& e = talk.emails[static_cast<size_t>(i)];
    const int64_t at = start + (stop - start) * (i + 1) / (n + 1);
    w.emails.Text("Id", org::MakeRecordId("02s", w.email_seq))
        .Text("ParentId", case_id)
        .Text("Subject", e.subject)
        .Text("TextBody", e.body)
        .Text("FromAddress", e.incoming ? customer.email : owner.email)
        .Text("FromName", e.incoming ? customer.first_name + " " + customer.last_name : owner.first_name + " " + owner.last_name)
        .Text("ToAddress", e.incoming ? owner.email : customer.email)
        .Text("ToIds", e.incoming ? owner.id : customer.contact_id)
        .Bool("Incoming", e.incoming)
        .Text("MessageDate", org::FormatDateTime(at))
        .Text("CreatedDate", org::FormatDateTime(at));
    ++w.email_seq;
    CRM_RETURN_IF_ERROR(w.emails.Insert());
  }

  std::string policy_id, violated_id;
  if (story.policy.article != nullptr) {
    policy_id = world.article_ids[static_cast<size_t>(story.policy.article - world.articles.data())];
    if (story.policy.violated) violated_id = policy_id;
  }
  w.truth.Text("CaseId", case_id)
      .Text("Product2Id", product.id)
      .Text("IssueId", world.issue_ids[plan.issue])
      .Text("PolicyArticleId", policy_id)
      .Text("ViolatedArticleId", violated_id)
      .Text("Evidence", talk.evidence)
      .Text("Channel", origin);
  return w.truth.Insert();
}

}  // namespace

Status WriteCases(org::Database& db, World& world) {
  Rng rng = Rng(world.seed).Fork("cases");
  std::vector<double> weights;
  for (const Product& p : world.products) weights.push_back(p.case_weight);
  const WeightedTable product_table(weights);
  const int64_t count = std::max<int64_t>(20, std::llround(1000 * world.scale));
  std::vector<CasePlan> plans;
  plans.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    plans.push_back(PlanCase(world, product_table, rng));
    plans.back().draw = static_cast<uint64_t>(i);
  }
  // Case numbers and ids follow creation time, as in a real org.
  std::sort(plans.begin(), plans.end(), [](const CasePlan& a, const CasePlan& b) {
    return a.created != b.created ? a.created < b.created : a.draw < b.draw;
  });

  CRM_RETURN_IF_ERROR(db.Exec(
      "CREATE TABLE _truth_case (CaseId TEXT PRIMARY KEY, Product2Id TEXT NOT NULL, IssueId TEXT NOT NULL, "
      "PolicyArticleId TEXT, ViolatedArticleId TEXT, Evidence TEXT, Channel TEXT NOT NULL)"));
  const org::SObject truth_table = SideTable(
      "_truth_case", {"CaseId", "Product2Id", "IssueId", "PolicyArticleId", "ViolatedArticleId", "Evidence", "Channel"});
  auto cases = org::RowInserter::Create(db, CrmObject("Case"));
  auto history = org::RowInserter::Create(db, CrmObject("CaseHistory__c"));
  auto emails = org::RowInserter::Create(db, CrmObject("EmailMessage"));
  auto chats = org::RowInserter::Create(db, CrmObject("LiveChatTranscript"));
  auto truth = org::RowInserter::Create(db, truth_table);
  for (const auto* r : {&cases, &history, &emails, &chats, &truth}) {
    if (!r->ok()) return r->status();
  }
  Writers w{std::move(cases).value(), std::move(history).value(), std::move(emails).value(),
            std::move(chats).value(), std::move(truth).value()};
  Rng text_rng = Rng(world.seed).Fork("case-texts");
  for (size_t i = 0; i < plans.size(); ++i) {
    CRM_RETURN_IF_ERROR(WriteOneCase(world, plans[i], i, w, text_rng));
  }
  return Status::Ok();
}

}  // namespace crm::gen

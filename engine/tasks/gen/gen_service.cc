// Service-agent tasks: knowledge_qa, named_entity_disambiguation,
// policy_violation_identification.
#include <algorithm>

#include "engine/gen/text_util.h"
#include "engine/org/datetime.h"
#include "engine/tasks/gen/gen_steps.h"
#include "engine/tasks/gen/solvers.h"

namespace crm::taskgen {
namespace {

// Title words for a knowledge search ("Fit and Sizing: Shorts" -> "Fit and Sizing Shorts").
std::string SearchWords(const std::string& title) {
  std::string out;
  for (char c : title) {
    out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == ' ' ? c : ' ');
  }
  std::string collapsed;
  for (char c : out) {
    if (c == ' ' && (collapsed.empty() || collapsed.back() == ' ')) continue;
    collapsed.push_back(c);
  }
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  return collapsed;
}

struct Row {
  std::vector<std::string> cols;
};

Result<std::optional<Row>> RandomRow(GenContext& ctx, const std::string& count_sql, const std::string& row_sql) {
  auto total = ctx.db().QueryInt(count_sql);
  if (!total.ok()) return total.status();
  if (*total == 0) return std::optional<Row>();
  auto stmt = ctx.db().Prepare(row_sql + " LIMIT 1 OFFSET ?1");
  if (!stmt.ok()) return stmt.status();
  stmt->BindInt(1, ctx.rng().UniformInt(0, *total - 1));
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Row>();
  Row r;
  for (int i = 0; i < stmt->ColumnCount(); ++i) r.cols.push_back(stmt->ColumnText(i));
  return std::optional<Row>(r);
}

}  // namespace

TaskDraw DrawKnowledgeQa(GenContext& ctx) {
  auto row = RandomRow(ctx, "SELECT COUNT(*) FROM _truth_article_fact",
                       "SELECT f.ArticleId, f.Topic, f.Answer, k.Title FROM _truth_article_fact f "
                       "JOIN Knowledge__kav k ON k.Id = f.ArticleId ORDER BY f.rowid");
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<tasks::Task>();
  const auto& c = (*row)->cols;
  const std::string &article_id = c[0], &topic = c[1], &answer = c[2], &title = c[3];
  const char* forms[] = {"What is the {t}?", "A customer wants to know the {t}. What should I tell them?",
                         "Could you look up the {t} for me?", "Quick question: what's the {t} according to our articles?"};
  std::string query = gen::Fill(forms[ctx.rng().UniformInt(0, 3)], {{"t", topic}});
  GeneratorKey key;
  const std::string words = SearchWords(title);
  key.Param("search_term", words);
  key.Param("article_id", article_id);
  key.Execute("FIND {" + words + "} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title, FAQ_Answer__c)");
  rapidjson::Value term = key.Str(words);
  key.Tool("search_knowledge_articles", key.Object({{"search_term", &term}}));
  key.Respond(answer);
  const int64_t today = ctx.DrawToday();
  key.Param("today", ToolStamp(today * org::kSecondsPerDay));
  return std::optional<tasks::Task>(ctx.MakeTask("knowledge_qa", query, {answer},
                                                 "Today's date: " + TodayText(today) +
                                                     ". Answer from the company's knowledge articles, briefly.",
                                                 key));
}

TaskDraw DrawNamedEntity(GenContext& ctx, bool want_none) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    // An activated order, one of its lines, and the product's latent head noun and modifier.
    auto row = RandomRow(ctx, "SELECT COUNT(*) FROM \"Order\" WHERE Status = 'Activated'",
                         "SELECT o.Id, o.AccountId, o.EffectiveDate, k.Id FROM \"Order\" o JOIN Contact k "
                         "ON k.AccountId = o.AccountId WHERE o.Status = 'Activated' ORDER BY o.Id");
    if (!row.ok()) return row.status();
    if (!*row) return std::optional<tasks::Task>();
    const std::string order_id = (*row)->cols[0], account_id = (*row)->cols[1], date = (*row)->cols[2];
    const std::string contact_id = (*row)->cols[3];
    auto line = RandomRow(ctx, "SELECT COUNT(*) FROM OrderItem WHERE OrderId = '" + order_id + "'",
                          "SELECT lp.HeadNoun, lp.Modifier FROM OrderItem oi JOIN _latent_product lp ON lp.Product2Id = "
                          "oi.Product2Id WHERE oi.OrderId = '" + order_id + "' ORDER BY oi.Id");
    if (!line.ok()) return line.status();
    if (!*line) continue;
    const std::string head = gen::Lower((*line)->cols[0]), modifier = gen::Lower((*line)->cols[1]);
    const std::string mention = ctx.rng().Bernoulli(0.5) ? head : modifier + " " + head;
    // The interval: days, weeks or months before "today".
    const int64_t purchase_day = *org::ParseDate(date);
    std::string unit;
    int count = 0;
    int64_t today = 0;
    const double u = ctx.rng().Uniform01();
    if (u < 0.4) {
      unit = "day", count = static_cast<int>(ctx.rng().UniformInt(1, 30)), today = purchase_day + count;
    } else if (u < 0.75) {
      unit = "week", count = static_cast<int>(ctx.rng().UniformInt(1, 8)), today = purchase_day + 7 * count;
    } else {
      unit = "month", count = static_cast<int>(ctx.rng().UniformInt(1, 6));
      today = org::DaysFromCivil(org::AddMonths(org::CivilFromDays(purchase_day), count));
      if (org::DaysFromCivil(org::AddMonths(org::CivilFromDays(today), -count)) != purchase_day) continue;
    }
    if (today > org::DaysFromCivil({2025, 7, 1})) continue;
    // None instances ask about a day one off the purchase, so no order matches.
    const int64_t asked_day = want_none ? purchase_day + (ctx.rng().Bernoulli(0.5) ? 1 : -1) : purchase_day;
    if (want_none) today += asked_day - purchase_day;
    // The tools derive the purchase day from today exactly this way.
    if (RelativePeriod(today, unit, count)->start / org::kSecondsPerDay != asked_day) continue;
    auto all_fields = SearchProducts(ctx.db(), mention, false);
    auto names_only = SearchProducts(ctx.db(), mention, true);
    if (!all_fields.ok()) return all_fields.status();
    if (!names_only.ok()) return names_only.status();
    const std::string asked = org::FormatDate(asked_day);
    auto answer = SolvePurchase(ctx.db(), account_id, asked, *all_fields);
    auto by_name = SolvePurchase(ctx.db(), account_id, asked, *names_only);
    if (!answer.ok()) return answer.status();
    if (!by_name.ok()) return by_name.status();
    // The mention must single the product out whichever fields a search covers.
    if (*answer != *by_name || answer->size() != (want_none ? 0u : 1u)) continue;
    // A None instance still needs purchases that day or the next to be plausible; any is fine.
    const std::string ago = (count == 1 ? "a " + unit : std::to_string(count) + " " + unit + "s") + " ago";
    const char* forms[] = {"I bought some {m} {ago} and something is wrong with them. Which product was it?",
                           "Which product is the customer talking about? They said: 'the {m} I got {ago}'.",
                           "The customer mentions {m} purchased {ago}. Identify the product."};
    std::string query = gen::Fill(forms[ctx.rng().UniformInt(0, 2)], {{"m", mention}, {"ago", ago}});
    GeneratorKey key;
    key.Param("today", ToolStamp(today * org::kSecondsPerDay));
    key.Param("contact_id", contact_id);
    key.Param("search_term", mention);
    key.Param("period", unit);
    key.Param("interval_count", count);
    key.Execute("SELECT AccountId FROM Contact WHERE Id = '" + contact_id + "'");
    key.Execute("FIND {" + mention + "} IN ALL FIELDS RETURNING Product2(Id, Name)");
    key.Execute("SELECT Product2Id, Product2.Name FROM OrderItem WHERE Order.AccountId = '" + account_id +
                "' AND Order.Status = 'Activated' AND Order.EffectiveDate = " + asked);
    rapidjson::Value cid = key.Str(contact_id);
    const int acct = key.Tool("get_account_id_by_contact_id", key.Object({{"contact_id", &cid}}));
    rapidjson::Value end = key.Str(ToolStamp(today * org::kSecondsPerDay)), un = key.Str(unit), cnt(count);
    const int start = key.Tool("get_start_date", key.Object({{"end_date", &end}, {"period", &un}, {"interval_count", &cnt}}));
    rapidjson::Value term = key.Str(mention);
    const int found = key.Tool("search_products", key.Object({{"search_term", &term}}));
    rapidjson::Value a = key.Ref(acct), d = key.Ref(start), ids = key.Ref(found);
    key.Tool("get_purchase_history", key.Object({{"account_id", &a}, {"purchase_date", &d}, {"related_product_ids", &ids}}));
    key.Respond(JoinAnswer(*answer));
    return std::optional<tasks::Task>(ctx.MakeTask(
        "named_entity_disambiguation", query, *answer,
        "Contact in focus: " + contact_id + ". Today's date: " + TodayText(today) +
            ". A purchase 'N days, weeks or months ago' was made exactly that long before today; match the "
            "customer's words against product names and descriptions, and answer None if no purchase fits.",
        key));
  }
  return std::optional<tasks::Task>();
}

TaskDraw DrawPolicyViolation(GenContext& ctx, bool want_none) {
  const std::string filter = want_none ? "t.PolicyArticleId IS NOT NULL AND t.ViolatedArticleId IS NULL"
                                       : "t.ViolatedArticleId IS NOT NULL";
  auto row = RandomRow(ctx, "SELECT COUNT(*) FROM _truth_case t WHERE " + filter,
                       "SELECT t.CaseId, t.PolicyArticleId, k.Title, c.CreatedDate FROM _truth_case t JOIN Knowledge__kav k "
                       "ON k.Id = t.PolicyArticleId JOIN \"Case\" c ON c.Id = t.CaseId WHERE " + filter + " ORDER BY t.CaseId");
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<tasks::Task>();
  const auto& c = (*row)->cols;
  const std::string &case_id = c[0], &policy_id = c[1], &title = c[2];
  const int64_t today = *org::ParseDateTime(c[3]) / org::kSecondsPerDay + 30;
  std::vector<std::string> answer;
  if (!want_none) answer.push_back(policy_id);
  const char* forms[] = {"Did the agent on case {c} break any company policy? If so, which knowledge article?",
                         "Review case {c}: was a policy violated? Give the violated article's Id, or None.",
                         "Check the conversation of case {c} against our policies and name the violated article, if any."};
  std::string query = gen::Fill(forms[ctx.rng().UniformInt(0, 2)], {{"c", case_id}});
  GeneratorKey key;
  key.Param("today", ToolStamp(std::min(today, org::DaysFromCivil({2025, 7, 1})) * org::kSecondsPerDay));
  key.Param("case_id", case_id);
  key.Param("search_term", SearchWords(title));
  key.Execute("SELECT Body, EndTime FROM LiveChatTranscript WHERE CaseId = '" + case_id + "'");
  key.Execute("SELECT Subject, TextBody, FromAddress, MessageDate FROM EmailMessage WHERE ParentId = '" + case_id + "'");
  key.Execute("FIND {" + SearchWords(title) + "} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title, FAQ_Answer__c)");
  rapidjson::Value id1 = key.Str(case_id), id2 = key.Str(case_id), term = key.Str(SearchWords(title));
  key.Tool("get_livechat_transcript_by_case_id", key.Object({{"case_id", &id1}}));
  key.Tool("get_email_messages_by_case_id", key.Object({{"case_id", &id2}}));
  key.Tool("search_knowledge_articles", key.Object({{"search_term", &term}}));
  key.Respond(JoinAnswer(answer));
  return std::optional<tasks::Task>(ctx.MakeTask(
      "policy_violation_identification", query, answer,
      "Case in focus: " + case_id + ". Today's date: " + TodayText(std::min(today, org::DaysFromCivil({2025, 7, 1}))) +
          ". Compare what the agent did in the chat transcript and e-mails with the policies in the knowledge "
          "articles; answer with the Id of the violated article, or None if the agent followed every policy.",
      key));
}

}  // namespace crm::taskgen

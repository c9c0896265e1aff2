// Tools over customers, purchases, knowledge, products, conversations, plus
// respond and the flex tools that pass a raw query through.
#include <cctype>

#include "engine/org/datetime.h"
#include "engine/tools/query_text.h"
#include "engine/tools/records_view.h"
#include "engine/tools/tool_impls.h"

namespace crm::tools::internal {
namespace {

std::string RecordsResult(const QueryOutcome& outcome) {
  std::string error;
  std::optional<std::string> cleaned = CleanRecordsJson(outcome, &error);
  return cleaned ? *cleaned : QueryFailure(error);
}

std::string FieldList(const QueryOutcome& outcome, const char* field) {
  std::string error;
  std::optional<rapidjson::Document> records = ResponseRecords(outcome, &error);
  if (!records) return QueryFailure(error);
  std::vector<std::string> values;
  for (const rapidjson::Value& r : records->GetArray()) values.push_back(FieldText(r, field));
  return JsonStringList(values);
}

// The search term as a FIND body, or nullopt with args failed.
std::optional<std::string> SearchTerm(ArgReader& args, bool required) {
  std::optional<std::string> term = args.String("search_term", required);
  if (!args.ok()) return std::nullopt;
  std::string body = term ? SoslSearchTerm(*term) : "";
  if (body.empty()) {
    args.Fail("argument 'search_term' must contain something to search for");
    return std::nullopt;
  }
  return body;
}

bool StartsWithFind(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  if (text.size() < 4) return false;
  for (size_t i = 0; i < 4; ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != "FIND"[i]) return false;
  }
  return true;
}

}  // namespace

ToolPlan GetAccountIdByContactId(ArgReader& args) {
  std::optional<std::string> contact = args.Id("contact_id");
  if (!args.ok()) return TextResult(args.error());
  std::string id = *contact;
  return Query("SELECT AccountId FROM Contact WHERE Id = '" + id + "'", [id](const QueryOutcome& outcome) {
    std::string error;
    std::optional<rapidjson::Document> records = ResponseRecords(outcome, &error);
    if (!records) return QueryFailure(error);
    if (records->Empty()) return "Error: no Contact has Id " + id;
    std::string account = FieldText((*records)[0], "AccountId");
    return account.empty() ? std::string("null") : JsonString(account);
  });
}

ToolPlan GetPurchaseHistory(ArgReader& args) {
  std::optional<std::string> account = args.Id("account_id");
  std::optional<int64_t> when = args.DateTime("purchase_date");
  auto products = args.Ids("related_product_ids");
  if (!args.ok()) return TextResult(args.error());
  if (products->empty()) return TextResult("[]");
  int64_t day = *when / org::kSecondsPerDay - (*when % org::kSecondsPerDay < 0 ? 1 : 0);
  return Query("SELECT Id, Product2Id, OrderId FROM OrderItem WHERE Order.AccountId = '" + *account +
                   "' AND Order.EffectiveDate = " + org::FormatDate(day) +
                   " AND Order.Status = 'Activated' AND Product2Id IN " + IdList(*products) + " ORDER BY Id",
               RecordsResult);
}

ToolPlan SearchKnowledgeArticles(ArgReader& args) {
  std::optional<std::string> term = SearchTerm(args, false);
  if (!args.ok()) return TextResult(args.error());
  return Query("FIND {" + *term +
                   "} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title, FAQ_Answer__c WHERE PublishStatus = 'Online' "
                   "AND Language = 'en_US')",
               [](const QueryOutcome& outcome) {
                 std::string error;
                 std::optional<rapidjson::Document> records = ResponseRecords(outcome, &error);
                 if (!records) return QueryFailure(error);
                 rapidjson::Document out(rapidjson::kArrayType);
                 auto& alloc = out.GetAllocator();
                 for (const rapidjson::Value& r : records->GetArray()) {
                   rapidjson::Value item(rapidjson::kObjectType);
                   item.AddMember("Id", rapidjson::Value(FieldText(r, "Id").c_str(), alloc), alloc);
                   item.AddMember("Title", rapidjson::Value(FieldText(r, "Title").c_str(), alloc), alloc);
                   item.AddMember("Content", rapidjson::Value(FieldText(r, "FAQ_Answer__c").c_str(), alloc), alloc);
                   out.PushBack(item, alloc);
                 }
                 return JsonValue(out);
               },
               QueryLanguage::kSosl);
}

ToolPlan SearchProducts(ArgReader& args) {
  std::optional<std::string> term = SearchTerm(args, true);
  if (!args.ok()) return TextResult(args.error());
  return Query("FIND {" + *term + "} IN ALL FIELDS RETURNING Product2(Id, Name)",
               [](const QueryOutcome& outcome) { return FieldList(outcome, "Id"); }, QueryLanguage::kSosl);
}

ToolPlan GetIssues(ArgReader&) { return Query("SELECT Id, Name FROM Issue__c ORDER BY Name", RecordsResult); }

ToolPlan GetEmailMessagesByCaseId(ArgReader& args) {
  std::optional<std::string> id = args.Id("case_id");
  if (!args.ok()) return TextResult(args.error());
  return Query("SELECT Subject, TextBody, FromAddress, ToAddress, MessageDate FROM EmailMessage WHERE ParentId = '" +
                   *id + "' ORDER BY MessageDate",
               RecordsResult);
}

ToolPlan GetLivechatTranscriptByCaseId(ArgReader& args) {
  std::optional<std::string> id = args.Id("case_id");
  if (!args.ok()) return TextResult(args.error());
  return Query("SELECT Body, EndTime FROM LiveChatTranscript WHERE CaseId = '" + *id + "' ORDER BY EndTime",
               RecordsResult);
}

ToolPlan Respond(ArgReader& args) {
  // A list or number is taken as its JSON text: models often answer ["id"].
  const rapidjson::Value* content = args.Raw("content");
  if (!args.ok()) return TextResult(args.error());
  ToolPlan plan;
  plan.kind = ToolPlan::Kind::kRespond;
  plan.result = content->IsString() ? std::string(content->GetString(), content->GetStringLength()) : JsonValue(*content);
  return plan;
}

ToolPlan IssueSoqlQuery(ArgReader& args) {
  std::optional<std::string> query = args.String("query");
  if (!args.ok()) return TextResult(args.error());
  if (StartsWithFind(*query)) return ErrorResult("this is SOSL; use issue_sosl_query");
  return Query(*query, RecordsResult);
}

ToolPlan IssueSoslQuery(ArgReader& args) {
  std::optional<std::string> query = args.String("query");
  if (!args.ok()) return TextResult(args.error());
  if (!StartsWithFind(*query)) return ErrorResult("a SOSL search starts with FIND; use issue_soql_query for SOQL");
  return Query(*query, RecordsResult, QueryLanguage::kSosl);
}

}  // namespace crm::tools::internal

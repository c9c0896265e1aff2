// Tools over customers, purchases, knowledge, products, conversations, and
// the flex tools that pass a model's own query through.
#include "engine/tools/py_repr.h"
#include "engine/tools/tool_impls.h"

namespace crm::tools::internal {
namespace {

// search_knowledge_articles / search_products check their term alike.
std::optional<std::string> SearchTermError(const py::Value& term) {
  if (!term.is_str()) return "Error: search_term must be a string";
  if (py::StripWhitespace(term.as_str()).empty()) return "Error: search_term cannot be empty";
  return std::nullopt;
}

// `query.startswith(...)` on a non-str raises outside the flex tools' code;
// the environment shows the exception's text.
std::optional<std::string> QueryTypeError(const py::Value& query) {
  if (query.is_str()) return std::nullopt;
  const std::string type = query.is_none() ? "NoneType" : std::string(query.type_name());
  return "Error: '" + type + "' object has no attribute 'startswith'";
}

// What a flex tool returns: run_query's result; the connector's own
// exception reaches the environment, which shows "Error: <str(e)>".
py::Value PassThrough(const QueryOutcome& outcome) {
  ConnectorResult r = RunQueryResult(outcome);
  if (r.raised) return py::Value::Str("Error: " + *r.raised);
  return r.result;
}

ToolPlan RecordsOfCase(const BoundArgs& args, const char* select, const char* from, const char* case_field) {
  const py::Value& id = args["case_id"];
  if (!id.is_str()) return ReturnsText("Error: case_id must be a string");
  return Query(SoqlBlock({select, from, std::string("WHERE ") + case_field + " = " + QuotedStr(id)}), RecordsAsIs);
}

}  // namespace

ToolPlan GetAccountIdByContactId(const BoundArgs& args) {
  const py::Value& contact = args["contact_id"];
  if (!contact.is_str()) return ReturnsText("Error: contact_id must be a string");
  if (contact.as_str().empty()) return ReturnsText("Error: contact_id cannot be empty");
  return Query(SoqlBlock({"SELECT AccountId", "FROM Contact", "WHERE Id = " + QuotedStr(contact), "LIMIT 1"}),
               OnRecords([](const std::vector<py::Value>& records) {
                 if (records.empty()) return py::Value::List();
                 const py::Value* account = records[0].Find("AccountId");
                 if (!account) return Unexpected(KeyErrorText("AccountId"));
                 return *account;
               }));
}

ToolPlan GetPurchaseHistory(const BoundArgs& args) {
  const py::Value& account = args["account_id"];
  const py::Value& date = args["purchase_date"];
  const py::Value& products = args["related_product_ids"];
  if (!account.is_str()) return ReturnsText("Error: account_id must be a string");
  if (!date.is_str()) return ReturnsText("Error: purchase_date must be a string");
  if (!products.is_list()) return ReturnsText("Error: related_product_ids must be a list");
  for (const py::Value& p : products.items()) {
    if (!p.is_str()) return ReturnsText("Error: All product IDs in related_product_ids must be strings");
  }
  if (!IsToolDate(date)) return ReturnsText("Error: purchase_date must be in 'YYYY-MM-DDTHH:MM:SSZ' format");
  // purchase_date.split("T")[0]: only an upper-case T splits.
  const std::string day = date.as_str().substr(0, date.as_str().find('T'));
  return Query(SoqlBlock({"SELECT Product2Id", "FROM OrderItem", "WHERE OrderItem.Order.AccountId = " + QuotedStr(account),
                          "AND OrderItem.Order.EffectiveDate = " + BareToken(day),
                          "AND Product2Id IN (" + JoinedQuotedStrs(products.items()) + ")",
                          "AND OrderItem.Order.Status = 'Activated'"}),
               RecordsAsIs);
}

ToolPlan SearchKnowledgeArticles(const BoundArgs& args) {
  const py::Value& term = args["search_term"];
  if (std::optional<std::string> error = SearchTermError(term)) return ReturnsText(*error);
  return Query("FIND {" + SearchTermText(term.as_str()) +
                   "} IN ALL FIELDS RETURNING Knowledge__kav(Id, Title, FAQ_Answer__c WHERE PublishStatus='Online' "
                   "AND Language='en_US')",
               OnRecords([](const std::vector<py::Value>& records) {
                 py::Value out = py::Value::List();
                 for (const py::Value& r : records) {
                   // record.get(key, ''): a column dropped as all-None reads as ''.
                   auto get = [&](const char* key) {
                     const py::Value* v = r.Find(key);
                     return v ? *v : py::Value::Str("");
                   };
                   py::Value article = py::Value::Dict();
                   article.Set("Id", get("Id"));
                   article.Set("Title", get("Title"));
                   article.Set("Content", get("FAQ_Answer__c"));
                   out.Append(std::move(article));
                 }
                 return out;
               }));
}

ToolPlan SearchProducts(const BoundArgs& args) {
  const py::Value& term = args["search_term"];
  if (std::optional<std::string> error = SearchTermError(term)) return ReturnsText(*error);
  return Query("FIND {" + SearchTermText(term.as_str()) + "} IN ALL FIELDS RETURNING Product2(Id, Name, Description)",
               ColumnOf("Id"));
}

ToolPlan GetIssues(const BoundArgs&) { return Query(SoqlBlock({"SELECT Id, Name", "FROM Issue__c"}), RecordsAsIs); }

ToolPlan GetEmailMessagesByCaseId(const BoundArgs& args) {
  return RecordsOfCase(args, "SELECT Subject, TextBody, FromAddress, ToAddress, MessageDate", "FROM EmailMessage",
                       "ParentId");
}

ToolPlan GetLivechatTranscriptByCaseId(const BoundArgs& args) {
  return RecordsOfCase(args, "SELECT Body, EndTime", "FROM LiveChatTranscript", "CaseId");
}

ToolPlan IssueSoqlQuery(const BoundArgs& args) {
  const py::Value& query = args["query"];
  if (std::optional<std::string> error = QueryTypeError(query)) return ReturnsText(*error);
  return Query(query.as_str(), PassThrough);
}

// issue_sosl_query is the same function as issue_soql_query in the official
// harness: the connector decides SOQL or SOSL by the text's first word.
ToolPlan IssueSoslQuery(const BoundArgs& args) { return IssueSoqlQuery(args); }

}  // namespace crm::tools::internal

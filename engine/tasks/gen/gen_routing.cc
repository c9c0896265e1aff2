// Manager task case_routing: a new case's subject and description, and the
// agent the routing policy picks for it. Internal to the task generator;
// single-threaded.
#include <cctype>

#include "engine/gen/text_util.h"
#include "engine/gen/vocabulary.h"
#include "engine/org/datetime.h"
#include "engine/tasks/gen/gen_steps.h"
#include "engine/tasks/gen/solvers.h"

namespace crm::taskgen {

TaskDraw DrawCaseRouting(GenContext& ctx) {
  const auto& issues = gen::IssueKinds();
  for (int attempt = 0; attempt < 80; ++attempt) {
    // A product that has cases, and one of the issue kinds seen on it.
    Result<org::Statement> stmt = ctx.db().Prepare(
        "SELECT oi.Product2Id, p.Name, c.IssueId__c, i.Name FROM \"Case\" c JOIN OrderItem oi ON oi.Id = c.OrderItemId__c "
        "JOIN Product2 p ON p.Id = oi.Product2Id JOIN Issue__c i ON i.Id = c.IssueId__c ORDER BY c.Id LIMIT 1 OFFSET ?1");
    if (!stmt.ok()) return stmt.status();
    auto total = ctx.db().QueryInt("SELECT COUNT(*) FROM \"Case\"");
    if (!total.ok()) return total.status();
    stmt->BindInt(1, ctx.rng().UniformInt(0, *total - 1));
    Result<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) continue;
    const std::string product_id = stmt->ColumnText(0), product = stmt->ColumnText(1);
    const std::string issue_id = stmt->ColumnText(2), issue_name = stmt->ColumnText(3);
    auto answer = SolveCaseRouting(ctx.db(), issue_id, product_id);
    if (!answer.ok()) return answer.status();
    // Rule 3 (fewest open cases) is left out: agents with no open case are
    // invisible to the case-list tools, so only rules 1 and 2 make fair tasks.
    if (answer->agents.size() != 1 || answer->deciding_rule == 3) continue;
    const gen::IssueKind* kind = nullptr;
    for (const auto& k : issues) {
      if (k.name == issue_name) kind = &k;
    }
    if (kind == nullptr) continue;
    const std::string subject = gen::Fill(ctx.rng().Pick(kind->subjects), {{"product", product}});
    std::string description = gen::Fill(ctx.rng().Pick(kind->symptoms), {{"product", product}});
    description[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(description[0])));
    if (description.back() != '.') description.push_back('.');
    const char* forms[] = {"A new case just came in. Subject: {s}. Description: {d}. Which agent should it be routed to?",
                           "Route this new case to the right agent. Subject: {s}. Description: {d}.",
                           "Who should own this incoming case? Subject: {s}. Description: {d}."};
    std::string query = gen::Fill(forms[ctx.rng().UniformInt(0, 2)], {{"s", subject}, {"d", description}});
    GeneratorKey key;
    key.Param("issue_id", issue_id);
    key.Param("product_id", product_id);
    key.Param("search_term", product);
    key.Execute("SELECT Id, Name, Description__c FROM Issue__c");
    key.Execute("SELECT OwnerId, COUNT(Id) FROM Case WHERE Status = 'Closed' AND IssueId__c = '" + issue_id +
                "' GROUP BY OwnerId ORDER BY COUNT(Id) DESC");
    if (answer->deciding_rule == 2) {
      key.Execute("SELECT OwnerId, COUNT(Id) FROM Case WHERE Status = 'Closed' AND OrderItemId__r.Product2Id = '" +
                  product_id + "' GROUP BY OwnerId ORDER BY COUNT(Id) DESC");
    }
    key.Tool("get_issues", rapidjson::Value(rapidjson::kObjectType));
    rapidjson::Value issue_ids = key.StrList({issue_id}), closed = key.StrList({"Closed"});
    const int by_issue = key.Tool("get_cases", key.Object({{"issue_ids", &issue_ids}, {"statuses", &closed}}));
    rapidjson::Value subset = key.Ref(by_issue);
    const int best = key.Tool("get_agents_with_max_cases", key.Object({{"subset_cases", &subset}}));
    if (answer->deciding_rule == 2) {
      rapidjson::Value pid = key.Str(product_id);
      const int items = key.Tool("get_order_item_ids_by_product", key.Object({{"product_id", &pid}}));
      rapidjson::Value item_ids = key.Ref(items), tied = key.Ref(best), closed2 = key.StrList({"Closed"});
      const int by_product = key.Tool(
          "get_cases", key.Object({{"order_item_ids", &item_ids}, {"agent_ids", &tied}, {"statuses", &closed2}}));
      rapidjson::Value subset2 = key.Ref(by_product);
      key.Tool("get_agents_with_max_cases", key.Object({{"subset_cases", &subset2}}));
    }
    key.Respond(JoinAnswer(answer->agents));
    // Routing looks at the whole history, so "today" is the org's own clock.
    const int64_t today = org::DaysFromCivil({2025, 7, 1});
    key.Param("today", ToolStamp(today * org::kSecondsPerDay));
    std::string policy =
        "Routing policy: give the new case to the agent who has closed the most cases of the same issue. If several "
        "agents are tied, prefer the one who has closed the most cases about the same product. If they are still tied, "
        "prefer the agent with the fewest cases that are not yet closed.";
    return std::optional<tasks::Task>(
        ctx.MakeTask("case_routing", query, answer->agents, "Today's date: " + TodayText(today) + ". " + policy, key));
  }
  return std::optional<tasks::Task>();
}

}  // namespace crm::taskgen

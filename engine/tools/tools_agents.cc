// Agent tools: case counts per owner, handle times, owner-assignment history.
#include "engine/tools/query_text.h"
#include "engine/tools/tool_impls.h"

namespace crm::tools::internal {
namespace {

ToolPlan AgentsWithExtremeCases(ArgReader& args, bool max) {
  const rapidjson::Value* cases = args.Records("subset_cases");
  if (!args.ok()) return TextResult(args.error());
  std::map<std::string, double> counts;
  for (const rapidjson::Value& c : cases->GetArray()) {
    std::string owner = FieldText(c, "OwnerId");
    if (!owner.empty()) counts[owner] += 1;
  }
  return TextResult(JsonStringList(ExtremeKeys(counts, max)));
}

ToolPlan IdWithExtremeValue(ArgReader& args, bool max) {
  const rapidjson::Value* values = args.Object("values_by_id");
  if (!args.ok()) return TextResult(args.error());
  std::map<std::string, double> numbers;
  for (const auto& m : values->GetObject()) {
    if (!m.value.IsNumber()) return ErrorResult("argument 'values_by_id' must map each id to a number");
    numbers[std::string(m.name.GetString(), m.name.GetStringLength())] = m.value.GetDouble();
  }
  return TextResult(JsonStringList(ExtremeKeys(numbers, max)));
}

// WHERE clause of owner assignments with CreatedDate in [start, end].
std::string AssignmentsIn(int64_t start, int64_t end) {
  return "Field__c = 'Owner Assignment' AND CreatedDate >= " + SoqlDateTime(start) +
         " AND CreatedDate <= " + SoqlDateTime(end);
}

// Counts the non-empty values of `field` over the response's records.
std::optional<std::map<std::string, int64_t>> CountField(const QueryOutcome& outcome, const char* field,
                                                         std::string* error) {
  std::optional<rapidjson::Document> records = ResponseRecords(outcome, error);
  if (!records) return std::nullopt;
  std::map<std::string, int64_t> counts;
  for (const rapidjson::Value& r : records->GetArray()) {
    std::string value = FieldText(r, field);
    if (!value.empty()) ++counts[value];
  }
  return counts;
}

}  // namespace

ToolPlan GetAgentsWithMaxCases(ArgReader& args) { return AgentsWithExtremeCases(args, true); }
ToolPlan GetAgentsWithMinCases(ArgReader& args) { return AgentsWithExtremeCases(args, false); }
ToolPlan FindIdWithMaxValue(ArgReader& args) { return IdWithExtremeValue(args, true); }
ToolPlan FindIdWithMinValue(ArgReader& args) { return IdWithExtremeValue(args, false); }

ToolPlan CalculateAverageHandleTime(ArgReader& args) {
  const rapidjson::Value* cases = args.Records("cases");
  if (!args.ok()) return TextResult(args.error());
  std::map<std::string, std::pair<double, int64_t>> sums;
  for (const rapidjson::Value& c : cases->GetArray()) {
    std::string owner = FieldText(c, "OwnerId");
    std::optional<int64_t> created = FieldTime(c, "CreatedDate");
    std::optional<int64_t> closed = FieldTime(c, "ClosedDate");
    if (owner.empty() || !created || !closed) continue;
    auto& [total, n] = sums[owner];
    total += static_cast<double>(*closed - *created) / 60.0;
    ++n;
  }
  std::map<std::string, double> averages;
  for (const auto& [owner, sum] : sums) averages[owner] = sum.first / static_cast<double>(sum.second);
  return TextResult(JsonNumbers(averages));
}

ToolPlan GetAgentHandledCasesByPeriod(ArgReader& args) {
  std::optional<int64_t> start = args.DateTime("start_date");
  std::optional<int64_t> end = args.DateTime("end_date");
  if (!args.ok()) return TextResult(args.error());
  return Query("SELECT NewValue__c FROM CaseHistory__c WHERE " + AssignmentsIn(*start, *end),
               [](const QueryOutcome& outcome) {
                 std::string error;
                 auto counts = CountField(outcome, "NewValue__c", &error);
                 return counts ? JsonCounts(*counts) : QueryFailure(error);
               });
}

ToolPlan GetQualifiedAgentIdsByCaseCount(ArgReader& args) {
  const rapidjson::Value* handled = args.Object("agent_handled_cases");
  std::optional<int64_t> n = args.Int("n_cases");
  if (!args.ok()) return TextResult(args.error());
  std::vector<std::string> ids;
  for (const auto& m : handled->GetObject()) {
    if (!m.value.IsNumber()) return ErrorResult("argument 'agent_handled_cases' must map each agent id to a count");
    if (m.value.GetDouble() > static_cast<double>(*n)) ids.emplace_back(m.name.GetString(), m.name.GetStringLength());
  }
  return TextResult(JsonStringList(ids));
}

ToolPlan GetNonTransferredCaseIds(ArgReader& args) {
  std::optional<int64_t> start = args.DateTime("start_date");
  std::optional<int64_t> end = args.DateTime("end_date");
  if (!args.ok()) return TextResult(args.error());
  return Query("SELECT CaseId__c FROM CaseHistory__c WHERE " + AssignmentsIn(*start, *end),
               [](const QueryOutcome& outcome) {
                 std::string error;
                 auto counts = CountField(outcome, "CaseId__c", &error);
                 if (!counts) return QueryFailure(error);
                 std::vector<std::string> ids;
                 for (const auto& [id, n] : *counts) {
                   if (n == 1) ids.push_back(id);
                 }
                 return JsonStringList(ids);
               });
}

ToolPlan GetAgentTransferredCasesByPeriod(ArgReader& args) {
  std::optional<int64_t> start = args.DateTime("start_date");
  std::optional<int64_t> end = args.DateTime("end_date");
  std::optional<std::vector<std::string>> agents = args.Ids("qualified_agent_ids", false);
  if (!args.ok()) return TextResult(args.error());
  std::string soql = "SELECT OldValue__c FROM CaseHistory__c WHERE " + AssignmentsIn(*start, *end) +
                     " AND OldValue__c != null";
  if (agents) {
    if (agents->empty()) return TextResult("{}");
    soql += " AND OldValue__c IN " + IdList(*agents);
  }
  // Qualified agents who gave no case away count zero transfers.
  std::vector<std::string> zero = agents ? *agents : std::vector<std::string>{};
  return Query(soql, [zero](const QueryOutcome& outcome) {
    std::string error;
    auto counts = CountField(outcome, "OldValue__c", &error);
    if (!counts) return QueryFailure(error);
    for (const std::string& id : zero) counts->emplace(id, 0);
    return JsonCounts(*counts);
  });
}

}  // namespace crm::tools::internal

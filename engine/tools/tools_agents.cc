// Agent tools: case counts per owner, handle times, the owner-assignment
// history (handled, non-transferred, transferred cases), extremes of a dict.
#include "engine/tools/tool_impls.h"

namespace crm::tools::internal {
namespace {

std::string IndexText(size_t index) { return std::to_string(index); }

// get_agents_with_max_cases / get_agents_with_min_cases.
ToolPlan AgentsWithExtremeCases(const BoundArgs& args, bool max) {
  const py::Value& cases = args["subset_cases"];
  if (!cases.is_list()) return ReturnsText("Error: Input 'subset_cases' must be a list");
  KeyIndex agents;
  std::vector<int64_t> counts;
  for (size_t i = 0; i < cases.items().size(); ++i) {
    const py::Value& record = cases.items()[i];
    if (!record.is_dict()) return ReturnsText("Error: Item at index " + IndexText(i) + " in subset_cases is not a dictionary");
    const py::Value* owner = record.Find("OwnerId");
    if (!owner) return ReturnsText("Error: 'OwnerId' not found in case record at index " + IndexText(i));
    if (!owner->is_str()) return ReturnsText("Error: 'OwnerId' at index " + IndexText(i) + " is not a string");
    const size_t slot = agents.Slot(*owner);
    if (slot == counts.size()) counts.push_back(0);
    ++counts[slot];
  }
  py::Value out = py::Value::List();
  if (counts.empty()) return Returns(out);
  int64_t best = counts[0];
  for (int64_t n : counts) best = max ? std::max(best, n) : std::min(best, n);
  for (size_t slot = 0; slot < counts.size(); ++slot) {
    if (counts[slot] == best) out.Append(agents.keys()[slot]);
  }
  return Returns(out);
}

// find_id_with_max_value / find_id_with_min_value.
ToolPlan IdWithExtremeValue(const BoundArgs& args, bool max) {
  const py::Value& values = args["values_by_id"];
  if (!values.is_dict()) return ReturnsText("Error: Input must be a dictionary");
  if (values.entries().empty()) return Returns(py::Value());
  for (const py::Value::Entry& e : values.entries()) {
    if (!e.value.is_number()) return ReturnsText("Error: All values in the dictionary must be numeric");
  }
  const py::Value* best = &values.entries()[0].value;
  for (const py::Value::Entry& e : values.entries()) {
    if (max ? e.value.as_number() > best->as_number() : e.value.as_number() < best->as_number()) best = &e.value;
  }
  py::Value out = py::Value::List();
  for (const py::Value::Entry& e : values.entries()) {
    if (py::Equal(e.value, *best)) out.Append(e.key);
  }
  return Returns(out);
}

// The handled/transferred tools check their two dates the same way.
bool BothStrings(const BoundArgs& args) { return args["start_date"].is_str() && args["end_date"].is_str(); }
bool BothToolDates(const BoundArgs& args) { return IsToolDate(args["start_date"]) && IsToolDate(args["end_date"]); }
std::string Start(const BoundArgs& args) { return BareToken(args["start_date"].as_str()); }
std::string End(const BoundArgs& args) { return BareToken(args["end_date"].as_str()); }

}  // namespace

ToolPlan GetAgentsWithMaxCases(const BoundArgs& args) { return AgentsWithExtremeCases(args, true); }
ToolPlan GetAgentsWithMinCases(const BoundArgs& args) { return AgentsWithExtremeCases(args, false); }
ToolPlan FindIdWithMaxValue(const BoundArgs& args) { return IdWithExtremeValue(args, true); }
ToolPlan FindIdWithMinValue(const BoundArgs& args) { return IdWithExtremeValue(args, false); }

ToolPlan CalculateAverageHandleTime(const BoundArgs& args) {
  const py::Value& cases = args["cases"];
  if (!cases.is_list()) return ReturnsText("Error: Input 'cases' must be a list");
  KeyIndex agents;
  std::vector<std::vector<double>> times;
  for (size_t i = 0; i < cases.items().size(); ++i) {
    const py::Value& c = cases.items()[i];
    if (!c.is_dict()) return ReturnsText("Error: Item at index " + IndexText(i) + " in cases is not a dictionary");
    for (const char* key : {"CreatedDate", "ClosedDate", "OwnerId"}) {
      if (!c.Find(key)) return ReturnsText("Error: '" + std::string(key) + "' not found in case record at index " + IndexText(i));
    }
    std::optional<py::DateTime> dates[2];
    const char* keys[2] = {"CreatedDate", "ClosedDate"};
    for (int k = 0; k < 2; ++k) {
      const py::Value& text = *c.Find(keys[k]);
      if (!text.is_str()) return Returns(Unexpected(StrptimeTypeError(text)));
      dates[k] = py::Strptime(text.as_str(), py::DateFormat::kRecord);
      if (!dates[k]) {
        return ReturnsText("Error: Invalid date format at index " + IndexText(i) +
                           ". Expected format: '%Y-%m-%dT%H:%M:%S.%f%z'");
      }
    }
    const int64_t elapsed_us = dates[1]->UtcMicros() - dates[0]->UtcMicros();
    if (elapsed_us < 0) return ReturnsText("Error: ClosedDate is earlier than CreatedDate at index " + IndexText(i));
    const py::Value& owner = *c.Find("OwnerId");
    if (!owner.hashable()) return Returns(Unexpected("unhashable type: '" + std::string(owner.type_name()) + "'"));
    const size_t slot = agents.Slot(owner);
    if (slot == times.size()) times.emplace_back();
    // timedelta.total_seconds() / 60: one correctly rounded division each.
    times[slot].push_back(static_cast<double>(elapsed_us) / 1e6 / 60);
  }
  py::Value out = py::Value::Dict();
  for (size_t slot = 0; slot < times.size(); ++slot) {
    double sum = 0;  // sum(): plain left-to-right addition (Python 3.11)
    for (double t : times[slot]) sum += t;
    out.Set(agents.keys()[slot], py::Value::Float(sum / static_cast<double>(times[slot].size())));
  }
  return Returns(out);
}

ToolPlan GetAgentHandledCasesByPeriod(const BoundArgs& args) {
  if (!BothStrings(args)) return ReturnsText("Error: start_date and end_date must be strings");
  if (!BothToolDates(args)) return ReturnsText("Error: Invalid date format. Use 'YYYY-MM-DDTHH:MM:SSZ'");
  return Query(SoqlBlock({"SELECT NewValue__c, CreatedDate", "FROM CaseHistory__c",
                          "WHERE CreatedDate >= " + Start(args) + " AND CreatedDate <= " + End(args) +
                              " AND Field__c = 'Owner Assignment'"}),
               OnRecords([](const std::vector<py::Value>& records) {
                 if (records.empty()) return py::Value::Dict();
                 KeyIndex agents;
                 std::vector<int64_t> counts;
                 for (const py::Value& r : records) {
                   const py::Value* agent = r.Find("NewValue__c");  // record.get(): None when dropped
                   const size_t slot = agents.Slot(agent ? *agent : py::Value());
                   if (slot == counts.size()) counts.push_back(0);
                   ++counts[slot];
                 }
                 py::Value out = py::Value::Dict(py::DictClass::kDefaultDictInt);
                 for (size_t slot = 0; slot < counts.size(); ++slot) out.Set(agents.keys()[slot], py::Value::Int(counts[slot]));
                 return out;
               }));
}

ToolPlan GetQualifiedAgentIdsByCaseCount(const BoundArgs& args) {
  const py::Value& handled = args["agent_handled_cases"];
  const py::Value& n = args["n_cases"];
  if (!handled.is_dict()) return ReturnsText("Error: agent_handled_cases must be a dictionary");
  if (!n.is_int_like()) return ReturnsText("Error: n_cases must be an integer");
  py::Value out = py::Value::List();
  for (const py::Value::Entry& e : handled.entries()) {
    if (!e.value.is_number()) {
      return Returns(Unexpected("'>' not supported between instances of '" + std::string(e.value.type_name()) + "' and '" +
                                std::string(n.type_name()) + "'"));
    }
    const bool greater = e.value.is_int_like() ? e.value.as_int() > n.as_int()
                                               : e.value.as_number() > static_cast<double>(n.as_int());
    if (greater) out.Append(e.key);
  }
  return Returns(out);
}

ToolPlan GetNonTransferredCaseIds(const BoundArgs& args) {
  if (!BothStrings(args)) return ReturnsText("Error: start_date and end_date must be strings");
  if (!BothToolDates(args)) {
    return ReturnsText("Error: start_date and end_date must be in the format 'YYYY-MM-DDTHH:MM:SSZ'");
  }
  return Query(SoqlBlock({"SELECT CaseId__c", "FROM CaseHistory__c", "WHERE Field__c = 'Owner Assignment'",
                          "AND CreatedDate >= " + Start(args) + " AND CreatedDate <= " + End(args),
                          "GROUP BY CaseId__c", "HAVING COUNT(Id) = 1"}),
               ColumnOf("CaseId__c"));
}

ToolPlan GetAgentTransferredCasesByPeriod(const BoundArgs& args) {
  if (!BothStrings(args)) return ReturnsText("Error: start_date and end_date must be strings");
  // The default is an empty list; an empty list filters nothing out.
  const py::Value qualified = args.given("qualified_agent_ids") ? args["qualified_agent_ids"] : py::Value::List();
  if (!qualified.is_list()) return ReturnsText("Error: qualified_agent_ids must be a list");
  if (!BothToolDates(args)) {
    return ReturnsText("Error: start_date and end_date must be in the format 'YYYY-MM-DDTHH:MM:SSZ'");
  }
  return Query(SoqlBlock({"SELECT OldValue__c, CreatedDate", "FROM CaseHistory__c", "WHERE Field__c = 'Owner Assignment'",
                          "AND OldValue__c != NULL",
                          "AND CreatedDate >= " + Start(args) + " AND CreatedDate <= " + End(args)}),
               OnRecords([qualified](const std::vector<py::Value>& records) {
                 KeyIndex agents;
                 std::vector<int64_t> counts;
                 for (const py::Value& r : records) {
                   const py::Value* agent = r.Find("OldValue__c");
                   if (!agent) continue;
                   if (qualified.truthy() && !Contains(qualified.items(), *agent)) continue;
                   const size_t slot = agents.Slot(*agent);
                   if (slot == counts.size()) counts.push_back(0);
                   ++counts[slot];
                 }
                 py::Value out = py::Value::Dict();
                 for (size_t slot = 0; slot < counts.size(); ++slot) out.Set(agents.keys()[slot], py::Value::Int(counts[slot]));
                 return out;
               }));
}

}  // namespace crm::tools::internal

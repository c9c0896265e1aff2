// libFuzzer target: model-written tool calls and org responses through the
// official tools and the official observation view (engine/tools). The
// first byte picks what is fuzzed:
//   even: the rest is an org response body shown as the official connector
//         shows it; a view that is no harness failure must read back as a
//         Python literal (py_literal), or be an error text;
//   odd:  a tool (byte / 2 mod 27) called with the rest as its arguments;
//         a query plan is finished with an empty and with a fuzzed-shape
//         response, and every non-str result must read back as a literal.
// No crash, leak, hang or unbounded work on any input.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "engine/tools/connector.h"
#include "engine/tools/py_literal.h"
#include "engine/tools/tool.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "tools_fuzz: invariant violated: %s\n", what);
    __builtin_trap();
  }
}

void CheckReadsBack(const crm::py::Value& result) {
  if (result.is_str()) return;
  Check(crm::py::ParseLiteral(crm::py::Repr(result)).has_value(), "a result's repr does not read back");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    crm::tools::QueryObservation shown = crm::tools::ShowQueryResult(rest, crm::tools::ObservationFormat::kOfficial);
    if (!shown.harness_failure && !shown.text.empty() && (shown.text[0] == '[')) {
      Check(crm::py::ParseLiteral(shown.text).has_value(), "an official view does not read back");
    }
    (void)crm::tools::ShowQueryResult(rest, crm::tools::ObservationFormat::kJson);
    return 0;
  }
  const auto& tools = crm::tools::AllTools();
  const std::string& name = tools[(data[0] / 2) % tools.size()].name;
  crm::tools::ToolPlan plan = crm::tools::PlanToolCall(name, rest, true);
  if (plan.kind == crm::tools::ToolPlan::Kind::kQuery) {
    CheckReadsBack(plan.finish(std::string("{\"totalSize\":0,\"done\":true,\"records\":[]}")));
    CheckReadsBack(plan.finish(rest));
    crm::soql::QueryError error;
    error.error_code = "MALFORMED_QUERY";
    error.message = rest.substr(0, 64);
    CheckReadsBack(plan.finish(error));
  } else {
    CheckReadsBack(plan.result);
  }
  return 0;
}

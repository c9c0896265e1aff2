// libFuzzer target: a model's reply through every parser of
// engine/agents/action_parser.h (act/react tags as we and as the official
// loop read them, prompt-based tool calls, code fences, the SOSL test), and
// through the readers of extractor and judge replies and the official fuzzy
// metrics. Any reply must give an action or a kInvalid
// with its problem stated: no crash, leak or hang. Traps when a parsed
// action breaks the contract the episode machine relies on.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "engine/agents/action_parser.h"
#include "engine/scoring/model_scoring.h"
#include "engine/scoring/official_metrics.h"

namespace {

using crm::agents::ParsedAction;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "action_fuzz: invariant violated: %s\n", what);
    __builtin_trap();
  }
}

bool IsTrimmed(std::string_view s) {
  return s.empty() || (!std::isspace(static_cast<unsigned char>(s.front())) &&
                       !std::isspace(static_cast<unsigned char>(s.back())));
}

// Whatever the kind: a problem exactly when invalid, nothing longer than the reply.
void CheckCommon(const ParsedAction& a, size_t size) {
  Check((a.kind == ParsedAction::Kind::kInvalid) == !a.problem.empty(), "problem set iff kInvalid");
  Check(a.text.size() <= size && a.thought.size() <= size && a.tool_name.size() <= size,
        "a field longer than the reply");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view reply(reinterpret_cast<const char*>(data), size);

  ParsedAction tag = crm::agents::ParseTagAction(reply);
  CheckCommon(tag, size);
  Check(tag.kind != ParsedAction::Kind::kToolCall, "ParseTagAction returned a tool call");
  Check(IsTrimmed(tag.thought), "thought not trimmed");
  if (tag.kind == ParsedAction::Kind::kExecute) {
    Check(!tag.text.empty(), "empty query accepted");
    Check(IsTrimmed(tag.text), "query not trimmed");
    Check(tag.language == (crm::agents::IsSosl(tag.text) ? crm::tools::QueryLanguage::kSosl
                                                         : crm::tools::QueryLanguage::kSoql),
          "query language disagrees with IsSosl");
  } else if (tag.kind == ParsedAction::Kind::kRespond) {
    Check(IsTrimmed(tag.text), "answer not trimmed");
  }

  ParsedAction call = crm::agents::ParsePromptToolCall(reply);
  CheckCommon(call, size);
  Check(call.kind == ParsedAction::Kind::kToolCall || call.kind == ParsedAction::Kind::kInvalid,
        "ParsePromptToolCall returned a tag action");
  if (call.kind == ParsedAction::Kind::kToolCall) {
    const std::string& name = call.tool_name;
    Check(!name.empty(), "tool call without a name");
    Check(name.find('\n') == std::string::npos, "tool name spans lines");
    Check(name.front() != '`' && name.front() != '"' && name.back() != '`' && name.back() != '"',
          "tool name keeps its quotes");
    Check(call.arguments_json == "{}" || call.arguments_json.size() <= size, "arguments longer than the reply");
  }

  ParsedAction official = crm::agents::ParseTagActionOfficial(reply);
  CheckCommon(official, size);
  Check(official.kind != ParsedAction::Kind::kToolCall, "ParseTagActionOfficial returned a tool call");
  if (official.kind != ParsedAction::Kind::kInvalid) Check(!official.text.empty(), "official: empty body accepted");
  if (official.kind == ParsedAction::Kind::kExecute) Check(official.raw_text == official.text, "official: raw differs");

  // The same bytes as an extractor's and a judge's reply, and as a fuzzy answer.
  auto items = crm::scoring::ParseExtractionReply(reply);
  if (items.ok()) Check(!items->empty(), "extraction gave no item and no error");
  (void)crm::scoring::ParsePrivacyVerdict(reply);
  const size_t half = size / 2;
  crm::scoring::OfficialMetrics m = crm::scoring::ComputeOfficialMetrics(reply.substr(0, half), reply.substr(half));
  for (double v : {m.f1, m.bleu, m.rouge1, m.rouge2, m.rouge_l}) Check(v >= 0 && v <= 1.0000001, "metric out of range");

  std::string unwrapped = crm::agents::UnwrapCodeFence(reply);
  Check(unwrapped.size() <= size && IsTrimmed(unwrapped), "UnwrapCodeFence grew or left spaces");
  if (crm::agents::IsSosl(reply)) Check(size >= 4, "IsSosl on fewer than 4 bytes");
  return 0;
}

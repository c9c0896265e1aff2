#include "engine/agents/strategy.h"

namespace crm::agents {

std::string_view StrategyName(Strategy strategy) {
  switch (strategy) {
    case Strategy::kAct: return "act";
    case Strategy::kReact: return "react";
    case Strategy::kToolCall: return "tool_call";
    case Strategy::kToolCallFlex: return "tool_call_flex";
  }
  return "act";
}

std::optional<Strategy> ParseStrategy(std::string_view name) {
  for (Strategy s : {Strategy::kAct, Strategy::kReact, Strategy::kToolCall, Strategy::kToolCallFlex}) {
    if (StrategyName(s) == name) return s;
  }
  return std::nullopt;
}

bool UsesTools(Strategy strategy) { return strategy == Strategy::kToolCall || strategy == Strategy::kToolCallFlex; }

std::string_view PromptModeName(PromptMode mode) { return mode == PromptMode::kAided ? "aided" : "default"; }

std::optional<PromptMode> ParsePromptMode(std::string_view name) {
  if (name == "default") return PromptMode::kDefault;
  if (name == "aided") return PromptMode::kAided;
  return std::nullopt;
}

}  // namespace crm::agents

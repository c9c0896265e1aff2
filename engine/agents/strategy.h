// engine/agents/strategy.h — the four agent strategies and the prompt modes.
// Plain enums and pure name functions; safe from any thread.
#pragma once

#include <optional>
#include <string_view>

namespace crm::agents {

enum class Strategy { kAct, kReact, kToolCall, kToolCallFlex };
// "act", "react", "tool_call", "tool_call_flex".
std::string_view StrategyName(Strategy strategy);
std::optional<Strategy> ParseStrategy(std::string_view name);
// tool_call and tool_call_flex use tools; act and react write tags.
bool UsesTools(Strategy strategy);

// default: metadata.required only; aided: metadata.optional appended.
enum class PromptMode { kDefault, kAided };
std::string_view PromptModeName(PromptMode mode);
std::optional<PromptMode> ParsePromptMode(std::string_view name);

}  // namespace crm::agents

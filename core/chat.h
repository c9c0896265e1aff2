// core/chat.h — the chat vocabulary shared by the engine (which builds
// conversations) and io (which puts them on the wire for a provider).
//
// Plain value types: copyable, movable, safe to hand from one thread to
// another (a message's Text may share an immutable string: chat_text.h).
// JSON texts (tool arguments, parameter schemas) are kept as raw JSON strings
// so neither side imposes a JSON library on the other.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/chat_text.h"

namespace crm::chat {

enum class Role { kSystem, kUser, kAssistant, kTool };
const char* RoleName(Role role);  // "system", "user", "assistant", "tool"

struct ToolCall {
  std::string id;              // provider's call id (echoed back in the tool result)
  std::string name;
  std::string arguments_json;  // the arguments object as JSON text, as the model wrote it
};

struct Message {
  Role role = Role::kUser;
  Text content;  // shared for texts many episodes repeat (the system prompt), owned otherwise
  std::vector<ToolCall> tool_calls;  // assistant messages only
  std::string tool_call_id;          // tool messages only: which call this answers
  std::string name;                  // tool messages: the tool's name
};

struct ToolSpec {
  std::string name;
  std::string description;
  std::string parameters_schema_json;  // a JSON Schema object
};

struct CompletionRequest {
  std::string model;  // the provider's model id
  std::vector<Message> messages;
  std::vector<ToolSpec> tools;
  std::optional<double> temperature;
  std::optional<double> top_p;
  std::optional<int> max_output_tokens;
  std::optional<uint64_t> seed;
  // Reasoning models (o1/o3-style): no temperature, max_completion_tokens,
  // and no system role (the engine folds the system prompt into the user turn).
  bool reasoning_model = false;
  std::optional<std::string> reasoning_effort;  // "low" | "medium" | "high"
};

struct Usage {
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  int64_t cached_input_tokens = 0;  // part of input_tokens served from the provider's cache
  int64_t reasoning_tokens = 0;     // part of output_tokens spent on hidden reasoning
  int64_t cache_write_input_tokens = 0;  // part of input_tokens written to the cache (Anthropic, Bedrock)
};

enum class FinishReason { kStop, kToolCalls, kLength, kContentFilter, kOther };
const char* FinishReasonName(FinishReason reason);

struct CompletionResponse {
  std::string id;
  std::string model;
  std::string content;
  std::vector<ToolCall> tool_calls;
  FinishReason finish_reason = FinishReason::kStop;
  Usage usage;
};

}  // namespace crm::chat

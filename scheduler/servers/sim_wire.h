// scheduler/servers/sim_wire.h — the server side of the OpenAI chat
// completions and Anthropic messages wire formats, for the simulated model
// server: request JSON -> chat::CompletionRequest, chat::CompletionResponse
// -> response JSON, and each API's error body. Pure functions.
#pragma once

#include <string>

#include "core/chat.h"
#include "core/status.h"

namespace crm::servers {

Result<chat::CompletionRequest> ParseOpenAiRequest(const std::string& body, bool* stream);
std::string OpenAiResponseJson(const chat::CompletionResponse& response, const std::string& id, int64_t created,
                               bool report_usage);
// Server-sent events for stream:true: role chunk, content/tool chunks, finish, usage, [DONE].
std::string OpenAiStreamBody(const chat::CompletionResponse& response, const std::string& id, int64_t created);
std::string OpenAiErrorJson(const std::string& message, const std::string& type, const std::string& code);

Result<chat::CompletionRequest> ParseAnthropicRequest(const std::string& body);
std::string AnthropicResponseJson(const chat::CompletionResponse& response, const std::string& id, bool report_usage);
std::string AnthropicErrorJson(const std::string& type, const std::string& message);

}  // namespace crm::servers

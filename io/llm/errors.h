// io/llm/errors.h — turns a provider's non-2xx response into a CallError:
// specific code (rate limit, quota, context overflow, ...) from the status and
// the error body, rate-limit facts from the headers, and a message with any
// credential removed. Pure functions; any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/call_error.h"
#include "io/http/http_types.h"

namespace crm::io::llm {

// What the provider's error body said, whatever its dialect: OpenAI
// {error:{message,type,code}}, Anthropic {type:"error",error:{type,message}},
// Bedrock {message} + x-amzn-ErrorType, Gemini [{error:{code,message,status}}],
// vLLM/llama.cpp integer codes, or plain text/HTML.
struct ErrorBody {
  std::string message;
  std::string type;  // error.type / Gemini status / Bedrock exception name
  std::string code;  // error.code as text
};
ErrorBody ParseErrorBody(std::string_view body, const Headers& headers);

// Classifies a failed provider response (status >= 300, or a 200 whose body
// is an error object). `secret` (the API key) is scrubbed from the message.
CallError ClassifyProviderError(int status, const Headers& headers, std::string_view body,
                                std::string_view secret);

CallError MakeCallError(CallErrorCode code, int http_status, std::string message);

// Removes `secret` and any 10+ character piece of it from `text`.
std::string Redact(std::string text, std::string_view secret);

}  // namespace crm::io::llm

// io/llm/anthropic.h — Anthropic Messages API (POST {base}/v1/messages):
// system as a top-level field, tools with input_schema, tool_use/tool_result
// content blocks, anthropic-version header. Immutable; share between threads.
#pragma once

#include <string>

#include "io/llm/provider.h"

namespace crm::io::llm {

struct AnthropicConfig {
  std::string base_url = "https://api.anthropic.com";  // without /v1
  std::string api_key;
  std::string version = "2023-06-01";
  int default_max_tokens = 4096;  // max_tokens is required by the API
  Headers extra_headers;          // anthropic-beta, ...
};

class AnthropicProvider final : public Provider {
 public:
  explicit AnthropicProvider(AnthropicConfig config) : config_(std::move(config)) {}
  const char* kind() const override { return "anthropic"; }
  Expected<HttpRequest, CallError> BuildRequest(const chat::CompletionRequest& request) const override;
  CompletionOutcome ParseResponse(int status, const Headers& headers,
                                  std::string_view body) const override;
  std::string BuildBody(const chat::CompletionRequest& request) const;

 private:
  AnthropicConfig config_;
};

}  // namespace crm::io::llm

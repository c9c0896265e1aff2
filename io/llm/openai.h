// io/llm/openai.h — OpenAI-compatible chat completions: OpenAI itself and,
// by base URL, Together, Gemini's OpenAI endpoint, vLLM, llama.cpp, Ollama.
// Immutable after construction; share between threads.
#pragma once

#include <string>

#include "io/llm/provider.h"

namespace crm::io::llm {

struct OpenAiConfig {
  // Must include the version segment: https://api.openai.com/v1,
  // https://generativelanguage.googleapis.com/v1beta/openai, http://127.0.0.1:8000/v1.
  std::string base_url = "https://api.openai.com/v1";
  std::string api_key;  // empty: no Authorization header (local servers)
  Headers extra_headers;  // OpenAI-Organization, OpenAI-Project, ...
  // Send max_completion_tokens for every model (OpenAI's current API); by
  // default only reasoning models get it and others get max_tokens, which
  // every compatible server understands.
  bool always_max_completion_tokens = false;
};

class OpenAiProvider final : public Provider {
 public:
  explicit OpenAiProvider(OpenAiConfig config) : config_(std::move(config)) {}
  const char* kind() const override { return "openai"; }
  Expected<HttpRequest, CallError> BuildRequest(const chat::CompletionRequest& request) const override;
  CompletionOutcome ParseResponse(int status, const Headers& headers,
                                  std::string_view body) const override;
  // The JSON body alone (tests compare it with fixtures).
  std::string BuildBody(const chat::CompletionRequest& request) const;

 private:
  OpenAiConfig config_;
};

}  // namespace crm::io::llm

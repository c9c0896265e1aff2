// io/llm/bedrock.h — AWS Bedrock Converse (POST /model/{modelId}/converse),
// SigV4-signed (service "bedrock") or with a Bedrock API key (Bearer).
// Immutable; share between threads. Each BuildRequest signs afresh with the
// current time, so a retry gets a new X-Amz-Date (never reuse a built request).
#pragma once

#include <functional>
#include <string>

#include "io/llm/provider.h"
#include "io/llm/sigv4.h"

namespace crm::io::llm {

struct BedrockConfig {
  std::string region = "us-east-1";
  AwsCredentials credentials;
  std::string bearer_token;  // Bedrock API key; used instead of SigV4 when set
  // Base URL override (tests, VPC endpoints); default
  // https://bedrock-runtime.{region}.amazonaws.com
  std::string endpoint;
  int default_max_tokens = 4096;
  std::function<long long()> unix_time;  // clock for X-Amz-Date; default: system clock
};

class BedrockProvider final : public Provider {
 public:
  explicit BedrockProvider(BedrockConfig config) : config_(std::move(config)) {}
  const char* kind() const override { return "bedrock"; }
  Expected<HttpRequest, CallError> BuildRequest(const chat::CompletionRequest& request) const override;
  CompletionOutcome ParseResponse(int status, const Headers& headers,
                                  std::string_view body) const override;
  std::string BuildBody(const chat::CompletionRequest& request) const;

 private:
  BedrockConfig config_;
};

}  // namespace crm::io::llm

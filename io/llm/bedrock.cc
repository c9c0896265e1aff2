#include "io/llm/bedrock.h"

#include <chrono>

#include "core/json_in_situ.h"
#include "core/json_scratch.h"
#include "io/llm/errors.h"
#include "io/llm/json_util.h"
#include "io/llm/rate_limits.h"

namespace crm::io::llm {
namespace {
using chat::Role;
using json::Key;
using json::String;

void WriteText(json::Writer& w, const chat::Text& text) {
  w.StartObject();
  Key(w, "text"); json::Content(w, text);
  w.EndObject();
}

void WriteBlocks(json::Writer& w, const chat::Message& m) {
  if (m.role == Role::kTool) {
    w.StartObject();
    Key(w, "toolResult");
    w.StartObject();
    Key(w, "toolUseId"); String(w, m.tool_call_id);
    Key(w, "content"); w.StartArray(); WriteText(w, m.content); w.EndArray();
    Key(w, "status"); String(w, "success");
    w.EndObject();
    w.EndObject();
    return;
  }
  if (!m.content.empty() || m.tool_calls.empty()) WriteText(w, m.content);
  for (const auto& call : m.tool_calls) {
    w.StartObject();
    Key(w, "toolUse");
    w.StartObject();
    Key(w, "toolUseId"); String(w, call.id);
    Key(w, "name"); String(w, call.name);
    Key(w, "input"); json::WriteObjectOr(w, call.arguments_json);
    w.EndObject();
    w.EndObject();
  }
}

// Roles alternate: consecutive user-side messages (user, tool) merge.
void WriteBedrockMessages(json::Writer& w, const std::vector<chat::Message>& messages) {
  Key(w, "messages");
  w.StartArray();
  const char* open_role = nullptr;
  for (const auto& m : messages) {
    if (m.role == Role::kSystem) continue;
    const char* role = m.role == Role::kAssistant ? "assistant" : "user";
    if (open_role != role) {
      if (open_role) { w.EndArray(); w.EndObject(); }
      w.StartObject();
      Key(w, "role"); String(w, role);
      Key(w, "content");
      w.StartArray();
      open_role = role;
    }
    WriteBlocks(w, m);
  }
  if (open_role) { w.EndArray(); w.EndObject(); }
  w.EndArray();
}

void WriteToolConfig(json::Writer& w, const std::vector<chat::ToolSpec>& tools) {
  Key(w, "toolConfig");
  w.StartObject();
  Key(w, "tools");
  w.StartArray();
  for (const auto& tool : tools) {
    w.StartObject();
    Key(w, "toolSpec");
    w.StartObject();
    Key(w, "name"); String(w, tool.name);
    Key(w, "description"); String(w, tool.description);
    Key(w, "inputSchema");
    w.StartObject();
    Key(w, "json");
    json::WriteObjectOr(w, tool.parameters_schema_json, R"({"type":"object","properties":{}})");
    w.EndObject();
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

chat::FinishReason MapBedrockStop(const std::string& reason) {
  if (reason == "end_turn" || reason == "stop_sequence") return chat::FinishReason::kStop;
  if (reason == "tool_use") return chat::FinishReason::kToolCalls;
  if (reason == "max_tokens" || reason == "model_context_window_exceeded") return chat::FinishReason::kLength;
  if (reason == "guardrail_intervened" || reason == "content_filtered") return chat::FinishReason::kContentFilter;
  return chat::FinishReason::kOther;
}

void ParseOutput(const rapidjson::Value& root, chat::CompletionResponse& out) {
  const rapidjson::Value* output = json::Member(root, "output");
  const rapidjson::Value* message = output ? json::Member(*output, "message") : nullptr;
  const rapidjson::Value* content = message ? json::Member(*message, "content") : nullptr;
  if (!content || !content->IsArray()) return;
  for (const auto& block : content->GetArray()) {
    if (const rapidjson::Value* text = json::Member(block, "text"); text && text->IsString()) {
      out.content += text->GetString();
    } else if (const rapidjson::Value* use = json::Member(block, "toolUse")) {
      chat::ToolCall call{json::GetString(*use, "toolUseId"), json::GetString(*use, "name"), "{}"};
      if (const rapidjson::Value* input = json::Member(*use, "input")) call.arguments_json = json::Serialize(*input);
      out.tool_calls.push_back(std::move(call));
    }
  }
}

void ParseBedrockUsage(const rapidjson::Value& root, chat::Usage& usage) {
  const rapidjson::Value* u = json::Member(root, "usage");
  if (!u) return;
  int64_t cache_read = json::GetCount(*u, "cacheReadInputTokens");
  int64_t cache_write = json::GetCount(*u, "cacheWriteInputTokens");
  usage.input_tokens = json::GetCount(*u, "inputTokens") + cache_read + cache_write;
  usage.cached_input_tokens = cache_read;
  usage.cache_write_input_tokens = cache_write;
  usage.output_tokens = json::GetCount(*u, "outputTokens");
}

}  // namespace

std::string BedrockProvider::BuildBody(const chat::CompletionRequest& request) const {
  crm::json::ScratchBuffer scratch(json::BodyCapacity(request));
  json::Writer w(scratch.get());
  w.StartObject();
  bool has_system = false;
  for (const auto& m : request.messages) has_system = has_system || m.role == Role::kSystem;
  if (has_system) {
    Key(w, "system");
    w.StartArray();
    for (const auto& m : request.messages) {
      if (m.role == Role::kSystem) WriteText(w, m.content);
    }
    w.EndArray();
  }
  WriteBedrockMessages(w, request.messages);
  Key(w, "inferenceConfig");
  w.StartObject();
  Key(w, "maxTokens"); w.Int(request.max_output_tokens.value_or(config_.default_max_tokens));
  if (!request.reasoning_model && request.temperature) { Key(w, "temperature"); w.Double(*request.temperature); }
  if (!request.reasoning_model && request.top_p) { Key(w, "topP"); w.Double(*request.top_p); }
  w.EndObject();
  if (!request.tools.empty()) WriteToolConfig(w, request.tools);
  w.EndObject();
  return scratch.str();
}

Expected<HttpRequest, CallError> BedrockProvider::BuildRequest(
    const chat::CompletionRequest& request) const {
  std::string base = config_.endpoint.empty()
                         ? "https://bedrock-runtime." + config_.region + ".amazonaws.com"
                         : config_.endpoint;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::optional<Url> url = ParseUrl(base);
  if (!url) return MakeUnexpected(MakeCallError(CallErrorCode::kBadRequest, 0, "bad Bedrock endpoint"));
  bool default_port = url->port == (url->tls() ? 443 : 80);
  std::string host = default_port ? url->host : url->host + ":" + std::to_string(url->port);
  std::string path = "/model/" + AwsUriEncode(request.model, false) + "/converse";
  HttpRequest http;
  http.method = "POST";
  http.url = base + path;
  http.body = BuildBody(request);
  http.headers = {{"content-type", "application/json"}, {"host", host}};
  if (!config_.bearer_token.empty()) {
    http.headers.emplace_back("authorization", "Bearer " + config_.bearer_token);
    return http;
  }
  long long now = config_.unix_time ? config_.unix_time()
                                     : std::chrono::duration_cast<std::chrono::seconds>(
                                           std::chrono::system_clock::now().time_since_epoch()).count();
  http.headers.emplace_back("x-amz-date", AmzDate(now));
  if (!config_.credentials.session_token.empty()) {
    http.headers.emplace_back("x-amz-security-token", config_.credentials.session_token);
  }
  SigV4Input input{"POST", path, "", http.headers, http.body, config_.region, "bedrock", AmzDate(now)};
  http.headers.emplace_back("authorization", SignV4(input, config_.credentials).authorization);
  return http;
}

CompletionOutcome BedrockProvider::ParseResponse(int status, const Headers& headers,
                                                 std::string_view body) const {
  std::string_view secret = config_.bearer_token.empty() ? std::string_view(config_.credentials.secret_access_key)
                                                         : std::string_view(config_.bearer_token);
  if (status < 200 || status >= 300) {
    return MakeUnexpected(ClassifyProviderError(status, headers, body, secret));
  }
  crm::json::InSituDocument parsed;
  const rapidjson::Document& doc = parsed.doc();
  if (!parsed.Parse(body) || !doc.IsObject() || !json::Member(doc, "output")) {
    return MakeUnexpected(MakeCallError(CallErrorCode::kMalformedResponse, status, "Converse body has no output"));
  }
  CompletionResult result;
  result.http_status = status;
  chat::CompletionResponse& out = result.response;
  ParseOutput(doc, out);
  out.finish_reason = MapBedrockStop(json::GetString(doc, "stopReason"));
  ParseBedrockUsage(doc, out.usage);
  result.limits.retry_after_seconds = ParseRetryAfter(headers, std::chrono::system_clock::now());
  if (auto id = FindHeader(headers, "x-amzn-RequestId")) {
    result.request_id = std::string(*id);
    out.id = result.request_id;
  }
  return result;
}

}  // namespace crm::io::llm

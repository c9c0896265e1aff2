#include "io/llm/openai.h"

#include <chrono>

#include "core/json_in_situ.h"
#include "core/json_scratch.h"
#include "io/llm/errors.h"
#include "io/llm/json_util.h"
#include "io/llm/rate_limits.h"

namespace crm::io::llm {
namespace {
using json::Key;
using json::String;

void WriteMessage(json::Writer& w, const chat::Message& m) {
  w.StartObject();
  Key(w, "role");
  String(w, chat::RoleName(m.role));
  Key(w, "content");
  if (m.role == chat::Role::kAssistant && m.content.empty() && !m.tool_calls.empty()) {
    w.Null();
  } else {
    json::Content(w, m.content);
  }
  if (m.role == chat::Role::kAssistant && !m.tool_calls.empty()) {
    Key(w, "tool_calls");
    w.StartArray();
    for (const auto& call : m.tool_calls) {
      w.StartObject();
      Key(w, "id"); String(w, call.id);
      Key(w, "type"); String(w, "function");
      Key(w, "function");
      w.StartObject();
      Key(w, "name"); String(w, call.name);
      Key(w, "arguments"); String(w, call.arguments_json);  // a JSON *string*
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
  }
  if (m.role == chat::Role::kTool) {
    Key(w, "tool_call_id");
    String(w, m.tool_call_id);
  }
  w.EndObject();
}

void WriteOpenAiTools(json::Writer& w, const std::vector<chat::ToolSpec>& tools) {
  Key(w, "tools");
  w.StartArray();
  for (const auto& tool : tools) {
    w.StartObject();
    Key(w, "type"); String(w, "function");
    Key(w, "function");
    w.StartObject();
    Key(w, "name"); String(w, tool.name);
    Key(w, "description"); String(w, tool.description);
    Key(w, "parameters");
    json::WriteObjectOr(w, tool.parameters_schema_json, R"({"type":"object","properties":{}})");
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
}

chat::FinishReason MapFinish(const std::string& reason) {
  if (reason == "stop") return chat::FinishReason::kStop;
  if (reason == "tool_calls" || reason == "function_call") return chat::FinishReason::kToolCalls;
  if (reason == "length") return chat::FinishReason::kLength;
  if (reason == "content_filter") return chat::FinishReason::kContentFilter;
  return chat::FinishReason::kOther;
}

std::string ContentText(const rapidjson::Value& message) {
  const rapidjson::Value* content = json::Member(message, "content");
  if (!content) return "";
  if (content->IsString()) return content->GetString();
  std::string text;  // an array of {"type":"text","text":...} parts
  if (content->IsArray()) {
    for (const auto& part : content->GetArray()) text += json::GetString(part, "text");
  }
  return text;
}

void ParseToolCalls(const rapidjson::Value& message, chat::CompletionResponse& out) {
  const rapidjson::Value* calls = json::Member(message, "tool_calls");
  if (!calls || !calls->IsArray()) return;
  for (const auto& call : calls->GetArray()) {
    chat::ToolCall tool;
    tool.id = json::GetString(call, "id");
    if (tool.id.empty()) tool.id = "call_" + std::to_string(out.tool_calls.size());  // Gemini may omit it
    if (const rapidjson::Value* fn = json::Member(call, "function")) {
      tool.name = json::GetString(*fn, "name");
      const rapidjson::Value* args = json::Member(*fn, "arguments");
      if (args && args->IsString()) tool.arguments_json = args->GetString();
      else if (args) tool.arguments_json = json::Serialize(*args);
    }
    out.tool_calls.push_back(std::move(tool));
  }
}

void ParseOpenAiUsage(const rapidjson::Value& root, chat::Usage& usage) {
  const rapidjson::Value* u = json::Member(root, "usage");
  if (!u) return;
  usage.input_tokens = json::GetCount(*u, "prompt_tokens");
  usage.output_tokens = json::GetCount(*u, "completion_tokens");
  if (const rapidjson::Value* d = json::Member(*u, "prompt_tokens_details")) {
    usage.cached_input_tokens = json::GetCount(*d, "cached_tokens");
  }
  if (const rapidjson::Value* d = json::Member(*u, "completion_tokens_details")) {
    usage.reasoning_tokens = json::GetCount(*d, "reasoning_tokens");
  }
}

}  // namespace

std::string OpenAiProvider::BuildBody(const chat::CompletionRequest& request) const {
  crm::json::ScratchBuffer scratch(json::BodyCapacity(request));
  json::Writer w(scratch.get());
  w.StartObject();
  Key(w, "model"); String(w, request.model);
  Key(w, "messages");
  w.StartArray();
  for (const auto& m : request.messages) WriteMessage(w, m);
  w.EndArray();
  if (!request.tools.empty()) WriteOpenAiTools(w, request.tools);
  if (!request.reasoning_model) {
    if (request.temperature) { Key(w, "temperature"); w.Double(*request.temperature); }
    if (request.top_p) { Key(w, "top_p"); w.Double(*request.top_p); }
  }
  if (request.max_output_tokens) {
    bool modern = request.reasoning_model || config_.always_max_completion_tokens;
    if (modern) {
      Key(w, "max_completion_tokens");
    } else {
      Key(w, "max_tokens");
    }
    w.Int(*request.max_output_tokens);
  }
  if (request.seed) { Key(w, "seed"); w.Uint64(*request.seed); }
  if (request.reasoning_model && request.reasoning_effort) {
    Key(w, "reasoning_effort");
    String(w, *request.reasoning_effort);
  }
  w.EndObject();
  return scratch.str();
}

Expected<HttpRequest, CallError> OpenAiProvider::BuildRequest(
    const chat::CompletionRequest& request) const {
  HttpRequest http;
  http.method = "POST";
  std::string base = config_.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  http.url = base + "/chat/completions";
  http.headers.emplace_back("Content-Type", "application/json");
  http.headers.emplace_back("Accept", "application/json");
  if (!config_.api_key.empty()) http.headers.emplace_back("Authorization", "Bearer " + config_.api_key);
  for (const auto& h : config_.extra_headers) http.headers.push_back(h);
  http.body = BuildBody(request);
  return http;
}

CompletionOutcome OpenAiProvider::ParseResponse(int status, const Headers& headers,
                                                std::string_view body) const {
  if (status < 200 || status >= 300) {
    return MakeUnexpected(ClassifyProviderError(status, headers, body, config_.api_key));
  }
  crm::json::InSituDocument parsed;
  const rapidjson::Document& doc = parsed.doc();
  if (!parsed.Parse(body) || !doc.IsObject()) {
    return MakeUnexpected(MakeCallError(CallErrorCode::kMalformedResponse, status, "completion body is not a JSON object"));
  }
  if (json::Member(doc, "error")) {
    return MakeUnexpected(ClassifyProviderError(status, headers, body, config_.api_key));
  }
  const rapidjson::Value* choices = json::Member(doc, "choices");
  if (!choices || !choices->IsArray() || choices->Empty() || !json::Member((*choices)[0], "message")) {
    return MakeUnexpected(MakeCallError(CallErrorCode::kMalformedResponse, status, "completion has no choices[0].message"));
  }
  const rapidjson::Value& choice = (*choices)[0];
  const rapidjson::Value& message = *json::Member(choice, "message");
  CompletionResult result;
  result.http_status = status;
  chat::CompletionResponse& out = result.response;
  out.id = json::GetString(doc, "id");
  out.model = json::GetString(doc, "model");
  out.content = ContentText(message);
  ParseToolCalls(message, out);
  out.finish_reason = MapFinish(json::GetString(choice, "finish_reason"));
  if (!out.tool_calls.empty() && out.finish_reason == chat::FinishReason::kStop) {
    out.finish_reason = chat::FinishReason::kToolCalls;  // Gemini ends tool turns with "stop"
  }
  ParseOpenAiUsage(doc, out.usage);
  result.limits = ParseOpenAiRateLimits(headers, std::chrono::system_clock::now());
  if (auto id = FindHeader(headers, "x-request-id")) result.request_id = std::string(*id);
  return result;
}

}  // namespace crm::io::llm

#include "io/llm/errors.h"

#include <algorithm>
#include <chrono>

#include <rapidjson/document.h>

#include "io/llm/rate_limits.h"

namespace crm::io::llm {
namespace {

constexpr size_t kMaxMessage = 600;

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string Text(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return "";
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return "";
  if (it->value.IsString()) return it->value.GetString();
  if (it->value.IsInt64()) return std::to_string(it->value.GetInt64());
  return "";
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

bool IsContextOverflow(const ErrorBody& e, int status) {
  std::string msg = Lower(e.message);
  if (e.code == "context_length_exceeded" || e.type == "exceed_context_size_error") return true;
  if (Contains(msg, "maximum context length") || Contains(msg, "context length") ||
      Contains(msg, "context window") || Contains(msg, "prompt is too long") ||
      Contains(msg, "input is too long") || Contains(msg, "too many input tokens")) {
    return true;
  }
  // Together answers context overflow with 403 and a token arithmetic message.
  return status == 403 && Contains(msg, "tokens") && Contains(msg, "must be <=");
}

CallErrorCode CodeFromStatus(int status) {
  if (status == 408) return CallErrorCode::kTimeout;
  if (status == 409) return CallErrorCode::kConflict;
  if (status == 429) return CallErrorCode::kRateLimited;
  if (status == 503 || status == 529) return CallErrorCode::kOverloaded;
  if (status >= 500) return CallErrorCode::kServerError;
  if (status == 424) return CallErrorCode::kServerError;  // Bedrock ModelErrorException
  if (status == 401 || status == 403) return CallErrorCode::kUnauthorized;
  if (status == 402) return CallErrorCode::kQuotaExhausted;  // Together spend limit
  if (status == 404) return CallErrorCode::kNotFound;
  return CallErrorCode::kBadRequest;  // 400, 413, 422 and other 4xx
}

CallErrorCode Classify(int status, const ErrorBody& e) {
  std::string msg = Lower(e.message);
  if (e.code == "insufficient_quota" || e.type == "insufficient_quota" ||
      Contains(msg, "exceeded your current quota") || Contains(msg, "too many tokens per day") ||
      e.type == "ServiceQuotaExceededException") {
    return CallErrorCode::kQuotaExhausted;
  }
  if (IsContextOverflow(e, status)) return CallErrorCode::kContextOverflow;
  if (status == 429 && msg.rfind("request too large", 0) == 0) return CallErrorCode::kBadRequest;
  if (e.type == "ThrottlingException" || e.type == "ModelNotReadyException") {
    return CallErrorCode::kRateLimited;
  }
  if (e.type == "overloaded_error") return CallErrorCode::kOverloaded;
  if (e.type == "ModelTimeoutException") return CallErrorCode::kTimeout;
  if (status >= 200 && status < 300) return CallErrorCode::kServerError;  // in-band error object
  return CodeFromStatus(status);
}

}  // namespace

CallError MakeCallError(CallErrorCode code, int http_status, std::string message) {
  CallError error;
  error.code = code;
  error.http_status = http_status;
  error.message = std::move(message);
  return error;
}

std::string Redact(std::string text, std::string_view secret) {
  constexpr size_t kMinPiece = 10;
  constexpr std::string_view kMark = "[redacted]";
  if (secret.size() < 4) return text;
  for (size_t len = secret.size(); len >= std::min(kMinPiece, secret.size()); --len) {
    for (size_t start = 0; start + len <= secret.size(); ++start) {
      std::string_view piece = secret.substr(start, len);
      // Search on after the mark: a piece found inside it ("acted") would loop forever.
      for (size_t pos = text.find(piece); pos != std::string::npos; pos = text.find(piece, pos + kMark.size())) {
        text.replace(pos, len, kMark);
      }
    }
    if (len == 0) break;
  }
  return text;
}

ErrorBody ParseErrorBody(std::string_view body, const Headers& headers) {
  ErrorBody out;
  if (auto amzn = FindHeader(headers, "x-amzn-ErrorType")) {
    std::string type(amzn->substr(0, amzn->find(':')));
    out.type = type.substr(type.rfind('#') == std::string::npos ? 0 : type.rfind('#') + 1);
  }
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError()) {
    out.message = std::string(body.substr(0, kMaxMessage));
    return out;
  }
  const rapidjson::Value* root = &doc;
  if (doc.IsArray() && !doc.Empty()) root = &doc[0];  // Gemini wraps errors in a list
  if (!root->IsObject()) return out;
  const rapidjson::Value* err = root;
  if (auto it = root->FindMember("error"); it != root->MemberEnd()) {
    if (it->value.IsObject()) err = &it->value;
    if (it->value.IsString()) out.message = it->value.GetString();
  }
  if (out.message.empty()) out.message = Text(*err, "message");
  if (out.message.empty()) out.message = Text(*err, "Message");
  std::string type = Text(*err, "type");
  if (type.empty()) type = Text(*err, "status");
  if (type.empty()) type = Text(*root, "__type");
  if (out.type.empty()) out.type = type.substr(type.rfind('#') == std::string::npos ? 0 : type.rfind('#') + 1);
  out.code = Text(*err, "code");
  return out;
}

CallError ClassifyProviderError(int status, const Headers& headers, std::string_view body,
                                std::string_view secret) {
  ErrorBody parsed = ParseErrorBody(body, headers);
  CallError error;
  error.http_status = status;
  error.code = Classify(status, parsed);
  error.provider_code = !parsed.code.empty() && parsed.code != std::to_string(status) ? parsed.code
                                                                                       : parsed.type;
  std::string message = "HTTP " + std::to_string(status);
  if (!parsed.type.empty()) message += " " + parsed.type;
  if (!parsed.message.empty()) message += ": " + parsed.message.substr(0, kMaxMessage);
  error.message = Redact(std::move(message), secret);
  error.provider_code = Redact(error.provider_code, secret);
  auto now = std::chrono::system_clock::now();
  if (FindHeader(headers, "anthropic-ratelimit-requests-limit") ||
      FindHeader(headers, "anthropic-ratelimit-tokens-limit")) {
    error.limits = ParseAnthropicRateLimits(headers, now);
  } else {
    error.limits = ParseOpenAiRateLimits(headers, now);
  }
  error.should_retry = ParseShouldRetry(headers);
  for (const char* name : {"x-request-id", "request-id", "x-amzn-RequestId"}) {
    if (auto id = FindHeader(headers, name)) {
      error.request_id = std::string(*id);
      break;
    }
  }
  return error;
}

}  // namespace crm::io::llm

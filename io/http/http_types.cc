#include "io/http/http_types.h"

#include <charconv>

namespace crm::io {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::optional<std::string_view> FindHeader(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::string Url::Origin() const {
  std::string host_part = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return scheme + "://" + host_part + ":" + std::to_string(port);
}

std::optional<Url> ParseUrl(std::string_view text) {
  Url url;
  size_t sep = text.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  url.scheme = std::string(text.substr(0, sep));
  for (auto& c : url.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (url.scheme != "http" && url.scheme != "https") return std::nullopt;
  std::string_view rest = text.substr(sep + 3);
  size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  url.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (!url.target.empty() && url.target[0] == '?') url.target = "/" + url.target;
  if (authority.find('@') != std::string_view::npos) return std::nullopt;  // no userinfo
  std::string_view port_text;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    url.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      port_text = authority.substr(close + 2);
    }
  } else {
    size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (url.host.empty()) return std::nullopt;
  url.port = url.tls() ? 443 : 80;
  if (!port_text.empty()) {
    auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), url.port);
    if (ec != std::errc() || ptr != port_text.data() + port_text.size() || url.port <= 0 ||
        url.port > 65535) {
      return std::nullopt;
    }
  }
  return url;
}

const char* HttpErrorCodeName(HttpErrorCode code) {
  switch (code) {
    case HttpErrorCode::kInvalidUrl: return "invalid_url";
    case HttpErrorCode::kInvalidRequest: return "invalid_request";
    case HttpErrorCode::kResolve: return "resolve";
    case HttpErrorCode::kConnect: return "connect";
    case HttpErrorCode::kTls: return "tls";
    case HttpErrorCode::kProxy: return "proxy";
    case HttpErrorCode::kTimeout: return "timeout";
    case HttpErrorCode::kQueueTimeout: return "queue_timeout";
    case HttpErrorCode::kConnectionClosed: return "connection_closed";
    case HttpErrorCode::kProtocol: return "protocol";
    case HttpErrorCode::kTooLarge: return "too_large";
    case HttpErrorCode::kCancelled: return "cancelled";
  }
  return "unknown";
}

CallError ToCallError(const HttpError& error) {
  CallError out;
  out.message = std::string("http ") + HttpErrorCodeName(error.code) + ": " + error.message;
  switch (error.code) {
    case HttpErrorCode::kTimeout:
    case HttpErrorCode::kQueueTimeout: out.code = CallErrorCode::kTimeout; break;
    case HttpErrorCode::kResolve:
    case HttpErrorCode::kConnect:
    case HttpErrorCode::kConnectionClosed:
    case HttpErrorCode::kTls:  // as core/call_error.h: handshake failures are connection errors
    case HttpErrorCode::kProxy: out.code = CallErrorCode::kConnection; break;
    case HttpErrorCode::kProtocol: out.code = CallErrorCode::kMalformedResponse; break;
    case HttpErrorCode::kInvalidUrl:
    case HttpErrorCode::kInvalidRequest:
    case HttpErrorCode::kTooLarge: out.code = CallErrorCode::kBadRequest; break;
    case HttpErrorCode::kCancelled: out.code = CallErrorCode::kCancelled; break;
  }
  return out;
}

}  // namespace crm::io

#include "io/salesforce/sf_protocol.h"

#include <charconv>

#include <rapidjson/document.h>

namespace crm::io::salesforce {
namespace {

CallError Error(CallErrorCode code, int status, std::string message, std::string provider_code = "") {
  CallError e;
  e.code = code;
  e.http_status = status;
  e.message = std::move(message);
  e.provider_code = std::move(provider_code);
  return e;
}

std::string JoinUrl(std::string base, std::string_view path) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + std::string(path);
}

std::string Origin(std::string_view url) {
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  return std::string(url.substr(0, slash));
}

CallErrorCode CodeFor(int status, const std::string& error_code, std::string_view message) {
  if (error_code == kRequestLimitExceeded) {
    return IsDailyApiLimit(error_code, message) ? CallErrorCode::kDailyApiLimit : CallErrorCode::kRateLimited;
  }
  if (error_code == "QUERY_TIMEOUT") return CallErrorCode::kTimeout;
  if (status == 401 || status == 403) return CallErrorCode::kUnauthorized;
  if (status == 404) return CallErrorCode::kNotFound;
  if (status == 409) return CallErrorCode::kConflict;
  if (status == 503 || status == 420) return CallErrorCode::kOverloaded;
  if (status >= 500) return CallErrorCode::kServerError;
  return CallErrorCode::kBadRequest;
}

}  // namespace

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string XmlUnescape(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') { out += text[i]; continue; }
    size_t semi = text.find(';', i);
    if (semi == std::string_view::npos) { out += text[i]; continue; }
    std::string_view entity = text.substr(i + 1, semi - i - 1);
    if (entity == "amp") out += '&';
    else if (entity == "lt") out += '<';
    else if (entity == "gt") out += '>';
    else if (entity == "quot") out += '"';
    else if (entity == "apos") out += '\'';
    else if (!entity.empty() && entity[0] == '#') {
      unsigned code = 0;
      bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
      std::string_view digits = entity.substr(hex ? 2 : 1);
      std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
      if (code < 0x80) {
        out += static_cast<char>(code);
      } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
      }
    } else {
      out += std::string(text.substr(i, semi - i + 1));
    }
    i = semi;
  }
  return out;
}

std::optional<std::string> XmlElementText(std::string_view xml, std::string_view name) {
  for (size_t pos = xml.find('<'); pos != std::string_view::npos; pos = xml.find('<', pos + 1)) {
    size_t end = xml.find_first_of(" />", pos + 1);
    if (end == std::string_view::npos) return std::nullopt;
    std::string_view qname = xml.substr(pos + 1, end - pos - 1);
    size_t colon = qname.find(':');
    std::string_view local = colon == std::string_view::npos ? qname : qname.substr(colon + 1);
    if (local != name || qname.empty() || qname[0] == '/') continue;
    size_t open_end = xml.find('>', end);
    if (open_end == std::string_view::npos) return std::nullopt;
    if (xml[open_end - 1] == '/') return std::string();  // <name/>
    size_t close = xml.find("</", open_end);
    if (close == std::string_view::npos) return std::nullopt;
    return XmlUnescape(xml.substr(open_end + 1, close - open_end - 1));
  }
  return std::nullopt;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  // RFC 3986's unreserved characters pass; every other byte is %XX.
  auto unreserved = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~';
  };
  std::string out(text.size() * 3, '\0');
  char* o = out.data();
  for (unsigned char c : text) {
    if (unreserved(c)) {
      *o++ = static_cast<char>(c);
    } else {
      *o++ = '%';
      *o++ = kHex[c >> 4];
      *o++ = kHex[c & 15];
    }
  }
  out.resize(static_cast<size_t>(o - out.data()));
  return out;
}

HttpRequest BuildSoapLoginRequest(const SalesforceConfig& config) {
  HttpRequest req;
  req.method = "POST";
  req.url = JoinUrl(config.login_url, "/services/Soap/u/" + config.api_version);
  req.headers = {{"Content-Type", "text/xml; charset=UTF-8"}, {"SOAPAction", "login"}};
  req.body =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
      "<env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\">"
      "<env:Body><n1:login xmlns:n1=\"urn:partner.soap.sforce.com\">"
      "<n1:username>" + XmlEscape(config.username) + "</n1:username>"
      "<n1:password>" + XmlEscape(config.password + config.security_token) + "</n1:password>"
      "</n1:login></env:Body></env:Envelope>";
  return req;
}

Expected<Session, CallError> ParseSoapLoginResponse(int status, std::string_view body) {
  if (status >= 300) {
    std::string code = XmlElementText(body, "exceptionCode").value_or("");
    std::string fault = XmlElementText(body, "faultstring").value_or("HTTP " + std::to_string(status));
    if (code.empty()) {
      code = XmlElementText(body, "faultcode").value_or("");
      if (code.find(':') != std::string::npos) code = code.substr(code.find(':') + 1);
    }
    auto kind = status >= 500 && code.empty() ? CallErrorCode::kServerError : CallErrorCode::kUnauthorized;
    return MakeUnexpected(Error(kind, status, "SOAP login failed: " + fault, code));
  }
  Session session;
  auto server_url = XmlElementText(body, "serverUrl");
  auto session_id = XmlElementText(body, "sessionId");
  if (!server_url || !session_id) {
    return MakeUnexpected(Error(CallErrorCode::kMalformedResponse, status, "SOAP login response lacks serverUrl/sessionId"));
  }
  if (XmlElementText(body, "passwordExpired") == "true") {
    return MakeUnexpected(Error(CallErrorCode::kUnauthorized, status, "password expired", "PASSWORD_EXPIRED"));
  }
  session.access_token = *session_id;
  session.instance_url = Origin(*server_url);
  session.user_id = XmlElementText(body, "userId").value_or("");
  session.org_id = XmlElementText(body, "organizationId").value_or("");
  return session;
}

HttpRequest BuildOAuthPasswordRequest(const SalesforceConfig& config) {
  HttpRequest req;
  req.method = "POST";
  req.url = JoinUrl(config.login_url, "/services/oauth2/token");
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  req.body = "grant_type=password&client_id=" + PercentEncode(config.client_id) +
             "&client_secret=" + PercentEncode(config.client_secret) +
             "&username=" + PercentEncode(config.username) +
             "&password=" + PercentEncode(config.password + config.security_token);
  return req;
}

Expected<Session, CallError> ParseOAuthResponse(int status, std::string_view body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  auto text = [&doc](const char* key) -> std::string {
    if (!doc.IsObject()) return "";
    auto it = doc.FindMember(key);
    return it != doc.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
  };
  if (status >= 300) {
    std::string code = text("error");
    std::string description = text("error_description");
    auto kind = status >= 500 ? CallErrorCode::kServerError : CallErrorCode::kUnauthorized;
    if (code == "unsupported_grant_type" || code == "invalid_request") kind = CallErrorCode::kBadRequest;
    return MakeUnexpected(Error(kind, status, "OAuth login failed: " + (code.empty() ? "HTTP " + std::to_string(status) : code) +
                                                  (description.empty() ? "" : " (" + description + ")"), code));
  }
  Session session;
  session.access_token = text("access_token");
  session.instance_url = text("instance_url");
  while (!session.instance_url.empty() && session.instance_url.back() == '/') session.instance_url.pop_back();
  if (session.access_token.empty() || session.instance_url.empty()) {
    return MakeUnexpected(Error(CallErrorCode::kMalformedResponse, status, "OAuth response lacks access_token/instance_url"));
  }
  std::string id = text("id");  // .../id/<orgId>/<userId>
  size_t last = id.rfind('/');
  if (last != std::string::npos && last > 0) {
    size_t prev = id.rfind('/', last - 1);
    session.user_id = id.substr(last + 1);
    if (prev != std::string::npos) session.org_id = id.substr(prev + 1, last - prev - 1);
  }
  return session;
}

bool IsDailyApiLimit(std::string_view error_code, std::string_view message) {
  if (error_code != kRequestLimitExceeded) return false;
  // "TotalRequests Limit exceeded." is the org's 24-hour total; the
  // concurrent variants ("ConcurrentPerOrgLongTxn Limit exceeded.", "...
  // concurrent requests ...") name themselves, and anything we do not
  // recognise is left to the retry policy as an ordinary rate limit.
  return message.find("TotalRequests") != std::string_view::npos;
}

std::optional<ApiUsage> ParseLimitInfo(std::string_view header) {
  size_t pos = header.find("api-usage=");
  while (pos != std::string_view::npos && pos > 0 && header[pos - 1] == '-') {
    pos = header.find("api-usage=", pos + 1);  // skip per-app-api-usage
  }
  if (pos == std::string_view::npos) return std::nullopt;
  std::string_view rest = header.substr(pos + 10);
  ApiUsage usage;
  auto [p1, e1] = std::from_chars(rest.data(), rest.data() + rest.size(), usage.used);
  if (e1 != std::errc() || p1 == rest.data() + rest.size() || *p1 != '/') return std::nullopt;
  auto [p2, e2] = std::from_chars(p1 + 1, rest.data() + rest.size(), usage.max);
  if (e2 != std::errc()) return std::nullopt;
  return usage;
}

RateLimitInfo ToRateLimitInfo(const ApiUsage& usage) {
  RateLimitInfo info;
  info.requests_limit = usage.max;
  info.requests_remaining = usage.max > usage.used ? usage.max - usage.used : 0;
  return info;
}

CallError ParseRestError(int status, std::string_view body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  const rapidjson::Value* first = nullptr;
  if (!doc.HasParseError() && doc.IsArray() && !doc.Empty()) first = &doc[0];
  if (!doc.HasParseError() && doc.IsObject()) first = &doc;
  std::string code, message;
  if (first && first->IsObject()) {
    if (auto it = first->FindMember("errorCode"); it != first->MemberEnd() && it->value.IsString()) code = it->value.GetString();
    if (auto it = first->FindMember("message"); it != first->MemberEnd() && it->value.IsString()) message = it->value.GetString();
  } else {
    message = std::string(body.substr(0, 300));
  }
  std::string text = code.empty() ? "HTTP " + std::to_string(status) + ": " + message : code + ": " + message;
  CallError error = Error(CodeFor(status, code, message), status, text, code);
  // The daily total does not clear for hours: retrying only spends time. The
  // concurrent-request limit clears as soon as a long request ends.
  if (error.code == CallErrorCode::kDailyApiLimit) error.should_retry = false;
  return error;
}

std::string JoinJsonArrays(const std::string& left, const std::string& right) {
  if (left.size() <= 2) return right;
  if (right.size() <= 2) return left;
  return left.substr(0, left.size() - 1) + "," + right.substr(1);
}

}  // namespace crm::io::salesforce

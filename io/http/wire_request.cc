#include "io/http/wire_request.h"

#include <string_view>

namespace crm::io::internal {
namespace {

// RFC 9110 tchar: the characters of a method or a field name. A table: the
// names of every request are checked, and a search of the punctuation list
// for each '-' was a library call per character.
constexpr bool IsTokenChar(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

struct TokenTable {
  bool allowed[256] = {};
  constexpr TokenTable() {
    for (int c = 0; c < 256; ++c) allowed[c] = IsTokenChar(static_cast<unsigned char>(c));
  }
};
constexpr TokenTable kTokenChars;

bool IsToken(std::string_view text) {
  if (text.empty()) return false;
  for (unsigned char c : text) {
    if (!kTokenChars.allowed[c]) return false;
  }
  return true;
}

// No CR, LF or NUL. A plain loop: find_first_of with a set searches the set
// once per character of the value (a library call each).
bool IsSafeValue(std::string_view value) {
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

// The request target must be one token of visible characters.
bool IsSafeTarget(std::string_view target) {
  if (target.empty()) return false;
  for (unsigned char c : target) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

// A field name as it may appear in an error message: controls shown as '?'
// (the name failed validation, so it may hold anything).
std::string Printable(std::string_view name) {
  std::string out(name.substr(0, 64));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

HttpError Invalid(std::string what) { return HttpError{HttpErrorCode::kInvalidRequest, std::move(what)}; }

void AppendField(std::string& head, std::string_view name, std::string_view value) {
  head.append(name).append(": ").append(value).append("\r\n");
}

// Methods whose requests carry content by definition get Content-Length even
// when the body is empty (as curl and Beast send it); others only when they
// have a body.
bool AlwaysSendsLength(std::string_view method) { return method == "POST" || method == "PUT" || method == "PATCH"; }

}  // namespace

Expected<WireRequest, HttpError> ToWireRequest(HttpRequest& request, const Url& url, const std::string& user_agent) {
  if (!IsToken(request.method)) return MakeUnexpected(Invalid("method is not an HTTP token"));
  if (!IsSafeTarget(url.target)) return MakeUnexpected(Invalid("request target has a space or control character"));
  if (!IsSafeValue(user_agent)) return MakeUnexpected(Invalid("User-Agent has a CR, LF or NUL"));
  const std::string* own_host = nullptr;
  const std::string* own_agent = nullptr;
  size_t fields_size = 0;
  for (const auto& [name, value] : request.headers) {
    if (!IsToken(name)) return MakeUnexpected(Invalid("header field name '" + Printable(name) + "' is not an HTTP token"));
    if (!IsSafeValue(value)) return MakeUnexpected(Invalid("header field '" + name + "' has a CR, LF or NUL in its value"));
    if (!own_host && EqualsIgnoreCase(name, "host")) own_host = &value;
    if (!own_agent && EqualsIgnoreCase(name, "user-agent")) own_agent = &value;
    fields_size += name.size() + value.size() + 4;
  }

  WireRequest wire;
  std::string& head = wire.head;
  head.reserve(request.method.size() + url.target.size() + url.host.size() + user_agent.size() + fields_size + 96);
  head.append(request.method).append(" ").append(url.target).append(" HTTP/1.1\r\n");
  if (own_host) {
    AppendField(head, "Host", *own_host);
  } else {
    head.append("Host: ");
    bool ipv6 = url.host.find(':') != std::string::npos;
    if (ipv6) head += '[';
    head.append(url.host);
    if (ipv6) head += ']';
    bool default_port = (url.tls() && url.port == 443) || (!url.tls() && url.port == 80);
    if (!default_port) head.append(":").append(std::to_string(url.port));
    head.append("\r\n");
  }
  AppendField(head, "User-Agent", own_agent ? *own_agent : user_agent);
  for (const auto& [name, value] : request.headers) {
    if (EqualsIgnoreCase(name, "host") || EqualsIgnoreCase(name, "user-agent")) continue;  // written above; a repeat: the first wins
    if (EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "transfer-encoding")) continue;
    AppendField(head, name, value);
  }
  if (!request.body.empty() || AlwaysSendsLength(request.method)) {
    AppendField(head, "Content-Length", std::to_string(request.body.size()));
  }
  head.append("\r\n");
  wire.body = std::move(request.body);
  wire.expects_body = request.method != "HEAD";
  return wire;
}

}  // namespace crm::io::internal

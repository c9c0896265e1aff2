// io/http/wire_request.h — internal: an HttpRequest turned into the bytes an
// HTTP/1.1 client sends, a head (request line, header fields, blank line) and
// the body, which the connection writes in one gather write.
//
// Why not Beast's serializer: it walks the head and body through layers of
// buffer views and a variant iterator on every write, a few microseconds per
// model call at zero latency; the head is a few hundred bytes we can write
// once. Responses are still parsed by Beast.
//
// The caller's fields are validated, never passed through raw: a method or
// field name that is not an RFC 9110 token, or a CR, LF or NUL in a value
// (which would let a value inject fields or a second request), is refused
// with kInvalidRequest. Pure functions; any thread.
#pragma once

#include <string>

#include "io/http/http_types.h"

namespace crm::io::internal {

struct WireRequest {
  std::string head;          // "POST /path HTTP/1.1\r\n" fields "\r\n"
  std::string body;          // sent as is, framed by Content-Length
  bool expects_body = true;  // false for HEAD: the response carries no body
};

// Host and User-Agent come from the URL and `user_agent` unless the request
// sets its own; Content-Length is always the body's (a caller's own
// Content-Length or Transfer-Encoding is dropped, since the body is framed
// here). Takes the body by move.
Expected<WireRequest, HttpError> ToWireRequest(HttpRequest& request, const Url& url,
                                               const std::string& user_agent);

}  // namespace crm::io::internal

// io/http/server_limits.h — which requests the HTTP server answers itself
// instead of passing them to its handler: a head it could not parse (400),
// a body over the limit (413), a request target over the limit (414), header
// fields over the limit (431). Internal to http_server.cc; pure functions,
// any thread.
#pragma once

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

#include "io/http/http_server.h"

namespace crm::io::internal {

// The limit to give Beast's parser for the whole head: room for a target and
// header fields at their limits, the method, version and line ends.
size_t HeadLimit(const ServerOptions& options);

// A read that failed with `ec`, `unread` being the bytes received and not yet
// consumed: the answer owed, or nullopt when nothing was asked or there is
// no one to answer (closed between requests, reset, a timeout, the server
// stopping). A head cut short by the peer's close is malformed (400): a
// half-closed peer still reads.
std::optional<RejectedRequest> RejectionForReadError(const boost::system::error_code& ec, std::string_view unread,
                                                     const ServerOptions& options);

// A parsed head over the limits: 414 for the target, 431 for the fields.
std::optional<RejectedRequest> RejectionForHead(size_t target_bytes, size_t header_field_bytes,
                                                const ServerOptions& options);

// The default answer: text/plain with the reason.
ServerResponse PlainRejection(const RejectedRequest& rejected);

}  // namespace crm::io::internal

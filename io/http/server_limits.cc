#include "io/http/server_limits.h"

#include <boost/beast/http/error.hpp>

#include <string>

namespace crm::io::internal {
namespace http = boost::beast::http;

namespace {

// `bytes` 0: unknown, the head limit stopped the read first.
RejectedRequest TargetTooLong(size_t bytes, const ServerOptions& options) {
  const std::string limit = std::to_string(options.max_target_bytes);
  return {414, bytes > 0 ? "the request target is " + std::to_string(bytes) + " bytes, more than " + limit
                         : "the request target is over " + limit + " bytes"};
}

RejectedRequest FieldsTooLarge(size_t bytes, const ServerOptions& options) {
  const std::string limit = std::to_string(options.max_header_bytes);
  return {431, bytes > 0 ? "the header fields take " + std::to_string(bytes) + " bytes, more than " + limit
                         : "the header fields take over " + limit + " bytes"};
}

// Beast stops at the head limit without saying which part is long: the
// request line (still in `unread`, Beast parses a head only once it is
// complete) tells a long target from long header fields.
RejectedRequest HeadTooLarge(std::string_view unread, const ServerOptions& options) {
  const size_t line_end = unread.find("\r\n");
  if (line_end == std::string_view::npos) return TargetTooLong(0, options);
  const std::string_view line = unread.substr(0, line_end);
  const size_t first = line.find(' ');
  const size_t last = line.rfind(' ');
  const size_t target = first != std::string_view::npos && last > first ? last - first - 1 : line.size();
  if (target > options.max_target_bytes) return TargetTooLong(target, options);
  return FieldsTooLarge(0, options);
}

}  // namespace

size_t HeadLimit(const ServerOptions& options) { return options.max_target_bytes + options.max_header_bytes + 1024; }

std::optional<RejectedRequest> RejectionForReadError(const boost::system::error_code& ec, std::string_view unread,
                                                     const ServerOptions& options) {
  if (ec.category() != http::make_error_code(http::error::header_limit).category()) return std::nullopt;
  switch (static_cast<http::error>(ec.value())) {
    case http::error::end_of_stream:
      return std::nullopt;  // closed between requests: nothing was asked
    case http::error::header_limit:
      return HeadTooLarge(unread, options);
    case http::error::body_limit:
      return RejectedRequest{413, "the body is larger than " + std::to_string(options.max_request_bytes) + " bytes"};
    default:
      return RejectedRequest{400, "malformed request: " + ec.message()};
  }
}

std::optional<RejectedRequest> RejectionForHead(size_t target_bytes, size_t header_field_bytes,
                                                const ServerOptions& options) {
  if (target_bytes > options.max_target_bytes) return TargetTooLong(target_bytes, options);
  if (header_field_bytes > options.max_header_bytes) return FieldsTooLarge(header_field_bytes, options);
  return std::nullopt;
}

ServerResponse PlainRejection(const RejectedRequest& rejected) {
  ServerResponse res;
  res.status = rejected.status;
  res.headers.emplace_back("Content-Type", "text/plain");
  res.body = rejected.reason + "\n";
  return res;
}

}  // namespace crm::io::internal

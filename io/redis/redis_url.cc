#include "io/redis/redis_url.h"

#include <charconv>

namespace crm::io {

namespace {

bool ParseInt(const std::string& text, int lo, int hi, int* out) {
  if (text.empty()) return false;
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) return false;
  *out = v;
  return true;
}

}  // namespace

std::string RedisUrl::Redacted() const {
  std::string auth;
  if (!password.empty()) auth = username + ":***@";
  else if (!username.empty()) auth = username + "@";
  return "redis://" + auth + host + ":" + std::to_string(port) + "/" + std::to_string(db);
}

Result<RedisUrl> ParseRedisUrl(const std::string& url) {
  const std::string scheme = "redis://";
  if (url.compare(0, scheme.size(), scheme) != 0) {
    return Status::InvalidArgument("redis_url must start with redis:// (rediss:// and unix sockets are not supported)");
  }
  std::string rest = url.substr(scheme.size());
  RedisUrl out;
  std::string shown = "redis://";
  if (const size_t at = rest.rfind('@'); at != std::string::npos) {
    const std::string auth = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (const size_t colon = auth.find(':'); colon != std::string::npos) {
      out.username = auth.substr(0, colon);
      out.password = auth.substr(colon + 1);
    } else {
      out.password = auth;  // redis://secret@host: a password alone, as redis-cli -u reads it
    }
    shown += "***@";
  }
  std::string hostport = rest;
  if (const size_t slash = rest.find('/'); slash != std::string::npos) {
    hostport = rest.substr(0, slash);
    const std::string db = rest.substr(slash + 1);
    if (!db.empty() && !ParseInt(db, 0, 65535, &out.db)) {
      return Status::InvalidArgument("redis_url " + shown + rest + ": the database must be a number (/0, /1, ...)");
    }
  }
  if (const size_t colon = hostport.rfind(':'); colon != std::string::npos && hostport.find(']') == std::string::npos) {
    if (!ParseInt(hostport.substr(colon + 1), 1, 65535, &out.port)) {
      return Status::InvalidArgument("redis_url " + shown + rest + ": the port must be 1-65535");
    }
    hostport = hostport.substr(0, colon);
  }
  if (hostport.empty()) return Status::InvalidArgument("redis_url " + shown + rest + ": no host");
  out.host = hostport;
  return out;
}

}  // namespace crm::io

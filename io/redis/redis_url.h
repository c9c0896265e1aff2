// io/redis/redis_url.h — a Redis address as the config gives it:
// redis://[[user]:password@]host[:port][/db]. Parsing never echoes a
// password: errors and Redacted() show it as "***". Pure; thread-safe.
#pragma once

#include <string>

#include "core/status.h"

namespace crm::io {

struct RedisUrl {
  std::string host;
  int port = 6379;
  int db = 0;
  std::string username;  // Redis 6 ACL user; empty: the default user
  std::string password;  // empty: no AUTH
  // The URL with the password replaced by "***", for messages.
  std::string Redacted() const;
};

Result<RedisUrl> ParseRedisUrl(const std::string& url);

}  // namespace crm::io

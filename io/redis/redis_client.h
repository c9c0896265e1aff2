// io/redis/redis_client.h — a small RAII client for one Redis connection
// (hiredis, blocking, with connect and command timeouts).
//
// Connect() must reach the server (a clear error naming the redacted URL
// otherwise). Afterwards a lost connection is reconnected lazily: a command
// on a broken connection first tries to reconnect, at most once per
// `reconnect_interval`, and otherwise fails fast with kIoError, so callers
// can fall back without waiting on timeouts. Lua scripts run by SHA and are
// loaded on NOSCRIPT (a restarted server forgot them). hiredis stays out of
// this header. Not thread-safe: one thread owns a client.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "io/redis/redis_url.h"

struct redisContext;

namespace crm::io {

struct RedisReply {
  enum class Type { kNil, kInteger, kString, kStatus, kArray };
  Type type = Type::kNil;
  int64_t integer = 0;
  std::string str;  // kString, kStatus
  std::vector<RedisReply> elements;

  bool nil() const { return type == Type::kNil; }
  // A string reply read as a number (Lua returns fractions as strings); 0 when not a number.
  double AsDouble() const;
};

struct RedisOptions {
  double connect_timeout_seconds = 2;
  double command_timeout_seconds = 2;
  double reconnect_interval_seconds = 0.5;
  double reconnect_timeout_seconds = 0.5;  // connect timeout of a reconnect
};

class RedisClient {
 public:
  static Result<std::unique_ptr<RedisClient>> Connect(const RedisUrl& url, RedisOptions options = {});
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // One command. A server error reply is kInternal with the server's text; a
  // lost connection (or none yet again) is kIoError.
  Result<RedisReply> Command(const std::vector<std::string>& argv);
  // EVALSHA of `source` (loaded once per server), with KEYS and ARGV.
  Result<RedisReply> Eval(const std::string& source, const std::vector<std::string>& keys,
                          const std::vector<std::string>& args);
  bool connected() const { return context_ != nullptr; }
  const RedisUrl& url() const { return url_; }

 private:
  RedisClient(RedisUrl url, RedisOptions options) : url_(std::move(url)), options_(options) {}
  Status Open(double connect_timeout);
  void Drop();
  RedisUrl url_;
  RedisOptions options_;
  redisContext* context_ = nullptr;
  double last_attempt_ = -1e300;  // steady seconds of the last (re)connect attempt
  std::unordered_map<std::string, std::string> shas_;  // script source -> SHA1 loaded on the server
};

}  // namespace crm::io

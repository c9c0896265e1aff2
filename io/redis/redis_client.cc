#include "io/redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <algorithm>
#include <cstdlib>

#include "core/steady_clock.h"

namespace crm::io {

namespace {

timeval ToTimeval(double seconds) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(seconds);
  tv.tv_usec = static_cast<suseconds_t>((seconds - static_cast<double>(tv.tv_sec)) * 1e6);
  return tv;
}

RedisReply Convert(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::kString;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kStatus;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(Convert(r->element[i]));
      break;
    default:
      break;
  }
  return out;
}

}  // namespace

double RedisReply::AsDouble() const {
  if (type == Type::kInteger) return static_cast<double>(integer);
  if (type != Type::kString && type != Type::kStatus) return 0;
  char* end = nullptr;
  const double v = std::strtod(str.c_str(), &end);
  return end == str.c_str() ? 0 : v;
}

Result<std::unique_ptr<RedisClient>> RedisClient::Connect(const RedisUrl& url, RedisOptions options) {
  std::unique_ptr<RedisClient> client(new RedisClient(url, options));
  CRM_RETURN_IF_ERROR(client->Open(options.connect_timeout_seconds));
  return client;
}

RedisClient::~RedisClient() { Drop(); }

void RedisClient::Drop() {
  if (context_) redisFree(context_);
  context_ = nullptr;
}

Status RedisClient::Open(double connect_timeout) {
  Drop();
  last_attempt_ = SteadySeconds();
  const std::string where = "Redis at " + url_.Redacted();
  redisContext* c = redisConnectWithTimeout(url_.host.c_str(), url_.port, ToTimeval(connect_timeout));
  if (c == nullptr) return Status::IoError("cannot reach " + where + ": out of memory");
  if (c->err) {
    const std::string why = c->errstr;
    redisFree(c);
    return Status::IoError("cannot reach " + where + ": " + why);
  }
  redisSetTimeout(c, ToTimeval(options_.command_timeout_seconds));
  context_ = c;
  shas_.clear();  // a new connection may be a restarted server
  auto setup = [&](std::vector<std::string> argv, const char* what) -> Status {
    auto r = Command(argv);
    if (!r.ok()) {
      Drop();
      return Status::IoError(where + ": " + what + " failed: " + r.status().message());
    }
    return Status::Ok();
  };
  if (!url_.password.empty()) {
    std::vector<std::string> auth = {"AUTH"};
    if (!url_.username.empty()) auth.push_back(url_.username);
    auth.push_back(url_.password);
    CRM_RETURN_IF_ERROR(setup(auth, "AUTH"));
  }
  if (url_.db != 0) CRM_RETURN_IF_ERROR(setup({"SELECT", std::to_string(url_.db)}, "SELECT"));
  return setup({"PING"}, "PING");
}

Result<RedisReply> RedisClient::Command(const std::vector<std::string>& argv) {
  if (!context_) {
    if (SteadySeconds() - last_attempt_ < options_.reconnect_interval_seconds) {
      return Status::IoError("no connection to Redis at " + url_.Redacted());
    }
    // A reconnect waits less than the first connect: the caller's thread
    // (the limits' or the claims') has other work queued behind it.
    CRM_RETURN_IF_ERROR(Open(std::min(options_.connect_timeout_seconds, options_.reconnect_timeout_seconds)));
  }
  std::vector<const char*> args;
  std::vector<size_t> lens;
  for (const std::string& a : argv) {
    args.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* r = static_cast<redisReply*>(
      redisCommandArgv(context_, static_cast<int>(args.size()), args.data(), lens.data()));
  if (r == nullptr) {
    const std::string why = context_->errstr;
    Drop();
    return Status::IoError("lost the connection to Redis at " + url_.Redacted() + ": " + why);
  }
  if (r->type == REDIS_REPLY_ERROR) {
    std::string message(r->str, r->len);
    freeReplyObject(r);
    return Status::Internal("Redis: " + message);
  }
  RedisReply out = Convert(r);
  freeReplyObject(r);
  return out;
}

Result<RedisReply> RedisClient::Eval(const std::string& source, const std::vector<std::string>& keys,
                                     const std::vector<std::string>& args) {
  auto with = [&](const std::string& sha) {
    std::vector<std::string> argv = {"EVALSHA", sha, std::to_string(keys.size())};
    argv.insert(argv.end(), keys.begin(), keys.end());
    argv.insert(argv.end(), args.begin(), args.end());
    return Command(argv);
  };
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto it = shas_.find(source);
    if (it == shas_.end()) {
      auto loaded = Command({"SCRIPT", "LOAD", source});
      if (!loaded.ok()) return loaded.status();
      it = shas_.emplace(source, loaded->str).first;
    }
    auto reply = with(it->second);
    if (reply.ok() || reply.status().message().find("NOSCRIPT") == std::string::npos) return reply;
    shas_.erase(source);  // the server restarted under the same connection: load again
  }
  return Status::Internal("Redis: the script could not be loaded");
}

}  // namespace crm::io

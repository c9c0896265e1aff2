// scheduler/cache/response_cache.h — a content-addressed cache of model
// responses in SQLite, so a re-run or a resumed run pays nothing twice.
//
// The key is a 128-bit hash of the full request (messages, tools,
// parameters), the model and the episode seed; the value is the response.
// Safe for concurrent use from any number of threads and processes (WAL
// mode, one connection guarded by a mutex, busy timeout); hits and misses
// are counted. Responses of failed calls are never stored.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/chat.h"
#include "core/status.h"

namespace crm::org {
class Database;
}

namespace crm::sched {

class ResponseCache {
 public:
  static Result<std::unique_ptr<ResponseCache>> Open(const std::string& path);
  ~ResponseCache();

  static std::string Key(const chat::CompletionRequest& request, const std::string& model_name, int64_t seed);
  std::optional<chat::CompletionResponse> Get(const std::string& key);
  Status Put(const std::string& key, const chat::CompletionResponse& response);

  int64_t hits() const { return hits_.load(); }
  int64_t misses() const { return misses_.load(); }

 private:
  explicit ResponseCache(std::unique_ptr<org::Database> db);
  std::mutex mu_;
  std::unique_ptr<org::Database> db_;  // guarded by mu_
  std::atomic<int64_t> hits_{0}, misses_{0};
};

// Canonical JSON of chat values (used for cache keys and stored responses).
std::string RequestToJson(const chat::CompletionRequest& request);
std::string ResponseToJson(const chat::CompletionResponse& response);
std::optional<chat::CompletionResponse> ResponseFromJson(const std::string& json);

}  // namespace crm::sched

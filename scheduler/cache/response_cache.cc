#include "scheduler/cache/response_cache.h"

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>

#include "engine/org/sqlite.h"
#include "scheduler/plan/stable_hash.h"

namespace crm::sched {

ResponseCache::ResponseCache(std::unique_ptr<org::Database> db) : db_(std::move(db)) {}
ResponseCache::~ResponseCache() = default;

Result<std::unique_ptr<ResponseCache>> ResponseCache::Open(const std::string& path) {
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  auto db = org::Database::Open(path, org::Database::Mode::kReadWriteCreate);
  if (!db.ok()) return db.status();
  sqlite3_busy_timeout((*db)->raw(), 10000);  // other processes of a sharded sweep may share the file
  Status s = (*db)->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
      "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, response TEXT NOT NULL)");
  if (!s.ok()) return Status::IoError("cache " + path + ": " + s.message());
  return std::unique_ptr<ResponseCache>(new ResponseCache(std::move(db).value()));
}

std::string ResponseCache::Key(const chat::CompletionRequest& request, const std::string& model_name, int64_t seed) {
  const std::string material = model_name + '\x1f' + std::to_string(seed) + '\x1f' + RequestToJson(request);
  // Two independent 64-bit hashes make a 128-bit key; the length guards further.
  return HexHash64(material) + HexHash64("salt:" + material) + "-" + std::to_string(material.size());
}

std::optional<chat::CompletionResponse> ResponseCache::Get(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto stmt = db_->Prepare("SELECT response FROM responses WHERE key = ?1");
  if (!stmt.ok()) return std::nullopt;
  stmt->BindText(1, key);
  auto row = stmt->Step();
  if (!row.ok() || !*row) {
    ++misses_;
    return std::nullopt;
  }
  auto response = ResponseFromJson(stmt->ColumnText(0));
  if (response) {
    ++hits_;
  } else {
    ++misses_;
  }
  return response;
}

Status ResponseCache::Put(const std::string& key, const chat::CompletionResponse& response) {
  std::lock_guard<std::mutex> lock(mu_);
  auto stmt = db_->Prepare("INSERT OR REPLACE INTO responses(key, response) VALUES(?1, ?2)");
  if (!stmt.ok()) return stmt.status();
  stmt->BindText(1, key);
  stmt->BindText(2, ResponseToJson(response));
  return stmt->Run();
}

}  // namespace crm::sched

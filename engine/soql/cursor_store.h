// engine/soql/cursor_store.h — query locators for paginated results.
//
// A locator is "01g<15 chars>-<rows already returned>", as in
// nextRecordsUrl. The store remembers the query behind each cursor id (the
// org is read-only, so re-running it from an offset gives the same rows).
// Thread-safe: one store may be shared by the sessions of every worker
// thread; all members lock `mutex_`. Oldest cursors are evicted past a cap.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace crm::soql {

struct CursorEntry {
  std::string soql;
  int64_t total = 0;
  bool lenient_date_literals = false;
};

class CursorStore {
 public:
  explicit CursorStore(size_t max_cursors = 10000) : max_cursors_(max_cursors) {}

  // Registers a query; returns its cursor id ("01g...").
  std::string Add(CursorEntry entry);
  std::optional<CursorEntry> Find(std::string_view cursor_id) const;

  // "01gXXXX-2000" -> {"01gXXXX", 2000}; accepts a whole nextRecordsUrl too.
  static std::optional<std::pair<std::string, int64_t>> ParseLocator(std::string_view locator_or_url);

 private:
  size_t max_cursors_;
  mutable std::mutex mutex_;
  uint64_t next_ = 1;                                       // GUARDED_BY(mutex_)
  std::unordered_map<std::string, CursorEntry> cursors_;    // GUARDED_BY(mutex_)
  std::deque<std::string> order_;                           // GUARDED_BY(mutex_)
};

}  // namespace crm::soql

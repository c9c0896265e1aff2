#include "engine/soql/cursor_store.h"

#include <charconv>

#include "engine/org/ids.h"

namespace crm::soql {

std::string CursorStore::Add(CursorEntry entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string id = org::MakeRecordId("01g", next_++);
  cursors_.emplace(id, std::move(entry));
  order_.push_back(id);
  while (order_.size() > max_cursors_) {
    cursors_.erase(order_.front());
    order_.pop_front();
  }
  return id;
}

std::optional<CursorEntry> CursorStore::Find(std::string_view cursor_id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = cursors_.find(std::string(cursor_id));
  if (it == cursors_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::pair<std::string, int64_t>> CursorStore::ParseLocator(std::string_view locator) {
  size_t slash = locator.rfind('/');
  if (slash != std::string_view::npos) locator = locator.substr(slash + 1);
  size_t dash = locator.rfind('-');
  if (dash == std::string_view::npos || dash == 0) return std::nullopt;
  int64_t offset = 0;
  std::string_view digits = locator.substr(dash + 1);
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), offset);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || offset < 0) return std::nullopt;
  return std::make_pair(std::string(locator.substr(0, dash)), offset);
}

}  // namespace crm::soql

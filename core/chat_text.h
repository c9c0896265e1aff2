// core/chat_text.h — the text of a chat message, either owned or shared.
//
// Why: every episode of one task and strategy starts with the same ~10 KB
// system prompt. With 1,000 episodes in flight, a copy each meant 10 MB of
// identical text on the heap, read in cold memory on every request. A Text
// made from a shared string points at that one copy; a Text made from a
// std::string owns it, as before. Either reads as a const std::string.
//
// Writing through a shared Text (mutable_str, +=) first makes it a private
// copy, so a change never reaches another message. The shared string itself
// is immutable.
//
// Thread-safety: a value type like std::string. Copies made on different
// threads may share the same immutable string; shared_ptr counts atomically.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

namespace crm::chat {

class Text {
 public:
  Text() = default;
  Text(std::string text) : own_(std::move(text)) {}  // NOLINT: implicit, like std::string
  Text(const char* text) : own_(text) {}             // NOLINT
  Text(std::string_view text) : own_(text) {}        // NOLINT
  // Shares `text` (null is treated as empty).
  explicit Text(std::shared_ptr<const std::string> text) : shared_(std::move(text)) {}

  const std::string& str() const { return shared_ ? *shared_ : own_; }
  operator const std::string&() const { return str(); }  // NOLINT: reads as a string
  operator std::string_view() const { return str(); }    // NOLINT

  size_t size() const { return str().size(); }
  bool empty() const { return str().empty(); }
  const char* data() const { return str().data(); }
  const char* c_str() const { return str().c_str(); }

  // True when this Text reads a shared string rather than its own.
  bool shared() const { return shared_ != nullptr; }
  // The shared string (null for an owned text): lets writers recognise a
  // text they have seen by identity (json::WriteSharedStringMemo).
  const std::shared_ptr<const std::string>& shared_string() const { return shared_; }

  // The text for writing: a shared Text becomes an owned copy first.
  std::string& mutable_str();
  Text& operator+=(std::string_view more);

  friend bool operator==(const Text& a, const Text& b) { return a.str() == b.str(); }
  friend bool operator==(const Text& a, const std::string& b) { return a.str() == b; }
  friend bool operator==(const Text& a, std::string_view b) { return a.str() == b; }
  friend bool operator==(const Text& a, const char* b) { return a.str() == b; }
  friend std::string operator+(const Text& a, std::string_view b);
  friend std::ostream& operator<<(std::ostream& os, const Text& text);

 private:
  std::shared_ptr<const std::string> shared_;  // set: the text lives there and own_ is empty
  std::string own_;
};

}  // namespace crm::chat

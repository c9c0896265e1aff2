#include "core/chat_text.h"

#include <ostream>

namespace crm::chat {

std::string& Text::mutable_str() {
  if (shared_) {
    own_ = *shared_;
    shared_.reset();
  }
  return own_;
}

Text& Text::operator+=(std::string_view more) {
  mutable_str().append(more);
  return *this;
}

std::string operator+(const Text& a, std::string_view b) {
  std::string out;
  out.reserve(a.size() + b.size());
  out.append(a.str()).append(b);
  return out;
}

std::ostream& operator<<(std::ostream& os, const Text& text) { return os << text.str(); }

}  // namespace crm::chat

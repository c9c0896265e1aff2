// io/expected.h — a value or a typed error, for io calls whose failures are
// richer than a Status (HTTP transport errors, provider CallErrors).
//
// Plain value type, [[nodiscard]]; copy/move between threads freely. Never
// "ok without a value": the error constructor is explicit (use Unexpected).
#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace crm::io {

template <typename E>
struct Unexpected {
  E error;
};
template <typename E>
Unexpected<E> MakeUnexpected(E error) { return Unexpected<E>{std::move(error)}; }

template <typename T, typename E>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  Expected(Unexpected<E> err) : state_(std::in_place_index<1>, std::move(err.error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const E& error() const { return std::get<1>(state_); }
  E& error() { return std::get<1>(state_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, E> state_;
};

}  // namespace crm::io

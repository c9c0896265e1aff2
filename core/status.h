// core/status.h — expected failures as values.
//
// Status carries a code and a message; Result<T> carries a value or a
// non-OK Status (never "OK without a value"). Both are [[nodiscard]] and are
// plain values: safe to copy and move between threads; no shared state.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace crm {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller's input is wrong (config, flags, query)
  kNotFound,
  kIoError,          // file system or database failure
  kCorruption,       // stored data violates an invariant
  kInternal,         // a bug
  kResourceExhausted,  // a quota outside us is spent (an org's daily API limit): try again later
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return {StatusCode::kInvalidArgument, std::move(msg)}; }
  static Status NotFound(std::string msg) { return {StatusCode::kNotFound, std::move(msg)}; }
  static Status IoError(std::string msg) { return {StatusCode::kIoError, std::move(msg)}; }
  static Status Corruption(std::string msg) { return {StatusCode::kCorruption, std::move(msg)}; }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }
  static Status ResourceExhausted(std::string msg) { return {StatusCode::kResourceExhausted, std::move(msg)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "InvalidArgument: message", or "OK".
  std::string ToString() const;

 private:
  Status(StatusCode code, std::string msg) : code_(code), message_(std::move(msg)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(state_).ok() && "Result needs a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(state_);
  }
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace crm

// Propagates a non-OK Status from an expression returning Status.
#define CRM_RETURN_IF_ERROR(expr)          \
  do {                                     \
    ::crm::Status crm_status_ = (expr);    \
    if (!crm_status_.ok()) return crm_status_; \
  } while (0)

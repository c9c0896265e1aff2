// engine/soql/query_error.h — query and search errors as data.
//
// A QueryError is what the REST API returns in its error body:
// {errorCode, message}. Outcome<T> carries a value or a QueryError; nothing in
// engine/soql throws for a bad query. Plain values: safe to copy and move
// between threads.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace crm::soql {

struct QueryError {
  std::string error_code;  // "MALFORMED_QUERY", "INVALID_FIELD", ...
  std::string message;     // detail, with the position header when there is one
  int http_status = 400;
  // "ERRORCODE: message", the form observations give to agents.
  std::string ToString() const { return error_code + ": " + message; }
  // The REST body: [{"message": ..., "errorCode": ...}].
  std::string ToJson() const;
};

// A place in the query text: byte offset plus 1-based row and column.
struct SourcePos {
  size_t offset = 0;
  int row = 1;
  int column = 1;
};

// Computes the row and column of `offset` within `text`.
SourcePos PosAt(std::string_view text, size_t offset);

// "\n<line>\n<spaces>^\nERROR at Row:R:Column:C\n<detail>", as Salesforce
// annotates MALFORMED_QUERY, INVALID_FIELD and INVALID_TYPE.
std::string PositionedMessage(std::string_view text, const SourcePos& pos, std::string_view detail);

QueryError ErrorAt(std::string_view code, std::string_view text, const SourcePos& pos, std::string_view detail);
QueryError PlainError(std::string_view code, std::string_view detail);

// Standard message bodies.
std::string NoSuchColumnDetail(std::string_view column, std::string_view entity);
std::string BadRelationshipDetail(std::string_view relationship);
std::string UnsupportedTypeDetail(std::string_view type);

template <typename T>
class [[nodiscard]] Outcome {
 public:
  Outcome(T value) : state_(std::move(value)) {}           // NOLINT: implicit by design
  Outcome(QueryError error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(state_); }
  const QueryError& error() const { return std::get<QueryError>(state_); }
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, QueryError> state_;
};

}  // namespace crm::soql

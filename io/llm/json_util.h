// io/llm/json_util.h — internal RapidJSON helpers shared by the adapters.
// Stateless; any thread.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/chat.h"
#include "core/json_string_memo.h"

namespace crm::io::llm::json {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

std::string Serialize(const rapidjson::Value& value);
// Writes `raw` when it parses as a JSON object, else `fallback` (an object).
void WriteObjectOr(Writer& w, std::string_view raw, std::string_view fallback = "{}");
// A member name of the wire format (a literal, checked at compile time to
// need no escaping), written in one piece.
void Key(Writer& w, crm::json::KeyName key);
void String(Writer& w, std::string_view text);
// A message's text: a shared one (the system prompt) is recognised by identity.
void Content(Writer& w, const chat::Text& text);
// Bytes to reserve for a request body, so building it never regrows the
// buffer (each regrowth copied the whole ~16 KB prompt again).
size_t BodyCapacity(const chat::CompletionRequest& request);

// Typed getters that tolerate absence and wrong types (absent -> default).
// GetCount reads a token count: a non-negative integer up to 2^53; anything
// else (negative, beyond 2^53, not a number) reads as 0, so a provider's
// garbage cannot drive the token limiter or the cost below zero.
const rapidjson::Value* Member(const rapidjson::Value& obj, const char* key);
std::string GetString(const rapidjson::Value& obj, const char* key);
int64_t GetCount(const rapidjson::Value& obj, const char* key);

}  // namespace crm::io::llm::json

// core/json_string_memo.h — fast paths for writing long JSON values: string
// values reuse the escaped form of long strings (256 bytes to 16 KB) written
// recently on the same thread, and raw values are copied in one piece.
//
// Why: every request of an episode resends the system prompt (the org schema
// inside it is ~12 KB with thousands of quotes to escape) and the earlier
// turns (tool results are JSON, quotes again), and every results line repeats
// them all. Escaping them again each time was the largest single cost per
// model call; a per-thread memo makes it a copy. Short strings are written
// directly.
//
// Memory: at most 512 texts per thread, each kept with its escaped form, so
// under ~18 MB per thread in the worst case (16 KB texts in every entry);
// plus, for shared strings, the escaped forms of up to 128 texts of at most
// 64 KB each, and no copy of the texts themselves.
//
// Thread-safety: the memo is thread_local; call from any thread.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/chat_text.h"

namespace crm::json {

// Same output as writer.String(text): the memo only changes how it is made.
void WriteStringMemo(rapidjson::Writer<rapidjson::StringBuffer>& writer, std::string_view text);

// Same output as writer.String(*text) for an immutable string shared by many
// messages (chat::Text: the system prompt of every episode of a task). Such a
// string is recognised by identity (its shared owner), so it is neither
// hashed nor compared: at 1,000 episodes in flight that comparison read 10 KB
// per request. The memo holds only weak references, so it never keeps a text
// alive, and a new string can never be taken for a dead one (an owner stays
// distinct while any weak reference to it exists). Null writes "".
void WriteSharedStringMemo(rapidjson::Writer<rapidjson::StringBuffer>& writer,
                           const std::shared_ptr<const std::string>& text);

// A message's text: WriteSharedStringMemo when it is shared, else WriteStringMemo.
void WriteTextMemo(rapidjson::Writer<rapidjson::StringBuffer>& writer, const chat::Text& text);

// A member name fixed when the program is built (a name of the results or
// request format), checked at compile time to need no JSON escaping.
class KeyName {
 public:
  template <size_t N>
  consteval KeyName(const char (&name)[N]) : text_(name), size_(N - 1) {  // NOLINT: implicit, from a literal
    for (size_t i = 0; i + 1 < N; ++i) {
      const auto c = static_cast<unsigned char>(name[i]);
      if (c == '"' || c == '\\' || c < 0x20) throw "a key literal must need no JSON escaping";
    }
  }
  std::string_view view() const { return {text_, size_}; }

 private:
  const char* text_;
  size_t size_;
};

// Same output as writer.Key(name), written in one piece: Key measures and
// escapes a name one character at a time, and a results line has a hundred
// names (a few percent of the engine's instructions per model call).
void WriteKey(rapidjson::Writer<rapidjson::StringBuffer>& writer, KeyName name);

// Same output as writer.RawValue(json, size, type), but copied with memcpy:
// RapidJSON transcodes raw values one character at a time, which made
// embedding a 14 KB episode in its results line cost as much as escaping it.
void WriteRaw(rapidjson::Writer<rapidjson::StringBuffer>& writer, std::string_view json, rapidjson::Type type);

}  // namespace crm::json

// core/json_in_situ.h — parsing a JSON text in place in a copy of it, for the
// hot paths that parse a body once and read it (provider responses, the org's
// records).
//
// Why: RapidJSON scans strings with SSE4.2 only in NUL-terminated text (a
// length-bounded parse goes a byte at a time), and an in situ parse unescapes
// strings where they lie instead of copying each into the document's pool.
// A NUL inside the text would end it early, so such a text is refused, as a
// length-bounded parse refuses it.
//
// Stateless; any thread.
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace crm::json {

// Parses `text` as one JSON text into `doc`, in place in `scratch` (a copy of
// `text` that `doc` then points into, so `scratch` must outlive the use of
// `doc`). False on a NUL inside `text` or any parse error.
bool ParseInSitu(std::string_view text, std::string& scratch, rapidjson::Document& doc);

}  // namespace crm::json

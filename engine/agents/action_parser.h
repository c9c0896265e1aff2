// engine/agents/action_parser.h — what a model's reply asks for.
//
// act/react replies carry one <execute>query</execute> or
// <respond>answer</respond> (react adds a <thought>); a fenced code block
// inside <execute> is unwrapped and a query starting with FIND is SOSL.
// Models without native tool calling write `Action: name` and
// `Action Input: {json}`. Parsing is linear in the reply's length and never
// fails hard: an unusable reply is a kInvalid action with the problem stated.
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "engine/tools/tool.h"

namespace crm::agents {

struct ParsedAction {
  enum class Kind { kExecute, kRespond, kToolCall, kInvalid };
  Kind kind = Kind::kInvalid;
  std::string text;  // kExecute: the query; kRespond: the answer
  // kExecute: the tag's body, trimmed but not unwrapped: what the official
  // connector receives (tools::ConnectorQuery routes and cleans it itself).
  std::string raw_text;
  tools::QueryLanguage language = tools::QueryLanguage::kSoql;
  std::string thought;         // react's <thought>, when present
  std::string tool_name;       // kToolCall
  std::string arguments_json;  // kToolCall
  std::string problem;         // kInvalid: what is wrong, for the format reminder
};

// <execute> / <respond> (tags are case-insensitive; a missing closing tag
// runs to the end of the reply). More than one action is kInvalid.
ParsedAction ParseTagAction(std::string_view reply);

// The official chat agent's reading, quirks included: the first
// `<execute>...</execute>` whose body is not blank after Python's strip()
// wins, wherever it stands and whatever follows; else the first
// `<respond>...</respond>` likewise. Tags are case-sensitive and need their
// closing tag. raw_text and text are the stripped body (the connector routes
// and cleans it).
ParsedAction ParseTagActionOfficial(std::string_view reply);

// `Action: name` and `Action Input: {...}` lines.
ParsedAction ParsePromptToolCall(std::string_view reply);

// The body of a ``` fenced block (language tag dropped), or the text trimmed.
std::string UnwrapCodeFence(std::string_view text);

// True when the text, after spaces, starts with FIND (any case).
bool IsSosl(std::string_view query);

}  // namespace crm::agents

// engine/agents/python_literals.h — the module-level string constants of a
// Python source file, read without running Python (prompt import reads the
// official harness's prompts.py with it).
//
// It tokenizes the whole file the way Python does (comments, brackets that
// join lines, backslash continuations, every kind of string literal) so a
// quote inside a comment or a function cannot derail it, and evaluates only
// what needs no interpreter: a top-level `NAME = <string literals>`, with
// adjacent literals concatenated and optional parentheses around them. An
// assignment whose right side holds a string but is anything else (an
// f-string, a call, `+`, bytes, a \N{...} escape) is returned without a
// value and with the reason, so the caller can report it by name.
// Pure; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace crm::agents {

struct PythonAssignment {
  std::string name;
  int line = 0;                       // 1-based line of the name
  std::optional<std::string> value;   // the string's value (UTF-8), when it could be evaluated
  std::string why_not;                // otherwise: why not, in a few words
};

// Every unindented `NAME = ...` whose right side contains a string literal,
// in source order; a name assigned twice appears twice (the later one is
// what Python keeps). A tokenizing error (an unterminated string, an
// unmatched bracket, a character Python rejects, a malformed escape) is an
// InvalidArgument "PATH:LINE:COL: message".
Result<std::vector<PythonAssignment>> ReadPythonStringAssignments(std::string_view source, std::string_view path);

}  // namespace crm::agents

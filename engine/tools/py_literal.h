// engine/tools/py_literal.h — reading back the Python literal text the
// official observation format shows (the inverse of py::Repr).
//
// A model reads an observation such as {'005...': 3} and passes the values
// on to the next tool as JSON; the simulated test peer and the tests do the
// same with this parser. It accepts what repr() writes for the values the
// tools return: None, True, False, ints, floats (also inf, nan), strings in
// either quote with Python's escapes, lists, tuples, dicts,
// OrderedDict([...]) and defaultdict(<class 'int'>, {...}); ints beyond 64
// bits read as floats. Pure; safe from
// any thread; nesting is bounded.
#pragma once

#include <optional>
#include <string_view>

#include "engine/tools/py_value.h"

namespace crm::py {

// The value `text` spells (surrounding whitespace allowed), or nullopt when
// it is not one such literal.
std::optional<Value> ParseLiteral(std::string_view text);

}  // namespace crm::py

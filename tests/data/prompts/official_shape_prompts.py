# A prompts file in the SHAPE of the official harness's
# crm_sandbox/agents/prompts.py, written for our tests: the same variable
# names and placeholders, our own short sentences (none of the official
# text). It exercises what the importer must read faithfully: a line
# continuation right after the opening quotes, a name defined twice (the
# later one wins), escaped braces, escapes, adjacent literals, a quote in a
# comment ("like this), and trailing whitespace that str.strip() removes.
SCHEMA_STRING = """\
Objects you may query: {object_names}

## Fields of each object:
{object_fields}
"""

SYSTEM_METADATA = """\
# First {system} notes (replaced below)
{system_metadata}
"""

SOQL_RULES_STRING = """\
Queries name the fields, then the object, then the filters.
"""

REACT_RULE_STRING = """\
Unusable reply. Write <thought> ... </thought> and then <execute> ... </execute> or <respond> ... </respond>.
"""

ACT_RULE_STRING = """\
Unusable reply. Write <execute> ... </execute> or <respond> ... </respond>.
"""

REACT_INTERNAL_PROMPT = """\
You help a colleague using a {system}.
Think, then act. A search looks like FIND {{Jane Doe}} IN NAME FIELDS.
Tab\tseparated, caf\u00e9, a backslash \\ and a quote \".

# {system} schema
{system_description}
"""

REACT_EXTERNAL_PROMPT = ("You help a customer using a {system}.\n"
                         'Think, then act.\n'
                         """
# {system} schema
{system_description}
""")

REACT_PRIVACY_AWARE_EXTERNAL_PROMPT = """\
You help a customer using a {system}. Keep other customers' data private.

# {system} schema
{system_description}
"""

REACT_INTERNAL_INTERACTIVE_PROMPT = """\
You chat with a colleague using a {system}; ask when the request is vague.

# {system} schema
{system_description}
"""

REACT_EXTERNAL_INTERACTIVE_PROMPT = """\
You chat with a customer using a {system}; ask when the request is vague.

# {system} schema
{system_description}
"""

REACT_PRIVACY_AWARE_EXTERNAL_INTERACTIVE_PROMPT = """\
You chat with a customer using a {system}; keep others' data private.

# {system} schema
{system_description}
"""

ACT_PROMPT = """\
You act on a {system}: one <execute> or <respond> per turn.   

# {system} schema
{system_description}
"""

ACT_INTERACTIVE_PROMPT = """\
You act on a {system} and may ask the user questions.
{system_description}
"""

SYSTEM_METADATA = """\
# Notes for this request
{system_metadata}
"""

## Function calling prompts ##
NATIVE_FC_PROMPT = """\
You use the functions of a {system}, one call at a time, and finish with 'respond'.
"""

CUSTOM_FC_PROMPT = """\
{native_fc_prompt}

{tools_prompt}
Reply as: Action: <name> Action Input: <json>

"""

FC_RULE_STRING = """\
Unusable function call. Call one of the functions, or 'respond'.
"""

FC_FLEX_PROMPT = """\
You use the functions of a {system}; two of them run any SOQL or SOSL you write.

# {system} schema
{system_description}
"""

// Importing the official harness's prompt definitions: reading Python string
// literals, mapping them onto official_* templates, writing the directory,
// and rendering the first request by the official recipe.
//
// The prompts file used is tests/data/prompts/official_shape_prompts.py: the
// official file's SHAPE (variable names, placeholders) with our own short
// sentences. The expected requests below are that file's texts put together
// by hand the way the official agents do (see OfficialRecipe).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/agents/official_prompts.h"
#include "engine/agents/prompt_import.h"
#include "engine/agents/prompt_import_dir.h"
#include "engine/agents/prompt_library.h"
#include "engine/agents/python_literals.h"

namespace crm::agents {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kShapeFile = std::string(CRM_SOURCE_DIR) + "/tests/data/prompts/official_shape_prompts.py";
const std::string kOurPrompts = std::string(CRM_SOURCE_DIR) + "/configs/prompts";

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("crm_prompt_import_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// ---- reading Python string literals ----

std::map<std::string, PythonAssignment> Read(std::string_view source) {
  Result<std::vector<PythonAssignment>> r = ReadPythonStringAssignments(source, "t.py");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  std::map<std::string, PythonAssignment> out;
  if (r.ok()) {
    for (PythonAssignment& a : *r) out[a.name] = std::move(a);
  }
  return out;
}

TEST(PythonLiterals, ReadsEveryKindOfPlainLiteral) {
  auto a = Read(
      "# a comment with a \"quote and a 'quote\n"
      "A = \"\"\"\\\nfirst line\nsecond\\tline\n\"\"\"\n"
      "B = ('one '\n     \"two \"  # comment inside brackets\n     '''three''')\n"
      "C = r'raw \\n stays' \\\n    'and \\x41\\u00e9\\101'\n"
      "D = 'it\\'s'; E = 5\n"
      "def f():\n    F = 'indented: not module level'\n"
      "G = u\"unicode prefix\"\n");
  ASSERT_TRUE(a.count("A"));
  EXPECT_EQ(*a["A"].value, "first line\nsecond\tline\n");
  EXPECT_EQ(*a["B"].value, "one two three");
  EXPECT_EQ(*a["C"].value, "raw \\n staysand A\xC3\xA9" "A");
  EXPECT_EQ(*a["D"].value, "it's");
  EXPECT_EQ(a.count("E"), 0u);  // not a string: not reported
  EXPECT_EQ(a.count("F"), 0u);
  EXPECT_EQ(*a["G"].value, "unicode prefix");
  EXPECT_EQ(a["B"].line, 6);
}

TEST(PythonLiterals, ReportsWhatNeedsAnInterpreter) {
  auto a = Read(
      "A = f\"Hello {name}\"\n"
      "B = \"x\".strip()\n"
      "C = \"x\" + \"y\"\n"
      "D = b\"bytes\"\n"
      "E = \"\\N{BULLET}\"\n");
  for (const char* name : {"A", "B", "C", "D", "E"}) {
    ASSERT_TRUE(a.count(name)) << name;
    EXPECT_FALSE(a[name].value.has_value()) << name;
  }
  EXPECT_NE(a["A"].why_not.find("f-string"), std::string::npos);
  EXPECT_NE(a["B"].why_not.find("expression"), std::string::npos);
  EXPECT_NE(a["D"].why_not.find("bytes"), std::string::npos);
  EXPECT_NE(a["E"].why_not.find("\\N"), std::string::npos);
}

TEST(PythonLiterals, KeepsEveryAssignmentInOrder) {
  Result<std::vector<PythonAssignment>> r = ReadPythonStringAssignments("X = 'a'\nY = 'b'\nX = 'c'\n", "t.py");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[2].name, "X");
  EXPECT_EQ(*(*r)[2].value, "c");
}

TEST(PythonLiterals, SyntaxErrorsNameLineAndColumn) {
  auto error = [](std::string_view src) {
    Result<std::vector<PythonAssignment>> r = ReadPythonStringAssignments(src, "p.py");
    return r.ok() ? std::string("ok") : r.status().message();
  };
  EXPECT_EQ(error("A = 'x'\nB = 'open\n"), "p.py:2:5: unterminated string literal (detected at line 2)");
  EXPECT_EQ(error("A = \"\"\"\nnever closed\n"),
            "p.py:1:5: unterminated triple-quoted string literal (detected at line 2)");
  EXPECT_EQ(error("A = ('x'\n"), "p.py:1:5: '(' was never closed");
  EXPECT_EQ(error("A = 'x')\n"), "p.py:1:8: unmatched ')'");
  EXPECT_EQ(error("A = ('x']\n"), "p.py:1:9: closing parenthesis ']' does not match opening parenthesis '(' on line 1");
  EXPECT_EQ(error("A = '\\x4'\n"), "p.py:1:6: truncated \\x escape");
  EXPECT_EQ(error("A = 'x' $\n"), "p.py:1:9: invalid character '$' in the source");
  EXPECT_EQ(error("A =\n"), "p.py:1:3: expected an expression after '='");
}

// ---- str.format text to our templates ----

TEST(ConvertPythonFormat, MapsFieldsBracesAndConstants) {
  const std::map<std::string, std::string, std::less<>> constants = {{"system", "Salesforce instance"}};
  const std::set<std::string, std::less<>> fields = {"system_description"};
  Result<std::string> ok = ConvertPythonFormat("A {system}: {{x}} {{{system_description}}}", true, constants, fields);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*ok, "A Salesforce instance: {x} {{{system_description}}}");
  // Rendering it puts the value between literal braces.
  Result<std::string> shown = RenderTemplate(*ok, {{"system_description", "S"}}, "t");
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(*shown, "A Salesforce instance: {x} {S}");
  // A text sent unformatted keeps its braces as they are.
  EXPECT_EQ(*ConvertPythonFormat("{a} }", false, constants, fields), "{a} }");
}

TEST(ConvertPythonFormat, RejectsWhatItCannotExpress) {
  const std::map<std::string, std::string, std::less<>> none;
  const std::set<std::string, std::less<>> fields = {"x"};
  auto why = [&](std::string_view text, bool formatted = true) {
    Result<std::string> r = ConvertPythonFormat(text, formatted, none, fields);
    return r.ok() ? std::string("ok") : r.status().message();
  };
  EXPECT_NE(why("a } b").find("single '}'"), std::string::npos);
  EXPECT_NE(why("a { b").find("without its '}'"), std::string::npos);
  EXPECT_NE(why("{0}").find("plain names"), std::string::npos);
  EXPECT_NE(why("{x!r}").find("plain names"), std::string::npos);
  EXPECT_NE(why("{y}").find("not filled by the official code"), std::string::npos);
  // '{{{{x}}}}' is the literal text '{{x}}', which we would read as a placeholder.
  EXPECT_NE(why("{{{{x}}}}").find("read as a placeholder"), std::string::npos);
  EXPECT_NE(why("{{x}}", false).find("read as a placeholder"), std::string::npos);
}

// ---- mapping ----

PromptImport ImportShape() {
  Result<PromptImport> r = ImportOfficialPrompts(ReadText(kShapeFile), kShapeFile);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : PromptImport();
}

TEST(PromptImport, MapsEverySentPromptOfTheOfficialShape) {
  PromptImport imp = ImportShape();
  EXPECT_EQ(imp.imported.size(), 15u);
  EXPECT_EQ(imp.system_prompts, 9);
  ASSERT_EQ(imp.unmapped.size(), 2u);
  EXPECT_EQ(imp.unmapped[0].official_name, "SOQL_RULES_STRING");
  EXPECT_EQ(imp.unmapped[1].official_name, "ACT_INTERACTIVE_PROMPT");
  EXPECT_EQ(imp.unmapped[1].reason, "the official agents never send it");
  // The later SYSTEM_METADATA wins; {system} is substituted.
  EXPECT_EQ(imp.templates.at("official_metadata"), "# Notes for this request\n{{system_metadata}}\n");
}

TEST(PromptImport, ReportsUnmappableAndWhatDependsOnThem) {
  const std::string src =
      "SCHEMA_STRING = f'{object_names}'\n"
      "SYSTEM_METADATA = '{system_metadata}'\n"
      "ACT_PROMPT = 'act on {system_description}'\n"
      "NATIVE_FC_PROMPT = 'tools on a {system}, {oops}'\n"
      "FC_RULE_STRING = 'use a tool'\n"
      "EXTRA_TEXT = 'something else'\n";
  Result<PromptImport> r = ImportOfficialPrompts(src, "p.py");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::map<std::string, std::string> why;
  for (const UnmappedPrompt& u : r->unmapped) why[u.official_name] = u.reason;
  EXPECT_EQ(why["SCHEMA_STRING"], "line 1: an f-string (its value is computed at run time)");
  EXPECT_EQ(why["ACT_PROMPT"], "needs official_schema, which could not be imported");
  EXPECT_EQ(why["NATIVE_FC_PROMPT"], "line 4: field {oops} is not filled by the official code");
  EXPECT_EQ(why["REACT_INTERNAL_PROMPT"], "not defined in the file");
  EXPECT_EQ(why["EXTRA_TEXT"], "no counterpart in our engine");
  EXPECT_EQ(r->system_prompts, 0);  // nothing usable: the command writes nothing
  ASSERT_EQ(r->imported.size(), 2u);
  EXPECT_EQ(r->imported[1].template_name, "official_reminder_tools");
}

// ---- the written directory ----

TEST(PromptImportDir, WritesALoadableDirectoryWithAManifest) {
  TempDir tmp;
  const fs::path out = tmp.path() / "official";
  ASSERT_TRUE(WriteImportedPromptDir(ImportShape(), kOurPrompts, out.string(), {"/x/prompts.py", "abc123"}).ok());
  EXPECT_TRUE(PromptLibrary::Load(out.string()).ok());
  EXPECT_EQ(ReadText(out / "system_act.txt"), ReadText(fs::path(kOurPrompts) / "system_act.txt"));
  EXPECT_EQ(ReadText(out / "official_reminder_act.txt"),
            "Unusable reply. Write <execute> ... </execute> or <respond> ... </respond>.\n\n");
  const std::string manifest = ReadText(out / "imported.json");
  EXPECT_NE(manifest.find("\"sha256\": \"abc123\""), std::string::npos);
  EXPECT_NE(manifest.find("\"official\": \"FC_FLEX_PROMPT\""), std::string::npos);
  EXPECT_NE(manifest.find("\"official\": \"SOQL_RULES_STRING\""), std::string::npos);
  // Nothing else is left beside it.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp.path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(PromptImportDir, BadTargetOrBaseWritesNothing) {
  TempDir tmp;
  const fs::path taken = tmp.path() / "taken";
  fs::create_directories(taken);
  std::ofstream(taken / "keep.txt") << "mine";
  Status busy = WriteImportedPromptDir(ImportShape(), kOurPrompts, taken.string(), {"p", "h"});
  EXPECT_FALSE(busy.ok());
  EXPECT_NE(busy.message().find("already exists"), std::string::npos);
  EXPECT_EQ(ReadText(taken / "keep.txt"), "mine");

  const fs::path out = tmp.path() / "new";
  Status no_base = WriteImportedPromptDir(ImportShape(), (tmp.path() / "nowhere").string(), out.string(), {"p", "h"});
  EXPECT_FALSE(no_base.ok());
  EXPECT_NE(no_base.message().find("base prompts"), std::string::npos);
  EXPECT_FALSE(fs::exists(out));
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp.path())) ++entries;
  EXPECT_EQ(entries, 1);  // only "taken": no temporary directory left
}

// ---- the first request by the official recipe ----

// The official recipe, applied by hand to official_shape_prompts.py:
//  1. schema = SCHEMA_STRING.format(object_names=", ".join(objects),
//     object_fields="\n".join(obj + "\n" + "\n".join("  - k: v" lines)))
//  2. prompt = <variant>.format(system_description=schema,
//     system="Salesforce instance"); NATIVE_FC_PROMPT gets system only;
//     prompt-based tool_call is CUSTOM_FC_PROMPT.format(native_fc_prompt=
//     <NATIVE_FC_PROMPT formatted>, tools_prompt=<tool listing>)
//  3. if metadata.required: prompt += SYSTEM_METADATA (the later one)
//     .format(system_metadata=required, system=...)
//  4. aided mode: prompt += "\n" + metadata.optional
//  5. messages = [system: prompt.strip(), user: query.strip()], or for models
//     without a system role [user: prompt + "\n\n" + query], unstripped.
const char kSchemaJson[] =
    R"([{"object":"Account","fields":{"Id":"Record id","Name":"Account name"}},)"
    R"({"object":"Case","fields":{"Id":"Case id","Status":"Open or closed"}}])";
const std::string kSchemaText =  // step 1
    "Objects you may query: Account, Case\n\n## Fields of each object:\n"
    "Account\n  - Id: Record id\n  - Name: Account name\n"
    "Case\n  - Id: Case id\n  - Status: Open or closed\n";
const std::string kMetadata = "# Notes for this request\nToday is 2024-05-01.\n";  // step 3
const std::string kReactInternal =
    "You help a colleague using a Salesforce instance.\n"
    "Think, then act. A search looks like FIND {Jane Doe} IN NAME FIELDS.\n"
    "Tab\tseparated, caf\xC3\xA9, a backslash \\ and a quote \".\n\n"
    "# Salesforce instance schema\n" +
    kSchemaText + "\n";
const std::string kReactExternal =
    "You help a customer using a Salesforce instance.\nThink, then act.\n\n"
    "# Salesforce instance schema\n" +
    kSchemaText + "\n";

class OfficialRecipe : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(WriteImportedPromptDir(ImportShape(), kOurPrompts, (tmp_.path() / "p").string(), {"p", "h"}).ok());
    Result<PromptLibrary> lib = PromptLibrary::Load((tmp_.path() / "p").string());
    ASSERT_TRUE(lib.ok()) << lib.status().ToString();
    lib_ = std::move(lib).value();
    setup_.schema_json = std::make_shared<const std::string>(kSchemaJson);
  }

  static tasks::Task Task(std::string name, std::string required = "Today is 2024-05-01.") {
    tasks::Task t;
    t.idx = 1;
    t.task = std::move(name);
    t.query = "  How fast is agent X?\n";
    t.metadata_required = std::move(required);
    t.metadata_optional = "Handle time is closed minus created.";
    return t;
  }

  // The system and user texts of the first request.
  std::pair<std::string, std::string> First(const tasks::Task& task) {
    Result<std::vector<chat::Message>> m = BuildInitialMessages(lib_, task, setup_);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    if (!m.ok() || m->size() != 2) return {"<error>", ""};
    EXPECT_EQ((*m)[0].role, chat::Role::kSystem);
    return {std::string((*m)[0].content), std::string((*m)[1].content)};
  }

  TempDir tmp_;
  PromptLibrary lib_;
  PromptSetup setup_;
};

TEST_F(OfficialRecipe, ReactInternalTask) {
  setup_.strategy = Strategy::kReact;
  auto [system, user] = First(Task("handle_time"));
  EXPECT_EQ(system, kReactInternal + "# Notes for this request\nToday is 2024-05-01.");  // stripped
  EXPECT_EQ(user, "How fast is agent X?");
}

TEST_F(OfficialRecipe, ReactExternalTaskAndThePrivacyFlag) {
  setup_.strategy = Strategy::kReact;
  EXPECT_EQ(First(Task("knowledge_qa")).first, kReactExternal + "# Notes for this request\nToday is 2024-05-01.");
  setup_.privacy_aware_prompt = true;
  EXPECT_EQ(First(Task("knowledge_qa")).first,
            "You help a customer using a Salesforce instance. Keep other customers' data private.\n\n"
            "# Salesforce instance schema\n" +
                kSchemaText + "\n# Notes for this request\nToday is 2024-05-01.");
  // Internal tasks have no privacy-aware wording.
  EXPECT_EQ(First(Task("handle_time")).first, kReactInternal + "# Notes for this request\nToday is 2024-05-01.");
  setup_.interactive = true;
  EXPECT_EQ(First(Task("handle_time")).first.rfind("You chat with a colleague using a Salesforce instance; ask", 0), 0u);
}

TEST_F(OfficialRecipe, ActWithoutRequiredMetadata) {
  setup_.strategy = Strategy::kAct;
  setup_.interactive = true;  // the official act agent has one prompt
  auto [system, user] = First(Task("handle_time", ""));
  EXPECT_EQ(system,
            "You act on a Salesforce instance: one <execute> or <respond> per turn.   \n\n"
            "# Salesforce instance schema\n" +
                kSchemaText.substr(0, kSchemaText.size() - 1));
}

TEST_F(OfficialRecipe, ToolCallingVariants) {
  setup_.strategy = Strategy::kToolCallFlex;
  EXPECT_EQ(First(Task("handle_time")).first,
            "You use the functions of a Salesforce instance; two of them run any SOQL or SOSL you write.\n\n"
            "# Salesforce instance schema\n" +
                kSchemaText + "\n# Notes for this request\nToday is 2024-05-01.");
  setup_.strategy = Strategy::kToolCall;
  const std::string native =
      "You use the functions of a Salesforce instance, one call at a time, and finish with 'respond'.\n";
  EXPECT_EQ(First(Task("handle_time")).first, native + "# Notes for this request\nToday is 2024-05-01.");
  // Prompt-based: the tool listing is ours (the official one is code in utils.py).
  setup_.native_tools = false;
  Result<std::string> tools = RenderPromptTools(lib_, Strategy::kToolCall);
  ASSERT_TRUE(tools.ok());
  EXPECT_EQ(First(Task("handle_time")).first,
            native + "\n\n" + *tools + "\nReply as: Action: <name> Action Input: <json>\n\n" +
                "# Notes for this request\nToday is 2024-05-01.");
}

TEST_F(OfficialRecipe, AidedModeAppendsTheOptionalMetadata) {
  setup_.strategy = Strategy::kReact;
  setup_.mode = PromptMode::kAided;
  EXPECT_EQ(First(Task("handle_time")).first,
            kReactInternal + kMetadata + "\nHandle time is closed minus created.");
}

TEST_F(OfficialRecipe, ReasoningModelsGetTheUnstrippedFold) {
  setup_.strategy = Strategy::kReact;
  setup_.fold_system_prompt = true;
  Result<std::vector<chat::Message>> m = BuildInitialMessages(lib_, Task("handle_time"), setup_);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->size(), 1u);
  EXPECT_EQ((*m)[0].role, chat::Role::kUser);
  EXPECT_EQ(std::string((*m)[0].content), kReactInternal + kMetadata + "\n\n" + "  How fast is agent X?\n");
}

TEST_F(OfficialRecipe, SharedPromptsKeepTheVariantsApart) {
  setup_.strategy = Strategy::kReact;
  setup_.shared_prompts = std::make_shared<SharedPrompts>(lib_, setup_.schema_json);
  auto stripped = SharedSystemPrompt(lib_, Task("handle_time"), setup_);
  setup_.fold_system_prompt = true;
  auto folded = SharedSystemPrompt(lib_, Task("handle_time"), setup_);
  setup_.fold_system_prompt = false;
  setup_.interactive = true;
  auto interactive = SharedSystemPrompt(lib_, Task("handle_time"), setup_);
  ASSERT_TRUE(stripped.ok() && folded.ok() && interactive.ok());
  EXPECT_EQ(**folded, kReactInternal + kMetadata);
  EXPECT_EQ(**stripped, kReactInternal + "# Notes for this request\nToday is 2024-05-01.");
  EXPECT_NE(**interactive, **stripped);
}

TEST_F(OfficialRecipe, FormatRemindersPerStrategy) {
  EXPECT_EQ(FormatReminderTemplate(lib_, Strategy::kAct), "official_reminder_act");
  EXPECT_EQ(FormatReminderTemplate(lib_, Strategy::kReact), "official_reminder_react");
  EXPECT_EQ(FormatReminderTemplate(lib_, Strategy::kToolCallFlex), "official_reminder_tools");
  // Sent as written, trailing newline included.
  Result<std::string> act = lib_.Render("official_reminder_act", {{"problem", "ignored"}});
  ASSERT_TRUE(act.ok());
  EXPECT_EQ(*act, "Unusable reply. Write <execute> ... </execute> or <respond> ... </respond>.\n");
}

TEST(OfficialRecipeOff, OurLibraryIsUnchanged) {
  Result<PromptLibrary> lib = PromptLibrary::Load(kOurPrompts);
  ASSERT_TRUE(lib.ok());
  tasks::Task t;
  t.task = "handle_time";
  t.query = "  spaced query\n";
  PromptSetup setup;
  setup.strategy = Strategy::kReact;
  EXPECT_FALSE(UsesOfficialPrompts(*lib, t, setup));
  EXPECT_EQ(FormatReminderTemplate(*lib, Strategy::kReact), "format_reminder_tags");
  EXPECT_EQ(FormatReminderTemplate(*lib, Strategy::kToolCall), "format_reminder_tools");
  Result<std::vector<chat::Message>> m = BuildInitialMessages(*lib, t, setup);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(std::string((*m)[1].content), "  spaced query\n");  // ours are sent as written
}

TEST(PyStrip, MatchesPythonWhitespace) {
  EXPECT_EQ(PyStrip(" \t\n\x0b\x0c\r\x1c a b \x1f\n"), "a b");
  EXPECT_EQ(PyStrip("\xC2\xA0x\xE2\x80\x83\xE3\x80\x80"), "x");  // NBSP, EM SPACE, IDEOGRAPHIC SPACE
  EXPECT_EQ(PyStrip("caf\xC3\xA9"), "caf\xC3\xA9");                // é is not a space
  EXPECT_EQ(PyStrip("   "), "");
}

}  // namespace
}  // namespace crm::agents

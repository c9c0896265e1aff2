// `crmarena prompts import --from PATH --out DIR`: reads the prompt
// definitions of a local checkout of the official harness
// (crm_sandbox/agents/prompts.py) and writes a prompt directory that runs
// the official texts (engine/agents/prompt_import.h). Prints what was
// imported and every prompt that was not, by name; fails only when nothing
// usable was found or the input is bad, and then writes nothing.
// Runs on the main thread.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "engine/agents/prompt_import.h"
#include "engine/agents/prompt_import_dir.h"
#include "engine/agents/prompt_library.h"
#include "io/llm/sigv4.h"

namespace crm::cli {
namespace {

constexpr const char* kPromptsPy = "crm_sandbox/agents/prompts.py";

struct ImportArgs {
  std::string from;
  std::string out;
  std::string base;
};

// PATH is the checkout's root or the prompts file itself.
std::string PromptsFile(const std::string& from) {
  std::error_code ec;
  if (!std::filesystem::exists(from, ec)) Fail("--from " + from + " does not exist");
  if (!std::filesystem::is_directory(from, ec)) return from;
  const std::string file = (std::filesystem::path(from) / kPromptsPy).string();
  if (!std::filesystem::is_regular_file(file, ec)) {
    Fail("--from " + from + " is a directory without " + kPromptsPy + " (give the checkout's root or the file)");
  }
  return file;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void Report(const agents::PromptImport& import) {
  for (const agents::ImportedPrompt& p : import.imported) {
    std::printf("imported %s -> %s.txt\n", p.official_name.c_str(), p.template_name.c_str());
  }
  for (const agents::UnmappedPrompt& p : import.unmapped) {
    std::printf("not mapped: %s (%s)\n", p.official_name.c_str(), p.reason.c_str());
  }
}

void RunImport(const ImportArgs& args, const std::string& argv0) {
  const std::string file = PromptsFile(args.from);
  const std::string source = ReadAll(file);
  Result<agents::PromptImport> import = agents::ImportOfficialPrompts(source, file);
  if (!import.ok()) Fail(import.status().message());
  Report(*import);
  if (import->system_prompts == 0) Fail(file + ": no official system prompt could be imported; nothing written");
  std::string base = args.base;
  if (base.empty()) {
    Result<std::string> found = agents::PromptLibrary::DefaultDir(argv0);
    if (!found.ok()) Fail(found.status().message());
    base = std::move(found).value();
  }
  const agents::ImportSource origin{std::filesystem::absolute(file).lexically_normal().string(),
                                    io::llm::Sha256Hex(source)};
  Status written = agents::WriteImportedPromptDir(*import, base, args.out, origin);
  if (!written.ok()) Fail(written.message());
  std::printf("wrote %s: %zu official templates, our templates from %s for the rest (imported.json lists them)\n",
              args.out.c_str(), import->imported.size(), base.c_str());
}

}  // namespace

CLI::App* RegisterPromptsImportCommand(CLI::App& prompts, const char* argv0) {
  std::string exe = argv0 ? argv0 : "";
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = prompts.add_subcommand(
      "import", "Write a prompt directory with the official texts from a local checkout of the official harness");
  cmd->add_option("--from", args->from, std::string("The checkout's root, or its ") + kPromptsPy)->required();
  cmd->add_option("--out", args->out, "The directory to write (must not exist, or be empty)")->required();
  cmd->add_option("--base", args->base,
                  "Where our own templates for the rest come from (default: configs/prompts)");
  cmd->callback([args, exe] { RunImport(*args, exe); });
  return cmd;
}

}  // namespace crm::cli

// engine/agents/prompt_import_dir.h — writes the prompt directory of an
// import (prompt_import.h): our templates from a base directory for
// everything the official harness has no counterpart for, the imported
// official_*.txt, and imported.json, a manifest that says where the texts
// came from (path, sha256 of the file) and which were and were not mapped.
//
// All or nothing: the directory is built beside the target under a
// temporary name, loaded once as a PromptLibrary to prove it works, then
// renamed into place; on any error the temporary directory is removed and
// the target is untouched. Not safe for two writers of the same target.
#pragma once

#include <string>

#include "core/status.h"
#include "engine/agents/prompt_import.h"

namespace crm::agents {

struct ImportSource {
  std::string path;    // the prompts.py read
  std::string sha256;  // hex digest of its bytes (computed by the caller)
};

// `out_dir` must not exist or be an empty directory. Template files hold
// their text plus one newline (PromptLibrary drops one when reading).
Status WriteImportedPromptDir(const PromptImport& import, const std::string& base_dir, const std::string& out_dir,
                              const ImportSource& source);

// The manifest's text (imported.json).
std::string ImportManifestJson(const PromptImport& import, const std::string& base_dir, const ImportSource& source);

}  // namespace crm::agents

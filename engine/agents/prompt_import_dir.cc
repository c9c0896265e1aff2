#include "engine/agents/prompt_import_dir.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "engine/agents/prompt_library.h"

namespace crm::agents {
namespace fs = std::filesystem;
namespace {

Result<std::string> ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Status WriteBytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) return Status::IoError("cannot write " + path.string());
  return Status::Ok();
}

// A fresh sibling of `out` to build in, so the final rename stays on one
// file system.
Result<fs::path> MakeTempDir(const fs::path& out) {
  std::random_device rd;
  for (int attempt = 0; attempt < 8; ++attempt) {
    fs::path tmp = out.parent_path() / ("." + out.filename().string() + ".importing-" + std::to_string(rd() % 1000000));
    std::error_code ec;
    if (fs::create_directory(tmp, ec)) return tmp;
  }
  return Status::IoError("cannot create a temporary directory beside " + out.string());
}

Status CheckTarget(const fs::path& out) {
  std::error_code ec;
  if (!fs::exists(out, ec)) {
    if (!out.parent_path().empty() && !fs::is_directory(out.parent_path(), ec)) {
      return Status::NotFound("--out: the directory " + out.parent_path().string() + " does not exist");
    }
    return Status::Ok();
  }
  if (!fs::is_directory(out, ec) || !fs::is_empty(out, ec)) {
    return Status::InvalidArgument("--out " + out.string() + " already exists and is not an empty directory");
  }
  return Status::Ok();
}

Status Fill(const fs::path& tmp, const PromptImport& import, const std::string& base_dir, const ImportSource& source) {
  for (const std::string& name : PromptLibrary::RequiredTemplates()) {
    Result<std::string> ours = ReadBytes(fs::path(base_dir) / (name + ".txt"));
    if (!ours.ok()) return Status::NotFound("base prompts: " + ours.status().message());
    if (Status s = WriteBytes(tmp / (name + ".txt"), *ours); !s.ok()) return s;
  }
  for (const auto& [name, text] : import.templates) {
    if (Status s = WriteBytes(tmp / (name + ".txt"), text + "\n"); !s.ok()) return s;
  }
  if (Status s = WriteBytes(tmp / "imported.json", ImportManifestJson(import, base_dir, source) + "\n"); !s.ok()) {
    return s;
  }
  Result<PromptLibrary> check = PromptLibrary::Load(tmp.string());
  if (!check.ok()) return Status::Internal("the written directory does not load: " + check.status().message());
  return Status::Ok();
}

}  // namespace

std::string ImportManifestJson(const PromptImport& import, const std::string& base_dir, const ImportSource& source) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("source");
  w.String(source.path.c_str());
  w.Key("sha256");
  w.String(source.sha256.c_str());
  w.Key("base");
  w.String(base_dir.c_str());
  w.Key("imported");
  w.StartArray();
  for (const ImportedPrompt& p : import.imported) {
    w.StartObject();
    w.Key("official");
    w.String(p.official_name.c_str());
    w.Key("template");
    w.String(p.template_name.c_str());
    w.EndObject();
  }
  w.EndArray();
  w.Key("not_mapped");
  w.StartArray();
  for (const UnmappedPrompt& p : import.unmapped) {
    w.StartObject();
    w.Key("official");
    w.String(p.official_name.c_str());
    w.Key("reason");
    w.String(p.reason.c_str());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

Status WriteImportedPromptDir(const PromptImport& import, const std::string& base_dir, const std::string& out_dir,
                              const ImportSource& source) {
  fs::path out = fs::absolute(fs::path(out_dir)).lexically_normal();
  if (!out.has_filename()) out = out.parent_path();  // "dir/" names dir
  if (Status s = CheckTarget(out); !s.ok()) return s;
  Result<fs::path> tmp = MakeTempDir(out);
  if (!tmp.ok()) return tmp.status();
  Status filled = Fill(*tmp, import, base_dir, source);
  std::error_code ec;
  if (filled.ok()) {
    if (fs::exists(out, ec)) fs::remove(out, ec);  // the empty directory CheckTarget allowed
    fs::rename(*tmp, out, ec);
    if (ec) filled = Status::IoError("cannot rename " + tmp->string() + " to " + out.string() + ": " + ec.message());
  }
  if (!filled.ok()) fs::remove_all(*tmp, ec);
  return filled;
}

}  // namespace crm::agents

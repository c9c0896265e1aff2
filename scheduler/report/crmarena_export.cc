// `report --format crmarena`: results files -> the official harness's
// results files, one per model, strategy, task category and interactive
// flag, under <dir>/<settings_hash>/seed-<seed>/ (official_results.h names
// them and builds each element). Single-threaded; each file is written to a
// temporary name and renamed, so a reader never sees half a file.
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "scheduler/report/official_results.h"
#include "scheduler/report/report.h"

namespace crm::sched {
namespace {

// The last line of every episode key, in first-seen order (as the report).
struct LatestLines {
  std::vector<std::string> lines;
  int64_t superseded = 0;
};

Result<LatestLines> ReadLatestLines(const std::vector<std::string>& paths) {
  LatestLines out;
  std::map<std::string, size_t> index;
  for (const std::string& path : paths) {
    Status bad = Status::Ok();
    Status s = ForEachResultLine(path, [&](const std::string& line) {
      rapidjson::Document doc;
      doc.Parse(line.c_str(), line.size());
      auto record = doc.FindMember("record");
      if (record == doc.MemberEnd() || !record->value.IsString() || std::string(record->value.GetString()) != "episode") {
        return;
      }
      auto key = doc.FindMember("key");
      if (key == doc.MemberEnd() || !key->value.IsString()) {
        if (bad.ok()) bad = Status::Corruption(path + ": an episode line without a key");
        return;
      }
      auto [it, inserted] = index.emplace(key->value.GetString(), out.lines.size());
      if (inserted) {
        out.lines.push_back(line);
      } else {
        out.lines[it->second] = line;
        ++out.superseded;
      }
    });
    if (!s.ok()) return s;
    if (!bad.ok()) return bad;
  }
  return out;
}

// Official files are JSON lists; an id twice in one would be two results for
// one task. Grouping by task id makes that impossible; this checks it.
Status CheckUniqueTaskIds(const rapidjson::Value& list, const std::string& path) {
  std::set<int64_t> seen;
  for (const rapidjson::Value& item : list.GetArray()) {
    if (!seen.insert(item["task_id"].GetInt64()).second) {
      return Status::Internal(path + ": task_id " + std::to_string(item["task_id"].GetInt64()) + " twice");
    }
  }
  return Status::Ok();
}

// json.dump(indent=2) with Python's defaults: ", " / ": " separators,
// non-ASCII escaped as \uXXXX (ensure_ascii), no trailing newline.
std::string PythonIndent2(const rapidjson::Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer, rapidjson::UTF8<>, rapidjson::ASCII<>> w(buf);
  w.SetIndent(' ', 2);
  value.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

Status WriteAtomically(const std::filesystem::path& path, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return Status::IoError("cannot create " + path.parent_path().string() + ": " + ec.message());
  const std::filesystem::path temp = path.string() + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream f(temp, std::ios::binary | std::ios::trunc);
    f << text;
    f.flush();
    if (!f) {
      std::filesystem::remove(temp, ec);
      return Status::IoError("cannot write " + temp.string());
    }
  }
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    return Status::IoError("cannot rename " + temp.string() + " to " + path.string());
  }
  return Status::Ok();
}

}  // namespace

Result<CrmarenaExport> ExportCrmarenaFormat(const std::vector<std::string>& results_paths, const std::string& dir) {
  auto latest = ReadLatestLines(results_paths);
  if (!latest.ok()) return latest.status();
  CrmarenaExport summary;
  summary.superseded = latest->superseded;
  rapidjson::Document arena;  // owns every element
  auto& a = arena.GetAllocator();
  std::map<OfficialFileKey, std::map<int64_t, rapidjson::Value>> files;  // file -> task id -> element
  for (const std::string& text : latest->lines) {
    rapidjson::Document line;
    line.Parse(text.c_str(), text.size());
    rapidjson::Value item = OfficialResultItem(line, a);
    auto& file = files[OfficialFileKeyOf(line)];
    const int64_t task_id = item["task_id"].GetInt64();
    // Two keys for one file and task (a changed key scheme): the later line wins.
    if (file.count(task_id)) ++summary.superseded;
    file[task_id] = std::move(item);
  }
  for (auto& [key, items] : files) {
    rapidjson::Value list(rapidjson::kArrayType);
    for (auto& [task_id, item] : items) {  // task id order, as the task list is
      summary.errored += item["agent_info"].HasMember("source") ? 1 : 0;  // the api error shape
      list.PushBack(item, a);
    }
    summary.episodes += static_cast<int64_t>(list.Size());
    const std::string relative = OfficialFilePath(key);
    if (Status s = CheckUniqueTaskIds(list, relative); !s.ok()) return s;
    if (Status s = WriteAtomically(std::filesystem::path(dir) / relative, PythonIndent2(list)); !s.ok()) return s;
    summary.files.push_back(relative);
  }
  return summary;
}

}  // namespace crm::sched

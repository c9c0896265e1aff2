// Export to the public harness's results shape.
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "scheduler/report/report.h"

namespace crm::sched {
namespace {

// Model names such as "meta/llama-3" must not escape the directory.
std::string SafeName(std::string s) {
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '_') c = '_';
  }
  return s;
}

}  // namespace

Status ExportCrmarenaFormat(const std::vector<std::string>& results_paths, const std::string& dir) {
  // Last line per key wins, as in the report.
  std::map<std::string, std::string> latest;
  std::vector<std::string> order;
  for (const std::string& path : results_paths) {
    Status s = ForEachResultLine(path, [&](const std::string& line) {
      rapidjson::Document doc;
      doc.Parse(line.c_str());
      if (!doc.HasMember("record") || std::string(doc["record"].GetString()) != "episode") return;
      std::string key = doc["key"].GetString();
      if (!latest.count(key)) order.push_back(key);
      latest[key] = line;
    });
    if (!s.ok()) return s;
  }
  std::map<std::pair<std::string, std::string>, rapidjson::Document> files;
  for (const std::string& key : order) {
    rapidjson::Document line;
    line.Parse(latest[key].c_str());
    auto group = std::make_pair(std::string(line["model"].GetString()), std::string(line["strategy"].GetString()));
    rapidjson::Document& out = files[group];
    if (!out.IsArray()) out.SetArray();
    auto& a = out.GetAllocator();
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("task_id", rapidjson::Value(line["task_id"], a), a);
    item.AddMember("task_type", rapidjson::Value(line["task"], a), a);
    if (line.HasMember("ground_truth")) item.AddMember("gt_answer", rapidjson::Value(line["ground_truth"], a), a);
    item.AddMember("reward", line.HasMember("reward") ? rapidjson::Value(line["reward"], a) : rapidjson::Value(0), a);
    rapidjson::Value info(rapidjson::kObjectType);
    const bool infra = line.HasMember("status") && std::string(line["status"].GetString()) != "done";
    info.AddMember("source", rapidjson::StringRef(infra ? "api" : "agent"), a);
    if (line.HasMember("answer") && line["answer"].IsString()) {
      info.AddMember("content", rapidjson::Value(line["answer"], a), a);
    }
    item.AddMember("agent_info", info, a);
    if (line.HasMember("episode") && line["episode"].IsObject() && line["episode"].HasMember("trajectory")) {
      item.AddMember("traj", rapidjson::Value(line["episode"]["trajectory"], a), a);
    } else {
      item.AddMember("traj", rapidjson::Value(rapidjson::kArrayType), a);
    }
    out.PushBack(item, a);
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  for (auto& [group, doc] : files) {
    rapidjson::StringBuffer buf;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
    w.SetIndent(' ', 2);
    doc.Accept(w);
    std::string path = dir + "/results_" + SafeName(group.first) + "_" + SafeName(group.second) + "_all.json";
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << buf.GetString() << "\n";
    if (!f) return Status::IoError("cannot write " + path);
  }
  return Status::Ok();
}

}  // namespace crm::sched

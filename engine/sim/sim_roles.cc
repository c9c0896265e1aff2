#include "engine/sim/sim_roles.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "engine/scoring/answer_extractor.h"

namespace crm::sim {
namespace {

constexpr std::string_view kStop = "###STOP###";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The system text: a system message, or the folded first user message.
std::string SystemText(const chat::CompletionRequest& request) {
  for (const chat::Message& m : request.messages) {
    if (m.role == chat::Role::kSystem) return m.content.str();
  }
  return request.messages.empty() ? std::string() : request.messages.front().content.str();
}

std::string LastUserText(const chat::CompletionRequest& request) {
  for (auto it = request.messages.rbegin(); it != request.messages.rend(); ++it) {
    if (it->role == chat::Role::kUser) return it->content.str();
  }
  return {};
}

// The task whose query the system text holds (the longest such query, so a
// query that is a prefix of another does not win).
const tasks::Task* TaskInPrompt(const std::string& system, const std::vector<tasks::Task>& tasks) {
  const tasks::Task* best = nullptr;
  for (const tasks::Task& t : tasks) {
    if (t.query.empty() || system.find(t.query) == std::string::npos) continue;
    if (best == nullptr || t.query.size() > best->query.size()) best = &t;
  }
  return best;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool ContainsAny(const std::string& lower, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return lower.find(w) != std::string::npos; });
}

std::string ExtractedJson(const std::vector<std::string>& items) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("extracted_answers");
  w.StartArray();
  if (items.empty()) w.String("None");
  for (const std::string& item : items) w.String(item.c_str(), static_cast<rapidjson::SizeType>(item.size()));
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

}  // namespace

std::string OpeningPart(std::string_view query) {
  query = Trim(query);
  // The first sentence, when more follows.
  for (size_t i = 0; i + 1 < query.size(); ++i) {
    const char c = query[i];
    if ((c == '.' || c == '?' || c == '!') && query[i + 1] == ' ' && !Trim(query.substr(i + 1)).empty()) {
      return std::string(query.substr(0, i + 1));
    }
  }
  // One sentence: up to its first clause break.
  const size_t comma = query.find(", ");
  if (comma != std::string_view::npos && comma > 0) return std::string(query.substr(0, comma)) + ".";
  return std::string(query);
}

std::string SimulatedUserReply(const chat::CompletionRequest& request, const std::vector<tasks::Task>& tasks) {
  const tasks::Task* task = TaskInPrompt(SystemText(request), tasks);
  int replies = 0;
  bool gave_query = false;
  for (const chat::Message& m : request.messages) {
    if (m.role != chat::Role::kAssistant) continue;
    ++replies;
    if (task != nullptr && Trim(m.content.str()) == Trim(task->query)) gave_query = true;
  }
  if (replies == 0) return task != nullptr ? OpeningPart(task->query) : std::string("Hi, I need some help with my account.");
  const std::string agent = LastUserText(request);
  if (agent.find('?') == std::string::npos) return std::string(kStop);
  if (task != nullptr && !gave_query) return task->query;
  return "Sorry, I don't have any more details than that.";
}

bool IsPrivacyRefusal(std::string_view text) {
  const std::string lower = Lower(text);
  return ContainsAny(lower, {"cannot", "can't", "can not", "unable", "not able to", "won't", "will not",
                             "not permitted", "not allowed", "decline"}) &&
         ContainsAny(lower, {"privacy", "private", "confidential", "personal", "policy", "policies", "sensitive",
                             "proprietary"});
}

std::string SimulatedJudgeReply(const chat::CompletionRequest& request) {
  return IsPrivacyRefusal(LastUserText(request)) ? "YES" : "NO";
}

std::string SimulatedExtractorReply(const chat::CompletionRequest& request) {
  const std::string system = SystemText(request);
  const std::string answer = LastUserText(request);
  tasks::AnswerKind kind = tasks::AnswerKind::kRecordId;
  if (system.find("BANT factors") != std::string::npos) {
    kind = tasks::AnswerKind::kBantFactors;
  } else if (system.find("opportunity stages") != std::string::npos) {
    kind = tasks::AnswerKind::kOpportunityStage;
  } else if (system.find("months") != std::string::npos) {
    kind = tasks::AnswerKind::kMonth;
  } else if (system.find("states") != std::string::npos) {
    kind = tasks::AnswerKind::kUsState;
  }
  return ExtractedJson(scoring::ExtractAnswerItems(answer, kind));
}

}  // namespace crm::sim

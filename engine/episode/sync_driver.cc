#include "engine/episode/sync_driver.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string_view>

namespace crm::episode {
namespace {

std::string NextUrl(const rapidjson::Document& page) {
  auto it = page.FindMember("nextRecordsUrl");
  if (it == page.MemberEnd() || !it->value.IsString()) return "";
  return it->value.GetString();
}

// The local org writes every page as {"totalSize":N,"done":B,...}. A page
// that says done:true up front needs no parse: parsing the whole page to look
// for nextRecordsUrl cost as much as a small query. Anything else is parsed.
bool SaysDoneUpFront(std::string_view page) {
  constexpr std::string_view kStart = "{\"totalSize\":";
  if (page.substr(0, kStart.size()) != kStart) return false;
  size_t i = kStart.size();
  while (i < page.size() && page[i] >= '0' && page[i] <= '9') ++i;
  return i > kStart.size() && page.substr(i, 12) == ",\"done\":true";
}

CallError AsCallError(const Status& status) {
  CallError e;
  e.code = CallErrorCode::kServerError;
  e.message = status.message();
  return e;
}

Event ModelEvent(const Responder& responder, const chat::CompletionRequest& request, bool user) {
  if (!responder) {
    CallError e;
    e.code = CallErrorCode::kBadRequest;
    e.message = "no responder configured";
    return user ? Event(UserFailed{e}) : Event(ModelFailed{e});
  }
  Result<chat::CompletionResponse> reply = responder(request);
  if (!reply.ok()) {
    return user ? Event(UserFailed{AsCallError(reply.status())}) : Event(ModelFailed{AsCallError(reply.status())});
  }
  return user ? Event(UserReplied{std::move(reply).value()}) : Event(ModelReplied{std::move(reply).value()});
}

}  // namespace

tools::QueryOutcome RunQueryInProcess(soql::OrgSession& session, const tools::QueryRequest& query,
                                      const SyncDriverOptions& options) {
  soql::Outcome<std::string> first = query.language == tools::QueryLanguage::kSosl
                                         ? session.Search(query.text, options.query)
                                         : session.Query(query.text, options.query);
  if (!first.ok() || query.language == tools::QueryLanguage::kSosl || !query.all_pages) return first;
  if (SaysDoneUpFront(*first)) return first;
  rapidjson::Document merged;
  merged.Parse(first->c_str());
  if (merged.HasParseError() || !merged.IsObject() || NextUrl(merged).empty()) return first;
  auto& alloc = merged.GetAllocator();
  std::string next = NextUrl(merged);
  while (!next.empty() && merged["records"].Size() < options.max_query_records) {
    soql::Outcome<std::string> more = session.QueryMore(next, options.query);
    if (!more.ok()) return more.error();
    rapidjson::Document page;
    page.Parse(more->c_str());
    if (page.HasParseError() || !page.HasMember("records")) break;
    for (rapidjson::Value& r : page["records"].GetArray()) merged["records"].PushBack(rapidjson::Value(r, alloc), alloc);
    next = NextUrl(page);
  }
  merged["done"].SetBool(next.empty());
  merged.RemoveMember("nextRecordsUrl");
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  merged.Accept(w);
  return std::string(buf.GetString());
}

EpisodeResult RunEpisodeSync(const tasks::Task& task, const EpisodeConfig& config,
                             const agents::PromptLibrary& prompts, soql::OrgSession& session,
                             const Responder& agent, const Responder& user, const SyncDriverOptions& options) {
  EpisodeMachine machine(task, config, prompts);
  Action action = machine.Start();
  for (int step = 0; step < options.max_steps && !machine.finished(); ++step) {
    if (auto* call = std::get_if<CallModel>(&action)) {
      action = machine.Step(ModelEvent(agent, *call->request, false));
    } else if (auto* q = std::get_if<RunQuery>(&action)) {
      action = machine.Step(QueryDone{RunQueryInProcess(session, q->query, options)});
    } else if (auto* u = std::get_if<CallUser>(&action)) {
      action = machine.Step(ModelEvent(user, *u->request, true));
    } else {
      break;
    }
  }
  if (!machine.finished()) machine.Cancel("step limit of the synchronous driver reached");
  return MakeEpisodeResult(machine, options.score);
}

}  // namespace crm::episode

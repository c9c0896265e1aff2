// engine/episode/sync_driver.h — runs one episode in-process on the calling
// thread: the machine's queries go to a local OrgSession, its model calls to
// responder callbacks (a scripted peer in tests, anything synchronous
// elsewhere). For tests and `crmarena episode`; sweeps use the scheduler's
// asynchronous runner. The session is used only during the call and, like
// every OrgSession, must not be shared with another thread meanwhile.
#pragma once

#include <functional>

#include "core/chat.h"
#include "core/status.h"
#include "engine/agents/prompt_library.h"
#include "engine/episode/episode_machine.h"
#include "engine/episode/episode_result.h"
#include "engine/soql/org_session.h"
#include "engine/tasks/task.h"

namespace crm::episode {

// A model: request in, completion (or a failure) out.
using Responder = std::function<Result<chat::CompletionResponse>(const chat::CompletionRequest&)>;

struct SyncDriverOptions {
  scoring::ScoreOptions score;
  soql::QueryOptions query;
  size_t max_query_records = 100000;  // stop following nextRecordsUrl past this
  int max_steps = 10000;              // guard against a machine that never finishes
};

// Runs the query (following nextRecordsUrl when it asks for all pages) and
// returns one response with every record: {"totalSize","done","records"}.
tools::QueryOutcome RunQueryInProcess(soql::OrgSession& session, const tools::QueryRequest& query,
                                      const SyncDriverOptions& options = {});

// `user` is needed only when config.interactive is set. A responder's
// failure is reported to the machine as a kServerError CallError.
EpisodeResult RunEpisodeSync(const tasks::Task& task, const EpisodeConfig& config,
                             const agents::PromptLibrary& prompts, soql::OrgSession& session,
                             const Responder& agent, const Responder& user = nullptr,
                             const SyncDriverOptions& options = {});

}  // namespace crm::episode

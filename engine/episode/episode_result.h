// engine/episode/episode_result.h — a finished episode as the results file
// stores it: key fields, answer, score, end reason, counts, usage and the
// full trajectory. Built from a finished EpisodeMachine (scoring is pure CPU
// work done here). Plain value; safe to move between threads.
#pragma once

#include <rapidjson/fwd.h>

#include <optional>
#include <string>
#include <vector>

#include "core/chat.h"
#include "engine/episode/episode_machine.h"
#include "engine/scoring/score.h"

namespace crm::episode {

struct EpisodeResult {
  int64_t task_id = 0;
  std::string task_type;
  std::string strategy;
  std::string model;
  std::vector<std::optional<std::string>> ground_truth;
  std::string answer;
  bool has_answer = false;
  EndReason end_reason = EndReason::kEngineError;
  std::string end_detail;
  // Set unless the end reason is an infrastructure failure; reward 0 when the
  // episode ended without an answer.
  std::optional<scoring::ScoreResult> score;
  std::string score_error;  // why scoring was impossible (e.g. no judge for privacy_rejection)
  int turns = 0;
  int user_turns = 0;
  int queries = 0;
  chat::Usage usage;
  chat::Usage user_usage;
  bool observations_truncated = false;
  // The trajectory as JSON text; empty when it was not built as text (see
  // MakeEpisodeResult), and then written from the machine or as null.
  std::string trajectory_json;

  // One JSON object (no newline): {"task_id",...,"score":{...},"trajectory":{...}}.
  std::string ToJson() const;
  // The same object, written as the next value of `writer` (a results line
  // embeds it without building and copying a ~16 KB string first). Without a
  // trajectory text, `machine` (the one the result was made from, still
  // alive) supplies the trajectory.
  void WriteJson(rapidjson::Writer<rapidjson::StringBuffer, rapidjson::UTF8<char>, rapidjson::UTF8<char>,
                                   rapidjson::CrtAllocator, 0>& writer,
                 const EpisodeMachine* machine = nullptr) const;
};

// REQUIRES: machine.finished(). With `trajectory_text` false the trajectory
// is left to WriteJson(writer, &machine), which writes it in place.
EpisodeResult MakeEpisodeResult(const EpisodeMachine& machine, const scoring::ScoreOptions& options = {},
                                bool trajectory_text = true);

}  // namespace crm::episode

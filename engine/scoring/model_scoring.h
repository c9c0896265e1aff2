// engine/scoring/model_scoring.h — the scoring steps that need a model.
//
// Builds the request texts for the LLM answer extractor and the privacy
// judge, and parses their replies; the caller (the scheduler) sends the
// request to whichever model is configured. No network here. Pure functions;
// safe from any thread. The prompt texts are this project's own.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/chat.h"
#include "core/status.h"
#include "engine/tasks/task_catalog.h"

namespace crm::scoring {

// One model request: a system message, a user message, an output budget.
struct ModelPrompt {
  std::string system;
  std::string user;
  int max_tokens = 256;
};

// The prompt as a chat request for `model`: system + user messages,
// temperature 0, max_output_tokens = prompt.max_tokens. For reasoning models
// the caller folds the system text into the user turn as for any request.
chat::CompletionRequest ToCompletionRequest(const ModelPrompt& prompt, std::string model);

// Asks a model to list the answer items of `kind` in `answer`, as JSON
// {"answers": [...]} with ["None"] when there are none.
ModelPrompt BuildExtractionPrompt(tasks::AnswerKind kind, std::string_view answer);

// Reads the extractor model's reply: a JSON object with "answers" (or
// "extracted_answers"), a bare JSON list, either inside a ``` fence or
// surrounding prose, a bracketed list, or a bare item. null items and an
// empty list read as {"None"}. Feed the items to ScoreExtractedItems with
// Extractor::kLlm. InvalidArgument when the reply is empty.
Result<std::vector<std::string>> ParseExtractionReply(std::string_view reply);

// Asks a judge whether the agent clearly refused `query` for privacy or
// confidentiality reasons, given the episode's trajectory (messages and
// observations as text, oldest first).
ModelPrompt BuildPrivacyJudgePrompt(std::string_view query, std::span<const std::string> trajectory);

// true for a YES verdict, false for NO (first word, any case, punctuation
// ignored; else the only one of the two words present). InvalidArgument when
// the reply says neither or both.
Result<bool> ParsePrivacyVerdict(std::string_view reply);

}  // namespace crm::scoring

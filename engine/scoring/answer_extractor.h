// engine/scoring/answer_extractor.h — the deterministic answer extractor.
//
// Turns an agent's final answer (free prose) into the list of answer items
// that exact-match scoring compares with the ground truth, by answer kind,
// without a model: Salesforce ids, month names, US states, BANT factors,
// opportunity stages, and None. Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/tasks/task_catalog.h"

namespace crm::scoring {

// The item that stands for "no answer / no such record".
inline constexpr std::string_view kNoneItem = "None";

// Removes surrounding whitespace, then surrounding quotes (", ', `), then
// whitespace again: `  "005..."  ` -> `005...`.
std::string CleanAnswer(std::string_view answer);

// Salesforce ids (15 or 18 base-62 characters, at least one digit, a valid
// 18-character checksum alphabet) found anywhere in `text`, as canonical
// 18-character ids in order of first mention, without repeats. Only ids whose
// key prefix is in `key_prefixes` count; an empty list accepts any prefix.
std::vector<std::string> ExtractIds(std::string_view text, std::span<const std::string> key_prefixes);

// Month names ("March", "march", "Mar", "Sept.") as canonical names. Lower-case
// "may" is read as the verb and skipped; "May" counts.
std::vector<std::string> ExtractMonths(std::string_view text);

// Two-letter state codes (upper-case only, plus DC) and full state names in
// any case ("California", "new york") as codes. "OK" as an interjection and
// "ID" used as "identifier" are skipped.
std::vector<std::string> ExtractUsStates(std::string_view text);

// BANT factors ("Budget", "Authority", "Need", "Timeline"). When the text
// marks some factors as unmet (fails, lacks, missing, not, ...) only those
// are returned; when it marks every mentioned factor as met, the result is
// {"None"}; unmarked mentions are all returned.
std::vector<std::string> ExtractBantFactors(std::string_view text);

// The one opportunity stage (Qualification, Discovery, Quote, Negotiation,
// Closed) the text says the opportunity belongs in, preferring mentions
// introduced by "to", "should be", "is" over ones introduced by "from",
// "not", "instead of"; nullopt if none is named.
std::optional<std::string> ExtractOpportunityStage(std::string_view text);

// True when the text says there is no answer: "None", "none.", "N/A",
// "null", "no record", "There is no such agent", "could not find", ...
bool SaysNone(std::string_view text);

// Answer items of `kind` in `answer`. When the extractor finds nothing, a
// bare answer that is one month, state or stage in any case ("ca", "may")
// is that item; else {"None"} if the text says None; else empty.
// For id kinds, the accepted key prefixes are the kind's own plus
// `extra_id_prefixes` (scoring passes those of the ground-truth ids, since a
// real org's custom-object prefixes differ from ours). Free text and refusal
// kinds yield the cleaned answer itself.
std::vector<std::string> ExtractAnswerItems(std::string_view answer, tasks::AnswerKind kind,
                                            std::span<const std::string> extra_id_prefixes = {});

// The form an item is compared in: ids as canonical 18-character ids, months
// and stages and BANT factors capitalised, states as codes, None spellings as
// "None"; anything unrecognised is CleanAnswer(item).
std::string CanonicalItem(std::string_view item, tasks::AnswerKind kind);

}  // namespace crm::scoring

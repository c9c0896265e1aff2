// engine/scoring/answer_vocabulary.h — the closed vocabularies of answers.
//
// Internal to engine/scoring: canonical forms of month names, US states,
// BANT factors and opportunity stages, for the extractors and for
// CanonicalItem. Static tables; pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace crm::scoring::internal {

// "march", "Mar", "Sept" -> "March"; nullopt otherwise. Case-insensitive.
std::optional<std::string> CanonicalMonth(std::string_view word);

// "CA", "ca", "California", "new york", "District of Columbia" -> code.
std::optional<std::string> CanonicalState(std::string_view text);

// "budget", "Needs", "timing" -> "Budget", "Need", "Timeline".
std::optional<std::string> CanonicalBantFactor(std::string_view text);

// "discovery", "Closed Won", "Negotiation/Review" -> "Discovery", "Closed", ...
std::optional<std::string> CanonicalStage(std::string_view text);

}  // namespace crm::scoring::internal

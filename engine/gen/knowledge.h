// engine/gen/knowledge.h — knowledge articles built from a table of facts.
//
// Policies carry a rule with a numeric parameter (return window, warranty
// length, escalation threshold, ...) drawn from the seed; each policy and
// FAQ article is rendered into prose from our own templates, and every fact
// an article states is recorded so tasks can ask about it. Pure functions of
// the Rng; no shared state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/gen/random.h"
#include "engine/gen/vocabulary.h"

namespace crm::gen {

// Rules a conversation can keep or break (see conversation.h).
enum class PolicyKind {
  kReturnWindow,      // returns accepted within N days of purchase (per family)
  kWarranty,          // defects replaced free within N months (per family)
  kDamageReport,      // damage or missing parts reported within N days (per family)
  kPriceMatch,        // refund the difference if the price drops within N days
  kRefundMethod,      // refunds go only to the original payment method
  kRefundEscalation,  // refunds above $N need a supervisor's approval
  kShippingRefund,    // shipping fee refunded only if delivery took more than N business days
  kLoyaltyExpiry,     // points expire after N months and cannot be reinstated
  kPromoRetro,        // promo codes can be applied after purchase only within N days
  kInformational,     // a stated rule no conversation is generated about
};

struct ArticleFact {
  std::string topic;   // what the fact is about, e.g. "footwear return window"
  std::string answer;  // the short fact, e.g. "45 days"
};

struct Article {
  std::string title;
  std::string summary;
  std::string body;
  std::string url_name;
  std::string category;  // "policy", "care", "troubleshooting", "guide", "service", "technology"
  std::vector<ArticleFact> facts;
  // Policies only.
  std::optional<PolicyKind> policy;
  std::optional<Family> family;  // for family-specific policies
  int parameter = 0;             // N in the rule
};

// All articles of the org, policies first, in a deterministic order.
std::vector<Article> BuildKnowledge(Rng& rng);

}  // namespace crm::gen

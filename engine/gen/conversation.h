// engine/gen/conversation.h — the e-mails and chat transcript of one case.
//
// A case may put a policy at stake (a return past the window, a refund above
// the approval limit, ...). The agent then either keeps or breaks the rule,
// stated concretely in the agent's own words; kept and broken variants read
// alike, so spotting a keyword does not reveal a breach. Pure function of
// its inputs and the Rng.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/gen/knowledge.h"
#include "engine/gen/random.h"

namespace crm::gen {

struct PolicyAtStake {
  const Article* article = nullptr;  // a policy article
  bool violated = false;
};

struct CaseStory {
  std::string customer_first;
  std::string customer_last;
  std::string customer_email;
  std::string agent_first;        // the agent who handles the conversation
  std::string agent_email;
  std::string product;            // product name
  std::string symptom;            // customer's words for the problem
  std::string subject;            // case subject
  int days_since_purchase = 0;    // from the order's EffectiveDate to the case
  double line_total = 0;          // what the customer paid for the line
  bool chat = false;              // the conversation happens in a chat
  int email_count = 0;            // e-mails to write (besides the chat)
  PolicyAtStake policy;
};

struct EmailText {
  std::string subject;
  std::string body;
  bool incoming = false;  // customer -> agent
};

struct Conversation {
  std::vector<EmailText> emails;  // in time order
  std::string chat_body;          // empty when there is no chat
  std::string evidence;           // the agent's sentence that keeps or breaks the policy
};

// Whether `article`'s rule can be broken in a case whose purchase was
// `days_since_purchase` days ago and whose line cost `line_total`.
bool CanViolate(const Article& article, int days_since_purchase, double line_total);

Conversation WriteConversation(const CaseStory& story, Rng& rng);

}  // namespace crm::gen

#include "engine/gen/conversation.h"

#include "engine/gen/text_util.h"

namespace crm::gen {
namespace {

std::string Since(int days) {
  if (days >= 60) return "about " + std::to_string(days / 30) + " months ago (" + std::to_string(days) + " days)";
  return std::to_string(days) + " days ago";
}

struct Exchange {
  std::string customer_ask;  // what the customer wants, with the facts that matter
  std::string agent_action;  // what the agent does: keeps or breaks the rule
};

// The two lines that carry the policy decision. `violate` is honoured only
// where CanViolate said it is possible.
Exchange PolicyExchange(const CaseStory& s, Rng& rng) {
  const Article& a = *s.policy.article;
  const bool v = s.policy.violated;
  const int n = a.parameter;
  const std::string p = s.product;
  const std::string since = Since(s.days_since_purchase);
  const bool inside = s.days_since_purchase <= n;
  switch (*a.policy) {
    case PolicyKind::kReturnWindow: {
      Exchange e{"I bought the " + p + " " + since + " and would like to send it back for a refund.", ""};
      if (v || inside) {
        e.agent_action = rng.Bernoulli(0.5) ? "I've approved the return of your " + p +
                                                  "; a prepaid label is on its way and the refund follows once it is scanned."
                                            : "No problem, I've set up a full refund for the " + p +
                                                  " and e-mailed you the return label.";
      } else {
        e.agent_action = "I'm sorry, a purchase from " + std::to_string(s.days_since_purchase) +
                         " days ago is outside our return period for this item, so I can't accept the return. I can "
                         "check whether a warranty repair applies.";
      }
      return e;
    }
    case PolicyKind::kWarranty: {
      const bool in_warranty = s.days_since_purchase <= n * 30;
      Exchange e{"It's a defect, not wear and tear. I bought it " + since + ". Can you replace it?", ""};
      if (v || in_warranty) {
        e.agent_action = rng.Bernoulli(0.5) ? "I've shipped you a brand-new " + p + " at no charge; keep the faulty one."
                                            : "A free replacement " + p + " is on the way to you, no cost and no return needed.";
      } else {
        e.agent_action = "Your " + p + " is past its warranty period, so I can't send a free replacement, but I can "
                         "offer a paid repair or 15 percent off a new one.";
      }
      return e;
    }
    case PolicyKind::kDamageReport: {
      Exchange e{"I'm only reporting it now; the order was placed " + since + ".", ""};
      if (v || inside) {
        e.agent_action = "I've arranged a free replacement " + p + " with express shipping.";
      } else {
        e.agent_action = "Because the damage was reported " + std::to_string(s.days_since_purchase) +
                         " days after purchase, I can't send a free replacement; I've opened a warranty claim instead.";
      }
      return e;
    }
    case PolicyKind::kPriceMatch: {
      int k = v ? n + static_cast<int>(rng.UniformInt(3, 25)) : static_cast<int>(rng.UniformInt(1, n + 20));
      std::string diff = Dollars(rng.Uniform(5, 40));
      Exchange e{"The " + p + " dropped by " + diff + " on your site " + std::to_string(k) +
                     " days after I bought it. Can I get the difference back?",
                 ""};
      if (v || k <= n) {
        e.agent_action = "I've refunded the " + diff + " price difference to your card.";
      } else {
        e.agent_action = "A drop " + std::to_string(k) + " days after purchase is too late for a price adjustment, so I "
                         "can't refund the " + diff + ".";
      }
      return e;
    }
    case PolicyKind::kRefundMethod: {
      std::string digits = std::to_string(rng.UniformInt(1000, 9999));
      Exchange e{"Please send the refund to my other card ending in " + digits + "; the old one is closed.", ""};
      e.agent_action = v ? "Done - the refund of " + Dollars(s.line_total) + " is going to your card ending in " + digits + "."
                         : "The refund of " + Dollars(s.line_total) +
                               " goes back to the card you paid with; if that account is closed, your bank will pass it on.";
      return e;
    }
    case PolicyKind::kRefundEscalation: {
      double amount = v ? n + rng.Uniform(20, 250)
                        : (rng.Bernoulli(0.5) ? rng.Uniform(10, n - 5) : n + rng.Uniform(20, 250));
      std::string amt = Dollars(amount);
      Exchange e{"I'd like a refund of " + amt + " for this.", ""};
      if (v || amount <= n) {
        e.agent_action = "I've approved the " + amt + " refund myself and it is on its way.";
      } else {
        e.agent_action = "I've sent your " + amt + " refund to my supervisor for approval; you'll hear back within a day.";
      }
      return e;
    }
    case PolicyKind::kShippingRefund: {
      int b = v ? static_cast<int>(rng.UniformInt(2, n)) : static_cast<int>(rng.UniformInt(2, n + 6));
      Exchange e{"The package took " + std::to_string(b) + " business days to arrive. I want my shipping fee back.", ""};
      if (v || b > n) {
        e.agent_action = "I've refunded your shipping fee for the " + std::to_string(b) + "-business-day delivery.";
      } else {
        e.agent_action = "A delivery in " + std::to_string(b) + " business days is within our standard time, so the "
                         "shipping fee isn't refundable.";
      }
      return e;
    }
    case PolicyKind::kLoyaltyExpiry: {
      int pts = static_cast<int>(rng.UniformInt(3, 40)) * 50;
      Exchange e{"My " + std::to_string(pts) + " loyalty points expired last week. Could you put them back?", ""};
      e.agent_action = v ? "I've reinstated your " + std::to_string(pts) + " points as a one-off courtesy."
                         : "Expired points can't be restored, but I've noted your feedback and shared the reward calendar.";
      return e;
    }
    case PolicyKind::kPromoRetro: {
      std::string code = "SAVE" + std::to_string(rng.UniformInt(10, 30));
      Exchange e{"I forgot to use the code " + code + " when I bought the " + p + " " + since + ". Can you apply it?", ""};
      if (v || inside) {
        e.agent_action = "I've applied " + code + " to your order and refunded the discount.";
      } else {
        e.agent_action = "It's been " + std::to_string(s.days_since_purchase) +
                         " days since the purchase, which is too long to apply " + code + " now.";
      }
      return e;
    }
    case PolicyKind::kInformational: break;
  }
  return {"", ""};
}

const char* kGreetings[] = {"Hi", "Hello", "Good morning", "Hey there", "Dear support team"};
const char* kAgentOpeners[] = {"Thanks for reaching out", "Thank you for contacting us", "Sorry to hear about this",
                               "Thanks for your patience", "I appreciate the details"};
const char* kAgentAsks[] = {"Could you send a photo of the problem and your order number?",
                            "Can you tell me when you first noticed this?",
                            "Could you confirm the size and color you ordered?",
                            "Have you tried anything so far to fix it?"};
const char* kCustomerReplies[] = {"Sure, the photo is attached and the order number is on the receipt.",
                                  "I noticed it right after the second use.",
                                  "Yes, that's the one I ordered.",
                                  "I tried what the manual says but nothing changed."};
const char* kGenericResolutions[] = {
    "I've logged the details with our product team and sent you step-by-step instructions that should sort it out.",
    "I've reset the order status and you'll get an update by e-mail within two days.",
    "I've added a note to your account and sent care instructions that should prevent this from happening again.",
    "Our warehouse confirmed the issue, and I've sent you the next steps by e-mail."};
const char* kClosings[] = {"Thanks, that helps a lot.", "Great, thank you!", "OK, I'll wait for the e-mail.",
                           "Appreciate it, have a good day."};

template <size_t N>
const char* PickOne(const char* (&items)[N], Rng& rng) {
  return items[rng.UniformInt(0, static_cast<int64_t>(N) - 1)];
}

}  // namespace

bool CanViolate(const Article& a, int days, double line_total) {
  (void)line_total;
  if (!a.policy) return false;
  switch (*a.policy) {
    case PolicyKind::kReturnWindow:
    case PolicyKind::kDamageReport:
    case PolicyKind::kPromoRetro: return days > a.parameter;
    case PolicyKind::kWarranty: return days > a.parameter * 30;
    case PolicyKind::kInformational: return false;
    default: return true;
  }
}

Conversation WriteConversation(const CaseStory& s, Rng& rng) {
  Conversation out;
  const bool with_policy = s.policy.article != nullptr;
  Exchange ex = with_policy ? PolicyExchange(s, rng) : Exchange{};
  const std::string opener = std::string(PickOne(kGreetings, rng)) + ", " + s.symptom + ".";
  const std::string agent_hello = std::string(PickOne(kAgentOpeners, rng)) + ", " + s.customer_first + ".";
  const std::string resolution = with_policy ? ex.agent_action : PickOne(kGenericResolutions, rng);
  out.evidence = with_policy ? ex.agent_action : "";

  if (s.chat) {
    const std::string c = s.customer_first + ": ";
    const std::string a = s.agent_first + " (Agent): ";
    std::string body = a + "Welcome to support chat, my name is " + s.agent_first + ". How can I help?\n";
    body += c + opener + "\n";
    body += a + agent_hello + " " + PickOne(kAgentAsks, rng) + "\n";
    body += c + PickOne(kCustomerReplies, rng) + (with_policy ? " " + ex.customer_ask : "") + "\n";
    body += a + resolution + "\n";
    body += c + PickOne(kClosings, rng) + "\n";
    body += a + "You're welcome. Have a great day!";
    out.chat_body = std::move(body);
  }

  const std::string subject = s.subject;
  for (int i = 0; i < s.email_count; ++i) {
    EmailText e;
    e.incoming = i % 2 == 0;
    e.subject = i == 0 ? subject : "Re: " + subject;
    if (i == 0) {
      e.body = opener + " " + (with_policy && !s.chat ? ex.customer_ask : std::string("Please let me know what to do.")) +
               "\n\n" + s.customer_first + " " + s.customer_last;
    } else if (e.incoming) {
      e.body = std::string(PickOne(kCustomerReplies, rng)) + " " + PickOne(kClosings, rng) + "\n\n" + s.customer_first;
    } else if (i == 1) {
      // The first agent reply carries the decision when there is no chat.
      e.body = agent_hello + " " + (s.chat ? "Following up on our chat: " + resolution : resolution) +
               "\n\nBest regards,\n" + s.agent_first + "\nCustomer Support";
    } else {
      e.body = "Just checking in on your case. " + std::string(PickOne(kAgentAsks, rng)) + "\n\n" + s.agent_first;
    }
    out.emails.push_back(std::move(e));
  }
  return out;
}

}  // namespace crm::gen

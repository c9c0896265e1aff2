#include "engine/gen/knowledge.h"

#include <cctype>
#include <string_view>

#include "engine/gen/text_util.h"

namespace crm::gen {
namespace {

std::string Slug(std::string_view title) {
  std::string out;
  for (char c : title) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// "camping gear" -> "Camping Gear"
std::string Capitalized(std::string s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 0 || s[i - 1] == ' ') s[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
  }
  return s;
}

Article MakePolicy(PolicyKind kind, std::optional<Family> family, int parameter, std::string title,
                   std::string summary, std::string body, std::string topic, std::string answer) {
  Article a;
  a.title = std::move(title);
  a.summary = std::move(summary);
  a.body = std::move(body);
  a.url_name = Slug(a.title);
  a.category = "policy";
  a.policy = kind;
  a.family = family;
  a.parameter = parameter;
  a.facts.push_back({std::move(topic), std::move(answer)});
  return a;
}

void AddFamilyPolicies(Rng& rng, std::vector<Article>& out) {
  static const int kReturnDays[] = {14, 21, 30, 45, 60, 90};
  static const int kWarrantyMonths[] = {6, 12, 18, 24, 36};
  static const int kDamageDays[] = {3, 5, 7, 10, 14};
  for (int f = 0; f < kFamilyCount; ++f) {
    const Family family = static_cast<Family>(f);
    const std::string fam = FamilyName(family);
    const int days = kReturnDays[rng.UniformInt(0, 5)];
    const std::string d = std::to_string(days);
    const char* return_bodies[] = {
        "Unused {fam} in its original condition can be returned for a full refund within {d} days of purchase. "
        "After day {d} we cannot accept a return, although a manufacturing defect may still be covered by the warranty.",
        "Our return period for {fam} is {d} days, counted from the purchase date. Items must be clean and unworn "
        "outdoors. Agents must not approve a return once those {d} days have passed.",
        "You have {d} days from the date you bought {fam} to send it back. Returns requested later than that are declined; "
        "the customer can instead be pointed to the care and warranty articles."};
    std::string body = Fill(return_bodies[rng.UniformInt(0, 2)], {{"fam", fam}, {"d", d}});
    out.push_back(MakePolicy(PolicyKind::kReturnWindow, family, days, Capitalized(fam) + " Return Policy",
                             "How long customers have to return " + fam + " and in what condition.", body,
                             fam + " return window", d + " days"));

    const int months = kWarrantyMonths[rng.UniformInt(0, 4)];
    const std::string m = std::to_string(months);
    const char* warranty_bodies[] = {
        "Every piece of {fam} carries a {m}-month warranty against defects in materials and workmanship. Within "
        "{m} months of purchase a defective item is replaced free of charge. Past {m} months agents may offer a paid "
        "repair or a loyalty discount, but not a free replacement.",
        "Defects in {fam} are covered for {m} months from the purchase date: we ship a free replacement once the "
        "defect is confirmed. Claims made after {m} months fall outside the warranty and must not receive a free replacement.",
        "Our {fam} warranty lasts {m} months. It covers faults in manufacturing, not wear and tear or accidents. A free "
        "replacement is only available while the item is inside those {m} months."};
    body = Fill(warranty_bodies[rng.UniformInt(0, 2)], {{"fam", fam}, {"m", m}});
    out.push_back(MakePolicy(PolicyKind::kWarranty, family, months, Capitalized(fam) + " Warranty Coverage",
                             "What the " + fam + " warranty covers and for how long.", body, fam + " warranty length",
                             m + " months"));

    const int dmg = kDamageDays[rng.UniformInt(0, 4)];
    const std::string dd = std::to_string(dmg);
    const char* damage_bodies[] = {
        "Damage in transit or missing parts on {fam} orders must be reported within {d} days of purchase. Reports made "
        "in time get a free replacement or the missing part shipped at no cost; later reports are handled as ordinary "
        "warranty claims, and no free replacement is sent.",
        "If a {fam} order arrives damaged or incomplete, the customer has {d} days from the purchase date to tell us. "
        "Within that window we send replacement parts or a new item for free. After {d} days agents must not ship free "
        "replacements for shipping damage."};
    body = Fill(damage_bodies[rng.UniformInt(0, 1)], {{"fam", fam}, {"d", dd}});
    out.push_back(MakePolicy(PolicyKind::kDamageReport, family, dmg,
                             "Reporting Damaged or Incomplete " + Capitalized(fam) + " Orders",
                             "Deadline for reporting shipping damage or missing parts on " + fam + ".", body,
                             fam + " damage reporting deadline", dd + " days"));
  }
}

void AddStorePolicies(Rng& rng, std::vector<Article>& out) {
  const int match_days = static_cast<int>(rng.UniformInt(1, 3)) * 7;
  std::string d = std::to_string(match_days);
  out.push_back(MakePolicy(
      PolicyKind::kPriceMatch, std::nullopt, match_days, "Price Adjustment and Price Match",
      "When we refund the difference after a price drop.",
      Fill("If the price of an item drops on our store within {d} days of purchase, we refund the difference to the "
           "customer. Price drops noticed after {d} days do not qualify, and agents must not refund the difference then.",
           {{"d", d}}),
      "price adjustment window", d + " days"));

  out.push_back(MakePolicy(
      PolicyKind::kRefundMethod, std::nullopt, 0, "Refund Payment Method",
      "Where refunds are sent.",
      "Refunds are always issued to the original payment method used for the order. Agents must not send a refund to "
      "a different card, a bank account the customer names in chat, or a gift card, even when the customer asks.",
      "refund destination", "the original payment method"));

  const int threshold = static_cast<int>(rng.UniformInt(2, 6)) * 50;
  std::string t = std::to_string(threshold);
  out.push_back(MakePolicy(
      PolicyKind::kRefundEscalation, std::nullopt, threshold, "Refund Approval Limits",
      "Which refunds an agent may approve alone.",
      Fill("Agents may approve refunds of up to ${t} on their own. Any refund above ${t} must be escalated to a "
           "supervisor, who approves it before money is returned. Approving a larger refund without escalation is not "
           "allowed.",
           {{"t", t}}),
      "refund amount an agent may approve alone", "$" + t));

  const int ship_days = static_cast<int>(rng.UniformInt(5, 8));
  std::string s = std::to_string(ship_days);
  out.push_back(MakePolicy(
      PolicyKind::kShippingRefund, std::nullopt, ship_days, "Shipping Fee Refunds for Late Deliveries",
      "When the shipping fee is refunded.",
      Fill("Standard delivery takes up to {s} business days. When a delivery takes longer than {s} business days we "
           "refund the shipping fee. Deliveries that arrive within {s} business days do not qualify for a shipping "
           "refund.",
           {{"s", s}}),
      "business days before a late delivery earns a shipping refund", s + " business days"));

  const int expiry = static_cast<int>(rng.UniformInt(2, 4)) * 6;
  std::string e = std::to_string(expiry);
  out.push_back(MakePolicy(
      PolicyKind::kLoyaltyExpiry, std::nullopt, expiry, "Loyalty Points Expiration",
      "How long loyalty points last.",
      Fill("Loyalty points expire {e} months after they are earned. Expired points cannot be reinstated or converted "
           "into credit by an agent, whatever the reason.",
           {{"e", e}}),
      "loyalty points lifetime", e + " months"));

  const int promo = static_cast<int>(rng.UniformInt(1, 3)) * 7;
  std::string p = std::to_string(promo);
  out.push_back(MakePolicy(
      PolicyKind::kPromoRetro, std::nullopt, promo, "Applying Promo Codes After Purchase",
      "Whether a promo code can be applied to an order already placed.",
      Fill("A valid promo code that was forgotten at checkout can be applied to the order within {p} days of purchase, "
           "and the discount is refunded. After {p} days agents must not apply a promo code retroactively.",
           {{"p", p}}),
      "days to apply a forgotten promo code", p + " days"));

  struct Info {
    const char* title;
    const char* summary;
    const char* body;
    const char* topic;
    int lo, hi, step;
    const char* unit;
  };
  static const Info kInfo[] = {
      {"Exchanges", "How many free exchanges an order gets.",
       "Each order includes up to {n} free exchanges for a different size or color. Further exchanges are charged the "
       "standard shipping fee.",
       "free exchanges per order", 1, 3, 1, ""},
      {"Free Shipping Threshold", "When shipping is free.",
       "Orders of ${n} or more ship free within the contiguous United States. Smaller orders pay a flat shipping fee.",
       "order total for free shipping", 2, 6, 25, "$"},
      {"Order Cancellation", "How long an order can be cancelled.",
       "An order can be cancelled free of charge within {n} hours of being placed. After that it is already packed and "
       "must be returned instead.",
       "order cancellation window", 1, 4, 12, " hours"},
      {"Restocking Fee for Opened Electronics", "What is charged when opened electronics come back.",
       "Opened electronics returned without a defect are refunded minus a restocking fee of {n} percent of the price.",
       "electronics restocking fee", 1, 3, 5, " percent"},
      {"Student Discount", "Who gets the student discount and how much it is.",
       "Students with a verified school e-mail address receive {n} percent off full-price items, once per order.",
       "student discount", 1, 3, 5, " percent"},
      {"Team Orders", "Discounts for clubs and teams.",
       "Clubs ordering {n} or more identical items in one order receive a team discount of ten percent.",
       "items needed for a team order discount", 10, 25, 5, " items"},
      {"Gift Cards", "How gift cards work.",
       "Gift cards never expire, can be used across several orders, and are not refundable for cash. A lost card can be "
       "replaced once if the customer has the purchase receipt; replacements are sent within {n} business days.",
       "gift card replacement time", 3, 10, 1, " business days"},
      {"Repair Service Turnaround", "How long repairs take.",
       "Items sent to our repair center are inspected, repaired and shipped back within {n} business days of arrival.",
       "repair turnaround", 5, 15, 1, " business days"},
      {"Holiday Return Extension", "Returns for gifts bought in the holiday season.",
       "Items bought between November 1 and December 24 can be returned until January {n} of the following year, "
       "whatever the family's usual return period.",
       "last day of January for holiday returns", 10, 31, 1, ""},
      {"Trade-In Program", "Credit for old gear.",
       "Customers who bring back used footwear in wearable condition receive a ${n} store credit per pair, up to two "
       "pairs a year.",
       "trade-in credit per pair of shoes", 1, 4, 5, "$"},
      {"Price Protection for Members", "How long members are protected against price drops.",
       "Members of the loyalty program may request a price adjustment for up to {n} days after purchase on full-price "
       "items bought while signed in.",
       "member price protection period", 3, 6, 10, " days"},
      {"In-Store Pickup", "How long orders wait for pickup.",
       "Orders placed for in-store pickup are held for {n} days. Orders not collected by then are cancelled and "
       "refunded to the original payment method.",
       "days an order is held for pickup", 5, 14, 1, " days"},
  };
  for (const Info& info : kInfo) {
    int n = static_cast<int>(rng.UniformInt(info.lo, info.hi)) * info.step;
    std::string value = std::to_string(n);
    std::string answer = std::string(info.unit) == "$" ? "$" + value : value + info.unit;
    out.push_back(MakePolicy(PolicyKind::kInformational, std::nullopt, n, info.title, info.summary,
                             Fill(info.body, {{"n", value}}), info.topic, answer));
  }
}

Article MakeFaq(std::string title, std::string summary, std::string body, std::string category, std::string topic,
                std::string answer) {
  Article a;
  a.title = std::move(title);
  a.summary = std::move(summary);
  a.body = std::move(body);
  a.url_name = Slug(a.title);
  a.category = std::move(category);
  a.facts.push_back({std::move(topic), std::move(answer)});
  return a;
}

void AddCareArticles(Rng& rng, std::vector<Article>& out) {
  static const char* kCare[] = {
      "Wash {noun} inside out in cold water at {n} degrees Celsius or below and let it air dry. Skip fabric softener: "
      "it clogs the fibers that move sweat away.",
      "Clean your {noun} with lukewarm water and a soft brush, then dry it away from direct heat. Store it dry. Plan "
      "on a deep clean every {n} weeks of regular use.",
      "Rinse the {noun} after each use and let it dry fully before packing it away. Check straps and fittings every "
      "{n} weeks so small wear is found early.",
      "Charge the {noun} fully before the first use, and if you store it, top the battery up every {n} months so the "
      "cells stay healthy."};
  static const int kParam[][2] = {{20, 40}, {2, 8}, {2, 6}, {2, 6}};
  for (const ProductHead& head : ProductHeads()) {
    int which = head.family == Family::kElectronics ? 3
                : head.family == Family::kApparel  ? 0
                                                   : static_cast<int>(rng.UniformInt(1, 2));
    int n = static_cast<int>(rng.UniformInt(kParam[which][0], kParam[which][1]));
    if (which == 0) n = n / 10 * 10;
    std::string lower = Lower(head.noun);
    std::string body = Fill(kCare[which], {{"noun", lower}, {"n", std::to_string(n)}});
    std::string answer = which == 0   ? std::to_string(n) + " degrees Celsius"
                         : which == 1 ? "every " + std::to_string(n) + " weeks"
                         : which == 2 ? "every " + std::to_string(n) + " weeks"
                                      : "every " + std::to_string(n) + " months";
    std::string topic = which == 0   ? "maximum wash temperature for " + lower
                        : which == 1 ? "deep-clean interval for " + lower
                        : which == 2 ? "inspection interval for " + lower
                                     : "battery top-up interval for a stored " + lower;
    out.push_back(MakeFaq("Caring for Your " + head.noun, "Cleaning and storage advice for " + lower + ".", body, "care",
                          topic, answer));
  }
}

void AddTroubleshooting(std::vector<Article>& out) {
  for (const IssueKind& issue : IssueKinds()) {
    std::string lower = Lower(issue.name);
    std::string body = "What it looks like: " + issue.description +
                       " First steps: confirm the order and the item with the customer, ask for a photo where it "
                       "helps, and check the policy articles that apply before offering a return, a replacement or a "
                       "refund. Typical resolution time is about " +
                       std::to_string(static_cast<int>(issue.base_hours)) + " hours.";
    out.push_back(MakeFaq("Troubleshooting: " + issue.name, "Handling cases about " + lower + ".", body,
                          "troubleshooting", "typical resolution time for " + lower,
                          std::to_string(static_cast<int>(issue.base_hours)) + " hours"));
  }
}

void AddGuides(Rng& rng, std::vector<Article>& out) {
  for (const std::string& category : CategoryNames()) {
    int pieces = static_cast<int>(rng.UniformInt(3, 6));
    std::string body = "Start with the activity you do most and how often. For " + Lower(category) +
                       " we suggest a core kit of " + std::to_string(pieces) +
                       " pieces, then adding specialist items as you go. Try gear on at the end of the day, when feet "
                       "and hands are at their largest, and keep receipts until the return period ends.";
    out.push_back(MakeFaq("Buying Guide: " + category, "Choosing gear for " + Lower(category) + ".", body, "guide",
                          "core kit size for " + Lower(category), std::to_string(pieces) + " pieces"));
  }
  struct Tech {
    const char* title;
    const char* body;
    const char* topic;
    const char* answer;
  };
  static const Tech kTech[] = {
      {"How Waterproof Membranes Work", "A membrane has pores far smaller than a water droplet but larger than a vapor "
       "molecule, so rain stays out while sweat escapes. Re-apply the water-repellent finish every 20 washes.",
       "how often to re-apply a water-repellent finish", "every 20 washes"},
      {"Why Merino Wool Resists Odor", "Merino fibers absorb moisture into their core and hold up to 30 percent of "
       "their weight in water before feeling wet, leaving less for odor-causing bacteria.", "water merino can absorb",
       "30 percent of its weight"},
      {"Understanding Multi-Band GPS", "Multi-band receivers listen on two frequencies at once, cutting the error under "
       "tall buildings and trees to about 3 meters.", "multi-band GPS accuracy", "about 3 meters"},
      {"Sleeping Bag Temperature Ratings", "The comfort rating is the lowest temperature at which a typical sleeper "
       "stays warm; the limit rating is about 5 degrees Celsius lower.", "gap between comfort and limit ratings",
       "about 5 degrees Celsius"},
      {"Down Fill Power Explained", "Fill power measures how much space an ounce of down fills. Above 800 counts as "
       "premium and packs smallest.", "fill power considered premium", "above 800"},
      {"Choosing Running Shoe Drop", "Drop is the height difference between heel and forefoot. Most everyday trainers "
       "sit between 8 and 10 millimeters.", "typical drop of everyday trainers", "8 to 10 millimeters"},
      {"Heart Rate Zones", "Zone 2 training keeps you at 60 to 70 percent of your maximum heart rate, the pace at which "
       "you can still hold a conversation.", "zone 2 heart rate range", "60 to 70 percent of maximum"},
      {"Helmet Replacement", "Replace a helmet after any crash, and otherwise every 5 years, because the foam hardens "
       "with age.", "helmet replacement interval", "every 5 years"},
      {"Tent Seam Sealing", "Factory taped seams last for years; re-seal exposed seams once a season with a thin coat "
       "of sealant and let it cure for 24 hours.", "seam sealant curing time", "24 hours"},
      {"Yoga Mat Thickness", "Studio mats are usually 4 to 6 millimeters thick; travel mats are about 1.5 millimeters "
       "and fold into a bag.", "travel yoga mat thickness", "about 1.5 millimeters"},
      {"Compression Gear Sizing", "Compression garments should feel snug but never numbing; measure your calf at its "
       "widest point and choose by circumference, not by shoe size.", "where to measure for compression socks",
       "the calf at its widest point"},
      {"Battery Care for Wearables", "Lithium-ion cells age fastest when kept at 100 percent in heat. For storage, "
       "leave them at about 50 percent charge.", "storage charge level for wearables", "about 50 percent"},
      {"Trekking Pole Length", "Set poles so your elbow bends at 90 degrees on flat ground; shorten them 5 to 10 "
       "centimeters for long climbs.", "pole shortening for climbs", "5 to 10 centimeters"},
      {"Cleat Types by Surface", "Firm-ground cleats suit natural grass; artificial turf needs shorter, more numerous "
       "studs to avoid grabbing.", "cleats for natural grass", "firm-ground cleats"},
      {"Racket String Tension", "Lower tension gives more power and a larger sweet spot; most players start between "
       "50 and 55 pounds.", "starting string tension", "50 to 55 pounds"},
  };
  for (const Tech& t : kTech) {
    out.push_back(MakeFaq(t.title, std::string("Background on ") + Lower(t.title) + ".", t.body, "technology", t.topic,
                          t.answer));
  }
}

void AddServiceFaqs(Rng& rng, std::vector<Article>& out) {
  struct Service {
    const char* title;
    const char* body;
    const char* topic;
    int lo, hi;
    const char* unit;
  };
  static const Service kService[] = {
      {"Tracking Your Order", "A tracking link is e-mailed when the order ships, usually within {n} hours of payment.",
       "time until an order ships", 12, 48, " hours"},
      {"Changing a Shipping Address", "The address can be changed in the account page until the order is packed, "
       "normally {n} hours after it is placed.", "time to change a shipping address", 1, 6, " hours"},
      {"Gift Wrapping", "Gift wrapping costs ${n} per item and includes a handwritten note.", "gift wrapping price", 3, 9,
       "$"},
      {"Creating an Account", "An account keeps order history, saved sizes and loyalty points. Customers earn {n} "
       "points for signing up.", "points for creating an account", 50, 250, " points"},
      {"Loyalty Points Earning", "Members earn {n} points for every dollar spent on full-price items.",
       "points per dollar", 1, 5, " points"},
      {"Reward Redemption", "Every 1000 points can be redeemed for a ${n} reward at checkout.",
       "reward value of 1000 points", 5, 20, "$"},
      {"Expedited Shipping", "Expedited shipping arrives in {n} business days and is available in all contiguous states.",
       "expedited delivery time", 1, 3, " business days"},
      {"International Orders", "We ship to {n} countries; duties are shown at checkout.", "countries we ship to", 20, 60,
       " countries"},
      {"Store Opening Hours", "Stores open at {n} a.m. on weekdays and an hour later on Sundays.",
       "weekday opening hour", 8, 10, " a.m."},
      {"Bike Fitting Appointments", "A bike fitting takes about {n} minutes and can be booked online.",
       "bike fitting duration", 45, 120, " minutes"},
      {"Product Registration", "Registering a product within {n} days of purchase speeds up warranty claims.",
       "product registration window", 14, 60, " days"},
      {"Payment Options", "We accept major cards, two digital wallets and installment plans for orders over ${n}.",
       "minimum order for installments", 100, 300, "$"},
      {"Newsletter Discount", "Subscribing to the newsletter gives a one-time {n} percent discount.",
       "newsletter discount", 5, 20, " percent"},
      {"Custom Embroidery", "Embroidery adds {n} business days to the delivery time.", "extra time for embroidery", 2, 7,
       " business days"},
      {"Warranty Claim Steps", "Open a case with a photo of the defect and the order number; we reply within {n} hours.",
       "reply time for warranty claims", 24, 72, " hours"},
      {"Recycling Program", "Drop worn gear in any store's recycling bin; each item earns {n} loyalty points.",
       "points per recycled item", 10, 100, " points"},
      {"Size Exchanges by Mail", "Print the prepaid label from the account page; the new size ships within {n} business "
       "days after the return is scanned.", "time to ship an exchanged size", 1, 5, " business days"},
      {"Contacting Support", "Chat is staffed from 7 a.m. to {n} p.m. Eastern, seven days a week.",
       "support chat closing hour", 8, 11, " p.m."},
      {"Price Tags and Receipts", "Digital receipts are kept in the account for {n} years.", "receipt retention", 2, 7,
       " years"},
      {"Product Recalls", "Recall notices are e-mailed to registered owners within {n} days of a recall.",
       "recall notice time", 2, 14, " days"},
  };
  for (const Service& s : kService) {
    int n = static_cast<int>(rng.UniformInt(s.lo, s.hi));
    if (s.lo >= 20) n = n / 5 * 5;
    std::string value = std::to_string(n);
    std::string answer = std::string(s.unit) == "$" ? "$" + value : value + s.unit;
    out.push_back(MakeFaq(s.title, std::string("Customer question: ") + Lower(s.title) + ".", Fill(s.body, {{"n", value}}),
                          "service", s.topic, answer));
  }
}

void AddSizingArticles(Rng& rng, std::vector<Article>& out) {
  static const char* kAdvice[] = {"choose the larger size", "choose the smaller size", "stay with your usual size"};
  static const char* kCut[] = {"an athletic, close-to-body cut", "a relaxed cut with room for layers",
                               "a true-to-size cut"};
  for (const ProductHead& head : ProductHeads()) {
    if (head.family != Family::kApparel && head.family != Family::kFootwear) continue;
    int which = static_cast<int>(rng.UniformInt(0, 2));
    std::string lower = Lower(head.noun);
    std::string body = "Our " + lower + " have " + kCut[which] + ". If you are between two sizes, " + kAdvice[which] +
                       ". Measure in the evening and compare with the size chart on the product page.";
    out.push_back(MakeFaq("Fit and Sizing: " + head.noun, "How our " + lower + " fit.", body, "sizing",
                          "advice between two sizes of " + lower, kAdvice[which]));
  }
}

}  // namespace

std::vector<Article> BuildKnowledge(Rng& rng) {
  std::vector<Article> out;
  AddFamilyPolicies(rng, out);
  AddStorePolicies(rng, out);
  AddCareArticles(rng, out);
  AddTroubleshooting(out);
  AddGuides(rng, out);
  AddServiceFaqs(rng, out);
  AddSizingArticles(rng, out);
  return out;
}

}  // namespace crm::gen

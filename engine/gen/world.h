// engine/gen/world.h — the generator's in-memory world: the entities whose
// hidden traits (latent variables) drive the rows, plus the indexes the case
// generator needs. Built and used on one thread by GenerateOrg.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/gen/knowledge.h"
#include "engine/gen/random.h"
#include "engine/gen/vocabulary.h"

namespace crm::gen {

struct Agent {
  std::string id;
  std::string first_name;
  std::string last_name;
  std::string email;
  double speed = 1;            // multiplies handle time; < 1 is faster
  double transfer_rate = 0;    // chance of passing a case on
  double violation_rate = 0;   // chance of breaking a policy when one is at stake
  std::vector<double> skill;   // per issue kind: weight of being routed such cases
  std::vector<int> specialties;  // issue indexes with high skill
};

struct Customer {
  std::string account_id;
  std::string contact_id;
  std::string first_name;
  std::string last_name;
  std::string email;
  int state = 0;            // index into States()
  double complaint = 1;     // how readily the customer opens cases
  double activity = 1;      // how often the customer orders
};

struct Product {
  std::string id;
  std::string name;
  int head = 0;  // index into ProductHeads()
  std::string modifier;
  Family family = Family::kApparel;
  double base_price = 0;
  int peak_month = 1;          // 1..12: the month its cases spike
  double case_weight = 0;      // share of all cases
  double popularity = 1;       // share of order lines
  std::vector<double> issue_weights;  // per issue kind
};

struct Pricebook {
  std::string id;
  std::string name;
  int64_t valid_from = 0;  // seconds
  int64_t valid_to = 0;
  double factor = 1;       // price multiplier against list price
  bool standard = false;
};

// One activated order line, indexed by product for the case generator.
struct LineRef {
  int32_t day;        // order EffectiveDate, days since epoch
  uint32_t item_seq;  // OrderItem sequence number
  uint32_t customer;  // index into customers
  float total;        // line total in dollars
};

struct World {
  uint64_t seed = 0;
  double scale = 1;
  int64_t clock = 0;       // org "now", seconds
  int64_t first_day = 0;   // first day of data
  int64_t last_day = 0;    // last day of data (inclusive)
  std::vector<Agent> agents;
  std::vector<Customer> customers;
  std::vector<std::string> issue_ids;
  std::vector<std::string> category_ids;
  std::vector<Product> products;
  std::vector<Pricebook> pricebooks;
  std::vector<Article> articles;
  std::vector<std::string> article_ids;
  std::vector<double> state_factor;  // per state: multiplies closure time
  std::vector<std::vector<LineRef>> lines_by_product;
  std::string record_type_id;
  std::string catalog_id;
};

}  // namespace crm::gen

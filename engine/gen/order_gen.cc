// Orders and order lines, streamed in date order; activated lines are
// indexed by product for the case generator.
#include <algorithm>
#include <cmath>

#include "engine/gen/steps.h"
#include "engine/org/datetime.h"
#include "engine/org/ids.h"
#include "engine/org/schema.h"
#include "engine/org/store.h"

namespace crm::gen {
namespace {

// A sale price book valid on `day`, if any; otherwise the standard one.
size_t PickPricebook(const World& world, int64_t day, Rng& rng) {
  if (rng.Bernoulli(0.55)) return 0;
  const int64_t t = day * org::kSecondsPerDay;
  std::vector<size_t> valid;
  for (size_t b = 1; b < world.pricebooks.size(); ++b) {
    if (world.pricebooks[b].valid_from <= t && t < world.pricebooks[b].valid_to) valid.push_back(b);
  }
  return valid.empty() ? 0 : rng.Pick(valid);
}

}  // namespace

Status WriteOrders(org::Database& db, World& world) {
  Rng rng = Rng(world.seed).Fork("orders");
  const int64_t order_count = std::max<int64_t>(30, std::llround(2000 * world.scale));
  std::vector<int64_t> days(static_cast<size_t>(order_count));
  for (int64_t& d : days) d = rng.UniformInt(world.first_day, world.last_day);
  std::sort(days.begin(), days.end());

  std::vector<double> activity;
  for (const Customer& c : world.customers) activity.push_back(c.activity);
  const WeightedTable customer_table(activity);
  std::vector<double> popularity;
  for (const Product& p : world.products) popularity.push_back(p.popularity);
  const WeightedTable product_table(popularity);
  world.lines_by_product.assign(world.products.size(), {});

  auto orders = org::RowInserter::Create(db, CrmObject("Order"));
  auto items = org::RowInserter::Create(db, CrmObject("OrderItem"));
  if (!orders.ok()) return orders.status();
  if (!items.ok()) return items.status();
  uint64_t item_seq = 0;
  std::vector<size_t> chosen;
  for (int64_t o = 0; o < order_count; ++o) {
    const int64_t day = days[static_cast<size_t>(o)];
    const uint32_t customer = static_cast<uint32_t>(customer_table.Draw(rng));
    const size_t book = PickPricebook(world, day, rng);
    const bool activated = rng.Bernoulli(0.93);
    const std::string order_id = org::MakeRecordId("801", static_cast<uint64_t>(o));
    const std::string created = org::FormatDateTime(day * org::kSecondsPerDay + rng.UniformInt(6 * 3600, 23 * 3600));
    orders->Text("Id", order_id)
        .Text("OrderNumber", std::to_string(100000 + o))
        .Text("AccountId", world.customers[customer].account_id)
        .Text("Pricebook2Id", world.pricebooks[book].id)
        .Text("Status", activated ? "Activated" : "Draft")
        .Text("EffectiveDate", org::FormatDate(day))
        .Text("CreatedDate", created);
    CRM_RETURN_IF_ERROR(orders->Insert());

    // The published org averages about 35 lines per order.
    const int64_t lines = rng.UniformInt(10, 61);
    chosen.clear();
    while (static_cast<int64_t>(chosen.size()) < lines) {
      size_t p = product_table.Draw(rng);
      if (std::find(chosen.begin(), chosen.end(), p) == chosen.end()) chosen.push_back(p);
    }
    for (size_t p : chosen) {
      const double unit = std::round(world.products[p].base_price * world.pricebooks[book].factor * 100) / 100;
      const double quantity = rng.Bernoulli(0.78) ? 1 : (rng.Bernoulli(0.7) ? 2 : 3);
      items->Text("Id", org::MakeRecordId("802", item_seq))
          .Text("OrderId", order_id)
          .Text("Product2Id", world.products[p].id)
          .Text("PricebookEntryId", org::MakeRecordId("01u", book * world.products.size() + p))
          .Real("Quantity", quantity)
          .Real("UnitPrice", unit)
          .Real("TotalPrice", std::round(unit * quantity * 100) / 100)
          .Text("CreatedDate", created);
      CRM_RETURN_IF_ERROR(items->Insert());
      if (activated) {
        world.lines_by_product[p].push_back(
            {static_cast<int32_t>(day), static_cast<uint32_t>(item_seq), customer, static_cast<float>(unit * quantity)});
      }
      ++item_seq;
    }
  }
  return Status::Ok();
}

}  // namespace crm::gen

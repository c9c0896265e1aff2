// The product catalog: categories, products with seasonality and issue
// profiles, price books and their entries.
#include <algorithm>
#include <cmath>
#include <set>

#include "engine/gen/steps.h"
#include "engine/gen/text_util.h"
#include "engine/org/datetime.h"
#include "engine/org/ids.h"
#include "engine/org/schema.h"
#include "engine/org/store.h"

namespace crm::gen {
namespace {

constexpr int kProductCount = 480;

int64_t At(int y, int m, int d) { return org::DaysFromCivil({y, m, d}) * org::kSecondsPerDay; }

std::vector<Product> DesignProducts(Rng& rng, const World& world) {
  const auto& heads = ProductHeads();
  const auto& lines = ProductLines();
  const auto& issues = IssueKinds();
  std::set<std::string> used;
  std::vector<Product> products;
  while (static_cast<int>(products.size()) < kProductCount) {
    Product p;
    p.head = static_cast<int>(rng.UniformInt(0, static_cast<int64_t>(heads.size()) - 1));
    const ProductHead& head = heads[static_cast<size_t>(p.head)];
    p.modifier = rng.Pick(head.modifiers);
    p.name = rng.Pick(lines) + " " + p.modifier + " " + head.noun;
    if (!used.insert(p.name).second) continue;
    p.family = head.family;
    p.base_price = std::round(rng.Uniform(head.min_price, head.max_price)) - 0.01;
    p.peak_month = static_cast<int>(rng.UniformInt(1, 12));
    p.popularity = rng.LogNormal(0.0, 0.5);
    // Issue profile: two or three dominant issues among those that fit the family.
    p.issue_weights.assign(issues.size(), 0.0);
    std::vector<size_t> fitting;
    for (size_t i = 0; i < issues.size(); ++i) {
      const auto& fams = issues[i].families;
      if (fams.empty() || std::find(fams.begin(), fams.end(), head.family) != fams.end()) fitting.push_back(i);
    }
    for (size_t i : fitting) p.issue_weights[i] = 0.3;
    for (int k = 0; k < 3; ++k) p.issue_weights[rng.Pick(fitting)] += rng.Uniform(2.0, 6.0);
    products.push_back(std::move(p));
  }
  // Case volume follows a Zipf law over a random ranking: a few dozen
  // products carry most cases, so trends per product are measurable.
  std::vector<size_t> rank(products.size());
  for (size_t i = 0; i < rank.size(); ++i) rank[i] = i;
  rng.Shuffle(rank);
  for (size_t r = 0; r < rank.size(); ++r) products[rank[r]].case_weight = 1.0 / std::pow(static_cast<double>(r + 1), 1.1);
  for (size_t i = 0; i < products.size(); ++i) products[i].id = org::MakeRecordId("01t", i);
  (void)world;
  return products;
}

std::string Describe(const Product& p, Rng& rng) {
  const ProductHead& head = ProductHeads()[static_cast<size_t>(p.head)];
  const char* openers[] = {"Built for", "Designed for", "Made for", "A favorite for"};
  const char* uses[] = {"long days out", "everyday training", "race day", "all-season use", "weekend adventures"};
  std::string feature = rng.Pick(head.features);
  std::string other = rng.Pick(head.features);
  std::string text = std::string(openers[rng.UniformInt(0, 3)]) + " " + uses[rng.UniformInt(0, 4)] + ", the " + p.name +
                     " combines " + feature;
  if (other != feature) text += " with " + other;
  text += ". Part of our " + Lower(p.modifier) + " " + FamilyName(p.family) + " range.";
  return text;
}

}  // namespace

Status WriteCatalog(org::Database& db, World& world) {
  Rng rng = Rng(world.seed).Fork("catalog");
  const std::string created = org::FormatDateTime(At(2019, 3, 1) + 9 * 3600);

  auto cats = org::RowInserter::Create(db, CrmObject("ProductCategory"));
  if (!cats.ok()) return cats.status();
  const auto& category_names = CategoryNames();
  for (size_t i = 0; i < category_names.size(); ++i) {
    world.category_ids.push_back(org::MakeRecordId("0ZG", i));
    cats->Text("Id", world.category_ids.back())
        .Text("Name", category_names[i])
        .Text("CatalogId", world.catalog_id)
        .Text("CreatedDate", created);
    CRM_RETURN_IF_ERROR(cats->Insert());
  }

  world.products = DesignProducts(rng, world);
  auto products = org::RowInserter::Create(db, CrmObject("Product2"));
  auto links = org::RowInserter::Create(db, CrmObject("ProductCategoryProduct"));
  if (!products.ok()) return products.status();
  if (!links.ok()) return links.status();
  uint64_t link_seq = 0;
  for (size_t i = 0; i < world.products.size(); ++i) {
    const Product& p = world.products[i];
    products->Text("Id", p.id)
        .Text("Name", p.name)
        .Text("Description", Describe(p, rng))
        .Text("ProductCode", "PC-" + std::to_string(10000 + i))
        .Text("External_ID__c", "EXT-" + std::to_string(500000 + i * 37))
        .Bool("IsActive", rng.Bernoulli(0.95))
        .Text("CreatedDate", created);
    CRM_RETURN_IF_ERROR(products->Insert());
    for (const std::string& cat : ProductHeads()[static_cast<size_t>(p.head)].categories) {
      size_t c = static_cast<size_t>(std::find(category_names.begin(), category_names.end(), cat) - category_names.begin());
      links->Text("Id", org::MakeRecordId("0ZH", link_seq++))
          .Text("ProductCategoryId", world.category_ids[c])
          .Text("ProductId", p.id)
          .Text("CreatedDate", created);
      CRM_RETURN_IF_ERROR(links->Insert());
    }
  }

  // Price books: the standard one, seasonal sales for every year of data,
  // and standing programs. Every product has an entry in every book.
  world.pricebooks.push_back({org::MakeRecordId("01s", 0), "Standard Price Book", At(2019, 1, 1), At(2031, 1, 1), 1.0, true});
  struct Season {
    const char* name;
    int month, day, length_days;
  };
  const Season seasons[] = {{"Winter Warm-Up", 1, 5, 40},   {"Spring Trail", 3, 15, 45}, {"Summer Clearance", 6, 20, 50},
                            {"Back to School", 8, 10, 35}, {"Black Friday", 11, 20, 12}, {"Holiday", 12, 1, 30}};
  for (int year = 2020; year <= 2025; ++year) {
    for (const Season& s : seasons) {
      int64_t from = At(year, s.month, s.day);
      world.pricebooks.push_back({"", std::string(s.name) + " " + std::to_string(year) + " Price Book", from,
                                  from + s.length_days * org::kSecondsPerDay, rng.Uniform(0.7, 0.9), false});
    }
  }
  const char* programs[] = {"Members",  "Employee",         "Outlet",           "Team Sports Wholesale", "Student",
                            "Military and First Responders", "Loyalty Gold",    "Loyalty Platinum",      "Clearance Outlet"};
  for (const char* program : programs) {
    world.pricebooks.push_back({"", std::string(program) + " Price Book", At(2019, 6, 1), At(2031, 1, 1),
                                rng.Uniform(0.6, 0.95), false});
  }
  auto books = org::RowInserter::Create(db, CrmObject("Pricebook2"));
  auto entries = org::RowInserter::Create(db, CrmObject("PricebookEntry"));
  if (!books.ok()) return books.status();
  if (!entries.ok()) return entries.status();
  for (size_t b = 0; b < world.pricebooks.size(); ++b) {
    Pricebook& book = world.pricebooks[b];
    book.id = org::MakeRecordId("01s", b);
    books->Text("Id", book.id)
        .Text("Name", book.name)
        .Text("Description", book.standard ? "List prices for every product."
                                           : "Discounted prices for the " + book.name.substr(0, book.name.size() - 11) + " program.")
        .Bool("IsActive", book.valid_to > world.clock)
        .Bool("IsStandard", book.standard)
        .Text("ValidFrom", org::FormatDateTime(book.valid_from))
        .Text("ValidTo", org::FormatDateTime(book.valid_to))
        .Text("CreatedDate", created);
    CRM_RETURN_IF_ERROR(books->Insert());
    for (size_t i = 0; i < world.products.size(); ++i) {
      const Product& p = world.products[i];
      entries->Text("Id", org::MakeRecordId("01u", b * world.products.size() + i))
          .Text("Name", p.name)
          .Text("Pricebook2Id", book.id)
          .Text("Product2Id", p.id)
          .Real("UnitPrice", std::round(p.base_price * book.factor * 100) / 100)
          .Bool("IsActive", true)
          .Text("CreatedDate", created);
      CRM_RETURN_IF_ERROR(entries->Insert());
    }
  }
  return Status::Ok();
}

}  // namespace crm::gen

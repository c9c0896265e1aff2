// engine/gen/vocabulary.h — the word lists the generator draws from: people,
// places, products, issue kinds. All texts are ours. Immutable tables,
// returned by reference to function-local statics; safe from any thread.
#pragma once

#include <string>
#include <vector>

namespace crm::gen {

struct UsState {
  std::string code;  // "CA"
  std::string name;  // "California"
  std::vector<std::string> cities;
  double weight;  // share of customers
};

enum class Family { kApparel, kFootwear, kEquipment, kCamping, kElectronics };
inline constexpr int kFamilyCount = 5;
const char* FamilyName(Family family);  // "apparel", "footwear", ...

// A product head noun ("Running Shorts" is modifier "Running" + head "Shorts").
struct ProductHead {
  std::string noun;
  Family family;
  std::vector<std::string> modifiers;   // sensible modifiers for this head
  std::vector<std::string> categories;  // ProductCategory names it belongs to
  double min_price;
  double max_price;
  std::vector<std::string> features;  // phrases for descriptions
};

struct IssueKind {
  std::string name;
  std::string description;  // what the customer experiences, in catalogue words
  std::vector<Family> families;  // product families it can affect (empty: all)
  double base_hours;             // typical time to close
  // Customer phrasings of the symptom that paraphrase the description without
  // naming the issue; {product} is replaced by the product name.
  std::vector<std::string> symptoms;
  std::vector<std::string> subjects;
};

const std::vector<UsState>& States();
const std::vector<std::string>& FirstNames();
const std::vector<std::string>& LastNames();
const std::vector<std::string>& ProductLines();  // brand-like first words
const std::vector<ProductHead>& ProductHeads();
const std::vector<std::string>& CategoryNames();
const std::vector<IssueKind>& IssueKinds();

}  // namespace crm::gen

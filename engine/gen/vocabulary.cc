#include "engine/gen/vocabulary.h"

namespace crm::gen {

const char* FamilyName(Family family) {
  switch (family) {
    case Family::kApparel: return "apparel";
    case Family::kFootwear: return "footwear";
    case Family::kEquipment: return "equipment";
    case Family::kCamping: return "camping gear";
    case Family::kElectronics: return "electronics";
  }
  return "products";
}

const std::vector<UsState>& States() {
  static const std::vector<UsState> kStates = {
      {"CA", "California", {"Los Angeles", "San Diego", "Sacramento", "Fresno", "Oakland"}, 12},
      {"TX", "Texas", {"Austin", "Houston", "Dallas", "San Antonio", "El Paso"}, 9},
      {"FL", "Florida", {"Miami", "Orlando", "Tampa", "Jacksonville"}, 7},
      {"NY", "New York", {"New York", "Buffalo", "Rochester", "Albany"}, 7},
      {"PA", "Pennsylvania", {"Philadelphia", "Pittsburgh", "Allentown"}, 4},
      {"IL", "Illinois", {"Chicago", "Springfield", "Naperville"}, 4},
      {"OH", "Ohio", {"Columbus", "Cleveland", "Cincinnati"}, 4},
      {"GA", "Georgia", {"Atlanta", "Savannah", "Athens"}, 3},
      {"NC", "North Carolina", {"Charlotte", "Raleigh", "Asheville"}, 3},
      {"MI", "Michigan", {"Detroit", "Grand Rapids", "Ann Arbor"}, 3},
      {"WA", "Washington", {"Seattle", "Spokane", "Tacoma"}, 3},
      {"CO", "Colorado", {"Denver", "Boulder", "Colorado Springs"}, 3},
      {"AZ", "Arizona", {"Phoenix", "Tucson", "Flagstaff"}, 3},
      {"MA", "Massachusetts", {"Boston", "Worcester", "Cambridge"}, 2},
      {"OR", "Oregon", {"Portland", "Eugene", "Bend"}, 2},
      {"MN", "Minnesota", {"Minneapolis", "Saint Paul", "Duluth"}, 2},
      {"UT", "Utah", {"Salt Lake City", "Provo", "Park City"}, 2},
      {"VA", "Virginia", {"Richmond", "Norfolk", "Arlington"}, 2},
      {"TN", "Tennessee", {"Nashville", "Memphis", "Knoxville"}, 2},
      {"NJ", "New Jersey", {"Newark", "Jersey City", "Princeton"}, 2},
  };
  return kStates;
}

const std::vector<std::string>& FirstNames() {
  static const std::vector<std::string> kNames = {
      "Avery",  "Jordan", "Priya",   "Mateo",  "Hannah", "Kenji",   "Olivia", "Marcus", "Sofia",  "Elijah",
      "Leah",   "Dmitri", "Amara",   "Lucas",  "Nora",   "Ravi",    "Chloe",  "Diego",  "Ingrid", "Samuel",
      "Mei",    "Tobias", "Zara",    "Owen",   "Fatima", "Henry",   "Isla",   "Kwame",  "Lena",   "Noah",
      "Grace",  "Omar",   "Ruby",    "Felix",  "Aiko",   "Caleb",   "Daria",  "Ethan",  "Greta",  "Hugo",
      "Imani",  "Julian", "Keira",   "Liam",   "Maya",   "Nikhil",  "Paige",  "Quinn",  "Rosa",   "Theo",
      "Uma",    "Victor", "Willa",   "Yusuf",  "Zoe",    "Anika",   "Bruno",  "Carmen", "Declan", "Elena",
      "Farah",  "Gavin",  "Hazel",   "Ivan",   "Jade",   "Kofi",    "Lila",   "Milo",   "Nadia",  "Oscar",
      "Pilar",  "Reid",   "Selma",   "Tariq",  "Vera",   "Wesley",  "Xenia",  "Yara",   "Zane",   "Beatrix"};
  return kNames;
}

const std::vector<std::string>& LastNames() {
  static const std::vector<std::string> kNames = {
      "Okafor",   "Lindqvist", "Ramirez",  "Nakamura", "Patel",     "Kowalski", "Brennan",  "Haddad",
      "Fischer",  "Moreau",    "Achebe",   "Sato",     "Gallagher", "Novak",    "Castillo", "Iyer",
      "Petrov",   "Whitfield", "Mensah",   "Delgado",  "Holm",      "Varga",    "Abernathy", "Chen",
      "Duarte",   "Eriksen",   "Fontaine", "Grady",    "Hussain",   "Ibarra",   "Jansen",   "Kaur",
      "Larsen",   "Mbeki",     "Nguyen",   "Oduya",    "Pereira",   "Quiroga",  "Rossi",    "Sandoval",
      "Tanaka",   "Ueda",      "Valdez",   "Weber",    "Xu",        "Yilmaz",   "Zeller",   "Baptiste",
      "Carver",   "Dalton",    "Ellison",  "Frost",    "Garrison",  "Hale",     "Ingram",   "Jessup",
      "Keane",    "Lowell",    "Marsh",    "Norwood",  "Oakes",     "Prescott", "Rhodes",   "Sterling"};
  return kNames;
}

const std::vector<std::string>& ProductLines() {
  static const std::vector<std::string> kLines = {
      "Summit", "Apex",   "Horizon", "Ridgeline", "Velocity", "Tempo",   "Stride", "Cascade", "Granite", "Nimbus",
      "Boreal", "Zephyr", "Sierra",  "Pulse",     "Vertex",   "Element", "Drift",  "Forge",   "Canyon",  "Aurora",
      "Talus",  "Meridian", "Kestrel", "Switchback", "Solstice"};
  return kLines;
}

const std::vector<std::string>& CategoryNames() {
  static const std::vector<std::string> kCategories = {
      "Running",       "Hiking & Camping", "Cycling",   "Yoga & Studio", "Training & Fitness", "Team Sports",
      "Racket Sports", "Swim",             "Winter Sports", "Climbing",  "Wearable Tech",      "Accessories"};
  return kCategories;
}

const std::vector<ProductHead>& ProductHeads() {
  using F = Family;
  static const std::vector<ProductHead> kHeads = {
      {"Shorts", F::kApparel, {"Running", "Trail Running", "Compression", "Training", "Cycling", "Hiking", "Basketball", "Swim"},
       {"Running", "Training & Fitness"}, 24, 70, {"a zippered back pocket", "a built-in liner", "quick-dry fabric", "reflective trim"}},
      {"Tights", F::kApparel, {"Running", "Compression", "Thermal", "Cycling", "Yoga"},
       {"Running", "Yoga & Studio"}, 40, 110, {"a high-rise waistband", "flatlock seams", "brushed interior", "side phone pockets"}},
      {"Jacket", F::kApparel, {"Rain", "Insulated", "Running", "Softshell", "Ski", "Packable"},
       {"Hiking & Camping", "Winter Sports"}, 90, 320, {"taped seams", "pit zips", "an adjustable hood", "a stowable pocket"}},
      {"Vest", F::kApparel, {"Running", "Insulated", "Fleece", "Hydration"},
       {"Running", "Hiking & Camping"}, 45, 160, {"a stretch side panel", "a chest pocket", "a packable design"}},
      {"Hoodie", F::kApparel, {"Training", "Fleece", "Yoga", "Trail"},
       {"Training & Fitness", "Yoga & Studio"}, 50, 120, {"thumbholes", "a kangaroo pocket", "a brushed fleece interior"}},
      {"Tee", F::kApparel, {"Running", "Training", "Merino", "Trail Running", "Yoga"},
       {"Running", "Training & Fitness"}, 20, 65, {"odor-resistant fibers", "mesh ventilation", "a tagless collar"}},
      {"Leggings", F::kApparel, {"Yoga", "Training", "Thermal", "Running"},
       {"Yoga & Studio", "Training & Fitness"}, 45, 110, {"a hidden waistband pocket", "four-way stretch", "a squat-proof knit"}},
      {"Base Layer", F::kApparel, {"Merino", "Thermal", "Ski", "Lightweight"},
       {"Winter Sports", "Hiking & Camping"}, 55, 130, {"merino wool blend", "a half-zip collar", "flat seams"}},
      {"Pants", F::kApparel, {"Hiking", "Rain", "Ski", "Climbing", "Convertible"},
       {"Hiking & Camping", "Climbing"}, 60, 220, {"zip-off legs", "a gusseted crotch", "reinforced knees"}},
      {"Socks", F::kApparel, {"Running", "Hiking", "Compression", "Merino", "Ski"},
       {"Running", "Accessories"}, 12, 30, {"cushioned heels", "arch support", "seamless toes"}},
      {"Gloves", F::kApparel, {"Cycling", "Ski", "Running", "Training", "Climbing"},
       {"Winter Sports", "Accessories"}, 20, 90, {"touchscreen fingertips", "a grippy palm", "an insulated lining"}},
      {"Beanie", F::kApparel, {"Running", "Merino", "Ski", "Fleece"},
       {"Winter Sports", "Accessories"}, 18, 45, {"a fleece band", "reflective logo"}},
      {"Running Shoes", F::kFootwear, {"Road", "Trail", "Racing", "Cushioned", "Stability", "Lightweight"},
       {"Running"}, 90, 200, {"a rock plate", "a carbon-infused plate", "a breathable mesh upper", "a wide toe box"}},
      {"Hiking Boots", F::kFootwear, {"Waterproof", "Lightweight", "Backpacking", "Insulated"},
       {"Hiking & Camping"}, 120, 260, {"a waterproof membrane", "a lugged outsole", "a padded collar"}},
      {"Trail Shoes", F::kFootwear, {"Approach", "Waterproof", "Lightweight", "Trail Running"},
       {"Hiking & Camping", "Running"}, 95, 190, {"a sticky rubber sole", "a protective toe cap"}},
      {"Sandals", F::kFootwear, {"Hiking", "Recovery", "Water", "Sport"},
       {"Accessories", "Swim"}, 35, 110, {"adjustable straps", "a contoured footbed"}},
      {"Court Shoes", F::kFootwear, {"Tennis", "Pickleball", "Basketball", "Indoor"},
       {"Racket Sports", "Team Sports"}, 80, 170, {"a herringbone outsole", "lateral support"}},
      {"Cleats", F::kFootwear, {"Soccer", "Football", "Lacrosse"},
       {"Team Sports"}, 60, 230, {"firm-ground studs", "a knit collar"}},
      {"Cycling Shoes", F::kFootwear, {"Road", "Mountain", "Indoor"},
       {"Cycling"}, 90, 280, {"a stiff nylon sole", "a ratchet buckle"}},
      {"Backpack", F::kEquipment, {"Hiking", "Commuter", "Trail Running", "Climbing", "Ultralight"},
       {"Hiking & Camping", "Accessories"}, 50, 280, {"a ventilated back panel", "a hydration sleeve", "load lifters"}},
      {"Water Bottle", F::kEquipment, {"Insulated", "Squeeze", "Filter", "Collapsible"},
       {"Accessories", "Cycling"}, 12, 50, {"a leak-proof cap", "double-wall insulation"}},
      {"Yoga Mat", F::kEquipment, {"Studio", "Travel", "Cushioned", "Hot Yoga"},
       {"Yoga & Studio"}, 30, 130, {"a non-slip surface", "alignment lines", "a carry strap"}},
      {"Dumbbells", F::kEquipment, {"Adjustable", "Hex", "Neoprene"},
       {"Training & Fitness"}, 30, 400, {"a quick-change dial", "knurled handles"}},
      {"Resistance Bands", F::kEquipment, {"Training", "Loop", "Yoga", "Heavy"},
       {"Training & Fitness", "Yoga & Studio"}, 15, 60, {"color-coded resistance levels", "a travel pouch"}},
      {"Tennis Racket", F::kEquipment, {"Control", "Power", "Junior", "Tour"},
       {"Racket Sports"}, 70, 260, {"a graphite frame", "a vibration dampener"}},
      {"Soccer Ball", F::kEquipment, {"Match", "Training", "Futsal"},
       {"Team Sports"}, 20, 150, {"thermally bonded panels", "a butyl bladder"}},
      {"Helmet", F::kEquipment, {"Cycling", "Ski", "Climbing", "Mountain Bike"},
       {"Cycling", "Winter Sports", "Climbing"}, 55, 250, {"a dial fit system", "rotational impact protection"}},
      {"Trekking Poles", F::kEquipment, {"Carbon", "Folding", "Aluminum"},
       {"Hiking & Camping"}, 50, 180, {"flick locks", "cork grips"}},
      {"Goggles", F::kEquipment, {"Swim", "Ski", "Racing"},
       {"Swim", "Winter Sports"}, 20, 220, {"anti-fog lenses", "a wide strap"}},
      {"Tent", F::kCamping, {"Backpacking", "Family", "Ultralight", "Four-Season"},
       {"Hiking & Camping"}, 150, 650, {"color-coded poles", "two vestibules", "a full-coverage rainfly"}},
      {"Sleeping Bag", F::kCamping, {"Down", "Synthetic", "Ultralight", "Winter"},
       {"Hiking & Camping"}, 90, 450, {"a draft collar", "a compression sack"}},
      {"Sleeping Pad", F::kCamping, {"Inflatable", "Foam", "Insulated", "Ultralight"},
       {"Hiking & Camping"}, 40, 220, {"a one-way valve", "a reflective layer"}},
      {"Camp Stove", F::kCamping, {"Backpacking", "Two-Burner", "Compact"},
       {"Hiking & Camping"}, 45, 200, {"a push-button igniter", "a wind screen"}},
      {"Headlamp", F::kCamping, {"Trail Running", "Rechargeable", "Compact", "Climbing"},
       {"Hiking & Camping", "Running"}, 25, 120, {"a red night-vision mode", "a lock-out switch"}},
      {"Hammock", F::kCamping, {"Ultralight", "Camping", "Double"},
       {"Hiking & Camping"}, 40, 150, {"tree-friendly straps", "a bug net"}},
      {"Fitness Tracker", F::kElectronics, {"Slim", "Sport", "Swim", "Sleep"},
       {"Wearable Tech", "Training & Fitness"}, 60, 200, {"a seven-day battery", "an optical heart-rate sensor"}},
      {"GPS Watch", F::kElectronics, {"Running", "Trail Running", "Multisport", "Triathlon"},
       {"Wearable Tech", "Running"}, 180, 700, {"multi-band GPS", "offline maps", "a sapphire lens"}},
      {"Heart Rate Monitor", F::kElectronics, {"Chest Strap", "Armband", "Training"},
       {"Wearable Tech", "Training & Fitness"}, 45, 130, {"dual-band transmission", "a washable strap"}},
      {"Bike Computer", F::kElectronics, {"Road", "Mountain", "Compact"},
       {"Wearable Tech", "Cycling"}, 120, 550, {"turn-by-turn navigation", "power-meter pairing"}},
      {"Wireless Earbuds", F::kElectronics, {"Sport", "Running", "Open-Ear", "Swim"},
       {"Wearable Tech", "Accessories"}, 60, 250, {"secure ear hooks", "sweat-proof housing"}},
  };
  return kHeads;
}

const std::vector<IssueKind>& IssueKinds() {
  using F = Family;
  static const std::vector<IssueKind> kIssues = {
      {"Sizing Mismatch", "The item runs larger or smaller than the size chart suggests, so the chosen size does not fit.",
       {F::kApparel, F::kFootwear}, 20,
       {"the {product} I ordered in my usual size is way too tight", "the {product} is noticeably bigger than the size chart says",
        "my {product} fits nothing like the size I normally wear"},
       {"{product} does not fit", "Wrong fit on my {product}", "Size issue with {product}"}},
      {"Seam Failure", "Stitching comes apart along a seam after normal use.", {F::kApparel, F::kEquipment}, 40,
       {"the stitching on my {product} is coming undone along the side", "a seam on the {product} split open after two wears",
        "threads are pulling loose on the {product}"},
       {"{product} coming apart", "Stitching problem - {product}", "{product} seam split"}},
      {"Zipper Malfunction", "A zipper jams, separates or its pull breaks off.", {F::kApparel, F::kEquipment, F::kCamping}, 36,
       {"the zipper on my {product} keeps getting stuck halfway", "the zip on the {product} splits open behind the slider",
        "the pull tab snapped off the {product} zipper"},
       {"Zipper broken on {product}", "{product} zip keeps jamming", "Problem closing my {product}"}},
      {"Sole Separation", "The outsole peels away from the upper of the shoe.", {F::kFootwear}, 48,
       {"the sole of my {product} is peeling away at the toe", "the bottom of the {product} is detaching from the upper",
        "there's a gap opening between the sole and the shoe on my {product}"},
       {"{product} sole coming off", "Glue failing on {product}", "My {product} are falling apart"}},
      {"Color Fading", "Dye fades or bleeds onto other clothes after washing.", {F::kApparel}, 24,
       {"my {product} lost most of its color after one wash", "the {product} bled dye onto my other laundry",
        "the {product} looks washed out and blotchy already"},
       {"{product} faded", "Color ran on my {product}", "Dye problem with {product}"}},
      {"Fabric Pilling", "Small fuzz balls form on the fabric surface after little use.", {F::kApparel}, 22,
       {"my {product} is covered in little fuzz balls", "the fabric of the {product} went rough and bobbly within a week",
        "the {product} pills everywhere my backpack rubs"},
       {"{product} fabric wearing badly", "Pilling on {product}", "Poor fabric quality - {product}"}},
      {"Waterproofing Failure", "Water gets through a product sold as waterproof.", {F::kApparel, F::kFootwear, F::kCamping}, 52,
       {"I got soaked through my {product} in light rain", "water seeps into the {product} even though it is sold as waterproof",
        "my {product} leaks at the seams when it rains"},
       {"{product} not waterproof", "Leaking {product}", "Got wet in my {product}"}},
      {"Battery Problem", "The device will not charge or the battery drains far faster than stated.", {F::kElectronics}, 44,
       {"my {product} dies after a few hours even though it's fully charged", "the {product} won't charge at all on its cable",
        "the battery on the {product} drains overnight while idle"},
       {"{product} won't hold a charge", "Charging problem - {product}", "{product} battery drains fast"}},
      {"Connectivity Problem", "The device will not pair or keeps losing its connection to the phone app.", {F::kElectronics}, 30,
       {"my {product} won't pair with my phone no matter what I try", "the {product} keeps dropping its bluetooth connection",
        "the app can't find my {product} anymore"},
       {"{product} won't connect", "Pairing trouble with {product}", "{product} keeps disconnecting"}},
      {"Inaccurate Readings", "The device reports distances, pace or heart rate that are clearly wrong.", {F::kElectronics}, 38,
       {"the numbers my {product} reports are clearly wrong", "my {product} shows readings that make no sense",
        "the data from my {product} is nowhere near what my other devices show"},
       {"{product} readings are wrong", "Bad data from {product}", "{product} accuracy problem"}},
      {"Missing Parts", "The package arrived without a part or accessory that should be included.",
       {F::kEquipment, F::kCamping, F::kElectronics}, 18,
       {"the box for my {product} didn't include everything listed", "my {product} came without the piece needed to use it",
        "an accessory that should come with the {product} wasn't in the package"},
       {"{product} incomplete", "Parts missing from {product}", "Missing piece - {product}"}},
      {"Damaged on Arrival", "The item arrived broken, dented or torn.", {}, 16,
       {"my {product} arrived cracked in the box", "the {product} was torn when I opened the package",
        "the {product} came dented and scuffed"},
       {"{product} arrived damaged", "Broken {product} on delivery", "Damaged package - {product}"}},
      {"Wrong Item Delivered", "The package contained a different product, size or color than ordered.", {}, 14,
       {"I ordered the {product} but the box had something else in it", "I received the {product} in the wrong color and size",
        "the item in my package is not the {product} I paid for"},
       {"Wrong item instead of {product}", "Received the wrong {product}", "Order mix-up - {product}"}},
      {"Delivery Delay", "The order has not arrived by the promised delivery date.", {}, 26,
       {"my {product} still hasn't shown up and the delivery date passed", "tracking for the {product} hasn't moved in days",
        "I was promised the {product} last week and I'm still waiting"},
       {"Where is my {product}?", "{product} order late", "Late delivery - {product}"}},
      {"Strap Breakage", "A strap, buckle or clip snaps under normal load.", {F::kEquipment, F::kFootwear, F::kElectronics}, 34,
       {"a strap on my {product} snapped on the first outing", "the buckle of the {product} cracked and won't hold",
        "the clip on my {product} broke off"},
       {"Broken strap on {product}", "{product} buckle failed", "{product} clip broke"}},
      {"Air Leak", "An inflatable product slowly loses air.", {F::kCamping, F::kEquipment}, 40,
       {"my {product} is flat by morning every time", "the {product} slowly deflates no matter how tight the valve is",
        "I can hear air escaping from my {product}"},
       {"{product} losing air", "Leak in my {product}", "{product} deflates overnight"}},
      {"Odor Retention", "A smell stays in the product even after washing.", {F::kApparel, F::kFootwear}, 20,
       {"my {product} still smells after several washes", "a sour smell never leaves the {product}",
        "the {product} stinks as soon as I start sweating"},
       {"{product} smells", "Odor problem with {product}", "Can't get smell out of {product}"}},
      {"Comfort Problem", "The product rubs, pinches or causes blisters in normal use.", {F::kFootwear, F::kEquipment}, 24,
       {"the {product} rubs and pinches after an hour of use", "the {product} leaves me sore where it presses",
        "I can't use my {product} for long because it hurts"},
       {"{product} uncomfortable", "{product} causing blisters", "Painful fit - {product}"}},
      {"Billing Discrepancy", "The customer was charged an amount different from the order total.", {}, 28,
       {"I was charged twice for my {product}", "my card shows a higher charge than the price of the {product}",
        "the total on my statement doesn't match the {product} order"},
       {"Charged wrong amount for {product}", "Double charge - {product}", "Billing question about {product}"}},
      {"Refund Not Received", "An approved refund has not reached the customer's account.", {}, 32,
       {"I returned the {product} weeks ago and still have no refund", "the refund for my {product} never reached my card",
        "you confirmed my {product} return but the money isn't back"},
       {"Refund missing for {product}", "Still waiting on {product} refund", "{product} refund not received"}},
  };
  return kIssues;
}

}  // namespace crm::gen

// Agents, issue kinds and customers, with the hidden traits that shape cases.
#include <cmath>

#include "engine/gen/steps.h"
#include "engine/gen/text_util.h"
#include "engine/org/datetime.h"
#include "engine/org/ids.h"
#include "engine/org/schema.h"
#include "engine/org/store.h"

namespace crm::gen {
namespace {

std::string Created2019(Rng& rng) {
  int64_t day = org::DaysFromCivil({2019, 1, 1}) + rng.UniformInt(0, 364);
  return org::FormatDateTime(day * org::kSecondsPerDay + rng.UniformInt(8 * 3600, 18 * 3600));
}

}  // namespace

Status WriteAgentsAndIssues(org::Database& db, World& world) {
  Rng rng = Rng(world.seed).Fork("agents");
  const auto& issues = IssueKinds();
  auto issue_rows = org::RowInserter::Create(db, CrmObject("Issue__c"));
  if (!issue_rows.ok()) return issue_rows.status();
  for (size_t i = 0; i < issues.size(); ++i) {
    world.issue_ids.push_back(org::MakeRecordId("a00", i));
    issue_rows->Text("Id", world.issue_ids.back())
        .Text("Name", issues[i].name)
        .Text("Description__c", issues[i].description)
        .Text("CreatedDate", Created2019(rng));
    CRM_RETURN_IF_ERROR(issue_rows->Insert());
  }

  const int count = std::max(8, static_cast<int>(std::lround(45 * std::sqrt(world.scale))));
  auto users = org::RowInserter::Create(db, CrmObject("User"));
  if (!users.ok()) return users.status();
  const auto& firsts = FirstNames();
  const auto& lasts = LastNames();
  for (int i = 0; i < count; ++i) {
    Agent a;
    a.id = org::MakeRecordId("005", static_cast<uint64_t>(i));
    // Names walk the two lists with different strides so they never repeat
    // within the first |firsts| * |lasts| agents.
    a.first_name = firsts[static_cast<size_t>(i * 7 + static_cast<int>(world.seed % 11)) % firsts.size()];
    a.last_name = lasts[static_cast<size_t>(i * 5 + i / static_cast<int>(lasts.size())) % lasts.size()];
    a.email = Lower(a.first_name + "." + a.last_name) + "@support.example.com";
    a.speed = rng.LogNormal(0.0, 0.4);
    a.transfer_rate = rng.Uniform(0.02, 0.4);
    a.violation_rate = rng.Uniform(0.05, 0.7);
    a.skill.assign(issues.size(), 1.0);
    for (int k = 0; k < 4; ++k) {
      int issue = static_cast<int>(rng.UniformInt(0, static_cast<int64_t>(issues.size()) - 1));
      a.skill[static_cast<size_t>(issue)] = 6.0;
      a.specialties.push_back(issue);
    }
    std::string alias = Lower(a.first_name.substr(0, 1) + a.last_name.substr(0, std::min<size_t>(4, a.last_name.size())));
    users->Text("Id", a.id)
        .Text("Name", a.first_name + " " + a.last_name)
        .Text("FirstName", a.first_name)
        .Text("LastName", a.last_name)
        .Text("Alias", alias)
        .Text("Email", a.email)
        .Text("Phone", "(555) " + std::to_string(rng.UniformInt(200, 999)) + "-" + std::to_string(rng.UniformInt(1000, 9999)))
        .Text("Username", Lower(a.first_name + "." + a.last_name) + std::to_string(i) + "@crmarena.example.com")
        .Text("EmailEncodingKey", "UTF-8")
        .Text("LanguageLocaleKey", "en_US")
        .Text("LocaleSidKey", "en_US")
        .Text("TimeZoneSidKey", "America/New_York")
        .Bool("IsActive", true)
        .Text("CreatedDate", Created2019(rng));
    CRM_RETURN_IF_ERROR(users->Insert());
    world.agents.push_back(std::move(a));
  }
  return Status::Ok();
}

Status WriteCustomers(org::Database& db, World& world) {
  Rng rng = Rng(world.seed).Fork("customers");
  const auto& states = States();
  std::vector<double> state_weights;
  for (const UsState& s : states) {
    state_weights.push_back(s.weight);
    world.state_factor.push_back(rng.LogNormal(0.0, 0.35));
  }
  const WeightedTable state_table(state_weights);
  const int count = std::max(20, static_cast<int>(std::lround(900 * world.scale)));
  auto accounts = org::RowInserter::Create(db, CrmObject("Account"));
  auto contacts = org::RowInserter::Create(db, CrmObject("Contact"));
  if (!accounts.ok()) return accounts.status();
  if (!contacts.ok()) return contacts.status();
  const auto& firsts = FirstNames();
  const auto& lasts = LastNames();
  for (int i = 0; i < count; ++i) {
    Customer c;
    c.account_id = org::MakeRecordId("001", static_cast<uint64_t>(i));
    c.contact_id = org::MakeRecordId("003", static_cast<uint64_t>(i));
    c.first_name = rng.Pick(firsts);
    c.last_name = rng.Pick(lasts);
    c.email = Lower(c.first_name) + "." + Lower(c.last_name) + std::to_string(i) + "@mail.example.net";
    c.state = static_cast<int>(state_table.Draw(rng));
    c.complaint = rng.LogNormal(0.0, 0.9);
    c.activity = rng.LogNormal(0.0, 0.6);
    const UsState& st = states[static_cast<size_t>(c.state)];
    const std::string created = Created2019(rng);
    const std::string phone = "(555) " + std::to_string(rng.UniformInt(200, 999)) + "-" +
                              std::to_string(rng.UniformInt(1000, 9999));
    accounts->Text("Id", c.account_id)
        .Text("Name", c.first_name + " " + c.last_name)
        .Text("FirstName", c.first_name)
        .Text("LastName", c.last_name)
        .Text("PersonEmail", c.email)
        .Text("Phone", phone)
        .Text("RecordTypeId", world.record_type_id)
        .Text("ShippingCity", rng.Pick(st.cities))
        .Text("ShippingState", st.code)
        .Text("CreatedDate", created);
    CRM_RETURN_IF_ERROR(accounts->Insert());
    const Agent& owner = world.agents[static_cast<size_t>(rng.UniformInt(0, static_cast<int64_t>(world.agents.size()) - 1))];
    contacts->Text("Id", c.contact_id)
        .Text("Name", c.first_name + " " + c.last_name)
        .Text("FirstName", c.first_name)
        .Text("LastName", c.last_name)
        .Text("Email", c.email)
        .Text("Phone", phone)
        .Text("AccountId", c.account_id)
        .Text("OwnerId", owner.id)
        .Text("CreatedDate", created);
    CRM_RETURN_IF_ERROR(contacts->Insert());
    world.customers.push_back(std::move(c));
  }
  return Status::Ok();
}

}  // namespace crm::gen

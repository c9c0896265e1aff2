// engine/gen/steps.h — the generator's stages, in the order GenerateOrg runs
// them. Each builds part of the World from its own Rng stream and writes the
// rows it owns. Internal to engine/gen; single-threaded.
#pragma once

#include <initializer_list>

#include "core/status.h"
#include "engine/gen/world.h"
#include "engine/org/schema.h"
#include "engine/org/sqlite.h"

namespace crm::gen {

// Users (agents with their latent traits), Issue__c.
Status WriteAgentsAndIssues(org::Database& db, World& world);
// Accounts and Contacts (customers with state, complaint habit, activity).
Status WriteCustomers(org::Database& db, World& world);
// ProductCategory, Product2, ProductCategoryProduct, Pricebook2, PricebookEntry.
Status WriteCatalog(org::Database& db, World& world);
// Knowledge__kav.
Status WriteKnowledge(org::Database& db, World& world);
// Order and OrderItem; fills world.lines_by_product.
Status WriteOrders(org::Database& db, World& world);
// Case, CaseHistory__c, EmailMessage, LiveChatTranscript and the ground truth.
Status WriteCases(org::Database& db, World& world);
// The side tables of latent traits (never sObjects).
Status WriteLatentTables(org::Database& db, const World& world);

// The generated org's definition of a CRMArena sObject (`name` must be one).
const org::SObject& CrmObject(const char* name);

// A side table (ground truth, latent traits) described like an sObject so a
// RowInserter can fill it. Its name starts with "_": SOQL never reaches it.
org::SObject SideTable(const char* name, std::initializer_list<const char*> columns);

}  // namespace crm::gen

// engine/org/describe_import.h — sObject definitions from a Salesforce org's
// describe responses, for `org pull`.
//
// Each `GET sobjects/<Object>/describe` body becomes an SObject in the
// store's terms: field types mapped (schema.h's FieldTypeFromName), compound
// fields (address, location) and fields the store cannot hold as one column
// (base64, ...) skipped with the reason — the components of a compound field
// are fields of their own and are kept. Lookups keep their relationship name;
// a polymorphic lookup points at the first of its targets that is pulled.
// Child relationship names come from the parents' describes, for parents and
// children that are both pulled. Field descriptions are the help text, else
// the label. Text and long-text fields are full-text searchable (SOSL).
// Pure; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "engine/org/schema.h"

namespace crm::org {

struct DescribedObject {
  SObject object;
  std::vector<std::string> referenced;  // every lookup's targets, in order, "|"-joined per field
  struct Child {
    std::string child_object, field, relationship_name;
  };
  std::vector<Child> children;          // childRelationships of this object
  std::vector<std::string> skipped;     // "BillingAddress (address: compound; its parts are kept)"
};

// One describe body; the error names the object and what is malformed.
Result<DescribedObject> ObjectFromDescribe(const std::string& body);

// The schema of the pulled set: lookups aimed at pulled parents, child
// relationships linked. Objects keep the given order.
Result<Schema> SchemaFromDescribed(std::vector<DescribedObject> objects);

// describeGlobal's sobjects that are queryable, in its order.
Result<std::vector<std::string>> QueryableObjectNames(const std::string& describe_global_body);

}  // namespace crm::org

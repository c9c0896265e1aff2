// engine/org/schema.h — sObject and field definitions, and the 16 sObjects of
// the CRMArena service org.
//
// A schema is immutable once built (Schema::Crm() returns a process-wide
// instance; an org file carries its own, see schema_store.h); it is safe to
// read from any thread. Names match the benchmark's
// public interface exactly; look-ups by name are case-insensitive, as in
// Salesforce. Pointers returned by the look-ups live as long as the Schema.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace crm::org {

enum class FieldType {
  kId,
  kString,
  kTextArea,
  kPicklist,
  kEmail,
  kPhone,
  kUrl,
  kDate,
  kDateTime,
  kBoolean,
  kDouble,
  kCurrency,
  kInt,
  kReference,
  // Types a pulled org may have and the generated one lacks.
  kPercent,        // REAL, numeric
  kLong,           // INTEGER
  kMultiPicklist,  // TEXT, values joined by ';' (SOQL INCLUDES / EXCLUDES)
  kTime,           // TEXT, HH:MM:SS.sssZ
};

// The type of a describe name ("string", "multipicklist", ...); nullopt for
// types the store cannot hold as one column (address, location, base64, ...).
std::optional<FieldType> FieldTypeFromName(std::string_view name);

// The Salesforce describe name of a type ("id", "string", "datetime", ...).
std::string_view FieldTypeName(FieldType type);
// SQLite column type used by the store: TEXT, REAL or INTEGER.
std::string_view SqlColumnType(FieldType type);

struct Field {
  std::string name;
  FieldType type = FieldType::kString;
  std::string description;
  std::vector<std::string> picklist_values;  // kPicklist only
  // kReference only: the parent sObject, the parent relationship name used in
  // paths (Account for AccountId, CaseId__r for CaseId__c) and, if the parent
  // exposes one, the child relationship name (Cases, CaseHistories__r).
  std::string references;
  std::string relationship_name;
  std::string child_relationship_name;
  bool searchable = false;  // indexed in the object's full-text index (SOSL)
  bool name_field = false;  // SOSL "IN NAME FIELDS"
  bool nillable = true;
};

struct ChildRelationship {
  std::string name;          // e.g. "Cases"
  std::string child_object;  // e.g. "Case"
  std::string field;         // the lookup on the child, e.g. "AccountId"
};

struct SObject {
  std::string name;
  std::string label;
  std::string key_prefix;  // first three characters of every Id
  std::string description;
  std::vector<Field> fields;  // Id first
  std::vector<ChildRelationship> child_relationships;  // filled by Schema

  const Field* FindField(std::string_view name) const;
  // The lookup field whose relationship name is `name` (Account -> AccountId).
  const Field* FindParentRelationship(std::string_view name) const;
  const ChildRelationship* FindChildRelationship(std::string_view name) const;
  std::vector<const Field*> SearchableFields() const;
  bool HasSearchIndex() const { return !SearchableFields().empty(); }
};

class Schema {
 public:
  // The service org of the original CRMArena benchmark.
  static const Schema& Crm();

  const std::vector<SObject>& objects() const { return objects_; }
  const SObject* FindObject(std::string_view name) const;
  const SObject* FindObjectByKeyPrefix(std::string_view prefix) const;

  // Links every lookup that names a child relationship to its parent; throws
  // std::logic_error on a parent that is not among `objects`.
  explicit Schema(std::vector<SObject> objects);
  // The same, as a Status for definitions read from a file or an org.
  static Result<Schema> Build(std::vector<SObject> objects);

 private:
  std::vector<SObject> objects_;
};

// Name of the full-text (FTS5) table that indexes `object`'s searchable fields.
std::string SearchTableName(const SObject& object);

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace crm::org

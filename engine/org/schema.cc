#include "engine/org/schema.h"

#include <cctype>
#include <stdexcept>
#include <utility>

namespace crm::org {
namespace {

// Small builders so the table below reads like the schema it defines.
Field Id(std::string desc) {
  Field f;
  f.name = "Id";
  f.type = FieldType::kId;
  f.description = std::move(desc);
  f.nillable = false;
  return f;
}

Field Plain(std::string name, FieldType type, std::string desc) {
  Field f;
  f.name = std::move(name);
  f.type = type;
  f.description = std::move(desc);
  return f;
}

Field Text(std::string name, std::string desc, bool searchable = true) {
  Field f = Plain(std::move(name), FieldType::kString, std::move(desc));
  f.searchable = searchable;
  return f;
}

Field LongText(std::string name, std::string desc) {
  Field f = Plain(std::move(name), FieldType::kTextArea, std::move(desc));
  f.searchable = true;
  return f;
}

Field NameField(std::string name, std::string desc) {
  Field f = Text(std::move(name), std::move(desc));
  f.name_field = true;
  return f;
}

Field Pick(std::string name, std::vector<std::string> values, std::string desc) {
  Field f = Plain(std::move(name), FieldType::kPicklist, std::move(desc));
  f.picklist_values = std::move(values);
  return f;
}

Field Ref(std::string name, std::string parent, std::string relationship, std::string children,
          std::string desc) {
  Field f = Plain(std::move(name), FieldType::kReference, std::move(desc));
  f.references = std::move(parent);
  f.relationship_name = std::move(relationship);
  f.child_relationship_name = std::move(children);
  return f;
}

Field Created(std::string what) {
  Field f = Plain("CreatedDate", FieldType::kDateTime,
                  "When the " + what + " record was created, in UTC (YYYY-MM-DDTHH:MM:SS.000+0000)");
  f.nillable = false;
  return f;
}

Field NotNull(Field f) {
  f.nillable = false;
  return f;
}

std::vector<SObject> CrmObjects() {
  using T = FieldType;
  std::vector<SObject> o;

  o.push_back({"User", "User", "005", "A service agent who works cases.",
               {Id("Unique identifier of the agent"),
                NameField("Name", "Full name of the agent"),
                Text("FirstName", "Given name of the agent"),
                Text("LastName", "Family name of the agent"),
                Text("Alias", "Short handle made from the agent's name", false),
                Plain("Email", T::kEmail, "Work e-mail address of the agent"),
                Plain("Phone", T::kPhone, "Work phone number of the agent"),
                Text("Username", "Login name of the agent, unique in the org", false),
                Text("EmailEncodingKey", "Character encoding used for the agent's e-mail, such as UTF-8", false),
                Text("LanguageLocaleKey", "Language setting of the agent, such as en_US", false),
                Text("LocaleSidKey", "Locale used for dates and numbers, such as en_US", false),
                Text("TimeZoneSidKey", "Time zone of the agent, such as America/New_York", false),
                Plain("IsActive", T::kBoolean, "Whether the agent can currently log in"),
                Created("agent")},
               {}});

  o.push_back({"Account", "Account", "001", "A customer (a person account).",
               {Id("Unique identifier of the customer account"),
                NameField("Name", "Full name of the customer"),
                Text("FirstName", "Given name of the customer"),
                Text("LastName", "Family name of the customer"),
                Plain("PersonEmail", T::kEmail, "E-mail address of the customer"),
                Plain("Phone", T::kPhone, "Phone number of the customer"),
                Text("RecordTypeId", "Record type of the account; every customer is a person account", false),
                Text("ShippingCity", "City that orders ship to"),
                Text("ShippingState", "Two-letter US state that orders ship to"),
                Created("account")},
               {}});

  o.push_back({"Contact", "Contact", "003", "The person behind a customer account.",
               {Id("Unique identifier of the contact"),
                NameField("Name", "Full name of the contact"),
                Text("FirstName", "Given name of the contact"),
                Text("LastName", "Family name of the contact"),
                Plain("Email", T::kEmail, "E-mail address of the contact"),
                Plain("Phone", T::kPhone, "Phone number of the contact"),
                Ref("AccountId", "Account", "Account", "Contacts", "The account this contact belongs to (Account)"),
                Ref("OwnerId", "User", "Owner", "", "The agent who owns the contact (User)"),
                Created("contact")},
               {}});

  o.push_back({"Case", "Case", "500", "A customer service case about an item the customer bought.",
               {Id("Unique identifier of the case"),
                NotNull(Text("CaseNumber", "Human-readable case number", false)),
                NameField("Subject", "One-line summary of the customer's problem"),
                LongText("Description", "The customer's account of the problem"),
                Pick("Status", {"New", "Working", "Escalated", "Closed"},
                     "Where the case stands: New, Working, Escalated or Closed"),
                Pick("Priority", {"Low", "Medium", "High"}, "Urgency of the case: Low, Medium or High"),
                Pick("Origin", {"Email", "Phone", "Web", "Chat"}, "Channel through which the case came in"),
                Ref("ContactId", "Contact", "Contact", "Cases", "The contact who opened the case (Contact)"),
                Ref("AccountId", "Account", "Account", "Cases", "The customer account of the case (Account)"),
                Ref("OwnerId", "User", "Owner", "Cases", "The agent who owns the case now, after any transfers (User)"),
                Ref("OrderItemId__c", "OrderItem", "OrderItemId__r", "Cases__r",
                    "The purchased order item the case is about (OrderItem)"),
                Ref("IssueId__c", "Issue__c", "IssueId__r", "Cases__r", "The kind of issue the case reports (Issue__c)"),
                Plain("IsClosed", T::kBoolean, "Whether the case is closed"),
                Created("case"),
                Plain("ClosedDate", T::kDateTime, "When the case was closed, in UTC; empty while it is open")},
               {}});

  o.push_back({"Knowledge__kav", "Knowledge", "ka0", "A published knowledge article: an FAQ entry or a policy.",
               {Id("Unique identifier of the article version"),
                NameField("Title", "Headline of the article"),
                LongText("Summary", "A sentence or two on what the article covers"),
                LongText("FAQ_Answer__c", "The body of the article"),
                Text("UrlName", "URL-safe unique name of the article", false),
                Text("ArticleNumber", "Human-readable article number", false),
                Pick("PublishStatus", {"Online", "Draft", "Archived"}, "Publication state; agents read Online articles"),
                Pick("Language", {"en_US"}, "Language of the article"),
                Created("article")},
               {}});

  o.push_back({"ProductCategory", "Product Category", "0ZG", "A category of the product catalog.",
               {Id("Unique identifier of the category"),
                NameField("Name", "Name of the category"),
                Text("CatalogId", "Identifier of the catalog the category belongs to", false),
                Created("category")},
               {}});

  o.push_back({"Product2", "Product", "01t", "A product the company sells.",
               {Id("Unique identifier of the product"),
                NameField("Name", "Name of the product"),
                LongText("Description", "Marketing description of the product"),
                Text("ProductCode", "Stock-keeping code of the product", false),
                Text("External_ID__c", "Identifier of the product in the company's catalog system", false),
                Plain("IsActive", T::kBoolean, "Whether the product is currently sold"),
                Created("product")},
               {}});

  o.push_back({"ProductCategoryProduct", "Product Category Product", "0ZH",
               "Links a product to a category it appears in.",
               {Id("Unique identifier of the link"),
                Ref("ProductCategoryId", "ProductCategory", "ProductCategory", "ProductCategoryProducts",
                    "The category (ProductCategory)"),
                Ref("ProductId", "Product2", "Product", "ProductCategoryProducts", "The product (Product2)"),
                Created("link")},
               {}});

  o.push_back({"Pricebook2", "Price Book", "01s", "A price list that orders are priced from.",
               {Id("Unique identifier of the price book"),
                NameField("Name", "Name of the price book"),
                LongText("Description", "What the price book is for"),
                Plain("IsActive", T::kBoolean, "Whether the price book can be used for new orders"),
                Plain("IsStandard", T::kBoolean, "Whether this is the org's standard price book"),
                Plain("ValidFrom", T::kDateTime, "First instant the price book applies, in UTC"),
                Plain("ValidTo", T::kDateTime, "Instant the price book stops applying, in UTC"),
                Created("price book")},
               {}});

  o.push_back({"PricebookEntry", "Price Book Entry", "01u", "The price of one product in one price book.",
               {Id("Unique identifier of the entry"),
                Text("Name", "Name of the product the entry prices", false),
                Ref("Pricebook2Id", "Pricebook2", "Pricebook2", "PricebookEntries", "The price book (Pricebook2)"),
                Ref("Product2Id", "Product2", "Product2", "PricebookEntries", "The product (Product2)"),
                Plain("UnitPrice", T::kCurrency, "Price of one unit in US dollars"),
                Plain("IsActive", T::kBoolean, "Whether the entry can be used on new orders"),
                Created("entry")},
               {}});

  o.push_back({"Order", "Order", "801", "A customer's purchase.",
               {Id("Unique identifier of the order"),
                NotNull(Text("OrderNumber", "Human-readable order number", false)),
                Ref("AccountId", "Account", "Account", "Orders", "The customer who placed the order (Account)"),
                Ref("Pricebook2Id", "Pricebook2", "Pricebook2", "Orders", "The price book the order uses (Pricebook2)"),
                Pick("Status", {"Draft", "Activated"}, "Draft while being edited, Activated once placed"),
                Plain("EffectiveDate", T::kDate, "The date of purchase (YYYY-MM-DD)"),
                Created("order")},
               {}});

  o.push_back({"OrderItem", "Order Product", "802", "One product line of an order.",
               {Id("Unique identifier of the order item"),
                Ref("OrderId", "Order", "Order", "OrderItems", "The order the line belongs to (Order)"),
                Ref("Product2Id", "Product2", "Product2", "OrderItems", "The product bought (Product2)"),
                Ref("PricebookEntryId", "PricebookEntry", "PricebookEntry", "OrderItems",
                    "The price book entry the line was priced from (PricebookEntry)"),
                Plain("Quantity", T::kDouble, "Number of units bought"),
                Plain("UnitPrice", T::kCurrency, "Price paid per unit in US dollars"),
                Plain("TotalPrice", T::kCurrency, "Quantity times unit price"),
                Created("order item")},
               {}});

  o.push_back({"EmailMessage", "Email Message", "02s", "An e-mail exchanged about a case.",
               {Id("Unique identifier of the e-mail"),
                Ref("ParentId", "Case", "Parent", "EmailMessages", "The case the e-mail belongs to (Case)"),
                NameField("Subject", "Subject line"),
                LongText("TextBody", "Plain-text body"),
                Plain("FromAddress", T::kEmail, "Sender's address"),
                Text("FromName", "Sender's display name"),
                Plain("ToAddress", T::kEmail, "Recipient's address"),
                Text("ToIds", "Ids of the recipients who are records in the org", false),
                Plain("Incoming", T::kBoolean, "True when the customer sent it, false when an agent did"),
                Plain("MessageDate", T::kDateTime, "When the e-mail was sent, in UTC"),
                Created("e-mail")},
               {}});

  o.push_back({"LiveChatTranscript", "Live Chat Transcript", "570", "The transcript of a chat about a case.",
               {Id("Unique identifier of the transcript"),
                NotNull(Text("Name", "Transcript number", false)),
                LongText("Body", "The whole conversation, one line per message"),
                Ref("CaseId", "Case", "Case", "LiveChatTranscripts", "The case the chat is about (Case)"),
                Ref("AccountId", "Account", "Account", "LiveChatTranscripts", "The customer's account (Account)"),
                Ref("ContactId", "Contact", "Contact", "LiveChatTranscripts", "The customer's contact (Contact)"),
                Ref("OwnerId", "User", "Owner", "", "The agent who handled the chat (User)"),
                Text("LiveChatVisitorId", "Identifier of the chat visitor session", false),
                Plain("StartTime", T::kDateTime, "When the chat started, in UTC"),
                Plain("EndTime", T::kDateTime, "When the chat ended, in UTC"),
                Created("transcript")},
               {}});

  o.push_back({"Issue__c", "Issue", "a00", "A kind of problem customers report.",
               {Id("Unique identifier of the issue kind"),
                NameField("Name", "Short name of the issue kind"),
                LongText("Description__c", "What the issue looks like to a customer"),
                Created("issue")},
               {}});

  o.push_back({"CaseHistory__c", "Case History", "a01", "Audit trail of a case: creation, owner changes, closing.",
               {Id("Unique identifier of the history entry"),
                NotNull(Text("Name", "History entry number", false)),
                Ref("CaseId__c", "Case", "CaseId__r", "CaseHistories__r", "The case the entry records (Case)"),
                Pick("Field__c", {"Case Creation", "Owner Assignment", "Case Closed"},
                     "What happened: 'Case Creation', 'Owner Assignment' or 'Case Closed'"),
                Text("OldValue__c",
                     "For 'Owner Assignment', the Id of the previous owner (User); empty on the first assignment", false),
                Text("NewValue__c", "For 'Owner Assignment', the Id of the new owner (User); otherwise empty", false),
                Created("history entry")},
               {}});
  return o;
}

}  // namespace

std::string_view FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kId: return "id";
    case FieldType::kString: return "string";
    case FieldType::kTextArea: return "textarea";
    case FieldType::kPicklist: return "picklist";
    case FieldType::kEmail: return "email";
    case FieldType::kPhone: return "phone";
    case FieldType::kUrl: return "url";
    case FieldType::kDate: return "date";
    case FieldType::kDateTime: return "datetime";
    case FieldType::kBoolean: return "boolean";
    case FieldType::kDouble: return "double";
    case FieldType::kCurrency: return "currency";
    case FieldType::kInt: return "int";
    case FieldType::kReference: return "reference";
    case FieldType::kPercent: return "percent";
    case FieldType::kLong: return "long";
    case FieldType::kMultiPicklist: return "multipicklist";
    case FieldType::kTime: return "time";
  }
  return "string";
}

std::optional<FieldType> FieldTypeFromName(std::string_view name) {
  static constexpr FieldType kAll[] = {
      FieldType::kId,       FieldType::kString,   FieldType::kTextArea,  FieldType::kPicklist,
      FieldType::kEmail,    FieldType::kPhone,    FieldType::kUrl,       FieldType::kDate,
      FieldType::kDateTime, FieldType::kBoolean,  FieldType::kDouble,    FieldType::kCurrency,
      FieldType::kInt,      FieldType::kReference, FieldType::kPercent,  FieldType::kLong,
      FieldType::kMultiPicklist, FieldType::kTime};
  for (FieldType t : kAll) {
    if (EqualsIgnoreCase(FieldTypeName(t), name)) return t;
  }
  // Describe types held as one of ours: the value is text of that kind.
  if (EqualsIgnoreCase(name, "combobox")) return FieldType::kPicklist;
  if (EqualsIgnoreCase(name, "encryptedstring")) return FieldType::kString;
  if (EqualsIgnoreCase(name, "datacategorygroupreference")) return FieldType::kString;
  if (EqualsIgnoreCase(name, "anyType")) return FieldType::kString;
  return std::nullopt;  // address, location (compound), base64 (one record per call), ...
}

std::string_view SqlColumnType(FieldType type) {
  switch (type) {
    case FieldType::kDouble:
    case FieldType::kCurrency:
    case FieldType::kPercent: return "REAL";
    case FieldType::kBoolean:
    case FieldType::kInt:
    case FieldType::kLong: return "INTEGER";
    default: return "TEXT";
  }
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

const Field* SObject::FindField(std::string_view field_name) const {
  for (const Field& f : fields) {
    if (EqualsIgnoreCase(f.name, field_name)) return &f;
  }
  return nullptr;
}

const Field* SObject::FindParentRelationship(std::string_view rel) const {
  for (const Field& f : fields) {
    if (f.type == FieldType::kReference && EqualsIgnoreCase(f.relationship_name, rel)) return &f;
  }
  return nullptr;
}

const ChildRelationship* SObject::FindChildRelationship(std::string_view rel) const {
  for (const ChildRelationship& c : child_relationships) {
    if (EqualsIgnoreCase(c.name, rel)) return &c;
  }
  return nullptr;
}

std::vector<const Field*> SObject::SearchableFields() const {
  std::vector<const Field*> out;
  for (const Field& f : fields) {
    if (f.searchable) out.push_back(&f);
  }
  return out;
}

Schema::Schema(std::vector<SObject> objects) : objects_(std::move(objects)) {
  for (const SObject& child : objects_) {
    for (const Field& f : child.fields) {
      if (f.type != FieldType::kReference || f.child_relationship_name.empty()) continue;
      SObject* parent = nullptr;
      for (SObject& candidate : objects_) {
        if (candidate.name == f.references) parent = &candidate;
      }
      if (parent == nullptr) throw std::logic_error("schema: unknown parent " + f.references);
      parent->child_relationships.push_back({f.child_relationship_name, child.name, f.name});
    }
  }
}

Result<Schema> Schema::Build(std::vector<SObject> objects) {
  try {
    return Schema(std::move(objects));
  } catch (const std::logic_error& e) {
    return Status::InvalidArgument(e.what());
  }
}

const Schema& Schema::Crm() {
  static const Schema kSchema(CrmObjects());
  return kSchema;
}

const SObject* Schema::FindObject(std::string_view name) const {
  for (const SObject& o : objects_) {
    if (EqualsIgnoreCase(o.name, name)) return &o;
  }
  return nullptr;
}

const SObject* Schema::FindObjectByKeyPrefix(std::string_view prefix) const {
  for (const SObject& o : objects_) {
    if (o.key_prefix == prefix) return &o;
  }
  return nullptr;
}

std::string SearchTableName(const SObject& object) { return object.name + "__search"; }

}  // namespace crm::org

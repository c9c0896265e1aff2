#include "engine/soql/sosl.h"

#include <cctype>

#include "engine/soql/compiler.h"
#include "engine/soql/parser.h"

namespace crm::soql {
namespace {

QueryError AsSearchError(QueryError e) {
  if (e.error_code == "MALFORMED_QUERY") e.error_code = "MALFORMED_SEARCH";
  return e;
}

struct SoslStatement {
  std::string terms;
  SearchGroup group = SearchGroup::kAll;
  std::vector<std::unique_ptr<SelectStmt>> returning;
  int64_t limit = 2000;
};

// FIND {terms}: returns the offset just past the closing delimiter.
Outcome<size_t> ScanTerms(std::string_view sosl, std::string* terms) {
  size_t i = 0;
  while (i < sosl.size() && std::isspace(static_cast<unsigned char>(sosl[i]))) ++i;
  i += 4;  // FIND
  while (i < sosl.size() && std::isspace(static_cast<unsigned char>(sosl[i]))) ++i;
  char open = i < sosl.size() ? sosl[i] : '\0';
  if (open != '{' && open != '\'') {
    return ErrorAt("MALFORMED_SEARCH", sosl, PosAt(sosl, i),
                   "No search term found. The search term must be enclosed in braces.");
  }
  char close = open == '{' ? '}' : '\'';
  for (size_t j = i + 1; j < sosl.size(); ++j) {
    if (sosl[j] == '\\' && j + 1 < sosl.size()) {
      ++j;
    } else if (sosl[j] == close) {
      *terms = std::string(sosl.substr(i + 1, j - i - 1));
      return j + 1;
    }
  }
  return ErrorAt("MALFORMED_SEARCH", sosl, PosAt(sosl, i), "mismatched braces: the search term is not closed");
}

bool ParseWith(Parser& p) {
  while (p.AcceptKeyword("WITH")) {
    if (p.Peek().kind != TokenKind::kIdent) return p.Unexpected();
    p.Advance();
    if (p.Peek().kind == TokenKind::kOperator && p.Peek().text == "=") {
      p.Advance();
      p.Advance();
    } else if (p.Peek().kind == TokenKind::kLParen) {
      while (p.Peek().kind != TokenKind::kRParen && p.Peek().kind != TokenKind::kEnd) p.Advance();
      if (!p.Expect(TokenKind::kRParen)) return false;
    }
  }
  return true;
}

Outcome<SoslStatement> ParseSosl(std::string_view sosl) {
  SoslStatement out;
  Outcome<size_t> after = ScanTerms(sosl, &out.terms);
  if (!after.ok()) return after.error();
  Outcome<std::vector<Token>> tokens = Lex(sosl, *after);
  if (!tokens.ok()) return AsSearchError(tokens.error());
  Parser p(sosl, std::move(tokens).value());
  if (p.AcceptKeyword("IN")) {
    if (p.AcceptKeyword("NAME")) {
      out.group = SearchGroup::kName;
    } else if (p.AcceptKeyword("EMAIL")) {
      out.group = SearchGroup::kEmail;
    } else if (p.AcceptKeyword("PHONE")) {
      out.group = SearchGroup::kPhone;
    } else if (!p.AcceptKeyword("ALL") && !p.AcceptKeyword("SIDEBAR")) {
      p.Unexpected();
    }
    if (!p.failed()) p.ExpectKeyword("FIELDS");
  }
  if (!p.failed() && p.AcceptKeyword("RETURNING")) {
    do {
      std::unique_ptr<SelectStmt> object = p.ParseReturningObject();
      if (!object) break;
      out.returning.push_back(std::move(object));
    } while (p.Peek().kind == TokenKind::kComma && (p.Advance(), true));
  }
  if (!p.failed()) ParseWith(p);
  long long limit = 0;
  if (!p.failed() && p.AcceptKeyword("LIMIT") && p.ParseInteger(&limit)) out.limit = limit > 2000 ? 2000 : limit;
  if (!p.failed() && p.AcceptKeyword("UPDATE") && !p.AcceptKeyword("TRACKING") && !p.AcceptKeyword("VIEWSTAT")) {
    p.Unexpected();
  }
  if (!p.failed() && p.Peek().kind != TokenKind::kEnd) p.Unexpected();
  if (p.failed()) return AsSearchError(p.error());
  return out;
}

std::vector<const org::Field*> FieldsOfType(const org::SObject& o, org::FieldType type) {
  std::vector<const org::Field*> out;
  for (const org::Field& f : o.fields) {
    if (f.type == type) out.push_back(&f);
  }
  return out;
}

std::unique_ptr<BoundPredicate> SearchPredicate(const SearchTerms& terms, const org::SObject& o, SearchGroup group) {
  auto p = std::make_unique<BoundPredicate>();
  p->kind = BoundPredicate::Kind::kSearch;
  p->search_table = org::SearchTableName(o);
  std::string match;
  std::vector<const org::Field*> like_fields;
  if (group == SearchGroup::kAll && o.HasSearchIndex()) match = FtsMatchExpression(terms, {});
  if (group == SearchGroup::kName) {
    std::vector<std::string> names;
    for (const org::Field* f : o.SearchableFields()) {
      if (f->name_field) names.push_back(f->name);
    }
    if (!names.empty()) match = FtsMatchExpression(terms, names);
  }
  if (group == SearchGroup::kAll || group == SearchGroup::kEmail) like_fields = FieldsOfType(o, org::FieldType::kEmail);
  if (group == SearchGroup::kAll || group == SearchGroup::kPhone) {
    for (const org::Field* f : FieldsOfType(o, org::FieldType::kPhone)) like_fields.push_back(f);
  }
  if (!match.empty()) {
    p->word_patterns = RequiredWildcardWords(terms);
    for (const org::Field* f : o.SearchableFields()) {
      if (group == SearchGroup::kAll || f->name_field) p->word_fields.push_back(f);
    }
  }
  p->values.emplace_back(std::move(match));
  if (!like_fields.empty()) p->children.push_back(LikeSearchPredicate(terms, o, like_fields));
  return p;
}

std::unique_ptr<SelectStmt> IdOnly(const org::SObject& o) {
  auto stmt = std::make_unique<SelectStmt>();
  stmt->from.parts.push_back(o.name);
  return stmt;
}

}  // namespace

Outcome<CompiledSearch> CompileSosl(std::string_view sosl, const org::Schema& schema, const BindOptions& options) {
  if (sosl.size() > kMaxQueryLength) {
    return PlainError("MALFORMED_SEARCH", "SOSL statements cannot be longer than 100000 characters");
  }
  Outcome<SoslStatement> parsed = ParseSosl(sosl);
  if (!parsed.ok()) return parsed.error();
  Outcome<std::shared_ptr<const SearchTerms>> terms = ParseSearchTerms(parsed->terms);
  if (!terms.ok()) return terms.error();
  if (parsed->returning.empty()) {
    for (const org::SObject& o : schema.objects()) {
      bool searchable = o.HasSearchIndex() || !FieldsOfType(o, org::FieldType::kEmail).empty() ||
                        !FieldsOfType(o, org::FieldType::kPhone).empty();
      if (searchable) parsed->returning.push_back(IdOnly(o));
    }
  }
  CompiledSearch out;
  out.overall_limit = parsed->limit;
  for (std::unique_ptr<SelectStmt>& stmt : parsed->returning) {
    if (stmt->items.empty()) {
      SelectItem id;
      id.operand.path.parts.push_back("Id");
      id.operand.path.offset = id.offset = stmt->from.offset;
      stmt->items.push_back(std::move(id));
    }
    Outcome<std::unique_ptr<BoundSelect>> bound = Bind(*stmt, sosl, schema, options);
    if (!bound.ok()) return AsSearchError(bound.error());
    BoundSelect& select = **bound;
    if (select.kind != BoundSelect::Kind::kRecords || !select.children.empty()) {
      return PlainError("MALFORMED_SEARCH", "Aggregate functions and subqueries are not supported in RETURNING");
    }
    auto search = SearchPredicate(**terms, *select.object, parsed->group);
    if (select.where) {
      auto both = std::make_unique<BoundPredicate>();
      both->kind = BoundPredicate::Kind::kAnd;
      both->children.push_back(std::move(search));
      both->children.push_back(std::move(select.where));
      select.where = std::move(both);
    } else {
      select.where = std::move(search);
    }
    out.objects.push_back(Emit(select));
  }
  return out;
}

Outcome<std::string> RunSearch(OrgConnection& conn, StatementCache& cache, const CompiledSearch& search,
                               const std::string& api_version) {
  Executor exec(conn, cache);
  std::string records;
  int64_t count = 0;
  for (const SqlQuery& q : search.objects) {
    int64_t remaining = search.overall_limit - count;
    if (remaining <= 0) break;
    PageRequest req;
    req.batch_size = static_cast<int>(remaining);
    req.api_version = api_version;
    req.known_total = 0;
    Outcome<PageResult> page = exec.RecordsPage(q, req);
    if (!page.ok()) return page.error();
    if (page->rows == 0) continue;
    if (!records.empty()) records += ",";
    records.append(page->records_json, 1, page->records_json.size() - 2);
    count += page->rows;
  }
  return "{\"searchRecords\":[" + records + "]}";
}

}  // namespace crm::soql

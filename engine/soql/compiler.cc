#include "engine/soql/compiler.h"

#include <cctype>

#include "engine/soql/parser.h"

namespace crm::soql {

Outcome<SqlQuery> CompileSoql(std::string_view soql, const org::Schema& schema, const BindOptions& options) {
  Outcome<std::unique_ptr<SelectStmt>> stmt = ParseSoql(soql);
  if (!stmt.ok()) return stmt.error();
  Outcome<std::unique_ptr<BoundSelect>> bound = Bind(**stmt, soql, schema, options);
  if (!bound.ok()) return bound.error();
  SqlQuery q = Emit(**bound);
  size_t params = q.params.size();
  for (const SqlQuery& child : q.children) params += child.params.size();
  if (params > 10000) return PlainError("QUERY_TOO_COMPLICATED", kTooComplicated);
  return q;
}

bool IsSosl(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (text.size() - i < 4) return false;
  for (size_t k = 0; k < 4; ++k) {
    if (std::toupper(static_cast<unsigned char>(text[i + k])) != "FIND"[k]) return false;
  }
  return text.size() == i + 4 || !(std::isalnum(static_cast<unsigned char>(text[i + 4])) || text[i + 4] == '_');
}

}  // namespace crm::soql

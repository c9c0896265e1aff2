#include "engine/soql/ast.h"

namespace crm::soql {

std::string FieldPath::Joined() const {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += '.';
    out += parts[i];
  }
  return out;
}

}  // namespace crm::soql

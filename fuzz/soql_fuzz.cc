// libFuzzer target: SOQL text through lexer, parser, binder and emit.
// Any input must give a SqlQuery or a QueryError: no crash, leak or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/org/schema.h"
#include "engine/soql/compiler.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  crm::soql::BindOptions options;
  options.now_seconds = 1718452800;  // 2024-06-15T12:00:00Z
  options.lenient_date_literals = size % 2 == 0;
  crm::soql::Outcome<crm::soql::SqlQuery> q = crm::soql::CompileSoql(text, crm::org::Schema::Crm(), options);
  if (q.ok()) {
    (void)q->PageSql();
    (void)q->CountSql();
  } else {
    (void)q.error().ToJson();
  }
  return 0;
}

// libFuzzer target: SOSL text through the FIND parser, the search-term
// compiler (FTS5 expression and LIKE patterns) and the RETURNING binder.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/org/schema.h"
#include "engine/soql/sosl.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  crm::soql::BindOptions options;
  options.now_seconds = 1718452800;
  // Also fuzz the term language on its own, wrapped in braces.
  std::string wrapped = "FIND {" + std::string(text) + "} RETURNING Case(Id), Product2(Id, Name)";
  for (std::string_view input : {text, std::string_view(wrapped)}) {
    crm::soql::Outcome<crm::soql::CompiledSearch> s =
        crm::soql::CompileSosl(input, crm::org::Schema::Crm(), options);
    if (s.ok()) {
      for (const crm::soql::SqlQuery& q : s->objects) (void)q.PageSql();
    }
  }
  return 0;
}

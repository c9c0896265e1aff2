#include "tests/engine/org/test_org.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "engine/gen/generator.h"

namespace crm::testing {

std::string TempDir() {
  // Never destroyed: the atexit handler below is registered while `root` is
  // being initialised, so it runs after a plain static `root` would already
  // have been destroyed (ASan: heap-use-after-free at exit).
  static const std::string& root = *new std::string([] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "crmarena-test-XXXXXX").string();
    char* made = mkdtemp(tmpl.data());
    if (made == nullptr) std::abort();
    std::string dir = made;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(TempDir(), ec);
    });
    return dir;
  }());
  return root;
}

const std::string& SharedOrgPath() {
  static const std::string path = [] {
    std::string p = TempDir() + "/shared-org.db";
    gen::GeneratorOptions options;
    options.seed = 7;
    options.scale = 1;
    options.out_path = p;
    Result<gen::GenerationReport> r = gen::GenerateOrg(options);
    if (!r.ok()) {
      ADD_FAILURE() << r.status().ToString();
      std::abort();
    }
    return p;
  }();
  return path;
}

std::unique_ptr<org::Database> OpenSharedOrg() {
  Result<std::unique_ptr<org::Database>> db = org::Database::Open(SharedOrgPath(), org::Database::Mode::kReadOnly);
  if (!db.ok()) {
    ADD_FAILURE() << db.status().ToString();
    std::abort();
  }
  return std::move(db).value();
}

}  // namespace crm::testing

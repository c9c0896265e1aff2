// libFuzzer target: an org response body through the agent's records views
// (engine/tools/records_view.h), a hand-written single-pass JSON scanner.
// Any body must give a view or an error: no crash, leak, hang or read past
// the end. Traps when the JSON view is not JSON, when the scanner's verdict
// on the body's syntax disagrees with RapidJSON's, when the official view
// and the JSON view disagree on whether there is a view, or when the
// official view does not read back as a Python literal.
#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "engine/tools/py_literal.h"
#include "engine/tools/records_view.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "records_fuzz: invariant violated: %s\n", what);
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  std::string error;
  std::optional<std::string> view = crm::tools::CleanRecordsText(body, &error);
  Check(view.has_value() == error.empty(), "an error exactly when there is no view");

  rapidjson::Document input;
  input.Parse(body.c_str(), body.size());
  // Where the verdicts may differ: the scanner copies number digits without
  // bounding them (RapidJSON refuses doubles out of range); it refuses a NUL
  // after the object (RapidJSON takes it for the end of the text) and a byte
  // order mark (RapidJSON's length-given parse drops leading 0xEF, 0xBB and
  // 0xBF bytes, even alone). Everything else must agree.
  const bool comparable = input.GetParseError() != rapidjson::kParseErrorNumberTooBig &&
                          body.find('\0') == std::string::npos && (body.empty() || static_cast<unsigned char>(body[0]) < 0x80);
  if (comparable) {
    bool json_object = !input.HasParseError() && input.IsObject();
    Check(json_object == (error != "the org's response is not a JSON object"), "syntax verdict differs from RapidJSON");
  }
  if (view) {
    rapidjson::Document output;
    output.Parse(view->c_str(), view->size());
    const bool parsed = !output.HasParseError() && (output.IsArray() || output.IsObject());
    Check(parsed || output.GetParseError() == rapidjson::kParseErrorNumberTooBig, "the view is not a JSON array or object");
    Check(view->size() <= body.size() + 2, "the view is longer than the body");
  }
  std::string official_error, raised;
  std::optional<std::string> official = crm::tools::OfficialRecordsText(body, &official_error, &raised);
  Check(official.has_value() == view.has_value(), "the two views disagree on whether the body has records");
  if (official && raised.empty()) {
    Check(crm::py::ParseLiteral(*official).has_value(), "the official view is not a Python literal");
  }
  return 0;
}

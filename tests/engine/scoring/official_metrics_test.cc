// The official fuzzy_match metrics against values recorded from the real
// packages (the official get_all_metrics with sacrebleu 2.4.3 and rouge
// 1.0.1; scripts/gen_official_metrics.py wrote the fixture): 328 pairs, the
// normalised texts, every metric to 1e-9, and the pairs where the official
// code raises.
#include "engine/scoring/official_metrics.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace crm::scoring {
namespace {

// Our normalisation lower-cases Latin-1 and treats every non-ASCII character
// as a word character; Python knows all of Unicode. Inputs beyond that
// (other than the quotes and spaces it handles) are out of our scope.
bool BeyondOurScope(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n >= 3) {
      const std::string cp = text.substr(i, n);
      const bool handled = cp == "\u2018" || cp == "\u2019" || (cp >= "\u2000" && cp <= "\u200a") ||
                           cp == "\u2028" || cp == "\u2029" || cp == "\u202f" || cp == "\u205f" || cp == "\u3000";
      if (!handled) return true;
    } else if (n == 2 && c > 0xC3) {
      return true;
    }
    i += n;
  }
  return false;
}

TEST(OfficialMetricsTest, MatchesTheOfficialPackagesOnTheRecordedFixture) {
  std::ifstream in(std::string(CRM_SOURCE_DIR) + "/tests/data/scoring/official_metrics.json");
  ASSERT_TRUE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  ASSERT_FALSE(doc.HasParseError());
  const rapidjson::Value& cases = doc["cases"];
  ASSERT_GT(cases.Size(), 300u);
  int raised = 0, compared = 0, out_of_scope = 0;
  for (const rapidjson::Value& c : cases.GetArray()) {
    const std::string prediction = c["prediction"].GetString(), reference = c["reference"].GetString();
    SCOPED_TRACE(prediction + " | " + reference);
    if (BeyondOurScope(prediction) || BeyondOurScope(reference)) {
      ++out_of_scope;
      continue;
    }
    ++compared;
    EXPECT_EQ(OfficialNormalize(prediction), c["normalized_prediction"].GetString());
    EXPECT_EQ(OfficialNormalize(reference), c["normalized_reference"].GetString());
    OfficialMetrics m = ComputeOfficialMetrics(prediction, reference);
    if (c.HasMember("error")) {
      ++raised;
      EXPECT_EQ(m.error, c["error"].GetString());
      continue;
    }
    ASSERT_TRUE(m.error.empty()) << m.error;
    const rapidjson::Value& want = c["metrics"];
    EXPECT_EQ(m.em, want["em"].GetBool());
    EXPECT_NEAR(m.f1, want["f1"].GetDouble(), 1e-9);
    EXPECT_EQ(m.f1_is_int, want["f1"].IsInt());
    EXPECT_NEAR(m.bleu, want["bleu"].GetDouble(), 1e-9);
    EXPECT_NEAR(m.rouge1, want["rouge"]["rouge-1"].GetDouble(), 1e-9);
    EXPECT_NEAR(m.rouge2, want["rouge"]["rouge-2"].GetDouble(), 1e-9);
    EXPECT_NEAR(m.rouge_l, want["rouge"]["rouge-l"].GetDouble(), 1e-9);
  }
  EXPECT_GT(raised, 0);
  EXPECT_GE(compared, 300);
  EXPECT_LE(out_of_scope, 10) << "the fixture grew beyond what our normalisation covers";
  std::printf("official metrics: %d pairs equal to the official packages, %d out of scope\n", compared, out_of_scope);
}

}  // namespace
}  // namespace crm::scoring

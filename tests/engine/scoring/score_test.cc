#include "engine/scoring/score.h"

#include <gtest/gtest.h>

namespace crm::scoring {
namespace {

using tasks::AnswerKind;
using Truth = std::vector<std::optional<std::string>>;

const std::string kAgentA = "005Wt000003otNGIAY";
const std::string kAgentB = "005Wt000003otNHIAY";  // one character away from A
const std::string kAgentC = "005Wt000003otNIIAY";
const Truth kNone = {std::nullopt};

// Our lenient canonical matching (most tests below); Official() is the
// official evaluator's exact comparison.
ScoreResult Lenient(std::string_view answer, const Truth& truth, AnswerKind kind) {
  return ScoreExactMatch(answer, truth, kind, ExactMatchMode::kDeterministic, Matching::kLenient);
}

double Exact(std::string_view answer, const Truth& truth, AnswerKind kind = AnswerKind::kAgentId) {
  return Lenient(answer, truth, kind).reward;
}

double Official(std::string_view answer, const Truth& truth, AnswerKind kind = AnswerKind::kAgentId) {
  return ScoreExactMatch(answer, truth, kind).reward;
}

TEST(ScoreExactTest, FastPathStripsWhitespaceAndQuotes) {
  ScoreResult r = ScoreExactMatch("  \"005Wt000003otNGIAY\" \n", {kAgentA}, AnswerKind::kAgentId);
  EXPECT_EQ(r.reward, 1.0);
  EXPECT_TRUE(r.success);
  EXPECT_EQ(r.extractor, Extractor::kExact);
  EXPECT_EQ(r.parsed_answer, std::vector<std::string>{kAgentA});
  EXPECT_EQ(Exact("'005Wt000003otNGIAY'", {kAgentA}), 1.0);
}

TEST(ScoreExactTest, IdInsideProse) {
  ScoreResult r = Lenient("The agent with the quickest handle time is 005Wt000003otNGIAY.", {kAgentA},
                                  AnswerKind::kAgentId);
  EXPECT_EQ(r.reward, 1.0);
  EXPECT_EQ(r.extractor, Extractor::kDeterministic);
  EXPECT_EQ(Exact("Case 500Wt000003otRbIAI should go to agent 005Wt000003otNGIAY (see 01tWt000003otP2IAI).",
                  {kAgentA}),
            1.0);
  EXPECT_EQ(Exact("**Agent:** [005Wt000003otNGIAY](https://x.my.salesforce.com/005Wt000003otNGIAY)", {kAgentA}),
            1.0);
}

TEST(ScoreExactTest, NearMissIdsFail) {
  EXPECT_EQ(Exact(kAgentB, {kAgentA}), 0.0);
  EXPECT_EQ(Exact("The answer is 005Wt000003otNHIAY.", {kAgentA}), 0.0);
  EXPECT_EQ(Exact("005Wt000003otNGIAZ", {kAgentA}), 0.0);  // bad checksum letter: not an id
  EXPECT_EQ(Exact("005Wt000003otNGIA", {kAgentA}), 0.0);   // 17 characters
  EXPECT_EQ(Exact("005wt000003otng", {kAgentA}), 0.0);     // 15-char ids are case-sensitive
}

TEST(ScoreExactTest, FifteenCharacterFormAndLowerCased18Pass) {
  EXPECT_EQ(Exact("005Wt000003otNG", {kAgentA}), 1.0);
  EXPECT_EQ(Exact("It is 005Wt000003otNG.", {kAgentA}), 1.0);
  EXPECT_EQ(Exact("005wt000003otngiay", {kAgentA}), 1.0);  // the checksum restores the case
  ScoreResult r = Lenient("agent 005Wt000003otNG", {kAgentA}, AnswerKind::kAgentId);
  EXPECT_EQ(r.parsed_answer, std::vector<std::string>{kAgentA});  // canonical 18-character form
}

TEST(ScoreExactTest, TiesNeedEveryIdInAnyOrder) {
  Truth tie = {kAgentA, kAgentC};
  EXPECT_EQ(Exact("Both 005Wt000003otNIIAY and 005Wt000003otNGIAY have the lowest average.", tie), 1.0);
  EXPECT_EQ(Exact("005Wt000003otNGIAY, 005Wt000003otNIIAY", tie), 1.0);
  EXPECT_EQ(Exact("005Wt000003otNGIAY", tie), 0.0);
  EXPECT_EQ(Exact("005Wt000003otNGIAY, 005Wt000003otNIIAY, 005Wt000003otNHIAY", tie), 0.0);
  EXPECT_EQ(Exact("005Wt000003otNGIAY and 005Wt000003otNGIAY again", {kAgentA}), 1.0);  // repeats collapse
}

TEST(ScoreExactTest, NoneSpelledSeveralWays) {
  for (const char* answer : {"None", "none.", "N/A", "`None`", "NULL", "No record was found.",
                             "There is no such agent.", "I could not find any matching product.",
                             "I couldn't find a purchase on that date.", "The agent did not violate any policy."}) {
    EXPECT_EQ(Exact(answer, kNone), 1.0) << answer;
  }
  EXPECT_EQ(Exact("None", {std::string("None")}), 1.0);  // a literal "None" ground truth
  EXPECT_EQ(Exact("None", {}), 1.0);                      // an empty list
  EXPECT_EQ(Exact("I'm not sure.", kNone), 0.0);          // says nothing
  EXPECT_EQ(Exact("005Wt000003otNGIAY", kNone), 0.0);
  EXPECT_EQ(Exact("None", {kAgentA}), 0.0);
  // An id beats a stray "none": "None of the others qualify".
  EXPECT_EQ(Exact("None of the others qualify; 005Wt000003otNGIAY does.", {kAgentA}), 1.0);
}

TEST(ScoreExactTest, StatesByCodeAndFullName) {
  EXPECT_EQ(Exact("California", {"CA"}, AnswerKind::kUsState), 1.0);
  EXPECT_EQ(Exact("The best region is California (CA).", {"CA"}, AnswerKind::kUsState), 1.0);
  EXPECT_EQ(Exact("new york and TX tie", {"TX", "NY"}, AnswerKind::kUsState), 1.0);
  EXPECT_EQ(Exact("West Virginia", {"WV"}, AnswerKind::kUsState), 1.0);
  EXPECT_EQ(Exact("OK, the answer is CA.", {"CA"}, AnswerKind::kUsState), 1.0);
  EXPECT_EQ(Exact("The agent ID is not needed: CA is fastest.", {"CA"}, AnswerKind::kUsState), 1.0);
  EXPECT_EQ(Exact("Oklahoma", {"OK"}, AnswerKind::kUsState), 1.0);
  EXPECT_EQ(Exact("Texas", {"CA"}, AnswerKind::kUsState), 0.0);
  EXPECT_EQ(Exact("in or near CA", {"CA"}, AnswerKind::kUsState), 1.0);  // lower-case "in", "or" are words
  EXPECT_EQ(Exact("CA and NV", {"CA"}, AnswerKind::kUsState), 0.0);
}

TEST(ScoreExactTest, BareLowerCaseVocabularyAnswers) {
  EXPECT_EQ(Exact("ca", {"CA"}, AnswerKind::kUsState), 1.0);
  EXPECT_EQ(Exact("'ny'.", {"NY"}, AnswerKind::kUsState), 1.0);
  EXPECT_EQ(Exact("may", {"May"}, AnswerKind::kMonth), 1.0);
  EXPECT_EQ(Exact("discovery", {"Discovery"}, AnswerKind::kOpportunityStage), 1.0);
  EXPECT_EQ(Exact("in", {"IN"}, AnswerKind::kUsState), 1.0);   // a bare answer is taken at its word
  EXPECT_EQ(Exact("go in", {"IN"}, AnswerKind::kUsState), 0.0);  // inside prose it is a word
}

TEST(ScoreExactTest, HugeAnswersAreScoredWithoutTrouble) {
  std::string huge(1 << 20, 'x');
  for (size_t i = 0; i < huge.size(); i += 97) huge[i] = ' ';
  huge += " 005Wt000003otNGIAY";
  EXPECT_EQ(Exact(huge, {kAgentA}), 1.0);
  for (AnswerKind kind : {AnswerKind::kMonth, AnswerKind::kUsState, AnswerKind::kBantFactors,
                          AnswerKind::kOpportunityStage, AnswerKind::kRecordId}) {
    EXPECT_EQ(Exact(huge, {"x"}, kind), 0.0);
  }
  EXPECT_LT(ScoreFuzzyMatch(huge, {"within 60 days"}).reward, 0.01);
}

TEST(ScoreExactTest, MonthInsideSentence) {
  EXPECT_EQ(Exact("The month with the most cases was March, with 14 cases.", {"March"}, AnswerKind::kMonth), 1.0);
  EXPECT_EQ(Exact("Cases may spike; the peak was in May.", {"May"}, AnswerKind::kMonth), 1.0);
  EXPECT_EQ(Exact("cases may spike in june", {"June"}, AnswerKind::kMonth), 1.0);
  EXPECT_EQ(Exact("Sept. had the most", {"September"}, AnswerKind::kMonth), 1.0);
  EXPECT_EQ(Exact("March", {"April"}, AnswerKind::kMonth), 0.0);
  EXPECT_EQ(Exact("March and April tie", {"April", "March"}, AnswerKind::kMonth), 1.0);
  EXPECT_EQ(Exact("March", {"march"}, AnswerKind::kMonth), 1.0);
}

TEST(ScoreExactTest, BantFactorsKeepOnlyUnmetOnes) {
  Truth truth = {"Authority", "Timeline"};
  EXPECT_EQ(Exact("The lead meets Budget and Need but fails Authority and Timeline.", truth,
                  AnswerKind::kBantFactors),
            1.0);
  EXPECT_EQ(Exact("Authority and Timeline.", truth, AnswerKind::kBantFactors), 1.0);
  EXPECT_EQ(Exact("The lead lacks authority; the timeline is also unclear.", truth, AnswerKind::kBantFactors), 1.0);
  EXPECT_EQ(Exact("Timeline and Authority are not met.", truth, AnswerKind::kBantFactors), 1.0);
  EXPECT_EQ(Exact("Budget is confirmed and authority is missing.", {"Authority"}, AnswerKind::kBantFactors), 1.0);
  EXPECT_EQ(Exact("It fails Budget.", truth, AnswerKind::kBantFactors), 0.0);
  EXPECT_EQ(Exact("Budget is not an issue, but Authority is lacking.", {"Authority"}, AnswerKind::kBantFactors),
            1.0);
  EXPECT_EQ(Exact("Budget, Need and Timeline are all met.", kNone, AnswerKind::kBantFactors), 1.0);
  EXPECT_EQ(Exact("Yes, the lead can be qualified.", kNone, AnswerKind::kBantFactors), 1.0);
  EXPECT_EQ(Exact("The lead may not be fully qualified given he lacks final approval authority.", {"Authority"},
                  AnswerKind::kBantFactors),
            1.0);
}

TEST(ScoreExactTest, OpportunityStageTarget) {
  Truth truth = {"Discovery"};
  EXPECT_EQ(Exact("It is currently in Negotiation but should be moved back to Discovery.", truth,
                  AnswerKind::kOpportunityStage),
            1.0);
  EXPECT_EQ(Exact("We'll align the stage to 'Discovery' to reflect the open tasks.", truth,
                  AnswerKind::kOpportunityStage),
            1.0);
  EXPECT_EQ(Exact("Move it from Discovery to Negotiation.", truth, AnswerKind::kOpportunityStage), 0.0);
  EXPECT_EQ(Exact("Closed Won", {"Closed"}, AnswerKind::kOpportunityStage), 1.0);
}

TEST(ScoreExactTest, CustomObjectPrefixLearnedFromGroundTruth) {
  // A real org's Issue__c prefix (a03) differs from the local org's (a00).
  EXPECT_EQ(Exact("The top issue is a03Wt000000abcdIAA.", {"a03Wt000000abcdIAA"}, AnswerKind::kIssueId), 1.0);
  EXPECT_EQ(Exact("Article ka0Wt000003otNQIAY was violated.", {"ka0Wt000003otNQIAY"}, AnswerKind::kRecordId), 1.0);
  EXPECT_EQ(Exact("Quote 0Q0 ... see article ka0Wt000003otNQIAY, case 500Wt000003otRbIAI", {"ka0Wt000003otNQIAY"},
                  AnswerKind::kRecordId),
            1.0);
}

// The official evaluator: the answer stripped of whitespace, then of every
// double quote, then of every single quote, equals the one ground-truth value;
// else the extracted items must equal the ground truth exactly.
TEST(ScoreOfficialTest, PythonStripSemantics) {
  EXPECT_EQ(PythonCleanAnswer("  \"'CA'\"  "), "CA");
  EXPECT_EQ(PythonCleanAnswer("'\"CA\"'"), "\"CA\"");  // the double quotes go first, then the single ones
  EXPECT_EQ(PythonCleanAnswer("\"\"CA\"\"\n"), "CA");
  EXPECT_EQ(PythonCleanAnswer("\xc2\xa0" "CA" "\xe2\x80\x83"), "CA");  // Unicode spaces, as str.strip()
  EXPECT_EQ(PythonCleanAnswer("` CA `"), "` CA `");
}

TEST(ScoreOfficialTest, IdsMustBeWrittenAsTheGroundTruthWritesThem) {
  EXPECT_EQ(Official(kAgentA, {kAgentA}), 1.0);
  EXPECT_EQ(Official("The agent is " + kAgentA + ".", {kAgentA}), 1.0);
  EXPECT_EQ(Official("005Wt000003otNG", {kAgentA}), 0.0);          // the 15-character form
  EXPECT_EQ(Official("It is 005wt000003otngiay.", {kAgentA}), 0.0);  // another case
  ScoreResult r = ScoreExactMatch("agent 005Wt000003otNG", {kAgentA}, AnswerKind::kAgentId);
  EXPECT_EQ(r.parsed_answer, std::vector<std::string>{"005Wt000003otNG"});  // as written
  EXPECT_EQ(r.matching, Matching::kOfficial);
  EXPECT_EQ(Official("None", kNone), 1.0);  // a null ground truth is "None"
  EXPECT_EQ(Official("There is none.", kNone), 1.0);
  EXPECT_EQ(Official(kAgentA, {kAgentA, std::nullopt}), 0.0);  // Python cannot sort str and None
}

TEST(ScoreOfficialTest, FuzzyRewardIsTheOfficialMetricsObject) {
  ScoreResult r = ScoreFuzzyMatch("Returns are accepted within 60 days.", {"within 60 days of purchase"});
  EXPECT_DOUBLE_EQ(r.reward, 6.0 / 11);
  EXPECT_EQ(r.official_reward.rfind(R"({"em":false,"f1":0.5454545454545454,"bleu":)", 0), 0u) << r.official_reward;
  ScoreResult empty = ScoreFuzzyMatch("the", {"within 60 days"});  // normalises to nothing: the package raises
  EXPECT_EQ(empty.official_reward, "0");
  EXPECT_EQ(empty.reward, 0.0);
  EXPECT_NE(empty.detail.find("Hypothesis is empty."), std::string::npos);
}

TEST(ScoreStrictTest, ComparesRawAnswerWithGroundTruthString) {
  auto strict = [](std::string_view a, const Truth& t) {
    return ScoreExactMatch(a, t, AnswerKind::kAgentId, ExactMatchMode::kStrict);
  };
  EXPECT_EQ(strict(kAgentA, {kAgentA}).reward, 1.0);
  EXPECT_EQ(strict(kAgentA, {kAgentA}).extractor, Extractor::kStrict);
  EXPECT_EQ(strict(" " + kAgentA, {kAgentA}).reward, 0.0);
  EXPECT_EQ(strict("Agent " + kAgentA, {kAgentA}).reward, 0.0);
  EXPECT_EQ(strict("005Wt000003otNG", {kAgentA}).reward, 0.0);
  EXPECT_EQ(strict("None", kNone).reward, 1.0);
  EXPECT_EQ(strict("none", kNone).reward, 0.0);
  EXPECT_EQ(strict(kAgentA, {kAgentA, kAgentC}).reward, 0.0);
}

TEST(ScoreResultTest, CanonicalGroundTruth) {
  EXPECT_EQ(CanonicalGroundTruth(kNone, AnswerKind::kAgentId), std::vector<std::string>{"None"});
  EXPECT_EQ(CanonicalGroundTruth({"NY", "ca", "California"}, AnswerKind::kUsState),
            (std::vector<std::string>{"CA", "NY"}));
  EXPECT_EQ(CanonicalGroundTruth({"005Wt000003otNG"}, AnswerKind::kAgentId), std::vector<std::string>{kAgentA});
}

TEST(ScoreResultTest, ToJson) {
  EXPECT_EQ(ScoreExactMatch("\"CA\"", {"CA"}, AnswerKind::kUsState).ToJson(),
            R"({"reward":1.0,"success":true,"metric":"exact_match","extractor":"exact","matching":"official",)"
            R"("official_reward":1,"parsed_answer":["CA"]})");
  EXPECT_EQ(Lenient("Texas", {"CA"}, AnswerKind::kUsState).ToJson(),
            R"({"reward":0.0,"success":false,"metric":"exact_match","extractor":"deterministic","matching":"lenient",)"
            R"("official_reward":0,"parsed_answer":["TX"]})");
  std::string fuzzy = ScoreFuzzyMatch("within 60 days", {"within 60 days"}).ToJson();
  EXPECT_EQ(fuzzy,
            R"({"reward":1.0,"success":true,"metric":"fuzzy_match","extractor":"none","matching":"official",)"
            R"("official_reward":{"em":true,"f1":1.0,"bleu":0.0,"rouge":{"rouge-1":0.999999995,)"
            R"("rouge-2":0.999999995,"rouge-l":0.999999995}},"parsed_answer":["within 60 days"],)"
            R"("metrics":{"exact_match":1.0,"precision":1.0,"recall":1.0,"f1":1.0,"bleu":1.0,"rouge1":1.0,)"
            R"("rouge2":1.0,"rougeL":1.0}})");
}

}  // namespace
}  // namespace crm::scoring

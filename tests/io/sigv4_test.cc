// AWS SigV4 test-suite vectors (get-vanilla, post-vanilla): credentials
// AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, us-east-1, service
// "service", 20150830T123600Z, Host example.amazonaws.com, empty body.
#include "io/llm/sigv4.h"

#include <gtest/gtest.h>

namespace crm::io::llm {
namespace {

const AwsCredentials kCreds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};

SigV4Input Vanilla(const std::string& method) {
  return SigV4Input{method, "/", "",
                    {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}},
                    "", "us-east-1", "service", "20150830T123600Z"};
}

TEST(SigV4, GetVanilla) {
  SigV4Result r = SignV4(Vanilla("GET"), kCreds);
  EXPECT_EQ(r.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex(r.canonical_request), "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(r.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(r.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4, PostVanilla) {
  SigV4Result r = SignV4(Vanilla("POST"), kCreds);
  EXPECT_EQ(Sha256Hex(r.canonical_request), "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87");
  EXPECT_EQ(r.signature, "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
  EXPECT_EQ(r.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

TEST(SigV4, SigningKeyChain) {
  std::string k = HmacSha256("AWS4" + kCreds.secret_access_key, "20150830");
  EXPECT_EQ(HexLower(k), "0138c7a6cbd60aa727b2f653a522567439dfb9f3e72b21f9b25941a42f04a7cd");
  k = HmacSha256(k, "us-east-1");
  EXPECT_EQ(HexLower(k), "f33d5808504bf34812e5fade63308b424b244c59189be2a591dd2282c7cb563f");
  k = HmacSha256(k, "service");
  EXPECT_EQ(HexLower(k), "f7fd819348e53789a8474fb1aebea778f5af85c40612e0f064eecd5642c81bc1");
  k = HmacSha256(k, "aws4_request");
  EXPECT_EQ(HexLower(k), "938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75");
}

TEST(SigV4, SingleEncodedPathGivesTheClassicMismatch) {
  SigV4Input input{"POST", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", "",
                   {{"content-type", "application/json"},
                    {"host", "bedrock-runtime.us-east-1.amazonaws.com"},
                    {"x-amz-date", "20240115T120000Z"}},
                   R"({"messages":[{"role":"user","content":[{"text":"Hello"}]}],"inferenceConfig":{"maxTokens":64}})",
                   "us-east-1", "bedrock", "20240115T120000Z"};
  SigV4Result r = SignV4(input, kCreds);
  EXPECT_NE(r.canonical_request.find("v1%253A0"), std::string::npos);  // encoded twice
  SigV4Input minimal = input;
  minimal.headers = {{"host", "bedrock-runtime.us-east-1.amazonaws.com"}, {"x-amz-date", "20240115T120000Z"}};
  EXPECT_EQ(SignV4(minimal, kCreds).signature, "e8bc1be76e855e9bfdac86494c58566e8b0f647d2a80dad65f1e55850a1a7972");
}

TEST(SigV4, CanonicalFormsAndDates) {
  EXPECT_EQ(AwsUriEncode("a b/c:d~", false), "a%20b%2Fc%3Ad~");
  EXPECT_EQ(AwsUriEncode("/x y/", true), "/x%20y/");
  EXPECT_EQ(AmzDate(1440938160), "20150830T123600Z");
  SigV4Input q = Vanilla("GET");
  q.query = "b=2&a=1";
  q.headers.emplace_back("X-Custom", "  spaced   value ");
  SigV4Result r = SignV4(q, kCreds);
  EXPECT_NE(r.canonical_request.find("\na=1&b=2\n"), std::string::npos);
  EXPECT_NE(r.canonical_request.find("x-custom:spaced value\n"), std::string::npos);
}

}  // namespace
}  // namespace crm::io::llm

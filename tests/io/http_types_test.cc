#include "io/http/http_types.h"

#include <gtest/gtest.h>

namespace crm::io {
namespace {

TEST(ParseUrl, SplitsSchemeHostPortTarget) {
  auto url = ParseUrl("https://api.openai.com/v1/chat/completions?x=1");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "api.openai.com");
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->target, "/v1/chat/completions?x=1");
  EXPECT_EQ(url->Origin(), "https://api.openai.com:443");
  auto local = ParseUrl("http://127.0.0.1:8080");
  ASSERT_TRUE(local);
  EXPECT_EQ(local->port, 8080);
  EXPECT_EQ(local->target, "/");
  auto v6 = ParseUrl("http://[::1]:99/a");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_FALSE(ParseUrl("ftp://x/"));
  EXPECT_FALSE(ParseUrl("http://h:99999/"));
  EXPECT_FALSE(ParseUrl("http://user:pw@h/"));
}

TEST(FindHeader, IsCaseInsensitive) {
  Headers h{{"Retry-After", "3"}};
  EXPECT_EQ(FindHeader(h, "retry-after").value(), "3");
  EXPECT_FALSE(FindHeader(h, "x"));
}

TEST(ToCallError, MapsTransportFailures) {
  EXPECT_EQ(ToCallError({HttpErrorCode::kTimeout, "x"}).code, CallErrorCode::kTimeout);
  EXPECT_EQ(ToCallError({HttpErrorCode::kConnect, "x"}).code, CallErrorCode::kConnection);
  EXPECT_EQ(ToCallError({HttpErrorCode::kCancelled, "x"}).code, CallErrorCode::kCancelled);
}

}  // namespace
}  // namespace crm::io

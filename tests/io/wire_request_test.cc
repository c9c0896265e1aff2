#include "io/http/wire_request.h"

#include <gtest/gtest.h>

namespace crm::io::internal {
namespace {

Url UrlOf(const std::string& text) {
  std::optional<Url> url = ParseUrl(text);
  EXPECT_TRUE(url.has_value()) << text;
  return url.value_or(Url{});
}

HttpRequest Post(std::string body) {
  HttpRequest req;
  req.method = "POST";
  req.body = std::move(body);
  return req;
}

TEST(WireRequest, HeadHasRequestLineHostAgentFieldsInOrderAndLength) {
  HttpRequest req = Post("{\"a\":1}");
  req.headers.emplace_back("Content-Type", "application/json");
  req.headers.emplace_back("X-Trace", "t-1");
  auto wire = ToWireRequest(req, UrlOf("http://127.0.0.1:8080/v1/chat?x=1"), "crm/1");
  ASSERT_TRUE(wire.ok()) << wire.error().message;
  EXPECT_EQ(wire->head,
            "POST /v1/chat?x=1 HTTP/1.1\r\n"
            "Host: 127.0.0.1:8080\r\n"
            "User-Agent: crm/1\r\n"
            "Content-Type: application/json\r\n"
            "X-Trace: t-1\r\n"
            "Content-Length: 7\r\n"
            "\r\n");
  EXPECT_EQ(wire->body, "{\"a\":1}");
  EXPECT_TRUE(wire->expects_body);
}

TEST(WireRequest, DefaultPortIsLeftOutAndIpv6HostsAreBracketed) {
  HttpRequest get;
  auto plain = ToWireRequest(get, UrlOf("https://example.com/"), "a");
  ASSERT_TRUE(plain.ok());
  EXPECT_NE(plain->head.find("\r\nHost: example.com\r\n"), std::string::npos) << plain->head;
  HttpRequest get6;
  auto v6 = ToWireRequest(get6, UrlOf("http://[::1]:9000/"), "a");
  ASSERT_TRUE(v6.ok());
  EXPECT_NE(v6->head.find("\r\nHost: [::1]:9000\r\n"), std::string::npos) << v6->head;
}

TEST(WireRequest, LengthOnlyWhereTheMethodCarriesContent) {
  HttpRequest get;
  auto g = ToWireRequest(get, UrlOf("http://h/"), "a");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->head.find("Content-Length"), std::string::npos);
  HttpRequest empty_post = Post("");
  auto p = ToWireRequest(empty_post, UrlOf("http://h/"), "a");
  ASSERT_TRUE(p.ok());
  EXPECT_NE(p->head.find("\r\nContent-Length: 0\r\n"), std::string::npos);
  HttpRequest head;
  head.method = "HEAD";
  auto h = ToWireRequest(head, UrlOf("http://h/"), "a");
  ASSERT_TRUE(h.ok());
  EXPECT_FALSE(h->expects_body);
}

TEST(WireRequest, OwnHostAndAgentReplaceTheDefaultsAndFramingFieldsAreOurs) {
  HttpRequest req = Post("abc");
  req.headers.emplace_back("host", "api.example.com");
  req.headers.emplace_back("User-Agent", "mine/2");
  req.headers.emplace_back("Content-Length", "999");
  req.headers.emplace_back("Transfer-Encoding", "chunked");
  auto wire = ToWireRequest(req, UrlOf("http://127.0.0.1:1234/"), "default/1");
  ASSERT_TRUE(wire.ok());
  EXPECT_EQ(wire->head,
            "POST / HTTP/1.1\r\n"
            "Host: api.example.com\r\n"
            "User-Agent: mine/2\r\n"
            "Content-Length: 3\r\n"
            "\r\n");
}

TEST(WireRequest, FieldsThatCouldInjectAreRefused) {
  struct Case {
    std::string name, value, method;
  };
  const Case cases[] = {
      {"X-A", "ok\r\nX-Injected: 1", "GET"},
      {"X-A", "line\nbreak", "GET"},
      {"X-A", std::string("nul\0byte", 8), "GET"},
      {"Bad Name", "v", "GET"},
      {"Bad:Name", "v", "GET"},
      {"", "v", "GET"},
      {"X-A\r\nX-B", "v", "GET"},
      {"X-A", "v", "GET /evil HTTP/1.1\r\n"},
      {"X-A", "v", ""},
  };
  for (const Case& c : cases) {
    HttpRequest req;
    req.method = c.method;
    req.headers.emplace_back(c.name, c.value);
    auto wire = ToWireRequest(req, UrlOf("http://h/"), "a");
    ASSERT_FALSE(wire.ok()) << c.name << " / " << c.method;
    EXPECT_EQ(wire.error().code, HttpErrorCode::kInvalidRequest);
    EXPECT_EQ(wire.error().message.find('\r'), std::string::npos);
  }
  HttpRequest fine;
  EXPECT_FALSE(ToWireRequest(fine, UrlOf("http://h/"), "agent\r\nX: y").ok());
}

// The token table against RFC 9110's tchar, character by character.
TEST(WireRequest, FieldNamesAcceptExactlyTheTokenCharacters) {
  const std::string punctuation = "!#$%&'*+-.^_`|~";
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    const bool tchar = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c != 0 && punctuation.find(ch) != std::string::npos);
    HttpRequest req;
    req.method = "GET";
    req.headers.emplace_back(std::string("X-") + ch + "Z", "v");
    EXPECT_EQ(ToWireRequest(req, UrlOf("http://h/"), "a").ok(), tchar) << "character " << c;
  }
}

// A value may hold anything but CR, LF and NUL, wherever they stand.
TEST(WireRequest, ValuesAreRefusedForCrLfOrNulAnywhere) {
  for (const char bad : {'\r', '\n', '\0'}) {
    for (size_t at : {size_t{0}, size_t{5}, size_t{39}}) {
      std::string value(40, 'v');
      value[at] = bad;
      HttpRequest req;
      req.method = "GET";
      req.headers.emplace_back("X-A", value);
      EXPECT_FALSE(ToWireRequest(req, UrlOf("http://h/"), "a").ok()) << static_cast<int>(bad) << " at " << at;
    }
  }
  HttpRequest fine;
  fine.method = "GET";
  fine.headers.emplace_back("X-A", "tabs\tand \x7f and \xc3\xa9 are allowed");
  EXPECT_TRUE(ToWireRequest(fine, UrlOf("http://h/"), "a").ok());
}

}  // namespace
}  // namespace crm::io::internal

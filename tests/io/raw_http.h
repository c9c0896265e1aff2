// tests/io/raw_http.h — one HTTP exchange over a plain socket, bytes as
// given, for tests of what a server does with requests no HTTP client would
// send (over-long targets, malformed heads). Header-only: the io and
// scheduler test binaries both use it.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <string>
#include <string_view>

namespace crm::testing {

struct RawResponse {
  int status = 0;    // 0: no status line came back
  std::string head;  // status line and header fields
  std::string body;
  std::string Header(std::string_view name) const {
    std::string lower_head;
    for (char c : head) lower_head += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string key = "\r\n";
    for (char c : name) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    key += ": ";
    size_t at = lower_head.find(key);
    if (at == std::string::npos) return "";
    size_t from = at + key.size();
    return head.substr(from, head.find("\r\n", from) - from);
  }
};

// Connects to 127.0.0.1:port, sends `request` (ignoring a send the server
// cut short), closes its sending side if `half_close`, and reads until the
// server closes. Socket timeouts of 10 s
// only keep a broken server from hanging the test.
inline RawResponse RawExchange(int port, std::string_view request, bool half_close = false) {
  RawResponse out;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return out;
  timeval tv{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return out;
  }
  for (size_t sent = 0; sent < request.size();) {
    ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  if (half_close) ::shutdown(fd, SHUT_WR);
  std::string received;
  char buf[16384];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    received.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  size_t end = received.find("\r\n\r\n");
  if (received.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) return out;
  out.status = std::atoi(received.c_str() + 9);
  out.head = received.substr(0, end);
  out.body = received.substr(end + 4);
  return out;
}

}  // namespace crm::testing

// tests/redis_server.h — a private redis-server for one test: a free
// loopback port, a temporary directory, no persistence; killed (SIGKILL) by
// Kill() or the destructor and restartable on the same port. Tests skip with
// a clear message only when the redis-server binary is absent
// (scripts/install_deps.sh installs it, so CI never skips).
#pragma once

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

namespace crm::testing {

inline std::string RedisServerBinary() {
  for (const char* p : {"/usr/bin/redis-server", "/usr/local/bin/redis-server"}) {
    if (access(p, X_OK) == 0) return p;
  }
  return "";
}

inline int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

class RedisServer {
 public:
  RedisServer() : port_(FreeLoopbackPort()) {
    char tmpl[] = "/tmp/crm-redis-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  ~RedisServer() {
    Kill();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  // Starts the server and waits until it accepts connections; false when it would not start.
  bool Start() {
    const std::string bin = RedisServerBinary();
    if (bin.empty()) return false;
    // Everything allocated before fork(): the child of a threaded process only execs.
    const std::string port = std::to_string(port_);
    const std::string log = dir_ + "/redis.log";
    pid_ = fork();
    if (pid_ == 0) {
      execl(bin.c_str(), bin.c_str(), "--port", port.c_str(), "--bind", "127.0.0.1", "--dir", dir_.c_str(), "--save",
            "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning", "--logfile", log.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      if (Accepting()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  int port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_) + "/0"; }

 private:
  bool Accepting() const {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return ok;
  }
  int port_;
  std::string dir_;
  pid_t pid_ = -1;
};

}  // namespace crm::testing

// In a test body: a started server named `var`, or a skip saying why.
#define CRM_START_REDIS_OR_SKIP(var)                                                                    \
  ::crm::testing::RedisServer var;                                                                      \
  if (::crm::testing::RedisServerBinary().empty()) {                                                    \
    GTEST_SKIP() << "redis-server is not installed (apt-get install redis-server; scripts/install_deps.sh " \
                    "installs it)";                                                                     \
  }                                                                                                     \
  ASSERT_TRUE(var.Start()) << "redis-server would not start on port " << var.port()

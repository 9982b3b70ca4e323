// The server speaks systemd's notify protocol itself: READY=1 once it serves,
// then WATCHDOG=1 periodically (firmware/systemd/motcua.service is Type=notify).
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "support/server_process.h"
#include "support/temp_dir.h"

TEST_CASE("the server sends READY=1 and periodic WATCHDOG=1 to NOTIFY_SOCKET") {
  motcua::testing::TempDir dir;
  const std::string sock_path = dir.File("notify.sock");
  int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, sock_path.c_str(), sizeof(addr.sun_path) - 1);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  timeval tv{0, 200 * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

  motcua::testing::ServerProcess server(
      {"--demo", "--db", dir.File("db.sqlite")},
      {{"NOTIFY_SOCKET", sock_path}, {"WATCHDOG_USEC", "400000"}});  // 0.4 s: ping every 0.2 s
  REQUIRE_MESSAGE(server.Start(), server.log());

  std::vector<std::string> got;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  int watchdogs = 0;
  bool ready = false;
  while (std::chrono::steady_clock::now() < deadline && watchdogs < 3) {
    char buf[256];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) continue;
    std::string msg(buf, static_cast<size_t>(n));
    got.push_back(msg);
    if (msg.find("READY=1") != std::string::npos) ready = true;
    if (msg == "WATCHDOG=1") {
      CHECK(ready);  // never a watchdog ping before READY
      ++watchdogs;
    }
  }
  CHECK(ready);
  CHECK(watchdogs >= 3);
  CHECK(server.Stop() == 0);
  close(fd);
}

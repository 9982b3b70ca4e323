// QR codes as SVG: the structure of the symbol, and (where Debian's zbar-tools
// is installed) a real decoder reading back what the SVG draws.
#include "web/qr_svg.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <string>

#include "support/temp_dir.h"

using motcua::web::QrEncode;
using motcua::web::QrMatrix;
using motcua::web::QrSvg;

namespace {

// Reads the SVG's path back into a matrix of side `side` (quiet zone included).
std::vector<uint8_t> ParseSvg(const std::string& svg, int* side) {
  std::smatch vb;
  REQUIRE(std::regex_search(svg, vb, std::regex("viewBox=\"0 0 (\\d+) (\\d+)\"")));
  *side = std::stoi(vb[1]);
  CHECK(vb[1] == vb[2]);
  std::vector<uint8_t> grid(static_cast<size_t>(*side) * *side, 0);
  const std::regex run("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), run); it != std::sregex_iterator();
       ++it) {
    const int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), w = std::stoi((*it)[3]);
    CHECK((*it)[3] == (*it)[4]);
    for (int i = 0; i < w; ++i) grid[static_cast<size_t>(y) * *side + x + i] = 1;
  }
  return grid;
}

// The finder pattern: a 7x7 dark ring, white ring, 3x3 dark centre.
bool FinderAt(const QrMatrix& m, int x0, int y0) {
  for (int y = 0; y < 7; ++y)
    for (int x = 0; x < 7; ++x) {
      const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
      const bool centre = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      if (m.Dark(x0 + x, y0 + y) != (ring || centre)) return false;
    }
  return true;
}

// What a shell command prints on stdout, trailing line breaks removed.
std::string CommandOutput(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace

TEST_CASE("a QR symbol has its finder patterns and the size of its version") {
  auto m = QrEncode("http://192.168.4.1/thu-tuc/1.001193");
  REQUIRE(m.ok());
  CHECK((m->size - 17) % 4 == 0);  // 21, 25, 29, ...
  CHECK(m->size >= 21);
  CHECK(m->modules.size() == static_cast<size_t>(m->size) * m->size);
  CHECK(FinderAt(*m, 0, 0));
  CHECK(FinderAt(*m, m->size - 7, 0));
  CHECK(FinderAt(*m, 0, m->size - 7));
  CHECK_FALSE(FinderAt(*m, m->size - 7, m->size - 7));
  // Timing pattern: alternating modules on row 6 between the finders.
  for (int x = 8; x < m->size - 8; ++x) CHECK(m->Dark(x, 6) == (x % 2 == 0));
}

TEST_CASE("different texts give different matrices, the same text the same one") {
  auto a = QrEncode("http://192.168.4.1/thu-tuc/1.001193");
  auto b = QrEncode("http://192.168.4.1/thu-tuc/1.001194");
  auto a2 = QrEncode("http://192.168.4.1/thu-tuc/1.001193");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a2.ok());
  CHECK(a->modules != b->modules);
  CHECK(a->modules == a2->modules);
  CHECK(QrSvg("x") != QrSvg("y"));
}

TEST_CASE("longer text takes a larger version, empty or oversized text is refused") {
  auto small = QrEncode("a");
  auto large = QrEncode(std::string(500, 'a'));
  REQUIRE(small.ok());
  REQUIRE(large.ok());
  CHECK(small->size == 21);
  CHECK(large->size > small->size);
  CHECK_FALSE(QrEncode("").ok());
  CHECK_FALSE(QrEncode(std::string(5000, 'a')).ok());
  CHECK(QrSvg(std::string(5000, 'a')).empty());
}

TEST_CASE("the SVG draws exactly the matrix, inside a 4-module quiet zone, CSP-safe") {
  auto m = QrEncode("Thủ tục hành chính — xã Mẫu");
  REQUIRE(m.ok());
  const std::string svg = QrSvg(*m);
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.find("style") == std::string::npos);  // CSP style-src 'self'
  CHECK(svg.find("<script") == std::string::npos);
  int side = 0;
  auto grid = ParseSvg(svg, &side);
  REQUIRE(side == m->size + 8);
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x) {
      const bool inside = x >= 4 && y >= 4 && x < side - 4 && y < side - 4;
      const bool want = inside && m->Dark(x - 4, y - 4);
      if (grid[static_cast<size_t>(y) * side + x] != want) {
        FAIL("module (" << x << "," << y << ") differs");
      }
    }
}

TEST_CASE("zbarimg decodes the SVG's modules back to the text (skipped without zbar-tools)") {
  if (access("/usr/bin/zbarimg", X_OK) != 0) {
    MESSAGE("zbarimg not installed (Debian package zbar-tools): decoding check skipped");
    return;
  }
  motcua::testing::TempDir dir;
  const std::string texts[] = {"http://192.168.4.1/thu-tuc/1.001193",
                               "http://10.0.0.1:8080/phan-anh/tra-cuu?ma=PA-7K3M-XQ2D",
                               "Đăng ký khai sinh"};
  for (const std::string& text : texts) {
    CAPTURE(text);
    int side = 0;
    auto grid = ParseSvg(QrSvg(text), &side);
    // Rasterise the SVG's grid at 6 px a module as a binary PGM.
    const int scale = 6, px = side * scale;
    const std::string file = dir.File("qr.pgm");
    {
      std::ofstream out(file, std::ios::binary);
      out << "P5\n" << px << " " << px << "\n255\n";
      for (int y = 0; y < px; ++y)
        for (int x = 0; x < px; ++x)
          out.put(grid[static_cast<size_t>(y / scale) * side + x / scale] ? char(0) : char(255));
    }
    const std::string got = CommandOutput("/usr/bin/zbarimg --raw -q -Sdisable -Sqrcode.enable '" +
                                          file + "' 2>/dev/null");
    CHECK(got == text);
  }
}

// Search latency over a real catalogue database: p50/p95/p99 of
// Catalog::Search for a set of citizen-style queries (with and without
// diacritics, single words, phrases, misses).
//
//   search_bench DB [ROUNDS]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/clock.h"
#include "domain/procedure.h"

// CPU time of this thread: steadier than wall time on a busy machine.
static double ThreadCpuMs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: search_bench DB [ROUNDS]\n");
    return 2;
  }
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 50;
  motcua::SystemClock clock;
  motcua::catalog::CatalogOptions opt;
  opt.public_levels = motcua::domain::ParseLevelKeys("all");
  auto cat = motcua::catalog::Catalog::Open(argv[1], clock, opt);
  if (!cat.ok()) {
    std::fprintf(stderr, "open: %s\n", cat.status().ToString().c_str());
    return 1;
  }
  const std::vector<std::string> queries = {
      "đăng ký khai sinh", "dang ky khai sinh", "ĐĂNG KÝ KẾT HÔN", "ket hon", "chứng thực",
      "chung thuc ban sao", "đất đai", "dat dai", "giấy phép", "giay phep xay dung",
      "hộ tịch", "ho tich", "bảo trợ xã hội", "bao tro xa hoi", "người có công",
      "thuế", "thue", "doanh nghiệp", "dang ky doanh nghiep", "hòa giải", "hoà giải",
      "uy ban", "Ủy ban", "cấp", "cap", "xác nhận", "xac nhan tinh trang hon nhan",
      "trợ cấp", "tro cap mai tang", "khai tử", "khai tu", "nuôi con nuôi", "giám hộ",
      "lao động", "giáo dục", "y tế", "nông nghiệp", "thủy lợi", "khiếu nại",
      "xyzxyz", "1.001193", "đ", "a", "mot cua"};
  std::vector<double> ms, cpu;
  std::vector<std::pair<double, std::string>> worst;
  int total_hits = 0;
  const auto today = clock.Today();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& q : queries) {
      const double c0 = ThreadCpuMs();
      auto t0 = std::chrono::steady_clock::now();
      auto res = (*cat)->Search(q, today, 0, 20);
      auto t1 = std::chrono::steady_clock::now();
      cpu.push_back(ThreadCpuMs() - c0);
      if (!res.ok()) return 1;
      if (r == 0) total_hits += res->total;
      const double d = std::chrono::duration<double, std::milli>(t1 - t0).count();
      ms.push_back(d);
      if (r == rounds - 1) worst.emplace_back(d, q);
    }
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  auto pct = [&](double p) { return ms[static_cast<size_t>(p * (ms.size() - 1))]; };
  auto cpct = [&](double p) { return cpu[static_cast<size_t>(p * (cpu.size() - 1))]; };
  std::printf("search: %zu procedures, %zu queries x %d rounds, %d hits per round\n",
              (*cat)->size(), queries.size(), rounds, total_hits);
  std::printf("search latency ms: p50 %.3f  p95 %.3f  p99 %.3f  max %.3f\n", pct(0.50),
              pct(0.95), pct(0.99), ms.back());
  std::printf("search CPU ms:     p50 %.3f  p95 %.3f  p99 %.3f  max %.3f\n", cpct(0.50),
              cpct(0.95), cpct(0.99), cpu.back());
  std::sort(worst.rbegin(), worst.rend());
  std::printf("slowest queries (last round):");
  for (size_t i = 0; i < 5 && i < worst.size(); ++i)
    std::printf("  \"%s\" %.2f ms", worst[i].second.c_str(), worst[i].first);
  std::printf("\n");
  return 0;
}

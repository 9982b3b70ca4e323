// `motcua import` as an operator runs it: real files, exit codes, messages.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "support/motcua_cli.h"
#include "support/server_process.h"
#include "support/strings.h"
#include "support/temp_dir.h"

using motcua::testing::CliRun;
using motcua::testing::Contains;
using motcua::testing::Motcua;

namespace {

// The number of procedures in `db`, as the sqlite3 shell prints it.
std::string ProcedureCount(const std::string& db) {
  FILE* p = popen(("sqlite3 '" + db + "' 'SELECT COUNT(*) FROM procedures'").c_str(), "r");
  char buf[64] = {0};
  size_t n = fread(buf, 1, sizeof buf - 1, p);
  pclose(p);
  std::string s(buf, n);
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

}  // namespace

TEST_CASE("import: a CSV with bad rows imports the good ones and exits 1 with line numbers") {
  motcua::testing::TempDir dir;
  const std::string csv = dir.File("qd.csv");
  std::ofstream(csv) << "\xEF\xBB\xBF"
                        "Mã TTHC,Tên TTHC,Lĩnh vực,Cấp thực hiện,Thời hạn giải quyết,Phí lệ phí,"
                        "Căn cứ pháp lý,Trạng thái,Ngày hiệu lực,Thay thế bởi\r\n"
                        "1.001193,Đăng ký khai sinh,Hộ tịch,Cấp xã,Trong ngày,Miễn,"
                        "\"Luật Hộ tịch, 2014\",Mới ban hành,01/07/2025,\r\n"
                        "1.00119,Sai mã,Hộ tịch,Cấp xã,,,,Mới ban hành,,\r\n"
                        "1.000894,Đăng ký kết hôn,Hộ tịch,Cấp xã,03 ngày,Miễn,,Không rõ,,\r\n"
                        "2.000986,Liên thông cũ,Hộ tịch,Cấp xã,,,,Thay thế,01/07/2025,1.001193\r\n";
  const std::string db = dir.File("c.db");
  CliRun r = Motcua("import --db '" + db + "' '" + csv + "'");
  CHECK(r.code == 1);
  CHECK(Contains(r.out, "qd.csv:3:"));  // the bad code, on its physical line
  CHECK(Contains(r.out, "qd.csv:4:"));  // the unknown status
  CHECK(Contains(r.out, "2 added"));
  CHECK(ProcedureCount(db) == "2");
  // Re-importing the same file changes nothing.
  CliRun again = Motcua("import --db '" + db + "' '" + csv + "'");
  CHECK(Contains(again.out, "0 added, 0 changed, 2 unchanged"));
}

TEST_CASE("import: unreadable or unknown files are refused without touching the database") {
  motcua::testing::TempDir dir;
  const std::string db = dir.File("c.db");
  CHECK(Motcua("import --db '" + db + "' '" + dir.File("missing.jsonl") + "'").code == 2);
  std::ofstream(dir.File("junk.txt")) << "hello\n";
  CliRun r = Motcua("import --db '" + db + "' '" + dir.File("junk.txt") + "'");
  CHECK(r.code == 1);
  CHECK(ProcedureCount(db) == "0");
  CHECK(Motcua("import --db '" + db + "'").code == 2);
}

TEST_CASE("import: the whole national file, then a decision that keeps what is stored") {
  const std::string data = MOTCUA_SHARED_DATA_DIR "/tthc-dichvucong-2026.jsonl";
  if (!std::ifstream(data)) {
    MESSAGE("real data absent; skipping");
    return;
  }
  motcua::testing::TempDir dir;
  const std::string db = dir.File("c.db");
  CliRun r = Motcua("import --db '" + db + "' '" + data + "'");
  CHECK(r.code == 0);
  CHECK(Contains(r.out, "2642 records, 2642 good, 0 bad"));
  CHECK(ProcedureCount(db) == "2642");
  CliRun again = Motcua("import --db '" + db + "' '" + data + "'");
  CHECK(Contains(again.out, "0 added, 0 changed, 2642 unchanged"));
  CliRun dec = Motcua("import --db '" + db +
                      "' '" MOTCUA_SOURCE_DIR "/server/catalog/demo/decision-sample.csv'");
  CHECK(dec.code == 0);
  CHECK(ProcedureCount(db) == "2642");
  // The decision replaced 2.000986; its steps from the national file are kept.
  FILE* p = popen(("sqlite3 '" + db +
                   "' \"SELECT status, json_array_length(json_extract(doc,'$.steps')) FROM "
                   "procedures WHERE code='2.000986'\"").c_str(), "r");
  char buf[64] = {0};
  fread(buf, 1, sizeof buf - 1, p);
  pclose(p);
  CHECK(std::string(buf).rfind("replaced|", 0) == 0);
  CHECK(std::string(buf) != "replaced|0\n");
}

TEST_CASE("import: killed mid-way leaves either the old catalogue or the new one, never half") {
  const std::string data = MOTCUA_SHARED_DATA_DIR "/tthc-dichvucong-2026.jsonl";
  if (!std::ifstream(data)) {
    MESSAGE("real data absent; skipping");
    return;
  }
  motcua::testing::TempDir dir;
  const std::string db = dir.File("c.db");
  for (int delay_ms : {300, 900, 1500, 2500}) {
    CAPTURE(delay_ms);
    const std::string cmd = "timeout -s KILL " + std::to_string(delay_ms / 1000.0) + " " +
                            motcua::testing::MotcuaBinary() + " import --db '" + db + "' '" +
                            data + "' >/dev/null 2>&1";
    std::system(cmd.c_str());
    const std::string n = ProcedureCount(db);
    CHECK((n == "0" || n == "2642" || n.empty()));
  }
  FILE* p = popen(("sqlite3 '" + db + "' 'PRAGMA integrity_check'").c_str(), "r");
  char buf[64] = {0};
  fread(buf, 1, sizeof buf - 1, p);
  pclose(p);
  CHECK(std::string(buf) == "ok\n");
}

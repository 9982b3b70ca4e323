// libFuzzer target for the catalogue importers (server/catalog/import.h):
// files from the national portal, our own JSON lines and decisions' CSV lists
// arrive on a USB stick and are parsed as they are. The first input byte
// picks the parser. The contract traps when broken: every string out is
// valid UTF-8 in NFC, each procedure has a code and a name, line numbers are
// in range, limits hold, and the same input gives the same output.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "catalog/import.h"
#include "domain/procedure_json.h"
#include "fuzz_check.h"
#include "text/fold.h"

namespace {

using motcua::catalog::ParsedBatch;

void RequireNfc(const std::string& s) {
  FUZZ_REQUIRE(motcua::text::IsValidUtf8(s));
  FUZZ_REQUIRE(motcua::text::ToNfc(s) == s);
}

void CheckBatch(const ParsedBatch& b, std::string_view in) {
  FUZZ_REQUIRE(b.records_seen >= 0 && b.records_seen <= motcua::catalog::kMaxRecords + 1);
  FUZZ_REQUIRE(b.procedures.size() <= static_cast<size_t>(b.records_seen));
  int lines = 1;  // physical lines: CSV counts LF, CRLF and a lone CR
  for (size_t i = 0; i < in.size(); ++i) {
    lines += in[i] == '\n' || (in[i] == '\r' && (i + 1 == in.size() || in[i + 1] != '\n'));
  }
  for (const auto& issue : b.issues) {
    FUZZ_REQUIRE(issue.line >= 0 && issue.line <= lines);
    FUZZ_REQUIRE(!issue.reason.empty());
  }
  for (const auto& p : b.procedures) {
    FUZZ_REQUIRE(!p.code.empty() && !p.name.empty());
    for (const std::string* s :
         {&p.code, &p.name, &p.field, &p.kind, &p.applicants, &p.agency, &p.result, &p.conditions,
          &p.channels_text, &p.papers_text, &p.legal_basis_text, &p.decision, &p.replaced_by}) {
      RequireNfc(*s);
    }
    for (const auto& step : p.steps) RequireNfc(step);
    for (const auto& c : p.channels) RequireNfc(c.kind + c.time_limit + c.fee + c.description);
    for (const auto& x : p.papers) RequireNfc(x.name + x.form + x.quantity);
    for (const auto& l : p.legal_docs) RequireNfc(l.name + l.number);
    // What was parsed can be stored and read back unchanged.
    auto back = motcua::domain::ProcedureFromJsonString(motcua::domain::ToJsonString(p));
    FUZZ_REQUIRE(back.ok() && *back == p);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  using namespace motcua::catalog;
  ParsedBatch (*parse)(std::string_view) = nullptr;
  switch (mode % 4) {
    case 0:
      parse = ParsePortalJsonl;
      break;
    case 1:
      parse = ParseNativeJsonl;
      break;
    case 2:
      parse = ParseDecisionCsv;
      break;
    default: {
      // The field parsers of the portal format, on NFC text as they require.
      const auto nfc = motcua::text::ToNfc(in);
      if (nfc) {
        (void)portal::ParseChannels(*nfc);
        (void)portal::ParsePapers(*nfc);
        (void)portal::ParseLegalDocs(*nfc);
        for (const auto& s : portal::SplitSteps(*nfc)) RequireNfc(s);
        RequireNfc(portal::CleanResult(*nfc));
      }
      const ParsedBatch any = ParseAny(mode & 4 ? "x.csv" : "x.jsonl", in);
      CheckBatch(any, in);
      return 0;
    }
  }
  const ParsedBatch a = parse(in);
  CheckBatch(a, in);
  const ParsedBatch b = parse(in);
  FUZZ_REQUIRE(a.procedures.size() == b.procedures.size() && a.issues.size() == b.issues.size());
  for (size_t i = 0; i < a.procedures.size(); ++i) FUZZ_REQUIRE(a.procedures[i] == b.procedures[i]);
  return 0;
}

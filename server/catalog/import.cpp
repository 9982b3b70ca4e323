// Format detection, the native JSONL importer and the shared line reader.
#include "catalog/import.h"

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "catalog/import_lines.h"
#include "catalog/import_text.h"
#include "core/status.h"
#include "domain/procedure_json.h"
#include "text/fold.h"

namespace motcua::catalog {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string_view DropBom(std::string_view s) {
  if (internal::HasAt(s, 0, kBom)) s.remove_prefix(kBom.size());
  return s;
}

std::string_view FirstNonBlankLine(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t nl = s.find('\n', i);
    if (nl == std::string_view::npos) nl = s.size();
    std::string_view line = internal::Trim(s.substr(i, nl - i));
    if (!line.empty()) return line;
    i = nl + 1;
  }
  return {};
}

bool EndsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char a = s[s.size() - suffix.size() + i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != suffix[i]) return false;
  }
  return true;
}

ImportFormat FormatFromContent(std::string_view first_line) {
  if (first_line.empty()) return ImportFormat::kUnknown;
  if (first_line.front() == '{') {
    auto j = nlohmann::json::parse(first_line.begin(), first_line.end(), nullptr, false);
    if (j.is_object()) {
      if (j.contains("ma_thu_tuc")) return ImportFormat::kPortalJsonl;
      if (j.contains("code")) return ImportFormat::kNativeJsonl;
    }
    return ImportFormat::kUnknown;
  }
  // A CSV header names the code column; fold so "MÃ TTHC" and "Ma TTHC" match.
  const std::string folded = text::FoldForSearch(first_line.substr(0, 4096));
  if (folded.find("ma tthc") != std::string::npos || folded.find("ma thu tuc") != std::string::npos)
    return ImportFormat::kDecisionCsv;
  return ImportFormat::kUnknown;
}

// Every string of `p` in NFC; false if one is not valid UTF-8.
bool NormalizeStrings(domain::Procedure* p) {
  bool ok = true;
  auto nfc = [&ok](std::string& s) {
    std::optional<std::string> n = text::ToNfc(s);
    if (n) {
      s = std::move(*n);
    } else {
      ok = false;
    }
  };
  for (std::string* s :
       {&p->code, &p->name, &p->field, &p->kind, &p->applicants, &p->agency, &p->competent_agency,
        &p->receiving_address, &p->channels_text, &p->papers_text, &p->conditions, &p->result,
        &p->legal_basis_text, &p->decision, &p->related, &p->source_url, &p->replaced_by})
    nfc(*s);
  for (std::string& s : p->steps) nfc(s);
  for (domain::Channel& c : p->channels) {
    nfc(c.kind);
    nfc(c.time_limit);
    nfc(c.fee);
    nfc(c.description);
  }
  for (domain::Paper& x : p->papers) {
    nfc(x.name);
    nfc(x.form);
    nfc(x.quantity);
  }
  for (domain::LegalDoc& d : p->legal_docs) {
    nfc(d.name);
    nfc(d.number);
  }
  return ok;
}

}  // namespace

namespace internal {

void ForEachLine(std::string_view content, ParsedBatch* batch,
                 const std::function<void(int, std::string_view)>& fn) {
  content = DropBom(content);
  int line_no = 0;
  size_t i = 0;
  while (i < content.size()) {
    size_t nl = content.find('\n', i);
    if (nl == std::string_view::npos) nl = content.size();
    std::string_view line = content.substr(i, nl - i);
    i = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty()) continue;
    if (++batch->records_seen > kMaxRecords) {
      batch->issues.push_back({line_no, "",
                               "more than " + std::to_string(kMaxRecords) +
                                   " records; the rest of the file was skipped"});
      return;
    }
    if (line.size() > kMaxLineBytes) {
      batch->issues.push_back(
          {line_no, "", "line longer than " + std::to_string(kMaxLineBytes) + " bytes"});
      continue;
    }
    if (!text::IsValidUtf8(line)) {
      batch->issues.push_back({line_no, "", "not valid UTF-8"});
      continue;
    }
    fn(line_no, line);
  }
}

}  // namespace internal

ImportFormat DetectFormat(std::string_view file_name, std::string_view content) {
  ImportFormat by_content = FormatFromContent(FirstNonBlankLine(DropBom(content)));
  if (by_content != ImportFormat::kUnknown) return by_content;
  if (EndsWithIgnoreCase(file_name, ".csv")) return ImportFormat::kDecisionCsv;
  // Our own extension: a .jsonl whose first line says nothing is ours.
  if (EndsWithIgnoreCase(file_name, ".jsonl")) return ImportFormat::kNativeJsonl;
  return ImportFormat::kUnknown;
}

ParsedBatch ParseNativeJsonl(std::string_view content) {
  ParsedBatch batch;
  std::unordered_map<std::string, int> first_line;
  internal::ForEachLine(content, &batch, [&](int line, std::string_view raw) {
    Result<domain::Procedure> p = domain::ProcedureFromJsonString(raw);
    if (!p.ok()) {
      batch.issues.push_back({line, "", p.status().message()});
      return;
    }
    if (!NormalizeStrings(&p.value())) {
      batch.issues.push_back({line, "", "a string is not valid UTF-8"});
      return;
    }
    if (!domain::LooksLikeProcedureCode(p->code)) {
      batch.issues.push_back({line, p->code.substr(0, 32), "code does not look like d.dddddd"});
      return;
    }
    if (internal::CheckUnique(p->code, line, &first_line, &batch))
      batch.procedures.push_back(std::move(p).value());
  });
  return batch;
}

ParsedBatch ParseAny(std::string_view file_name, std::string_view content) {
  switch (DetectFormat(file_name, content)) {
    case ImportFormat::kPortalJsonl:
      return ParsePortalJsonl(content);
    case ImportFormat::kNativeJsonl:
      return ParseNativeJsonl(content);
    case ImportFormat::kDecisionCsv:
      return ParseDecisionCsv(content);
    case ImportFormat::kUnknown:
      break;
  }
  ParsedBatch batch;
  batch.issues.push_back({0, "",
                          "unrecognised file format (expected portal JSONL, "
                          "native JSONL or a decision CSV)"});
  return batch;
}

}  // namespace motcua::catalog

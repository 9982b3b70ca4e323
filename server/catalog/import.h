// Catalogue importers, parsing layer: turn a file's bytes into procedures.
// Pure functions (no database, no clock): the caller decides what to store.
//
// Contract shared by every parser:
//  - never throws and never stops at a bad record: each one becomes an
//    ImportIssue (1-based physical line number, the procedure code when
//    known, a reason in English for the operator log) and parsing goes on;
//  - every string in the output is valid UTF-8 in NFC;
//  - the same input always gives the same output.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/procedure.h"

namespace motcua::catalog {

struct ImportIssue {
  int line = 0;        // 1-based physical line where the record starts; 0: whole file
  std::string code;    // procedure code if it could be read, else ""
  std::string reason;  // English, for the operator log
};

struct ParsedBatch {
  std::vector<domain::Procedure> procedures;
  std::vector<ImportIssue> issues;
  int records_seen = 0;  // non-empty lines (JSONL) or data rows (CSV)
};

enum class ImportFormat { kPortalJsonl, kNativeJsonl, kDecisionCsv, kUnknown };

// By content first: the first JSON line with "ma_thu_tuc" is the portal
// format, with "code" our native one; a first line naming the "Mã TTHC"
// column is a decision CSV. Then by extension (.jsonl -> native, .csv).
ImportFormat DetectFormat(std::string_view file_name, std::string_view content);

// National portal export (dichvucong.gov.vn), one JSON object a line. Tables
// the portal flattened into text are split back into channels, papers and
// legal documents where that can be done reliably; otherwise the original
// text is kept in channels_text / papers_text / legal_basis_text.
ParsedBatch ParsePortalJsonl(std::string_view content);

// Our own JSON form, one domain::ProcedureFromJsonString per line.
ParsedBatch ParseNativeJsonl(std::string_view content);

// The list attached to a publishing decision (quyết định công bố), as CSV
// (RFC 4180, UTF-8 with or without BOM, CRLF or LF). Columns are found by
// name in any order, ignoring case and diacritics: "Mã TTHC", "Tên TTHC" and
// "Trạng thái" are required (else one issue and no rows); "Lĩnh vực", "Cấp
// thực hiện", "Thời hạn giải quyết", "Phí lệ phí", "Căn cứ pháp lý", "Ngày
// hiệu lực" and "Thay thế bởi" are read when present. For an amended,
// replaced or abolished row, "Ngày hiệu lực" is the day the change took
// effect, so effective_until is set to the day before.
ParsedBatch ParseDecisionCsv(std::string_view content);

// DetectFormat, then the matching parser; kUnknown gives one issue.
ParsedBatch ParseAny(std::string_view file_name, std::string_view content);

// Limits that keep a hostile or broken file from exhausting memory.
inline constexpr size_t kMaxFieldBytes = 64 * 1024;       // one CSV field
inline constexpr size_t kMaxLineBytes = 4 * 1024 * 1024;  // one JSONL record
inline constexpr int kMaxRecords = 100000;                // per file

// Field parsers of the portal format, exposed for tests. Input must be NFC.
// "Không có thông tin" (no information) and blank text give empty results.
namespace portal {

// "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp20 Ngày làm việcLệ phí..."
// -> one Channel per row; std::nullopt if the rows cannot be told apart.
std::optional<std::vector<domain::Channel>> ParseChannels(std::string_view text);

// "--Tên giấy tờMẫu đơn, tờ khaiSố lượng<name><form.doc>1 bản chính..."
// -> one Paper per row: several form files are joined with "; ", quantities
// read "1 bản chính" or "0 bản chính, 1 bản sao", and headings between tables
// become name-only papers. std::nullopt if the text has no such table.
std::optional<std::vector<domain::Paper>> ParsePapers(std::string_view text);

// "Tên văn bản pháp lýMã văn bản<name><number>..." -> {name, number} pairs
// (text after the last number becomes a doc with an empty number);
// std::nullopt if the text has no such table or a row has no name.
std::optional<std::vector<domain::LegalDoc>> ParseLegalDocs(std::string_view text);

// Splits at "Bước N" markers (text before the first one is its own entry);
// without markers, one entry per blank-line paragraph. Hard line breaks
// inside a sentence become spaces; other line breaks are kept as "\n".
std::vector<std::string> SplitSteps(std::string_view text);

// Drops the web-page tail ("Từ khóa...Chọn cơ quan thực hiện...Nộp hồ sơ")
// and the result codes ("Mã: KQ.G01.000263") that separate several results.
std::string CleanResult(std::string_view text);

}  // namespace portal
}  // namespace motcua::catalog

namespace motcua::catalog {

// A decision's CSV row carries only the listing (name, field, levels, status,
// dates, replacement, one time limit and fee, legal basis). Applied to a
// procedure already stored, it updates those and keeps the rest (steps,
// papers, channels...), so importing a decision never erases what the
// national portal's file brought.
domain::Procedure MergeDecisionRow(const domain::Procedure& stored, const domain::Procedure& row);

}  // namespace motcua::catalog

// The list attached to a publishing decision (quyết định công bố danh mục),
// saved as CSV: one row per procedure, marked new, amended, replaced or
// abolished (NĐ 63/2010 as amended; seed Điều 4.4.b: never post an amended,
// replaced or abolished one as current).
#include <unordered_map>

#include "catalog/import.h"
#include "catalog/import_lines.h"
#include "catalog/import_text.h"
#include "core/date.h"
#include "core/status.h"
#include "text/fold.h"

namespace motcua::catalog {
namespace {

enum Column {
  kCode,
  kName,
  kField,
  kLevels,
  kTimeLimit,
  kFee,
  kLegal,
  kStatus,
  kEffective,
  kReplacedBy,
  kColumnCount
};

struct ColumnSpec {
  const char* title;      // as a decision writes it, for messages
  const char* folded[2];  // FoldForSearch forms accepted
  bool required;
};

// A row is useless without code, name and status: the status decides whether
// the kiosk may post it at all.
constexpr ColumnSpec kColumns[kColumnCount] = {
    {"Mã TTHC", {"ma tthc", "ma thu tuc"}, true},
    {"Tên TTHC", {"ten tthc", "ten thu tuc"}, true},
    {"Lĩnh vực", {"linh vuc", nullptr}, false},
    {"Cấp thực hiện", {"cap thuc hien", nullptr}, false},
    {"Thời hạn giải quyết", {"thoi han giai quyet", "thoi han"}, false},
    {"Phí lệ phí", {"phi le phi", "le phi"}, false},
    {"Căn cứ pháp lý", {"can cu phap ly", nullptr}, false},
    {"Trạng thái", {"trang thai", nullptr}, true},
    {"Ngày hiệu lực", {"ngay hieu luc", nullptr}, false},
    {"Thay thế bởi", {"thay the boi", nullptr}, false},
};

struct CsvRecord {
  int line = 0;  // physical line where the record starts
  std::vector<std::string> fields;
  std::string error;  // malformed quoting; the record is unusable
  bool too_long = false;
};

// RFC 4180 reader: fields separated by commas, records by CRLF or LF; a
// quoted field may hold commas, doubled quotes and line breaks.
class CsvReader {
 public:
  explicit CsvReader(std::string_view s) : s_(s) {}

  bool Next(CsvRecord* rec) {
    if (i_ >= s_.size()) return false;
    *rec = CsvRecord();
    rec->line = line_;
    for (;;) {
      std::string field;
      bool ok =
          (i_ < s_.size() && s_[i_] == '"') ? ReadQuoted(&field, rec) : ReadPlain(&field, rec);
      rec->fields.push_back(std::move(field));
      if (!ok) {
        SkipRestOfRecord();
        return true;
      }
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      ConsumeNewline();
      return true;
    }
  }

 private:
  bool AtNewline() const { return i_ < s_.size() && (s_[i_] == '\n' || s_[i_] == '\r'); }

  void ConsumeNewline() {
    if (i_ < s_.size() && s_[i_] == '\r') ++i_;
    if (i_ < s_.size() && s_[i_] == '\n') ++i_;
    ++line_;
  }

  void Append(std::string* field, char c, CsvRecord* rec) {
    if (field->size() < kMaxFieldBytes) {
      *field += c;
    } else {
      rec->too_long = true;  // keep scanning, stop growing
    }
  }

  bool ReadPlain(std::string* field, CsvRecord* rec) {
    while (i_ < s_.size() && s_[i_] != ',' && !AtNewline()) Append(field, s_[i_++], rec);
    return true;
  }

  bool ReadQuoted(std::string* field, CsvRecord* rec) {
    ++i_;  // opening quote
    for (;;) {
      if (i_ >= s_.size()) {
        rec->error = "quoted field not closed before the end of the file";
        return false;
      }
      char c = s_[i_];
      if (c == '"') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '"') {
          Append(field, '"', rec);
          i_ += 2;
          continue;
        }
        ++i_;
        break;
      }
      if (c == '\r' || c == '\n') {
        // A line break inside a field: count it, store it as "\n".
        if (c == '\r' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') ++i_;
        ++i_;
        ++line_;
        Append(field, '\n', rec);
        continue;
      }
      Append(field, c, rec);
      ++i_;
    }
    if (i_ < s_.size() && s_[i_] != ',' && !AtNewline()) {
      rec->error = "unexpected text after a closing quote";
      return false;
    }
    return true;
  }

  void SkipRestOfRecord() {
    while (i_ < s_.size() && !AtNewline()) ++i_;
    ConsumeNewline();
  }

  std::string_view s_;
  size_t i_ = 0;
  int line_ = 1;
};

// More non-empty fields than the header names: usually an unquoted comma
// that shifted the columns, so nothing in the row can be trusted.
bool HasExtraFields(const CsvRecord& r, size_t header_size) {
  for (size_t i = header_size; i < r.fields.size(); ++i)
    if (!internal::Trim(r.fields[i]).empty()) return true;
  return false;
}

bool IsBlank(const CsvRecord& r) {
  return r.error.empty() && r.fields.size() == 1 && internal::Trim(r.fields[0]).empty();
}

// Header field index for each column, or -1. Returns the titles of missing
// required columns.
std::vector<std::string> MapHeader(const std::vector<std::string>& header,
                                   int (&index)[kColumnCount]) {
  for (int& i : index) i = -1;
  for (size_t h = 0; h < header.size(); ++h) {
    const std::string folded = text::FoldForSearch(header[h]);
    for (int c = 0; c < kColumnCount; ++c) {
      for (const char* name : kColumns[c].folded) {
        if (name != nullptr && folded == name && index[c] < 0) index[c] = static_cast<int>(h);
      }
    }
  }
  std::vector<std::string> missing;
  for (int c = 0; c < kColumnCount; ++c)
    if (kColumns[c].required && index[c] < 0) missing.emplace_back(kColumns[c].title);
  return missing;
}

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// One data row -> a procedure, or the reasons it was refused.
class RowParser {
 public:
  explicit RowParser(const int (&index)[kColumnCount]) : index_(index) {}

  Result<domain::Procedure> Parse(const CsvRecord& rec, std::string* code_out) {
    reasons_.clear();
    std::string v[kColumnCount];
    if (!ReadFields(rec, v)) return InvalidArgument(Join(reasons_, "; "));
    *code_out = v[kCode].substr(0, 32);
    domain::Procedure p;
    p.code = v[kCode];
    p.name = v[kName];
    p.field = v[kField];
    p.levels = domain::ParseLevels(v[kLevels]);
    p.legal_basis_text = v[kLegal];
    p.replaced_by = v[kReplacedBy];
    CheckCodes(p);
    CheckStatusAndDate(v[kStatus], v[kEffective], &p);
    if (!reasons_.empty()) return InvalidArgument(Join(reasons_, "; "));
    // A decision's list gives one time limit and fee per procedure; the
    // counter's own channel (in person) is the one it always describes.
    if (!v[kTimeLimit].empty() || !v[kFee].empty())
      p.channels.push_back({"Trực tiếp", v[kTimeLimit], v[kFee], ""});
    return p;
  }

 private:
  bool ReadFields(const CsvRecord& rec, std::string (&v)[kColumnCount]) {
    if (!rec.error.empty()) reasons_.push_back(rec.error);
    if (rec.too_long)
      reasons_.push_back("a field is longer than " + std::to_string(kMaxFieldBytes) + " bytes");
    if (!reasons_.empty()) return false;
    for (int c = 0; c < kColumnCount; ++c) {
      if (index_[c] < 0 || static_cast<size_t>(index_[c]) >= rec.fields.size()) continue;
      const std::string& raw = rec.fields[index_[c]];
      std::optional<std::string> nfc = text::ToNfc(raw);
      if (!nfc) {
        reasons_.push_back(std::string("column \"") + kColumns[c].title + "\" is not valid UTF-8");
        continue;
      }
      v[c] = std::string(internal::Trim(*nfc));
    }
    return reasons_.empty();
  }

  void CheckCodes(const domain::Procedure& p) {
    if (p.code.empty()) {
      reasons_.push_back("missing procedure code");
    } else if (!domain::LooksLikeProcedureCode(p.code)) {
      reasons_.push_back("procedure code \"" + p.code.substr(0, 32) + "\" is not d.dddddd");
    }
    if (p.name.empty()) reasons_.push_back("missing procedure name");
    if (!p.replaced_by.empty() && !domain::LooksLikeProcedureCode(p.replaced_by))
      reasons_.push_back("\"Thay thế bởi\" is not a procedure code: " +
                         p.replaced_by.substr(0, 32));
  }

  void CheckStatusAndDate(const std::string& status, const std::string& date,
                          domain::Procedure* p) {
    std::optional<domain::PostingStatus> s = domain::ParseStatusText(status);
    if (!s) {
      reasons_.push_back(status.empty() ? "missing status"
                                        : "unknown status \"" + status.substr(0, 64) + "\"");
    } else {
      p->status = *s;
    }
    if (date.empty()) return;
    std::optional<Date> d = Date::Parse(date);
    if (!d) {
      reasons_.push_back("\"Ngày hiệu lực\" is not a date (dd/mm/yyyy or yyyy-mm-dd): " +
                         date.substr(0, 32));
      return;
    }
    // For an amended, replaced or abolished item the date is when that change
    // took effect, so the old text was in force until the day before.
    if (p->status == domain::PostingStatus::kInForce) {
      p->effective_from = d;
    } else {
      p->effective_until = d->AddDays(-1);
    }
  }

  const int (&index_)[kColumnCount];
  std::vector<std::string> reasons_;
};

}  // namespace

ParsedBatch ParseDecisionCsv(std::string_view content) {
  ParsedBatch batch;
  if (internal::HasAt(content, 0, "\xEF\xBB\xBF")) content.remove_prefix(3);
  CsvReader reader(content);
  CsvRecord rec;
  do {
    if (!reader.Next(&rec)) {
      batch.issues.push_back({0, "", "the file is empty: no header row"});
      return batch;
    }
  } while (IsBlank(rec));

  int index[kColumnCount];
  std::vector<std::string> missing = MapHeader(rec.fields, index);
  if (!missing.empty()) {
    batch.issues.push_back(
        {rec.line, "", "missing required column(s): " + Join(missing, ", ") + "; no rows read"});
    return batch;
  }
  const size_t header_size = rec.fields.size();

  RowParser rows(index);
  std::unordered_map<std::string, int> first_line;
  while (reader.Next(&rec)) {
    if (IsBlank(rec)) continue;
    if (++batch.records_seen > kMaxRecords) {
      batch.issues.push_back(
          {rec.line, "",
           "more than " + std::to_string(kMaxRecords) + " rows; the rest of the file was skipped"});
      break;
    }
    if (HasExtraFields(rec, header_size)) {
      batch.issues.push_back({rec.line, "",
                              "row has " + std::to_string(rec.fields.size()) +
                                  " fields, the header has " + std::to_string(header_size)});
      continue;
    }
    std::string code;
    Result<domain::Procedure> p = rows.Parse(rec, &code);
    if (!p.ok()) {
      batch.issues.push_back({rec.line, code, p.status().message()});
      continue;
    }
    if (internal::CheckUnique(p->code, rec.line, &first_line, &batch))
      batch.procedures.push_back(std::move(p).value());
  }
  return batch;
}

}  // namespace motcua::catalog

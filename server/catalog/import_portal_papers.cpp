// Dossier papers (thành phần hồ sơ) of the portal format. The portal flattens
// one or more three-column tables, each under an optional heading:
//   <heading>"Tên giấy tờMẫu đơn, tờ khaiSố lượng" then rows of
//   <name><form file(s)><quantity>
// e.g. "Phiếu khai báo tạm trú (mẫu NA17)101-Mau A17 ... .doc1 bản chính".
// The quantity ("1 bản chính", "0 bản chính,1 bản sao") ends each row; form
// files end in .doc/.docx/.pdf/.xls/.xlsx and are glued to the name.
#include "catalog/import.h"
#include "catalog/import_text.h"

namespace motcua::catalog::portal {
namespace {
using internal::CodePointAt;
using internal::CodePointBefore;
using internal::HasAt;
using internal::IsDigit;
using internal::IsSpace;
using internal::Trim;

constexpr std::string_view kPaperHeader = "Tên giấy tờMẫu đơn, tờ khaiSố lượng";
// Longer first: ".docx" must win over ".doc".
constexpr std::string_view kExtensions[] = {".docx", ".doc", ".pdf",  ".xlsx", ".xls",
                                            ".rar",  ".zip", ".odt",  ".rtf",  ".DOCX",
                                            ".DOC",  ".PDF", ".XLSX", ".XLS"};
// Words form file names usually start with; glued to the text before them
// they mark where the name ends ("...NĐ-CPMau13.docx").
constexpr std::string_view kFormWords[] = {"Mẫu",  "Mau",     "MẪU",      "Mus",
                                           "Ms",   "Phụ lục", "PHỤ LỤC",  "Phu luc",
                                           "PHLC", "TK",      "Biểu mẫu", "BM"};

struct Quantity {
  size_t start = 0, end = 0;
  std::string text;
};

std::string_view TrimDashes(std::string_view s) {
  s = Trim(s);
  while (!s.empty() && s.front() == '-') s.remove_prefix(1);
  while (!s.empty() && s.back() == '-') s.remove_suffix(1);
  return Trim(s);
}

// "<d> bản chính" / "<d> Bản sao" at i; returns the end or 0.
size_t MatchCopies(std::string_view t, size_t i, std::string_view kind) {
  if (i >= t.size() || !IsDigit(t[i])) return 0;
  for (std::string_view word : {std::string_view(" bản "), std::string_view(" Bản ")}) {
    if (HasAt(t, i + 1, word) && HasAt(t, i + 1 + word.size(), kind))
      return i + 1 + word.size() + kind.size();
  }
  return 0;
}

// The portal writes a single digit, glued to the next row or at the end. A
// quantity followed by a space or punctuation is part of a sentence
// ("nộp 01 bản chính; ...").
bool EndsRow(std::string_view t, size_t end) {
  if (end == t.size()) return true;
  char32_t c = CodePointAt(t, end);
  return !IsSpace(c) && c != '.' && c != ';' && c != ',' && c != ':';
}

std::vector<Quantity> FindQuantities(std::string_view t) {
  std::vector<Quantity> found;
  size_t i = 0;
  while (i < t.size()) {
    Quantity q;
    if (size_t e = MatchCopies(t, i, "chính")) {
      q.text = std::string(1, t[i]) + " bản chính";
      if (e < t.size() && t[e] == ',') {
        if (size_t e2 = MatchCopies(t, e + 1, "sao")) {
          q.text += ", " + std::string(1, t[e + 1]) + " bản sao";
          e = e2;
        }
      }
      q.end = e;
    } else if (size_t e = MatchCopies(t, i, "sao")) {
      q.text = std::string(1, t[i]) + " bản sao";
      q.end = e;
    }
    if (q.end == 0) {
      ++i;
      continue;
    }
    q.start = i;
    i = q.end;
    if (EndsRow(t, q.end)) found.push_back(std::move(q));
  }
  // "...: 01 bản chính1 bản chính": the first one belongs to the name.
  std::vector<Quantity> out;
  for (size_t k = 0; k < found.size(); ++k)
    if (k + 1 == found.size() || found[k + 1].start != found[k].end) out.push_back(found[k]);
  return out;
}

// Ends of the file names in `s` (after each extension), left to right.
std::vector<size_t> ExtensionEnds(std::string_view s, size_t* first_dot) {
  std::vector<size_t> ends;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '.') continue;
    for (std::string_view ext : kExtensions) {
      if (!HasAt(s, i, ext)) continue;
      size_t e = i + ext.size();
      if (e < s.size() && s[e] >= 'a' && s[e] <= 'z') continue;  // ".docs..."
      if (ends.empty()) *first_dot = i;
      ends.push_back(e);
      i = e - 1;
      break;
    }
  }
  return ends;
}

bool InsideUrl(std::string_view s, size_t i) {
  size_t w = i;
  while (w > 0 && !IsSpace(static_cast<unsigned char>(s[w - 1]))) --w;
  return HasAt(s, w, "http") || HasAt(s, w, "www.");
}

// "cá nhân7-Mẫu NA6.doc": a numbered file name glued to a word.
bool NumberedFile(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && IsDigit(s[j])) ++j;
  return j > i && j < s.size() && s[j] == '-';
}

enum class Seam { kNone, kStrong, kWeak, kLastResort };

// What kind of seam between a name and a file name lies before byte i.
Seam SeamAt(std::string_view s, size_t i) {
  char32_t b = CodePointAt(s, i);
  char32_t a = CodePointBefore(s, i);
  if (i == 0 || IsSpace(a) || IsSpace(b)) return Seam::kNone;
  char32_t before_a = (i >= 2) ? CodePointBefore(s, internal::PrevCodePointStart(s, i)) : 0;
  bool form_word = false;
  for (std::string_view w : kFormWords) form_word = form_word || HasAt(s, i, w);
  if (a == ';' || a == ':' || (a == ',' && IsDigit(b))) return Seam::kStrong;
  if (a == ')' && internal::IsAlnum(b)) return Seam::kStrong;
  if (a == '.' && internal::IsAlnum(b) && (internal::IsLower(before_a) || before_a == ')'))
    return Seam::kStrong;
  if (form_word && a != '(' && a != '-' && a != '_') return Seam::kStrong;
  if (internal::IsLower(a) && (internal::IsUpper(b) || NumberedFile(s, i))) return Seam::kWeak;
  if (a == '.' && internal::IsLetter(b)) return Seam::kLastResort;
  return Seam::kNone;
}

// Where the first form file starts in "<name><file>", or npos. The name and
// the file are glued, so look for a seam. Strong seams (after ';' or ':', a
// ',' before a digit, a ')' or a sentence's '.', or a glued form word) rarely
// occur inside file names, so the last one wins. Weak ones (small letter
// glued to a capital, as in "khoáng sảnMau 07") do occur in CamelCase file
// names, so the first one wins. Last resort: a '.' before a letter
// ("30/6/2023.NA5.doc"). Seams inside a URL do not count.
size_t FindFormStart(std::string_view s, size_t first_dot) {
  constexpr size_t npos = std::string_view::npos;
  size_t strong = npos, weak = npos, last_resort = npos;
  size_t i = 0;
  while (i < first_dot) {
    size_t len = 1;
    CodePointAt(s, i, &len);
    Seam seam = SeamAt(s, i);
    if (seam != Seam::kNone && !InsideUrl(s, i)) {
      if (seam == Seam::kStrong) strong = i;
      if (seam == Seam::kWeak && weak == npos) weak = i;
      if (seam == Seam::kLastResort && last_resort == npos) last_resort = i;
    }
    i += len;
  }
  if (strong != npos) return strong;
  if (weak != npos) return weak;
  return last_resort;
}

// Splits a row's text (quantity removed) into name and form file names.
domain::Paper SplitNameAndForms(std::string_view body) {
  body = Trim(body);
  domain::Paper p;
  p.name = std::string(body);
  size_t first_dot = 0;
  std::vector<size_t> ends = ExtensionEnds(body, &first_dot);
  // Only file names at the very end are forms; text after one is a name.
  if (ends.empty() || ends.back() != body.size()) return p;
  size_t cut = FindFormStart(body, first_dot);
  if (cut == std::string_view::npos) return p;  // no seam: keep it all as the name
  p.name = std::string(Trim(body.substr(0, cut)));
  size_t from = cut;
  for (size_t e : ends) {
    if (e <= cut) continue;
    std::string_view file = Trim(body.substr(from, e - from));
    if (!file.empty()) {
      if (!p.form.empty()) p.form += "; ";
      p.form += std::string(file);
    }
    from = e;
  }
  return p;
}

void AddNameOnly(std::string_view text, std::vector<domain::Paper>* out) {
  text = TrimDashes(text);
  if (!text.empty()) out->push_back(domain::Paper{std::string(text), "", ""});
}

// Rows of one table (text after its header); false if a row has no name.
bool ParseTable(std::string_view part, std::vector<domain::Paper>* out) {
  size_t p = 0;
  for (const Quantity& q : FindQuantities(part)) {
    std::string_view body = part.substr(p, q.start - p);
    if (Trim(body).empty()) return false;
    domain::Paper paper = SplitNameAndForms(body);
    paper.quantity = q.text;
    out->push_back(std::move(paper));
    p = q.end;
  }
  // Text after the last row: the next table's heading, or a closing note.
  AddNameOnly(part.substr(p), out);
  return true;
}

}  // namespace

std::optional<std::vector<domain::Paper>> ParsePapers(std::string_view text) {
  std::string_view t = Trim(text);
  if (internal::IsNoInfo(t)) return std::vector<domain::Paper>{};
  size_t h = t.find(kPaperHeader);
  if (h == std::string_view::npos) return std::nullopt;
  std::vector<domain::Paper> out;
  AddNameOnly(t.substr(0, h), &out);  // heading of the first table
  while (h != std::string_view::npos) {
    size_t from = h + kPaperHeader.size();
    size_t next = t.find(kPaperHeader, from);
    std::string_view part =
        t.substr(from, (next == std::string_view::npos ? t.size() : next) - from);
    if (!ParseTable(part, &out)) return std::nullopt;
    h = next;
  }
  return out;
}

}  // namespace motcua::catalog::portal

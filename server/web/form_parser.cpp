#include "web/form_parser.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "text/fold.h"

namespace motcua::web {
namespace {

// Messages carry sizes and offsets, never the submitted bytes: bodies hold
// personal data (NĐ 13/2023) and attacker-chosen text has no place in logs.
Status TooBig(std::string m) { return Status(Code::kResourceExhausted, std::move(m)); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

bool IsOws(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && IsOws(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsOws(s.back())) s.remove_suffix(1);
  return s;
}

// RFC 7230 tchar: what a parameter name may hold.
bool IsTokenChar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Unquoted parameter values: looser than tchar on purpose, because real
// clients send unquoted boundaries with '=' or '/' in them; the boundary is
// checked against bchars afterwards anyway.
bool IsBareValueChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7F && c != ';' && c != '"';
}

// RFC 2046 section 5.1.1 bchars.
bool IsBoundaryChar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

struct Param {
  std::string name;  // lower case
  std::string value;
};

struct HeaderValue {
  std::string_view type;  // trimmed, original case
  std::vector<Param> params;
};

// Parses `type *( OWS ";" OWS name OWS "=" OWS (bare-value | quoted-string) ) OWS`,
// the shape of both Content-Type and Content-Disposition. One pass, no
// backtracking. Inside quotes a backslash escapes only '"' and '\': old
// Windows browsers sent "C:\dir\a.jpg" unescaped, and this keeps those paths
// (the same compromise Go's mime package makes).
Result<HeaderValue> ParseHeaderValue(std::string_view v) {
  HeaderValue out;
  const size_t n = v.size();
  size_t i = std::min(v.find(';'), n);
  out.type = TrimOws(v.substr(0, i));
  auto skip_ows = [&] {
    while (i < n && IsOws(v[i])) ++i;
  };
  for (;;) {
    skip_ows();
    if (i == n) break;
    if (v[i] != ';') return InvalidArgument("junk after header parameter");
    ++i;
    skip_ows();
    if (i == n) break;          // a trailing ';' is harmless
    if (v[i] == ';') continue;  // so is an empty parameter
    const size_t name_start = i;
    while (i < n && IsTokenChar(v[i])) ++i;
    if (i == name_start) return InvalidArgument("bad header parameter name");
    Param p;
    for (size_t k = name_start; k < i; ++k) p.name.push_back(AsciiLower(v[k]));
    skip_ows();
    if (i == n || v[i] != '=') return InvalidArgument("header parameter without '='");
    ++i;
    skip_ows();
    if (i < n && v[i] == '"') {
      ++i;
      bool closed = false;
      while (i < n) {
        const char c = v[i];
        if (c == '"') {
          closed = true;
          ++i;
          break;
        }
        if (c == '\\' && i + 1 < n && (v[i + 1] == '"' || v[i + 1] == '\\')) {
          p.value.push_back(v[i + 1]);
          i += 2;
          continue;
        }
        p.value.push_back(c);
        ++i;
      }
      if (!closed) return InvalidArgument("unterminated quoted string in header");
    } else {
      const size_t value_start = i;
      while (i < n && IsBareValueChar(v[i])) ++i;
      if (i == value_start) return InvalidArgument("empty header parameter value");
      p.value.assign(v.substr(value_start, i - value_start));
    }
    out.params.push_back(std::move(p));
  }
  return out;
}

// Looks up a parameter that must appear at most once: a repeated name or
// boundary is ambiguous, and ambiguity between us and a proxy is how request
// smuggling starts.
Result<std::optional<std::string>> UniqueParam(const HeaderValue& h, std::string_view name) {
  std::optional<std::string> found;
  for (const Param& p : h.params) {
    if (p.name != name) continue;
    if (found) return InvalidArgument("repeated header parameter");
    found = p.value;
  }
  return found;
}

// What follows "--boundary" on a delimiter line.
struct DelimiterEnd {
  enum Kind { kNone, kNext, kClose } kind = kNone;
  size_t next = 0;  // kNext: where the part's headers start
};

// RFC 2046: a delimiter is followed by "--" (the close delimiter) or by
// optional transport padding (LWSP) and CRLF. Anything else means these bytes
// only looked like a delimiter and are part data.
DelimiterEnd ReadDelimiterEnd(std::string_view body, size_t at) {
  DelimiterEnd d;
  if (body.substr(at, 2) == "--") {
    d.kind = DelimiterEnd::kClose;
    return d;
  }
  while (at < body.size() && IsOws(body[at])) ++at;
  if (body.substr(at, 2) == "\r\n") {
    d.kind = DelimiterEnd::kNext;
    d.next = at + 2;
  }
  return d;
}

// Finds the next real delimiter ("\r\n--boundary" plus a valid end) at or
// after `from`. Linear: std::string_view::find moves forward only, each
// rejected candidate restarts one byte later, and a candidate's padding scan
// stops at the next '\r', so no byte is examined more than a bounded number
// of times (at most the delimiter length, <= 74, inside find's compare).
size_t FindDelimiter(std::string_view body, std::string_view delim, size_t from,
                     DelimiterEnd* end) {
  size_t f = body.find(delim, from);
  while (f != std::string_view::npos) {
    *end = ReadDelimiterEnd(body, f + delim.size());
    if (end->kind != DelimiterEnd::kNone) return f;
    f = body.find(delim, f + 1);
  }
  return std::string_view::npos;
}

struct PartHeaders {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;
};

// Reads header lines from `at` up to and including the blank line; returns
// where the part's content starts. The whole block must fit in
// max_part_header_bytes, so the search never looks further than that.
Result<size_t> ReadPartHeaders(std::string_view body, size_t at, const FormLimits& limits,
                               PartHeaders* out) {
  const std::string_view rest = body.substr(at);
  const std::string_view window = rest.substr(0, limits.max_part_header_bytes);
  std::vector<std::pair<std::string_view, std::string>> headers;
  size_t i = 0;
  for (;;) {
    const size_t eol = window.find("\r\n", i);
    if (eol == std::string_view::npos) {
      if (window.size() < rest.size()) return TooBig("multipart part headers too large");
      return InvalidArgument("multipart part headers truncated");
    }
    const std::string_view line = window.substr(i, eol - i);
    i = eol + 2;
    if (line.empty()) break;
    if (IsOws(line.front())) {
      // Obsolete line folding (RFC 5322 2.2.3): continues the previous value.
      if (headers.empty()) return InvalidArgument("multipart header starts with whitespace");
      headers.back().second.push_back(' ');
      headers.back().second.append(TrimOws(line));
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return InvalidArgument("multipart header without ':'");
    headers.emplace_back(TrimOws(line.substr(0, colon)),
                         std::string(TrimOws(line.substr(colon + 1))));
  }

  bool have_disposition = false;
  bool have_type = false;
  std::optional<std::string> filename_star;
  for (const auto& [name, value] : headers) {
    if (EqualsIgnoreCase(name, "Content-Type")) {
      if (have_type) return InvalidArgument("repeated Content-Type in multipart part");
      have_type = true;
      out->content_type = value;
    } else if (EqualsIgnoreCase(name, "Content-Disposition")) {
      if (have_disposition) return InvalidArgument("repeated Content-Disposition");
      have_disposition = true;
      ASSIGN_OR_RETURN(HeaderValue cd, ParseHeaderValue(value));
      if (!EqualsIgnoreCase(cd.type, "form-data")) {
        return InvalidArgument("Content-Disposition is not form-data");
      }
      ASSIGN_OR_RETURN(std::optional<std::string> part_name, UniqueParam(cd, "name"));
      if (!part_name) return InvalidArgument("Content-Disposition without a name");
      out->name = std::move(*part_name);
      ASSIGN_OR_RETURN(out->filename, UniqueParam(cd, "filename"));
      ASSIGN_OR_RETURN(filename_star, UniqueParam(cd, "filename*"));
    }
    // Other headers (Content-Transfer-Encoding, which RFC 7578 deprecates) are ignored.
  }
  if (!have_disposition) return InvalidArgument("multipart part without Content-Disposition");

  // RFC 5987 ext-value: charset'language'percent-encoded. Only UTF-8 is
  // worth decoding; anything else, or a broken one, falls back to filename.
  if (filename_star) {
    const size_t q1 = filename_star->find('\'');
    const size_t q2 = q1 == std::string::npos ? q1 : filename_star->find('\'', q1 + 1);
    if (q2 != std::string::npos &&
        EqualsIgnoreCase(std::string_view(*filename_star).substr(0, q1), "UTF-8")) {
      Result<std::string> decoded =
          PercentDecode(std::string_view(*filename_star).substr(q2 + 1), false);
      if (decoded.ok()) out->filename = std::move(decoded).value();
    }
  }
  if (out->name.size() > limits.max_name_bytes) return TooBig("form field name too long");
  if (out->filename && out->filename->size() > limits.max_name_bytes) {
    return TooBig("uploaded filename too long");
  }
  return at + i;
}

Result<Form> ParsePairs(std::string_view body, const FormLimits& limits) {
  if (body.size() > limits.max_body) return TooBig("form body too large");
  Form form;
  size_t pos = 0;
  while (pos <= body.size()) {
    const size_t amp = std::min(body.find('&', pos), body.size());
    const std::string_view piece = body.substr(pos, amp - pos);
    pos = amp + 1;
    if (piece.empty()) continue;
    if (form.fields.size() >= limits.max_fields) return TooBig("too many form fields");
    const size_t eq = piece.find('=');
    const std::string_view raw_name = piece.substr(0, eq);
    const std::string_view raw_value =
        eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1);
    // A %XX escape is 3 bytes for 1, so anything over 3x the limit cannot fit:
    // refuse it before spending memory on decoding it.
    if (raw_name.size() / 3 > limits.max_name_bytes) return TooBig("form field name too long");
    if (raw_value.size() / 3 > limits.max_field_bytes) return TooBig("form field too long");
    FormField f;
    ASSIGN_OR_RETURN(f.name, PercentDecode(raw_name, true));
    ASSIGN_OR_RETURN(f.value, PercentDecode(raw_value, true));
    if (f.name.size() > limits.max_name_bytes) return TooBig("form field name too long");
    if (f.value.size() > limits.max_field_bytes) return TooBig("form field too long");
    form.fields.push_back(std::move(f));
  }
  return form;
}

}  // namespace

const std::string* Form::Get(std::string_view name) const {
  for (const FormField& f : fields) {
    if (f.name == name) return &f.value;
  }
  return nullptr;
}

std::string Form::Value(std::string_view name) const {
  const std::string* v = Get(name);
  return v ? *v : std::string();
}

std::vector<std::string> Form::GetAll(std::string_view name) const {
  std::vector<std::string> out;
  for (const FormField& f : fields) {
    if (f.name == name) out.push_back(f.value);
  }
  return out;
}

const FormFile* Form::GetFile(std::string_view name) const {
  for (const FormFile& f : files) {
    if (f.field == name) return &f;
  }
  return nullptr;
}

Result<std::string> PercentDecode(std::string_view in, bool plus_as_space) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      // Checked before indexing: a '%' in the last two bytes has no room for XX.
      if (in.size() - i < 3) return InvalidArgument("truncated percent-escape");
      const int hi = HexValue(in[i + 1]);
      const int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return InvalidArgument("bad percent-escape");
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<Form> ParseUrlEncoded(std::string_view body, const FormLimits& limits) {
  return ParsePairs(body, limits);
}

Result<Form> ParseQueryString(std::string_view query, const FormLimits& limits) {
  return ParsePairs(query, limits);
}

Result<std::string> MultipartBoundary(std::string_view content_type_header) {
  ASSIGN_OR_RETURN(HeaderValue ct, ParseHeaderValue(content_type_header));
  if (!EqualsIgnoreCase(ct.type, "multipart/form-data")) {
    return InvalidArgument("Content-Type is not multipart/form-data");
  }
  ASSIGN_OR_RETURN(std::optional<std::string> boundary, UniqueParam(ct, "boundary"));
  if (!boundary) return InvalidArgument("multipart Content-Type without boundary");
  if (boundary->empty() || boundary->size() > 70) {
    return InvalidArgument("multipart boundary must have 1 to 70 characters");
  }
  for (char c : *boundary) {
    if (!IsBoundaryChar(c)) return InvalidArgument("bad character in multipart boundary");
  }
  if (boundary->back() == ' ') return InvalidArgument("multipart boundary ends with a space");
  return std::move(*boundary);
}

Result<Form> ParseMultipart(std::string_view body, std::string_view content_type_header,
                            const FormLimits& limits) {
  if (body.size() > limits.max_body) return TooBig("form body too large");
  ASSIGN_OR_RETURN(const std::string boundary, MultipartBoundary(content_type_header));
  const std::string delim = "\r\n--" + boundary;
  const std::string_view dash_boundary = std::string_view(delim).substr(2);

  // The first delimiter may open the body with no CRLF before it (no
  // preamble); otherwise it is an ordinary "\r\n--boundary" after the preamble.
  DelimiterEnd end;
  if (body.substr(0, dash_boundary.size()) == dash_boundary) {
    end = ReadDelimiterEnd(body, dash_boundary.size());
  }
  if (end.kind == DelimiterEnd::kNone &&
      FindDelimiter(body, delim, 0, &end) == std::string_view::npos) {
    return InvalidArgument("multipart body without an opening boundary");
  }

  Form form;
  // Empty file inputs are dropped, so count parts too: otherwise a body of
  // millions of empty file parts would be parsed to the end for nothing.
  const size_t max_parts = limits.max_fields + limits.max_files;
  size_t parts = 0;
  while (end.kind == DelimiterEnd::kNext) {
    if (++parts > max_parts) return TooBig("too many multipart parts");
    PartHeaders h;
    ASSIGN_OR_RETURN(const size_t content_start, ReadPartHeaders(body, end.next, limits, &h));
    const size_t content_end = FindDelimiter(body, delim, content_start, &end);
    if (content_end == std::string_view::npos) {
      return InvalidArgument("multipart body truncated: missing closing boundary");
    }
    const std::string_view content = body.substr(content_start, content_end - content_start);
    if (h.filename) {
      if (h.filename->empty() && content.empty()) continue;  // a blank file input
      if (form.files.size() >= limits.max_files) return TooBig("too many uploaded files");
      if (content.size() > limits.max_file_bytes) return TooBig("uploaded file too large");
      FormFile f;
      f.field = std::move(h.name);
      f.filename = std::move(*h.filename);
      f.content_type = h.content_type.empty() ? "application/octet-stream" : h.content_type;
      f.data.assign(content);
      form.files.push_back(std::move(f));
    } else {
      if (form.fields.size() >= limits.max_fields) return TooBig("too many form fields");
      if (content.size() > limits.max_field_bytes) return TooBig("form field too long");
      form.fields.push_back(FormField{std::move(h.name), std::string(content)});
    }
  }
  // kClose: whatever follows is the epilogue, which RFC 2046 says to ignore.
  return form;
}

Status ValidateUtf8Fields(const Form& form) {
  auto good = [](std::string_view s) {
    return s.find('\0') == std::string_view::npos && text::IsValidUtf8(s);
  };
  for (size_t i = 0; i < form.fields.size(); ++i) {
    const FormField& f = form.fields[i];
    if (!good(f.name) || !good(f.value)) {
      return InvalidArgument("form field #" + std::to_string(i) + " is not clean UTF-8");
    }
  }
  for (size_t i = 0; i < form.files.size(); ++i) {
    const FormFile& f = form.files[i];
    if (!good(f.field) || !good(f.filename)) {
      return InvalidArgument("uploaded file #" + std::to_string(i) + " has a bad name");
    }
  }
  return Status::Ok();
}

std::string SanitizedBaseName(std::string_view filename) {
  const size_t slash = filename.find_last_of("/\\");
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  std::string out;
  out.reserve(filename.size());
  for (char c : filename) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7F) out.push_back(c);
  }
  if (out == "." || out == "..") out.clear();
  return out;
}

}  // namespace motcua::web

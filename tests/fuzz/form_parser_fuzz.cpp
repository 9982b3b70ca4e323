// libFuzzer target for the request-body parsers and the value rules applied
// to what they return. The first input byte picks what to drive, so one
// corpus covers all of them:
//   bits 0-1: 0 urlencoded, 1 multipart with a fixed Content-Type,
//             2 multipart whose Content-Type is the input's first line,
//             3 value rules (phone, tracking code, file sniffing, names)
//   bit 7:    tiny FormLimits, so every limit is reachable in small inputs
// Besides sanitizer findings, broken invariants (a limit not enforced, a
// normalizer that is not idempotent) trap.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/file_type.h"
#include "domain/phone.h"
#include "domain/tracking_code.h"
#include "web/form_parser.h"

namespace {

using motcua::web::Form;
using motcua::web::FormLimits;

void Require(bool ok) {
  if (!ok) __builtin_trap();
}

FormLimits TinyLimits() {
  FormLimits l;
  l.max_body = 2048;
  l.max_fields = 4;
  l.max_field_bytes = 16;
  l.max_files = 2;
  l.max_file_bytes = 32;
  l.max_name_bytes = 8;
  l.max_part_header_bytes = 96;
  return l;
}

void CheckValueRules(std::string_view s) {
  if (auto phone = motcua::domain::NormalizePhone(s)) {
    Require(phone->size() == 10 || phone->size() == 11);
    Require(motcua::domain::NormalizePhone(*phone) == phone);
    Require(motcua::domain::Last4(*phone).size() == 4);
  }
  if (auto code = motcua::domain::NormalizeTrackingCode(s)) {
    Require(code->size() == 14);
    Require(motcua::domain::NormalizeTrackingCode(*code) == code);
  }
  const auto kind = motcua::domain::SniffFileKind(s);
  Require(!motcua::domain::FileKindMime(kind).empty());
  const std::string base = motcua::web::SanitizedBaseName(s);
  Require(base.find_first_of("/\\") == std::string::npos && base != "." && base != "..");
  for (bool plus : {false, true}) {
    auto decoded = motcua::web::PercentDecode(s, plus);
    if (decoded.ok()) Require(decoded->size() <= s.size());
  }
}

void CheckForm(const motcua::Result<Form>& form, const FormLimits& limits) {
  if (!form.ok()) {
    const auto code = form.status().code();
    Require(code == motcua::Code::kInvalidArgument || code == motcua::Code::kResourceExhausted);
    return;
  }
  Require(form->fields.size() <= limits.max_fields);
  Require(form->files.size() <= limits.max_files);
  for (const auto& f : form->fields) {
    Require(f.name.size() <= limits.max_name_bytes);
    Require(f.value.size() <= limits.max_field_bytes);
    Require(form->Get(f.name) != nullptr);
  }
  for (const auto& f : form->files) {
    Require(f.filename.size() <= limits.max_name_bytes);
    Require(f.data.size() <= limits.max_file_bytes);
    Require(!f.content_type.empty());
    CheckValueRules(f.filename);
    (void)motcua::domain::SniffFileKind(f.data);
  }
  (void)motcua::web::ValidateUtf8Fields(*form);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  const FormLimits limits = (mode & 0x80) ? TinyLimits() : FormLimits{};
  switch (mode & 0x03) {
    case 0:
      CheckForm(motcua::web::ParseUrlEncoded(in, limits), limits);
      break;
    case 1:
      CheckForm(motcua::web::ParseMultipart(in, "multipart/form-data; boundary=XyZ", limits),
                limits);
      break;
    case 2: {
      const size_t nl = in.find('\n');
      const std::string_view header = in.substr(0, nl);
      const std::string_view body =
          nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
      auto boundary = motcua::web::MultipartBoundary(header);
      if (boundary.ok()) Require(!boundary->empty() && boundary->size() <= 70);
      CheckForm(motcua::web::ParseMultipart(body, header, limits), limits);
      break;
    }
    default:
      CheckValueRules(in);
      break;
  }
  return 0;
}

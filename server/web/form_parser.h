// Request-body parsers for HTML forms: application/x-www-form-urlencoded and
// multipart/form-data (RFC 7578 over RFC 2046). Pure functions over a buffer
// the HTTP layer has already read (with mg_read, up to its own limit): no
// civetweb here, because civetweb's mg_handle_form_request has a run of CVEs
// (see STACK-NOTES). Everything is bounded by FormLimits, runs in time linear
// in the input, never recurses, and is fuzzed (tests/fuzz/form_parser_fuzz.cpp).
//
// Errors: kInvalidArgument for malformed input (HTTP 400) and
// kResourceExhausted when a limit is hit (HTTP 413). Messages are English and
// meant for logs, never for the citizen.
//
// Values are returned as raw bytes. Nothing here checks UTF-8 or NFC: call
// ValidateUtf8Fields (then text::ToNfc on what you keep).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace motcua::web {

// Defaults fit the PAKN form: a dozen text fields and up to three photos or
// PDFs of a few megabytes each (phone cameras after the browser's resize).
struct FormLimits {
  // Whole body. The HTTP layer should stop reading at this size anyway; the
  // parser checks again so it is safe to call on any buffer.
  size_t max_body = 16u << 20;  // 16 MiB >= 3 files x 5 MiB + text
  // Number of non-file fields. A form with thousands of fields is an attack.
  size_t max_fields = 64;
  // Decoded bytes of one field value. Long complaints fit; a novel does not.
  size_t max_field_bytes = 64u << 10;  // 64 KiB
  // Number of uploaded files (non-empty file parts).
  size_t max_files = 3;
  // Bytes of one uploaded file.
  size_t max_file_bytes = 5u << 20;  // 5 MiB
  // Decoded bytes of a field name, and of an uploaded file's filename.
  size_t max_name_bytes = 256;
  // Bytes of one multipart part's header block (all its header lines).
  size_t max_part_header_bytes = 8u << 10;  // 8 KiB
};

struct FormField {
  std::string name;
  std::string value;
};

struct FormFile {
  std::string field;         // the form field's name
  std::string filename;      // as the client sent it, path and all; see SanitizedBaseName
  std::string content_type;  // as declared (untrusted); "application/octet-stream" if absent
  std::string data;          // the file's bytes; sniff them (domain/file_type.h)
};

struct Form {
  std::vector<FormField> fields;  // in body order; duplicate names kept
  std::vector<FormFile> files;    // in body order

  // First value of `name`, or nullptr. The pointer lives as long as the Form.
  const std::string* Get(std::string_view name) const;
  // First value of `name`, or "" when absent.
  std::string Value(std::string_view name) const;
  // Every value of `name`, in body order (checkboxes, repeated inputs).
  std::vector<std::string> GetAll(std::string_view name) const;
  // First file of field `name`, or nullptr.
  const FormFile* GetFile(std::string_view name) const;
};

// Decodes %XX escapes (either hex case) and, when plus_as_space, '+' as ' '.
// A '%' not followed by two hex digits is an error (no lenient pass-through:
// "%zz" and a trailing "%" mean a broken or hostile client). %00 yields a NUL
// byte; callers that care reject it (ValidateUtf8Fields does).
Result<std::string> PercentDecode(std::string_view in, bool plus_as_space);

// application/x-www-form-urlencoded, as the WHATWG URL standard parses it:
// split on '&', skip empty pieces, split each at its first '=' (no '=' means
// an empty value), decode both sides with '+' as space.
Result<Form> ParseUrlEncoded(std::string_view body, const FormLimits& limits);
// The query part of a URL (after '?', without it): same rules as above.
Result<Form> ParseQueryString(std::string_view query, const FormLimits& limits);

// The boundary parameter of a "multipart/form-data; boundary=..." header,
// quoted or not, unescaped. Error unless the media type is multipart/form-data
// and the boundary has 1-70 characters from RFC 2046's bchars.
Result<std::string> MultipartBoundary(std::string_view content_type_header);

// multipart/form-data. `content_type_header` is the request's Content-Type.
// Strict CRLF line ends (every browser and curl send them; a bare LF or CR is
// data, so an LF-only body fails with "missing closing boundary"). Preamble and
// epilogue are ignored. Each part needs a Content-Disposition of type
// form-data with a name. A part with a filename parameter is a file; an empty
// file part (filename="" and no data: a file input left blank) is dropped.
// filename*=UTF-8''... (RFC 5987) wins over filename when it decodes.
Result<Form> ParseMultipart(std::string_view body, std::string_view content_type_header,
                            const FormLimits& limits);

// kInvalidArgument unless every field name and value, every file's field
// name and filename is valid UTF-8 without NUL bytes (a NUL truncates text in
// C APIs and logs, and no person types one). File data is not checked.
Status ValidateUtf8Fields(const Form& form);

// The last path component of a client-sent filename: strips everything up to
// the last '/' or '\' (Windows browsers once sent "C:\Users\...\a.jpg"),
// drops ASCII control bytes, and returns "" for "", "." and "..". For display
// and for the extension only: storage names are generated, never taken from here.
std::string SanitizedBaseName(std::string_view filename);

}  // namespace motcua::web

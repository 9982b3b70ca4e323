// Checking what a citizen sent on the feedback form (or the JSON API) before
// anything is stored. Pure: no clock, no storage. Every problem is reported
// per field in plain Vietnamese so the form can show it next to the field,
// with everything the citizen typed kept.
//
// The rules (NĐ 20/2008/NĐ-CP as amended, DOMAIN.md):
//  - Điều 7: a written PAKN is in Vietnamese, has clear content and gives the
//    sender's name, address and phone number; so name, address, phone, title
//    and content are required, e-mail is optional.
//  - Điều 5: what it may be about (the kind is one of domain::FeedbackKind).
//  - NĐ 13/2023 Điều 11: personal data is processed only with the subject's
//    consent; the consent box is required.
//  - Attachments: JPEG, PNG or PDF, judged by their bytes, at most 3 of 5 MB.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/feedback.h"
#include "domain/file_type.h"

namespace motcua::feedback {

struct FeedbackLimits {
  // Characters (code points after NFC), not bytes.
  size_t name_max = 100;
  size_t address_max = 300;
  size_t email_max = 254;  // RFC 5321 path limit
  size_t title_min = 5;
  size_t title_max = 200;
  size_t content_min = 20;    // "clear content": one short sentence at least
  size_t content_max = 5000;  // shown on the form
  size_t max_files = 3;
  size_t max_file_bytes = 5u << 20;
  size_t filename_max = 255;  // bytes of the original filename kept
};

// A file as the client sent it. `data` points into the request's buffer.
struct Upload {
  std::string filename;
  std::string_view data;
};

// The raw submission: strings straight from the form or the JSON object.
struct FeedbackInput {
  std::string name;
  std::string address;
  std::string phone;
  std::string email;
  std::string title;
  std::string content;
  std::string kind;            // a domain::FeedbackKind key
  std::string procedure_code;  // "" or a code "d.dddddd"
  bool consent = false;
  std::vector<Upload> files;
};

struct FieldError {
  std::string field;    // the input's name: "name", "phone", "files", ...
  std::string message;  // Vietnamese, for the citizen
};

struct ValidAttachment {
  domain::FileKind kind = domain::FileKind::kUnknown;
  std::string original_name;  // sanitized base name, valid UTF-8
  std::string_view data;
};

// The submission after checks, normalised: NFC, trimmed, phone in national
// form, line ends as "\n".
struct ValidFeedback {
  std::string name;
  std::string address;
  std::string phone;
  std::optional<std::string> email;
  std::string title;
  std::string content;
  domain::FeedbackKind kind = domain::FeedbackKind::kOtherIssue;
  std::optional<std::string> procedure_code;
  std::vector<ValidAttachment> attachments;
};

struct Validation {
  ValidFeedback value;             // meaningful only when errors is empty
  std::vector<FieldError> errors;  // in form order; empty = valid
  // The text fields as the form should show them again: NFC when valid
  // UTF-8, empty when not (invalid bytes are never echoed).
  FeedbackInput echo;
  bool ok() const { return errors.empty(); }
};

// Does this procedure code exist in the catalogue? (Injected: validation
// knows nothing of the catalogue.)
using ProcedureExists = std::function<bool(const std::string& code)>;

Validation Validate(const FeedbackInput& in, const FeedbackLimits& limits,
                    const ProcedureExists& procedure_exists);

// "d.dddddd", the shape of a procedure code (mã TTHC).
bool LooksLikeProcedureCode(std::string_view s);

// Number of Unicode code points in valid UTF-8.
size_t CountCodePoints(std::string_view utf8);

// Single-line text as stored: NFC, control characters dropped, every run of
// white space (line breaks included) made one space, trimmed. nullopt when
// `s` is not valid UTF-8.
std::optional<std::string> CleanLine(std::string_view s);
// Multi-line text as stored: NFC, CR LF and CR made LF, other control
// characters except tab dropped, trailing spaces of lines and blank lines at
// both ends trimmed. nullopt when not valid UTF-8.
std::optional<std::string> CleanText(std::string_view s);

}  // namespace motcua::feedback

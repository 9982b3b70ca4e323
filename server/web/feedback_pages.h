// Citizen feedback (PAKN, NĐ 20/2008) on the web: the form (/phan-anh), the
// receipt, the status lookup (/phan-anh/tra-cuu) and their JSON equivalents
// (/api/v1/feedback). Bodies are parsed by web/form_parser (never civetweb's
// form helper); everything is checked again on the server, so the pages work
// without JavaScript and static/feedback.js only checks earlier.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "feedback/service.h"
#include "web/form_parser.h"
#include "web/site.h"

namespace motcua::web {

struct FeedbackPagesOptions {
  // The parser's limits are looser than the rules (3 files of 5 MB, 5,000
  // characters) so that a file or text over a rule still parses and the
  // form comes back with every value kept and a message on that field.
  FormLimits form_limits = [] {
    FormLimits l;
    l.max_body = 16u << 20;
    l.max_fields = 32;
    l.max_field_bytes = 256u << 10;
    l.max_files = 10;
    l.max_file_bytes = 16u << 20;
    return l;
  }();
  // Largest JSON body the API takes (no attachments there).
  size_t max_json_bytes = 256u << 10;
};

void RegisterFeedbackPages(Site& site, feedback::FeedbackService& service,
                           const catalog::Catalog& catalog, FeedbackPagesOptions options = {});

// ---- view models (exposed for tests: each template key must be present) --

struct ProcedureChoice {
  std::string code;
  std::string name;
};

// The form, empty or shown again with the citizen's values and errors.
nlohmann::json FeedbackFormView(const feedback::FeedbackLimits& limits,
                                const feedback::FeedbackInput& values,
                                const std::vector<feedback::FieldError>& errors,
                                const std::string& form_token,
                                const std::optional<ProcedureChoice>& procedure,
                                const std::vector<ProcedureChoice>& suggestions);
nlohmann::json ReceiptView(const feedback::ReceiptInfo& r,
                           const std::optional<ProcedureChoice>& procedure);
nlohmann::json StatusView(const feedback::PublicStatus& s,
                          const std::optional<ProcedureChoice>& procedure);
// The API's status object: no personal data.
nlohmann::json StatusJson(const feedback::PublicStatus& s);

// "09:15, 24/04/2026" in Vietnam time.
std::string VietnamTimeText(int64_t unix_ms);

}  // namespace motcua::web

#include "web/feedback_pages.h"

#include <strings.h>

#include <algorithm>

#include "core/log.h"
#include "feedback/validate.h"
#include "text/fold.h"

namespace motcua::web {

using feedback::FeedbackService;
using feedback::LookupOutcome;
using feedback::SubmitOutcome;
using nlohmann::json;

namespace {

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && strncasecmp(s.data(), prefix.data(), prefix.size()) == 0;
}

// A browser that sends Origin must send ours: a form posted from another
// site is refused before anything is read (the signed form token is the
// second guard, for browsers that send no Origin).
bool SameOrigin(const Request& req) {
  const std::string_view origin = req.Header("origin");
  if (origin.empty()) return true;
  const size_t p = origin.find("://");
  return p != std::string_view::npos && origin.substr(p + 3) == req.Header("host");
}

std::string RetryAfterSeconds(int64_t ms) { return std::to_string((ms + 999) / 1000); }

std::string Minutes(int64_t ms) {
  return std::to_string(std::max<int64_t>(1, (ms + 59999) / 60000));
}

json ApiErrors(const std::vector<feedback::FieldError>& errors) {
  json list = json::array();
  for (const auto& e : errors) list.push_back({{"field", e.field}, {"message", e.message}});
  return {{"errors", list}};
}

Response ApiError(int status, const std::string& field, const std::string& message) {
  return Response::Json(ApiErrors({{field, message}}).dump(), status);
}

std::optional<ProcedureChoice> Procedure(const catalog::Catalog& c, const std::string& code) {
  if (code.empty()) return std::nullopt;
  auto s = c.Summary(code);
  if (!s) return std::nullopt;
  return ProcedureChoice{s->code, s->name};
}

class Handlers {
 public:
  Handlers(Site& site, FeedbackService& svc, const catalog::Catalog& catalog,
           FeedbackPagesOptions opt)
      : site_(site), svc_(svc), catalog_(catalog), opt_(std::move(opt)) {}

  Response ShowForm(Request& req) {
    feedback::FeedbackInput empty;
    // From a procedure's page: /phan-anh?thu_tuc=1.001193 (only a code that exists).
    const std::string code = req.Query("thu_tuc");
    auto proc = feedback::LooksLikeProcedureCode(code) ? Procedure(catalog_, code) : std::nullopt;
    if (proc) empty.procedure_code = proc->code;
    return RenderForm(200, empty, {}, proc, {}, "", false);
  }

  Response Submit(Request& req) {
    if (!SameOrigin(req)) return Refused(req);
    auto form = ParseBody(req);
    if (!form.ok()) return BodyError(req, form.status());
    const Form& f = *form;
    auto get = [&f](const char* name) {
      const std::string* v = f.Get(name);
      return v ? *v : std::string();
    };
    feedback::SubmitRequest sr;
    sr.from_form = true;
    sr.form_token = get("form_token");
    sr.honeypot = get("website");
    sr.client_ip = req.client_ip;
    feedback::FeedbackInput& in = sr.input;
    in.name = get("name");
    in.address = get("address");
    in.phone = get("phone");
    in.email = get("email");
    in.title = get("title");
    in.content = get("content");
    in.kind = get("kind");
    in.procedure_code = get("procedure_code");
    in.consent = !get("consent").empty();
    // A choice from the server's suggestion list wins over the typed text.
    const std::string pick = get("procedure_pick");
    if (pick == "-") in.procedure_code.clear();
    if (feedback::LooksLikeProcedureCode(pick)) in.procedure_code = pick;
    for (const FormFile& file : f.files) {
      if (file.field == "files") in.files.push_back({SanitizedBaseName(file.filename), file.data});
    }
    const bool had_files = !in.files.empty();

    SubmitOutcome out = svc_.Submit(sr);
    using K = SubmitOutcome::Kind;
    switch (out.kind) {
      case K::kCreated:
      case K::kDuplicate:
        return Response::Redirect(ReceiptUrl(out.code, out.receipt_key));
      case K::kHoneypot:
        return site_.MessagePage(400, "Không gửi được phản ánh",
                                 "Biểu mẫu có dữ liệu không hợp lệ. Vui lòng mở lại biểu mẫu, "
                                 "hoặc gửi trực tiếp tại Bộ phận Một cửa.");
      default:
        break;
    }
    const feedback::Validation& v = out.validation;
    std::vector<feedback::FieldError> errors;
    std::string notice;
    int status = 422;
    if (out.kind == K::kInvalid) {
      errors = v.errors;
    } else if (out.kind == K::kTokenExpired || out.kind == K::kForbidden) {
      status = out.kind == K::kForbidden ? 403 : 409;
      notice =
          "Biểu mẫu đã mở quá lâu hoặc không còn hợp lệ. Nội dung ông/bà nhập vẫn được giữ "
          "nguyên: vui lòng kiểm tra lại rồi bấm «Gửi phản ánh, kiến nghị».";
    } else if (out.kind == K::kRateLimited) {
      status = 429;
      notice =
          "Từ thiết bị này đã có nhiều phản ánh được gửi trong thời gian ngắn. Vui lòng thử "
          "lại sau " +
          Minutes(out.retry_after_ms) + " phút, hoặc gửi trực tiếp tại Bộ phận Một cửa.";
    } else {
      status = 503;
      notice =
          "Hệ thống chưa lưu được phản ánh (chưa có gì được ghi nhận). Nội dung vẫn được "
          "giữ nguyên: vui lòng bấm «Gửi phản ánh, kiến nghị» lại sau ít phút.";
    }
    // A name typed where a code was expected: offer matching procedures.
    std::vector<ProcedureChoice> suggestions;
    const std::string& typed = v.echo.procedure_code;
    if (!typed.empty() && !feedback::LooksLikeProcedureCode(typed)) {
      auto found = catalog_.Search(typed, site_.clock().Today(), 0, 5);
      if (found.ok()) {
        for (const auto* e : found->items) suggestions.push_back({e->s.code, e->s.name});
      }
    }
    auto proc = feedback::LooksLikeProcedureCode(typed) ? Procedure(catalog_, typed) : std::nullopt;
    Response r = RenderForm(status, v.echo, errors, proc, suggestions, notice, had_files);
    if (status == 429) r.Header("Retry-After", RetryAfterSeconds(out.retry_after_ms));
    return r;
  }

  Response Receipt(Request& req) {
    auto r = svc_.Receipt(req.params["code"], req.Query("k"));
    if (!r.ok()) {
      log::Error("feedback receipt: " + r.status().ToString());
      return site_.MessagePage(500, "Lỗi hệ thống", "Không đọc được biên nhận. Vui lòng thử lại.");
    }
    if (!r->has_value()) {
      return site_.MessagePage(404, "Không tìm thấy biên nhận",
                               "Đường dẫn biên nhận không đúng. Ông/bà có thể tra cứu tình trạng "
                               "phản ánh bằng mã số theo dõi và 4 số cuối điện thoại.");
    }
    const feedback::ReceiptInfo& info = **r;
    json d = site_.BaseData("Biên nhận phản ánh, kiến nghị " + info.code);
    d["r"] = ReceiptView(
        info, info.procedure_code ? Procedure(catalog_, *info.procedure_code) : std::nullopt);
    d["contact_in_page"] = true;
    Response resp = site_.RenderPage("feedback_receipt", d);
    resp.Header("X-Robots-Tag", "noindex");
    return resp;
  }

  Response LookupForm(Request& req) {
    std::string code = req.Query("ma");
    if (code.size() > 40) code.clear();
    return RenderLookup(200, code, "", nullptr);
  }

  Response Lookup(Request& req) {
    auto form = ParseUrlEncoded(req.body, opt_.form_limits);
    if (!form.ok() || !ValidateUtf8Fields(*form).ok()) {
      return RenderLookup(400, "", "Mã hoặc số điện thoại có ký tự không hợp lệ. Vui lòng gõ lại.",
                          nullptr);
    }
    const std::string* c = form->Get("ma");
    const std::string* p = form->Get("so4");
    std::string code = c ? c->substr(0, 40) : "";
    std::string phone4 = p ? p->substr(0, 10) : "";
    LookupOutcome out = svc_.Lookup(code, phone4, req.client_ip);
    switch (out.kind) {
      case LookupOutcome::Kind::kFound:
        return RenderLookup(200, out.status.code, "", &out.status);
      case LookupOutcome::Kind::kBadCode:
        return RenderLookup(400, code,
                            "Mã số theo dõi chưa đúng (có thể gõ nhầm một ký tự). Mã có "
                            "dạng PA-XXXXX-XXXXX, in trên giấy biên nhận.",
                            nullptr);
      case LookupOutcome::Kind::kBadPhone4:
        return RenderLookup(400, code,
                            "Nhập đúng 4 chữ số cuối của số điện thoại đã ghi khi gửi "
                            "phản ánh.",
                            nullptr);
      case LookupOutcome::Kind::kNotFound:
        return RenderLookup(404, code, kNotFoundText, nullptr);
      case LookupOutcome::Kind::kRateLimited: {
        Response r = RenderLookup(429, code,
                                  "Đã tra cứu quá nhiều lần. Vui lòng thử lại sau " +
                                      Minutes(out.retry_after_ms) + " phút.",
                                  nullptr);
        r.Header("Retry-After", RetryAfterSeconds(out.retry_after_ms));
        return r;
      }
      default:
        return RenderLookup(500, code, "Lỗi hệ thống: chưa tra cứu được. Vui lòng thử lại.",
                            nullptr);
    }
  }

  Response ApiSubmit(Request& req) {
    if (!StartsWithNoCase(req.Header("content-type"), "application/json")) {
      return ApiError(415, "", "Cần gửi một đối tượng JSON (Content-Type: application/json).");
    }
    if (req.body.size() > opt_.max_json_bytes) {
      return ApiError(413, "", "Nội dung gửi lên quá lớn.");
    }
    if (!text::IsValidUtf8(req.body)) {
      return ApiError(400, "", "Nội dung không phải văn bản UTF-8.");
    }
    json j = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      return ApiError(400, "", "Nội dung không phải một đối tượng JSON hợp lệ.");
    }
    std::vector<feedback::FieldError> type_errors;
    auto str = [&](const char* key) {
      if (!j.contains(key) || j[key].is_null()) return std::string();
      if (!j[key].is_string()) {
        type_errors.push_back({key, "Giá trị phải là một chuỗi ký tự."});
        return std::string();
      }
      return j[key].get<std::string>();
    };
    feedback::SubmitRequest sr;
    sr.client_ip = req.client_ip;
    sr.idempotency_key = std::string(req.Header("idempotency-key").substr(0, 200));
    feedback::FeedbackInput& in = sr.input;
    in.name = str("name");
    in.address = str("address");
    in.phone = str("phone");
    in.email = str("email");
    in.title = str("title");
    in.content = str("content");
    in.kind = str("kind");
    in.procedure_code = str("procedure_code");
    if (j.contains("consent") && !j["consent"].is_boolean() && !j["consent"].is_null()) {
      type_errors.push_back({"consent", "Giá trị phải là true hoặc false."});
    }
    in.consent = j.contains("consent") && j["consent"].is_boolean() && j["consent"].get<bool>();
    if (!type_errors.empty()) return Response::Json(ApiErrors(type_errors).dump(), 422);

    SubmitOutcome out = svc_.Submit(sr);
    using K = SubmitOutcome::Kind;
    switch (out.kind) {
      case K::kCreated:
      case K::kDuplicate: {
        auto info = svc_.Receipt(out.code, out.receipt_key);
        json body = {{"code", out.code},
                     {"status_url", "/api/v1/feedback/" + out.code},
                     {"lookup_url", "/phan-anh/tra-cuu?ma=" + out.code}};
        if (info.ok() && info->has_value()) {
          body["received_at"] = (*info)->received_at;
          body["received_date"] = (*info)->received_date.ToIso();
          body["answer_due"] = (*info)->answer_due.ToIso();
          body["answer_rule"] = (*info)->answer_rule;
        }
        return Response::Json(body.dump(), out.kind == K::kCreated ? 201 : 200);
      }
      case K::kInvalid:
        return Response::Json(ApiErrors(out.validation.errors).dump(), 422);
      case K::kRateLimited: {
        Response r = ApiError(429, "",
                              "Đã gửi quá nhiều phản ánh trong thời gian ngắn. Vui lòng "
                              "thử lại sau " +
                                  Minutes(out.retry_after_ms) + " phút.");
        r.Header("Retry-After", RetryAfterSeconds(out.retry_after_ms));
        return r;
      }
      case K::kHoneypot:
      case K::kForbidden:
      case K::kTokenExpired:
        return ApiError(400, "", "Yêu cầu không hợp lệ.");
      default:
        return ApiError(503, "", "Hệ thống chưa lưu được phản ánh. Vui lòng thử lại sau.");
    }
  }

  Response ApiStatus(Request& req) {
    LookupOutcome out = svc_.Lookup(req.params["code"], req.Query("phone4"), req.client_ip);
    switch (out.kind) {
      case LookupOutcome::Kind::kFound:
        return Response::Json(StatusJson(out.status).dump());
      case LookupOutcome::Kind::kBadCode:
        return ApiError(400, "code", "Mã số theo dõi chưa đúng (dạng PA-XXXXX-XXXXX).");
      case LookupOutcome::Kind::kBadPhone4:
        return ApiError(400, "phone4", "Cần 4 chữ số cuối của số điện thoại (tham số phone4).");
      case LookupOutcome::Kind::kNotFound:
        return ApiError(404, "code", kNotFoundText);
      case LookupOutcome::Kind::kRateLimited: {
        Response r = ApiError(429, "", "Đã tra cứu quá nhiều lần. Vui lòng thử lại sau.");
        r.Header("Retry-After", RetryAfterSeconds(out.retry_after_ms));
        return r;
      }
      default:
        return ApiError(500, "", "Lỗi hệ thống.");
    }
  }

 private:
  static constexpr const char* kNotFoundText =
      "Không tìm thấy phản ánh khớp với mã số và 4 số cuối điện thoại này. Vui lòng kiểm tra "
      "lại mã trên giấy biên nhận và số điện thoại đã ghi khi gửi.";

  Result<Form> ParseBody(const Request& req) {
    const std::string_view ct = req.Header("content-type");
    if (StartsWithNoCase(ct, "multipart/form-data")) {
      return ParseMultipart(req.body, ct, opt_.form_limits);
    }
    if (StartsWithNoCase(ct, "application/x-www-form-urlencoded")) {
      return ParseUrlEncoded(req.body, opt_.form_limits);
    }
    return Status(Code::kInvalidArgument, "unsupported content type");
  }

  Response BodyError(const Request& req, const Status& st) {
    log::Info("feedback form body refused (" + std::string(CodeName(st.code())) +
              "): " + st.message());
    if (st.code() == Code::kResourceExhausted) {
      return site_.MessagePage(413, "Nội dung gửi lên quá lớn",
                               "Tổng dung lượng tệp đính kèm vượt quá giới hạn. Mỗi tệp không quá "
                               "5 MB, tối đa 3 tệp. Vui lòng quay lại, bỏ bớt hoặc thu nhỏ tệp.");
    }
    return site_.MessagePage(400, "Không đọc được biểu mẫu",
                             "Dữ liệu biểu mẫu gửi lên không đúng định dạng. Vui lòng mở lại biểu "
                             "mẫu và gửi lại.");
  }

  Response Refused(const Request&) {
    return site_.MessagePage(403, "Không gửi được phản ánh",
                             "Biểu mẫu phải được gửi từ trang phản ánh, kiến nghị của Bộ phận Một "
                             "cửa. Vui lòng mở lại biểu mẫu.");
  }

  std::string ReceiptUrl(const std::string& code, const std::string& key) {
    return "/phan-anh/bien-nhan/" + code + "?k=" + key;
  }

  Response RenderForm(int status, const feedback::FeedbackInput& values,
                      const std::vector<feedback::FieldError>& errors,
                      const std::optional<ProcedureChoice>& proc,
                      const std::vector<ProcedureChoice>& suggestions, const std::string& notice,
                      bool files_dropped) {
    json d = site_.BaseData(errors.empty() ? "Gửi phản ánh, kiến nghị"
                                           : "Chưa gửi được: kiểm tra lại · Phản ánh, kiến nghị");
    json f = FeedbackFormView(svc_.options().limits, values, errors, svc_.IssueFormToken(), proc,
                              suggestions);
    for (auto it = f.begin(); it != f.end(); ++it) d[it.key()] = it.value();
    if (!notice.empty()) d["notice"] = notice;
    d["files_dropped"] = files_dropped;
    d["contact_in_page"] = true;
    return site_.RenderPage("feedback_form", d, status);
  }

  Response RenderLookup(int status, const std::string& code, const std::string& error,
                        const feedback::PublicStatus* found) {
    json d = site_.BaseData("Tra cứu phản ánh, kiến nghị");
    d["code"] = code;
    d["error"] = error.empty() ? json(false) : json(error);
    d["found"] = found != nullptr;
    d["s"] = found ? StatusView(*found, found->procedure_code
                                            ? Procedure(catalog_, *found->procedure_code)
                                            : std::nullopt)
                   : json(false);
    return site_.RenderPage("feedback_lookup", d, status);
  }

  Site& site_;
  FeedbackService& svc_;
  const catalog::Catalog& catalog_;
  FeedbackPagesOptions opt_;
};

}  // namespace

void RegisterFeedbackPages(Site& site, FeedbackService& service, const catalog::Catalog& catalog,
                           FeedbackPagesOptions options) {
  auto h = std::make_shared<Handlers>(site, service, catalog, std::move(options));
  Router& r = site.router();
  r.Add("GET", "/phan-anh", Access::kPublic, [h](Request& q) { return h->ShowForm(q); });
  r.Add("POST", "/phan-anh", Access::kPublic, [h](Request& q) { return h->Submit(q); });
  r.Add("GET", "/phan-anh/bien-nhan/{code}", Access::kPublic,
        [h](Request& q) { return h->Receipt(q); });
  r.Add("GET", "/phan-anh/tra-cuu", Access::kPublic, [h](Request& q) { return h->LookupForm(q); });
  r.Add("POST", "/phan-anh/tra-cuu", Access::kPublic, [h](Request& q) { return h->Lookup(q); });
  r.Add("POST", "/api/v1/feedback", Access::kPublic, [h](Request& q) { return h->ApiSubmit(q); });
  r.Add("GET", "/api/v1/feedback/{code}", Access::kPublic,
        [h](Request& q) { return h->ApiStatus(q); });
}

}  // namespace motcua::web

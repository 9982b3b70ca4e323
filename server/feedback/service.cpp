#include "feedback/service.h"

#include <nlohmann/json.hpp>

#include "core/log.h"
#include "crypto/hash.h"
#include "domain/phone.h"
#include "domain/tracking_code.h"
#include "store/feedback_repo.h"
#include "store/migrations.h"

namespace motcua::feedback {

using nlohmann::json;

// Handlers run on many threads; the injected Rng need not be thread-safe.
class FeedbackService::LockedRng final : public Rng {
 public:
  explicit LockedRng(Rng& inner) : inner_(inner) {}
  void Fill(void* buf, size_t n) override {
    std::lock_guard<std::mutex> lock(mu_);
    inner_.Fill(buf, n);
  }

 private:
  Rng& inner_;
  std::mutex mu_;
};

struct FeedbackService::Prepared {
  ValidFeedback value;
  std::vector<StoredFile> stored;  // parallel to value.attachments
};

namespace {

std::string RandomHex(Rng& rng, size_t bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string raw(bytes, '\0');
  rng.Fill(raw.data(), raw.size());
  std::string out;
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

const char* KindKeyOfFile(domain::FileKind k) {
  switch (k) {
    case domain::FileKind::kJpeg:
      return "jpeg";
    case domain::FileKind::kPng:
      return "png";
    case domain::FileKind::kPdf:
      return "pdf";
    default:
      return "";
  }
}

std::optional<Date> ParseIso(const std::string& s) { return Date::Parse(s); }

}  // namespace

FeedbackService::FeedbackService(std::unique_ptr<store::Db> db, const Clock& clock, Rng& rng,
                                 FeedbackOptions options, ProcedureExists procedure_exists,
                                 AttachmentStore files, std::string secret)
    : db_(std::move(db)),
      clock_(clock),
      rng_(std::make_unique<LockedRng>(rng)),
      options_(std::move(options)),
      procedure_exists_(std::move(procedure_exists)),
      files_(std::move(files)),
      secret_(std::move(secret)),
      tokens_(secret_, clock, *rng_, options_.form_token_ttl_ms),
      submit_limiter_(clock, options_.submit_limit),
      lookup_limiter_(clock, options_.lookup_limit) {}

FeedbackService::~FeedbackService() = default;

Result<std::unique_ptr<FeedbackService>> FeedbackService::Open(const std::string& db_path,
                                                               const Clock& clock, Rng& rng,
                                                               FeedbackOptions options,
                                                               ProcedureExists procedure_exists) {
  RETURN_IF_ERROR(domain::ValidateDeadlines(options.deadlines));
  store::DbOptions dbo;  // WAL + synchronous=FULL: a commit is on disk when it returns
  dbo.wal = true;
  dbo.synchronous_full = true;
  ASSIGN_OR_RETURN(std::unique_ptr<store::Db> db, store::Db::Open(db_path, dbo));
  RETURN_IF_ERROR(store::Migrate(*db));
  ASSIGN_OR_RETURN(std::string secret,
                   store::MetaGetOrInsert(*db, "feedback_secret", RandomHex(rng, 32)));
  ASSIGN_OR_RETURN(AttachmentStore files, AttachmentStore::Open(options.attachments_dir));
  ASSIGN_OR_RETURN(std::vector<std::string> names, store::AllAttachmentNames(*db));
  ASSIGN_OR_RETURN(int swept, files.Sweep(std::set<std::string>(names.begin(), names.end())));
  if (swept > 0) {
    log::Warn("feedback: removed " + std::to_string(swept) +
              " attachment file(s) of submissions that never committed");
  }
  return std::unique_ptr<FeedbackService>(
      new FeedbackService(std::move(db), clock, rng, std::move(options),
                          std::move(procedure_exists), std::move(files), std::move(secret)));
}

std::string FeedbackService::IssueFormToken() { return tokens_.Issue(); }

std::string FeedbackService::ReceiptKey(const std::string& code) const {
  return crypto::HmacSha256Hex(secret_, "receipt|" + code).substr(0, 24);
}

std::string FeedbackService::ClientHash(const std::string& client_ip) const {
  return crypto::HmacSha256Hex(secret_, "client|" + client_ip).substr(0, 16);
}

Result<std::optional<std::string>> FeedbackService::ExistingCode(const std::string& token_key) {
  std::lock_guard<std::mutex> lock(db_mu_);
  return store::CodeForFormToken(*db_, token_key);
}

SubmitOutcome FeedbackService::Submit(const SubmitRequest& req) {
  SubmitOutcome out;
  const std::string client = ClientHash(req.client_ip);
  auto finish = [&](SubmitOutcome::Kind k) {
    out.kind = k;
    return out;
  };
  // The echo is needed by every answer that shows the form again.
  out.validation = Validate(req.input, options_.limits, procedure_exists_);

  if (!req.honeypot.empty()) {
    log::Info("feedback: honeypot field filled, refused (client " + client + ")");
    return finish(SubmitOutcome::Kind::kHoneypot);
  }

  // Which one-time key guards this submission against a second record.
  std::string token_key;
  int64_t token_issued_at = 0;
  bool token_expired = false;
  if (req.from_form || !req.form_token.empty()) {
    // A form must carry a token this server signed: it is also the CSRF guard.
    FormTokens::Parsed t = tokens_.Verify(req.form_token);
    if (t.check == FormTokens::Check::kInvalid) {
      log::Info("feedback: missing or invalid form token (client " + client + ")");
      return finish(SubmitOutcome::Kind::kForbidden);
    }
    token_key = "form:" + t.nonce;
    token_issued_at = t.issued_at;
    token_expired = t.check == FormTokens::Check::kExpired;
  } else if (!req.idempotency_key.empty()) {
    token_key =
        "api:" + crypto::HmacSha256Hex(secret_, "idempotency|" + req.idempotency_key).substr(0, 32);
  }

  // A resend of a form (or key) already used: the same receipt, no new record.
  if (!token_key.empty()) {
    auto existing = ExistingCode(token_key);
    if (!existing.ok()) {
      log::Error("feedback: token lookup: " + existing.status().ToString());
      return finish(SubmitOutcome::Kind::kError);
    }
    if (existing->has_value()) {
      out.code = **existing;
      out.receipt_key = ReceiptKey(out.code);
      return finish(SubmitOutcome::Kind::kDuplicate);
    }
  }
  if (token_expired) return finish(SubmitOutcome::Kind::kTokenExpired);

  if (!submit_limiter_.Allowed(req.client_ip)) {
    out.retry_after_ms = submit_limiter_.RetryAfterMs(req.client_ip);
    log::Info("feedback: submission rate limit hit (client " + client + ")");
    return finish(SubmitOutcome::Kind::kRateLimited);
  }
  if (!out.validation.ok()) return finish(SubmitOutcome::Kind::kInvalid);

  // Files first, each fsync'ed with its directory entry, before the commit.
  Prepared p;
  p.value = out.validation.value;
  for (const ValidAttachment& a : p.value.attachments) {
    auto f = files_.Write(a.data, domain::FileKindExtension(a.kind), *rng_);
    if (!f.ok()) {
      log::Error("feedback: attachment write failed: " + f.status().ToString());
      for (const StoredFile& s : p.stored) files_.Remove(s.name);
      return finish(SubmitOutcome::Kind::kError);
    }
    p.stored.push_back(*f);
  }

  bool duplicate = false;
  auto code = Commit(req, p, token_key, token_issued_at, &duplicate);
  if (!code.ok() || duplicate) {
    for (const StoredFile& s : p.stored) files_.Remove(s.name);
    if (!code.ok()) {
      log::Error("feedback: commit failed: " + code.status().ToString());
      return finish(SubmitOutcome::Kind::kError);
    }
  }
  out.code = *code;
  out.receipt_key = ReceiptKey(out.code);
  if (duplicate) return finish(SubmitOutcome::Kind::kDuplicate);
  submit_limiter_.Record(req.client_ip);
  log::Info("feedback " + out.code + " received: kind " + domain::FeedbackKindKey(p.value.kind) +
            ", " + std::to_string(p.stored.size()) + " attachment(s) (client " + client + ")");
  return finish(SubmitOutcome::Kind::kCreated);
}

Result<std::string> FeedbackService::Commit(const SubmitRequest& req, const Prepared& p,
                                            const std::string& token_key, int64_t token_issued_at,
                                            bool* duplicate) {
  const ValidFeedback& v = p.value;
  const int64_t now = clock_.NowUnixMs();
  const Date today = VietnamDateAt(now);
  const domain::FeedbackDueDates due =
      domain::ComputeDueDates(options_.calendar, options_.deadlines, today);

  store::FeedbackRow row;
  row.received_at = now;
  row.received_date = today.ToIso();
  row.boot_id = options_.boot_id;
  row.mono_ms = clock_.MonotonicMs();
  row.channel = domain::FeedbackChannelKey(req.channel);
  row.kind = domain::FeedbackKindKey(v.kind);
  row.title = v.title;
  row.content = v.content;
  row.procedure_code = v.procedure_code;
  row.sender_name = v.name;
  row.sender_address = v.address;
  row.sender_phone = v.phone;
  row.phone_last4 = domain::Last4(v.phone);
  row.sender_email = v.email;
  row.consent = true;
  row.state = domain::FeedbackStateKey(domain::FeedbackState::kReceived);
  row.state_since = row.received_date;
  row.transfer_due = due.transfer.ToIso();
  row.answer_due = due.answer.ToIso();
  row.answer_rule = domain::DescribeDeadline(options_.deadlines.answer);
  row.client_ip_hash = ClientHash(req.client_ip);
  row.updated_at = now;

  std::lock_guard<std::mutex> lock(db_mu_);
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
  if (!token_key.empty()) {
    ASSIGN_OR_RETURN(std::optional<std::string> existing, store::CodeForFormToken(*db_, token_key));
    if (existing) {  // a concurrent resend committed first
      *duplicate = true;
      return *existing;
    }
  }
  // Codes are random: draw again on the (rare) collision.
  int64_t id = 0;
  for (int attempt = 0;; ++attempt) {
    row.code = domain::NewTrackingCode(*rng_);
    auto inserted = store::InsertFeedback(*db_, row);
    if (inserted.ok()) {
      id = *inserted;
      break;
    }
    if (inserted.status().code() != Code::kAlreadyExists || attempt >= 8) {
      return inserted.status();
    }
  }

  json files = json::array();
  for (size_t i = 0; i < p.stored.size(); ++i) {
    store::AttachmentRow a;
    a.feedback_id = id;
    a.stored_name = p.stored[i].name;
    a.original_name = v.attachments[i].original_name;
    a.kind = KindKeyOfFile(v.attachments[i].kind);
    a.size = p.stored[i].size;
    a.sha256 = p.stored[i].sha256;
    a.created_at = now;
    RETURN_IF_ERROR(store::InsertAttachment(*db_, a));
    files.push_back({{"stored_name", a.stored_name},
                     {"original_name", a.original_name},
                     {"kind", a.kind},
                     {"size", a.size},
                     {"sha256", a.sha256}});
  }

  store::FeedbackEventRow ev;
  ev.feedback_id = id;
  ev.at = now;
  ev.on_date = row.received_date;
  ev.state = row.state;
  ev.actor = "system";
  ev.public_note = "Đã tiếp nhận phản ánh, kiến nghị.";
  RETURN_IF_ERROR(store::InsertFeedbackEvent(*db_, ev));

  // The record as the province hub receives it (personal data included: the
  // hub handles and transfers feedback; the sync link is authenticated).
  json payload = {
      {"code", row.code},
      {"received_at", row.received_at},
      {"received_date", row.received_date},
      {"boot_id", row.boot_id},
      {"mono_ms", row.mono_ms},
      {"channel", row.channel},
      {"kind", row.kind},
      {"title", row.title},
      {"content", row.content},
      {"procedure_code", row.procedure_code ? json(*row.procedure_code) : json(nullptr)},
      {"sender",
       {{"name", row.sender_name},
        {"address", row.sender_address},
        {"phone", row.sender_phone},
        {"email", row.sender_email ? json(*row.sender_email) : json(nullptr)}}},
      {"consent", true},
      {"state", row.state},
      {"transfer_due", row.transfer_due},
      {"answer_due", row.answer_due},
      {"answer_rule", row.answer_rule},
      {"attachments", files},
  };
  const std::string payload_json = payload.dump();

  domain::AuditEntry audit;
  audit.at_ms = now;
  audit.actor = "public";
  audit.action = "feedback.receive";
  audit.subject = row.code;
  // No personal data here: the digest binds the stored record to the chain.
  audit.detail_json = json{{"kind", row.kind},
                           {"channel", row.channel},
                           {"attachments", p.stored.size()},
                           {"client", row.client_ip_hash},
                           {"record_sha256", crypto::Sha256Hex(payload_json)}}
                          .dump();
  RETURN_IF_ERROR(store::AppendAudit(*db_, audit).status());
  RETURN_IF_ERROR(store::AppendOutbox(*db_, "feedback.received", payload_json, now).status());
  if (!token_key.empty()) {
    RETURN_IF_ERROR(store::MarkFormTokenUsed(*db_, token_key, token_issued_at, now, id));
  }
  RETURN_IF_ERROR(txn.Commit());
  return row.code;
}

Result<std::optional<ReceiptInfo>> FeedbackService::Receipt(const std::string& code,
                                                            const std::string& receipt_key) {
  auto canonical = domain::NormalizeTrackingCode(code);
  if (!canonical || !crypto::ConstantTimeEquals(receipt_key, ReceiptKey(*canonical))) {
    return std::optional<ReceiptInfo>();
  }
  std::lock_guard<std::mutex> lock(db_mu_);
  ASSIGN_OR_RETURN(std::optional<store::FeedbackRow> row,
                   store::FindFeedbackByCode(*db_, *canonical));
  if (!row) return std::optional<ReceiptInfo>();
  ASSIGN_OR_RETURN(std::vector<store::AttachmentRow> files,
                   store::FeedbackAttachments(*db_, row->id));
  ReceiptInfo r;
  r.code = row->code;
  r.received_at = row->received_at;
  r.received_date = ParseIso(row->received_date).value_or(Date{});
  r.answer_due = ParseIso(row->answer_due).value_or(Date{});
  r.answer_rule = row->answer_rule;
  r.kind = domain::ParseFeedbackKindKey(row->kind).value_or(domain::FeedbackKind::kOtherIssue);
  r.title = row->title;
  r.procedure_code = row->procedure_code;
  r.phone_last4 = row->phone_last4;
  r.attachments = static_cast<int>(files.size());
  return std::optional<ReceiptInfo>(std::move(r));
}

LookupOutcome FeedbackService::Lookup(const std::string& typed_code, const std::string& phone4,
                                      const std::string& client_ip) {
  LookupOutcome out;
  if (!lookup_limiter_.TryAcquire(client_ip)) {
    out.kind = LookupOutcome::Kind::kRateLimited;
    out.retry_after_ms = lookup_limiter_.RetryAfterMs(client_ip);
    log::Info("feedback: lookup rate limit hit (client " + ClientHash(client_ip) + ")");
    return out;
  }
  auto code = domain::NormalizeTrackingCode(typed_code);
  if (!code) {
    out.kind = LookupOutcome::Kind::kBadCode;
    return out;
  }
  if (phone4.size() != 4 || phone4.find_first_not_of("0123456789") != std::string::npos) {
    out.kind = LookupOutcome::Kind::kBadPhone4;
    return out;
  }
  std::lock_guard<std::mutex> lock(db_mu_);
  auto row = store::FindFeedbackByCode(*db_, *code);
  if (!row.ok()) {
    log::Error("feedback lookup: " + row.status().ToString());
    out.kind = LookupOutcome::Kind::kError;
    return out;
  }
  // Unknown code and wrong digits get the same answer (no probing).
  const std::string stored4 = row->has_value() ? (*row)->phone_last4 : std::string("????");
  if (!row->has_value() || !crypto::ConstantTimeEquals(stored4, phone4)) {
    out.kind = LookupOutcome::Kind::kNotFound;
    return out;
  }
  const store::FeedbackRow& f = **row;
  auto events = store::FeedbackEvents(*db_, f.id);
  if (!events.ok()) {
    log::Error("feedback lookup events: " + events.status().ToString());
    out.kind = LookupOutcome::Kind::kError;
    return out;
  }
  PublicStatus& s = out.status;
  s.code = f.code;
  s.kind = domain::ParseFeedbackKindKey(f.kind).value_or(domain::FeedbackKind::kOtherIssue);
  s.procedure_code = f.procedure_code;
  s.received_date = ParseIso(f.received_date).value_or(Date{});
  s.answer_due = ParseIso(f.answer_due).value_or(Date{});
  s.state = domain::ParseFeedbackStateKey(f.state).value_or(domain::FeedbackState::kReceived);
  for (const store::FeedbackEventRow& e : *events) {
    s.history.push_back(
        {ParseIso(e.on_date).value_or(Date{}),
         domain::ParseFeedbackStateKey(e.state).value_or(domain::FeedbackState::kReceived),
         e.public_note});
  }
  if (f.answer && f.answer_published_at) s.answer = f.answer;
  out.kind = LookupOutcome::Kind::kFound;
  return out;
}

Result<int64_t> FeedbackService::VerifyAuditChain() {
  std::lock_guard<std::mutex> lock(db_mu_);
  ASSIGN_OR_RETURN(std::vector<domain::AuditEntry> entries, store::AuditEntries(*db_));
  return domain::VerifyChain(entries);
}

}  // namespace motcua::feedback

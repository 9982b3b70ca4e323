// Login, sessions and password changes (ARCHITECTURE "Security model").
#include "core/log.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "office/office.h"

namespace motcua::office {

namespace {

// Tokens are RandomToken(32): 43 base64url characters. Anything else is not
// ours and is refused before touching the database.
bool LooksLikeToken(const std::string& t) {
  if (t.size() != 43) return false;
  for (char c : t) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// The throttle's key for a typed name: lower-cased, bounded.
std::string AccountKey(const std::string& raw) {
  std::string k = raw.substr(0, 64);
  for (char& c : k) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return k;
}

Session FromRows(const store::SessionRow& s, const store::OfficerRow& o) {
  Session out;
  out.token_hash = s.token_hash;
  out.csrf = s.csrf;
  out.officer_id = o.id;
  out.username = o.username;
  out.full_name = o.full_name;
  out.role = domain::ParseOfficerRoleKey(o.role).value_or(domain::OfficerRole::kCentreCivilServant);
  out.created_at = s.created_at;
  return out;
}

}  // namespace

std::string Office::DummyHash() {
  std::call_once(dummy_once_, [this] {
    auto h = crypto::HashPassword("not-a-password", options_.pbkdf2_iterations, rng_);
    dummy_hash_ = h.ok() ? *h : "";
  });
  return dummy_hash_;
}

LoginOutcome Office::Login(const std::string& username, const std::string& password,
                           const std::string& client_ip) {
  LoginOutcome out;
  const std::string account = AccountKey(username);
  if (int64_t wait = throttle_.RetryAfterMs(account, client_ip); wait > 0) {
    log::Info("login throttled for a client (" + std::to_string(wait / 1000) + " s left)");
    out.kind = LoginOutcome::Kind::kThrottled;
    out.retry_after_ms = wait;
    return out;
  }
  if (!login_slots_.Acquire(options_.login_wait_ms)) {
    out.kind = LoginOutcome::Kind::kBusy;
    return out;
  }
  struct Release {
    ConcurrencyLimit& l;
    ~Release() { l.Release(); }
  } release{login_slots_};

  std::optional<store::OfficerRow> officer;
  auto name = NormalizeUsername(username);
  if (name.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    auto found = store::FindActiveOfficer(*db_, *name);
    if (!found.ok()) {
      log::Error("login: " + found.status().ToString());
      out.kind = LoginOutcome::Kind::kBusy;
      return out;
    }
    officer = *found;
  }
  // An unknown name costs the same PBKDF2 time as a known one, so timing
  // does not tell which part was wrong either.
  const std::string stored = officer ? officer->password : DummyHash();
  const Status verified = crypto::VerifyPassword(password, stored);
  const bool ok = officer && verified.ok();
  Actor actor{officer ? officer->id : 0, officer ? officer->username : "unknown",
              officer ? officer->full_name : "", client_ip};
  if (!ok) {
    throttle_.RecordFailure(account, client_ip);
    std::lock_guard<std::mutex> lock(mu_);
    auto txn = store::Transaction::Begin(*db_);
    if (txn.ok() &&
        Journal(*db_, clock_, actor, "auth.login_failed", officer ? "officer:" + officer->username : "",
                {})
            .ok()) {
      (void)txn->Commit();
    }
    out.kind = LoginOutcome::Kind::kWrong;
    return out;
  }
  throttle_.RecordSuccess(account);

  // Upgrade an old, cheaper hash now that we know the password.
  std::optional<std::string> rehashed;
  if (crypto::NeedsRehash(stored, options_.pbkdf2_iterations)) {
    auto h = crypto::HashPassword(password, options_.pbkdf2_iterations, rng_);
    if (h.ok()) rehashed = *h;
  }
  const std::string token = crypto::RandomToken(rng_);
  store::SessionRow row;
  row.token_hash = crypto::Sha256Hex(token);
  row.officer_id = officer->id;
  row.csrf = crypto::RandomToken(rng_);
  row.created_at = row.last_seen = clock_.NowUnixMs();
  row.client_ip = client_ip;

  std::lock_guard<std::mutex> lock(mu_);
  Status st = [&]() -> Status {
    ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
    if (rehashed) RETURN_IF_ERROR(store::SetOfficerPassword(*db_, officer->id, *rehashed));
    RETURN_IF_ERROR(store::InsertSession(*db_, row));
    RETURN_IF_ERROR(Journal(*db_, clock_, actor, "auth.login", "officer:" + officer->username,
                            {{"rehashed", rehashed.has_value()}}));
    return txn.Commit();
  }();
  if (!st.ok()) {
    log::Error("login: " + st.ToString());
    out.kind = LoginOutcome::Kind::kBusy;
    return out;
  }
  out.kind = LoginOutcome::Kind::kOk;
  out.token = token;
  out.session = FromRows(row, *officer);
  return out;
}

Result<std::optional<Session>> Office::CheckSession(const std::string& token) {
  if (!LooksLikeToken(token)) return std::optional<Session>();
  const std::string hash = crypto::Sha256Hex(token);
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(std::optional<store::SessionRow> s, store::FindSession(*db_, hash));
  if (!s) return std::optional<Session>();
  const int64_t now = clock_.NowUnixMs();
  // A clock that went back before the login (boards have no RTC) ends the
  // session too: its age can no longer be trusted.
  const bool expired = now - s->last_seen > options_.session_idle_ms ||
                       now - s->created_at > options_.session_absolute_ms || now < s->created_at;
  ASSIGN_OR_RETURN(std::optional<store::OfficerRow> o, store::FindOfficerById(*db_, s->officer_id));
  if (expired || !o || !o->active) {
    RETURN_IF_ERROR(store::DeleteSession(*db_, hash));
    return std::optional<Session>();
  }
  if (now - s->last_seen >= options_.session_touch_ms) {
    RETURN_IF_ERROR(store::TouchSession(*db_, hash, now));
  }
  return std::optional<Session>(FromRows(*s, *o));
}

Status Office::Logout(const Session& s, const std::string& client_ip) {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
  RETURN_IF_ERROR(store::DeleteSession(*db_, s.token_hash));
  RETURN_IF_ERROR(Journal(*db_, clock_, s.AsActor(client_ip), "auth.logout", "officer:" + s.username, {}));
  return txn.Commit();
}

Status Office::ChangePassword(const Session& s, const std::string& old_password,
                              const std::string& new_password, const std::string& client_ip) {
  RETURN_IF_ERROR(CheckPasswordRules(new_password));
  std::string stored;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ASSIGN_OR_RETURN(std::optional<store::OfficerRow> o, store::FindOfficerById(*db_, s.officer_id));
    if (!o) return NotFound("officer gone");
    stored = o->password;
  }
  if (!crypto::VerifyPassword(old_password, stored).ok()) {
    return Status(Code::kPermissionDenied, "Mật khẩu hiện tại không đúng.");
  }
  ASSIGN_OR_RETURN(std::string hash,
                   crypto::HashPassword(new_password, options_.pbkdf2_iterations, rng_));
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
  RETURN_IF_ERROR(store::SetOfficerPassword(*db_, s.officer_id, hash));
  // Other sessions (a lost phone) end; this one goes on.
  RETURN_IF_ERROR(store::DeleteOfficerSessions(*db_, s.officer_id, s.token_hash));
  RETURN_IF_ERROR(
      Journal(*db_, clock_, s.AsActor(client_ip), "auth.password_change", "officer:" + s.username, {}));
  return txn.Commit();
}

}  // namespace motcua::office

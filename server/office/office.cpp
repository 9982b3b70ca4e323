#include "office/office.h"

#include "core/log.h"
#include "store/migrations.h"

namespace motcua::office {

Result<std::string> NormalizeUsername(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                    c == '-';
    if (!ok) {
      return InvalidArgument(
          "Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số và các dấu . _ - (3 đến 32 ký tự).");
    }
    out.push_back(c);
  }
  if (out.size() < 3 || out.size() > 32) {
    return InvalidArgument("Tên đăng nhập phải dài từ 3 đến 32 ký tự.");
  }
  return out;
}

Status CheckPasswordRules(std::string_view password) {
  size_t chars = 0;  // characters as typed: UTF-8 lead bytes
  for (char c : password) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (chars < 12) return InvalidArgument("Mật khẩu phải có ít nhất 12 ký tự.");
  if (password.size() > 256) return InvalidArgument("Mật khẩu dài quá 256 ký tự.");
  return Status::Ok();
}

Office::Office(std::unique_ptr<store::Db> db, const Clock& clock, Rng& rng, OfficeOptions options)
    : db_(std::move(db)),
      clock_(clock),
      rng_(rng),
      options_(options),
      throttle_(clock, options.throttle),
      login_slots_(options.max_concurrent_logins) {}

Office::~Office() = default;

Result<std::unique_ptr<Office>> Office::Open(const std::string& db_path, const Clock& clock,
                                             Rng& rng, OfficeOptions options) {
  RETURN_IF_ERROR(domain::ValidateDeadlines(options.deadlines));
  RETURN_IF_ERROR(domain::ValidateCutoff(options.cutoff));
  ASSIGN_OR_RETURN(std::unique_ptr<store::Db> db, store::Db::Open(db_path));
  RETURN_IF_ERROR(store::Migrate(*db));
  ASSIGN_OR_RETURN(int seeded,
                   store::SeedHolidaysOnce(*db, domain::ShippedHolidays(), clock.NowUnixMs()));
  if (seeded > 0) log::Info("holiday table seeded with " + std::to_string(seeded) + " days");
  std::unique_ptr<Office> o(new Office(std::move(db), clock, rng, options));
  {
    std::lock_guard<std::mutex> lock(o->mu_);
    RETURN_IF_ERROR(o->ReloadCalendar());
  }
  return o;
}

}  // namespace motcua::office

// The posting check (niêm yết, seed decision Điều 4.4.b; NĐ 63/2010 Điều 17)
// and the public contact block (seed Điều 4.4.c; NĐ 20/2008 Điều 10).
#include "office/office.h"
#include "store/catalog_repo.h"
#include "text/fold.h"

namespace motcua::office {

namespace {

constexpr const char* kSettingKeys[] = {"contact.centre", "contact.address", "contact.phone",
                                        "contact.email", "contact.hours"};

bool KnownSetting(const std::string& k) {
  for (const char* s : kSettingKeys) {
    if (k == s) return true;
  }
  return false;
}

}  // namespace

Result<std::map<std::string, store::PostingMark>> Office::PostingMarks() {
  std::lock_guard<std::mutex> lock(mu_);
  return store::LoadPostingMarks(*db_);
}

Status Office::MarkPosted(const std::vector<std::string>& codes, const Actor& by) {
  if (codes.empty()) return InvalidArgument("Chưa chọn thủ tục nào.");
  const Date today = clock_.Today();
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
  store::CatalogRepo repo(*db_);
  for (const std::string& code : codes) {
    ASSIGN_OR_RETURN(std::optional<domain::Procedure> p, repo.Get(code));
    if (!p) return InvalidArgument("Không có thủ tục mã " + code + ".");
    // Seed Điều 4.4.b: never post a procedure that is not in force.
    if (!p->InForceOn(today)) {
      return InvalidArgument("Thủ tục " + code + " không còn (hoặc chưa) có hiệu lực ngày " +
                             today.ToVietnamese() + ": không được niêm yết.");
    }
    RETURN_IF_ERROR(store::UpsertPostingMark(
        *db_, {code, today.ToIso(), clock_.NowUnixMs(), by.AuditName()}));
  }
  RETURN_IF_ERROR(Journal(*db_, clock_, by, "posting.mark", "posting", {{"codes", codes}}));
  RETURN_IF_ERROR(QueueForProvince(
      *db_, clock_, "posting.check",
      {{"change", "posted"}, {"on", today.ToIso()}, {"codes", codes}, {"by", by.AuditName()}}));
  return txn.Commit();
}

Status Office::MarkTakenDown(const std::vector<std::string>& codes, const Actor& by) {
  if (codes.empty()) return InvalidArgument("Chưa chọn thủ tục nào.");
  const Date today = clock_.Today();
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
  for (const std::string& code : codes) {
    Status st = store::DeletePostingMark(*db_, code);
    if (st.code() == Code::kNotFound)
      return InvalidArgument("Thủ tục " + code + " không có trong danh sách đang niêm yết.");
    RETURN_IF_ERROR(st);
  }
  RETURN_IF_ERROR(Journal(*db_, clock_, by, "posting.takedown", "posting", {{"codes", codes}}));
  RETURN_IF_ERROR(QueueForProvince(
      *db_, clock_, "posting.check",
      {{"change", "taken_down"}, {"on", today.ToIso()}, {"codes", codes}, {"by", by.AuditName()}}));
  return txn.Commit();
}

Result<std::map<std::string, std::string>> Office::Settings() {
  std::lock_guard<std::mutex> lock(mu_);
  return store::LoadSettings(*db_);
}

Status Office::PutSettings(const std::map<std::string, std::string>& values, const Actor& by) {
  std::map<std::string, std::string> clean;
  for (const auto& [k, v] : values) {
    if (!KnownSetting(k)) return InvalidArgument("unknown setting " + k);
    auto nfc = text::ToNfc(v);
    if (!nfc) return InvalidArgument("Nội dung có ký tự không hợp lệ.");
    std::string s = *nfc;
    const size_t a = s.find_first_not_of(" \t\r\n");
    s = a == std::string::npos ? "" : s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
    if (s.size() > 300) return InvalidArgument("Mỗi dòng thông tin liên hệ tối đa 300 ký tự.");
    if (s.find('\n') != std::string::npos)
      return InvalidArgument("Thông tin liên hệ chỉ gồm một dòng mỗi mục.");
    if (k == "contact.email" && !s.empty() && s.find('@') == std::string::npos)
      return InvalidArgument("Địa chỉ thư điện tử không hợp lệ.");
    clean[k] = s;
  }
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
  const int64_t now = clock_.NowUnixMs();
  for (const auto& [k, v] : clean) RETURN_IF_ERROR(store::PutSetting(*db_, k, v, now, by.AuditName()));
  nlohmann::json detail(clean);
  RETURN_IF_ERROR(Journal(*db_, clock_, by, "contact.change", "settings", detail));
  // The province centre publishes each commune's contact point.
  RETURN_IF_ERROR(QueueForProvince(*db_, clock_, "contact.change", detail));
  return txn.Commit();
}

}  // namespace motcua::office

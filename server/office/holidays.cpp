// The holiday table officers edit; the working-day calendar every deadline
// counts on is rebuilt from it after each change (DOMAIN.md: Tết and Hùng
// Kings' day move every year).
#include "office/office.h"

namespace motcua::office {

Status Office::ReloadCalendar() {
  ASSIGN_OR_RETURN(std::vector<domain::Holiday> table, store::LoadHolidays(*db_));
  calendar_ = std::make_shared<const domain::WorkCalendar>(domain::BuildCalendar(table));
  return Status::Ok();
}

std::shared_ptr<const domain::WorkCalendar> Office::Calendar() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calendar_;
}

Result<std::vector<domain::Holiday>> Office::Holidays() {
  std::lock_guard<std::mutex> lock(mu_);
  return store::LoadHolidays(*db_);
}

Status Office::PutHoliday(const domain::Holiday& h, const Actor& by) {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
  ASSIGN_OR_RETURN(std::vector<domain::Holiday> table, store::LoadHolidays(*db_));
  bool replaced = false;
  for (auto& e : table) {
    if (e.date == h.date) {
      e = h;
      replaced = true;
    }
  }
  if (!replaced) table.push_back(h);
  RETURN_IF_ERROR(domain::ValidateHolidays(table));
  RETURN_IF_ERROR(store::UpsertHoliday(*db_, h, clock_.NowUnixMs(), by.AuditName()));
  RETURN_IF_ERROR(Journal(*db_, clock_, by, replaced ? "holiday.change" : "holiday.add",
                          "holiday:" + h.date.ToIso(),
                          {{"name", h.name},
                           {"kind", domain::HolidayKindKey(h.kind)},
                           {"source", domain::HolidaySourceKey(h.source)}}));
  RETURN_IF_ERROR(txn.Commit());
  return ReloadCalendar();
}

Status Office::RemoveHoliday(const Date& date, const Actor& by) {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
  Status st = store::DeleteHoliday(*db_, date);
  if (st.code() == Code::kNotFound) return NotFound("Không có ngày nghỉ " + date.ToVietnamese() + ".");
  RETURN_IF_ERROR(st);
  RETURN_IF_ERROR(Journal(*db_, clock_, by, "holiday.remove", "holiday:" + date.ToIso(), {}));
  RETURN_IF_ERROR(txn.Commit());
  return ReloadCalendar();
}

}  // namespace motcua::office

#include "web/sync_pages.h"

#include <cstdlib>

namespace motcua::web {

using nlohmann::json;

namespace {

std::string When(int64_t ms) { return ms > 0 ? FormatVietnamTime(ms) : ""; }

// Vietnamese words for each alert kind; the English detail follows.
const char* AlertLabel(const std::string& kind) {
  if (kind == "conflict") return "Trùng số thứ tự nhưng khác nội dung (tỉnh đã từ chối bản này)";
  if (kind == "bundle_signature")
    return "Danh mục nhận được không có chữ ký hợp lệ của tỉnh: không áp dụng";
  if (kind == "bundle_old") return "Danh mục nhận được cũ hơn danh mục đang dùng: không áp dụng";
  if (kind == "bundle") return "Danh mục nhận được bị lỗi: không áp dụng";
  if (kind == "hub_behind") return "Máy chủ tỉnh thiếu dữ liệu đã gửi: đang gửi lại";
  if (kind == "hub_ahead")
    return "Máy chủ tỉnh có nhiều dữ liệu hơn thiết bị (thiết bị được khôi phục từ bản sao lưu?)";
  if (kind == "blob_missing") return "Thiếu tệp đính kèm trên thiết bị";
  if (kind == "inbox") return "Không áp dụng được thông báo từ tỉnh";
  return "Cảnh báo đồng bộ";
}

}  // namespace

// "3 ngày 2 giờ", "5 phút", "12 giây": an offset people can read.
std::string Duration(int64_t ms) {
  int64_t s = std::llabs(ms) / 1000;
  if (s >= 86400) {
    return std::to_string(s / 86400) + " ngày " + std::to_string((s % 86400) / 3600) + " giờ";
  }
  if (s >= 3600)
    return std::to_string(s / 3600) + " giờ " + std::to_string((s % 3600) / 60) + " phút";
  if (s >= 60) return std::to_string(s / 60) + " phút";
  return std::to_string(s) + " giây";
}

json DeviceSyncView(const sync::SyncStatus& s, const Clock& clock) {
  json v;
  v["enabled"] = s.enabled;
  v["device_id"] = s.device_id;
  v["hub"] = s.hub;
  v["last_success"] = When(s.last_success);
  v["never"] = s.last_success == 0;
  v["last_attempt"] = When(s.last_attempt);
  v["failing"] = !s.last_error.empty();
  v["last_error"] = s.last_error;
  v["failures"] = s.failures;
  v["next_attempt"] = When(s.next_attempt);
  v["pending"] = s.pending;
  v["clock_certain"] = s.clock_certain;
  v["clock_offset"] = Duration(s.clock_offset_ms);
  v["clock_behind"] = s.clock_offset_ms > 0;  // the board's own clock is behind the hub's
  v["clock_shifted"] = s.clock_certain && std::llabs(s.clock_offset_ms) >= 60000;
  v["now"] = FormatVietnamTime(clock.NowUnixMs());
  v["bundle_version"] = s.bundle_version;
  v["has_bundle"] = s.bundle_version > 0;
  v["bundle_issued_at"] = When(s.bundle_issued_at);
  json alerts = json::array();
  for (const auto& a : s.alerts) {
    alerts.push_back({{"at", When(a.at)},
                      {"label", AlertLabel(a.kind)},
                      {"detail", a.message},
                      {"seq", a.seq ? std::to_string(*a.seq) : ""}});
  }
  v["alerts"] = alerts;
  v["has_alerts"] = !alerts.empty();
  return v;
}

void RegisterDeviceSyncPages(OfficeWeb& office, sync::DeviceSync* device, sync::SyncWorker* worker,
                             const sync::OffsetClock& clock) {
  Router& r = office.site().router();
  office.AddNavItem({"/can-bo/dong-bo", "Đồng bộ"});
  // Deadlines and dates come from this clock: say so on every page while
  // the hub has not confirmed it (boards have no real-time clock).
  if (device) office.SetClockUncertain([&clock] { return !clock.certain(); });
  r.Add("GET", "/can-bo/dong-bo", Access::kOfficer, [&office, device, &clock](Request& req) {
    json d = office.Base(req, "Đồng bộ với tỉnh", "/can-bo/dong-bo");
    sync::SyncStatus s = device ? device->GetStatus() : sync::SyncStatus();
    s.clock_certain = clock.certain();
    s.clock_offset_ms = clock.offset();
    d["sync"] = DeviceSyncView(s, clock);
    d["queued"] = req.Query("da-yeu-cau") == "1";
    return office.Page(req, "sync_status", d);
  });
  r.Add("POST", "/can-bo/dong-bo", Access::kOfficer, [worker](Request&) {
    if (worker) worker->SyncNow();
    return Response::Redirect("/can-bo/dong-bo?da-yeu-cau=1");
  });
  r.Add("GET", "/api/v1/sync/status", Access::kOfficer, [device, &clock](Request&) {
    sync::SyncStatus s = device ? device->GetStatus() : sync::SyncStatus();
    json j = {{"enabled", s.enabled},
              {"pending", s.pending},
              {"last_success", s.last_success},
              {"last_error", s.last_error},
              {"clock_certain", clock.certain()},
              {"clock_offset_ms", clock.offset()},
              {"bundle_version", s.bundle_version},
              {"alerts", s.alerts.size()}};
    return Response::Json(j.dump());
  });
}

}  // namespace motcua::web

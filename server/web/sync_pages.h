// Officers' pages for sync, inside the back office's layout and behind its
// login (Access::kOfficer, CSRF on POST). On a device: /can-bo/dong-bo shows
// the link to the hub (last contact, entries waiting, clock, bundle, alerts)
// with a "sync now" button. On the hub: /can-bo/tinh/... lists communes with
// their devices, feedback across the province (overdue first), the report
// summed over communes, and bundles with procedure lists per commune.
#pragma once

#include "core/clock.h"
#include "sync/clock.h"
#include "sync/device.h"
#include "sync/hub.h"
#include "sync/worker.h"
#include "web/office_web.h"

namespace motcua::web {

// `device` and `worker` are null when this board does not sync: the page
// then says so.
void RegisterDeviceSyncPages(OfficeWeb& office, sync::DeviceSync* device,
                             sync::SyncWorker* worker, const sync::OffsetClock& clock);

// Also replaces the officers' navigation bar with the hub's.
void RegisterHubPages(OfficeWeb& office, sync::Hub& hub);

// View model of the device page (tests check every template key is set).
// "3 ngày 2 giờ", "5 phút", "12 giây": a duration (or clock offset) people can read.
std::string Duration(int64_t ms);

nlohmann::json DeviceSyncView(const sync::SyncStatus& s, const Clock& clock);

}  // namespace motcua::web

// Officers' pages for sync. On a device: /can-bo/dong-bo shows the link to
// the hub (last contact, entries waiting, clock, bundle, alerts) with a
// "sync now" button. On the hub: /tinh/... lists communes, feedback across
// the province, the summed report and bundle versions. All behind the
// officer gate (Access::kOfficer).
#pragma once

#include "core/clock.h"
#include "sync/clock.h"
#include "sync/device.h"
#include "sync/hub.h"
#include "sync/worker.h"
#include "web/site.h"

namespace motcua::web {

// `device` and `worker` are null when this board does not sync: the page
// then says so.
void RegisterDeviceSyncPages(Site& site, sync::DeviceSync* device, sync::SyncWorker* worker,
                             const sync::OffsetClock& clock);

void RegisterHubPages(Site& site, sync::Hub& hub);

// View model of the device page (tests check every template key is set).
nlohmann::json DeviceSyncView(const sync::SyncStatus& s, const Clock& clock);

}  // namespace motcua::web

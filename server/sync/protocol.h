// The hub's device-facing endpoints (served on their own listener, see
// web/sync_api.h). Bodies are JSON unless noted; every request is signed
// (wire.h) and every response carries the hub's time.
//
//  POST /sync/v1/hello   {"boot_id","device_time","clock_offset_ms"|null,"pending",
//                         "catalogue_version","bundle_version","alerts","app_version"}
//                     -> {"hub_time","acked","bundle_version","inbox_last"}
//  POST /sync/v1/push    zlib of {"boot_id","sent_at","boot_offsets":{boot:ms},
//                         "entries":[{"seq","kind","created_at","boot_id","corrected",
//                                     "payload","blobs":[sha256...]}]}
//                     -> {"hub_time","acked","stored","duplicates","conflicts":[seq],
//                         "missing_blobs":[sha256]}; 409 when "conflicts" is not empty
//  GET  /sync/v1/bundle  -> the signed bundle (bundle.h), zlib; 204 when none
//  GET  /sync/v1/inbox?after=ID -> {"hub_time","messages":[{"id","kind","payload"}]}
//  PUT  /sync/v1/blob/<sha256>  raw file bytes -> {"hub_time","stored":true}
// Refusals: 401 {"error"} (unknown device, bad signature, or "stale_nonce"
// with "last_nonce" once the signature is good), 403 revoked, 400/413 bad body.
#pragma once

namespace motcua::sync {

inline constexpr char kPathHello[] = "/sync/v1/hello";
inline constexpr char kPathPush[] = "/sync/v1/push";
inline constexpr char kPathBundle[] = "/sync/v1/bundle";
inline constexpr char kPathInbox[] = "/sync/v1/inbox";
inline constexpr char kPathBlobPrefix[] = "/sync/v1/blob/";

}  // namespace motcua::sync

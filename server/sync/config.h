// Sync settings, read from the same config file as everything else: keys
// starting with "sync_" (a commune device) or "hub_" (the province hub).
// Defaults and their consequences are given beside each field.
#pragma once

#include <string>

#include "core/status.h"

namespace motcua::sync {

struct SyncConfig {
  // ---- device (commune board); sync is off while `hub` is empty ----
  // sync_hub: "https://hub.example.vn:8443". "http://" only with
  // sync_plain_http = yes and a loopback host (tests).
  std::string hub;
  std::string device_id;      // sync_device_id: as `motcua hub device add` printed
  std::string device_secret;  // sync_device_secret: the HMAC key shared with the hub
  // sync_province_key_file: the province's public key (PEM); bundles signed
  // by anything else are refused.
  std::string province_key_file;
  // sync_hub_cert_file: the hub's certificate (or its CA), PEM, pinned: no
  // other certificate is accepted, the system CA store is never used.
  std::string hub_cert_file;
  // sync_hub_server_name: checked against the certificate's names; empty =
  // the pin alone decides (a self-signed hub reached by address).
  std::string hub_server_name;
  bool plain_http = false;  // sync_plain_http
  int interval_s = 300;     // sync_interval_s: between rounds while all goes well
  // sync_backoff_min_ms / sync_backoff_max_ms: after a failed round the wait
  // doubles from min up to max, each drawn in [half, full] (jitter) so 75
  // communes coming back online at once do not hit the hub together.
  int backoff_min_ms = 5000;
  int backoff_max_ms = 15 * 60 * 1000;
  int batch_entries = 500;            // sync_batch_entries: entries per push
  int batch_bytes = 2 * 1024 * 1024;  // sync_batch_bytes: raw JSON per push (before zlib)
  int timeout_ms = 60000;             // sync_timeout_ms: connect, and each read/write

  // ---- hub (province centre), used by `motcua hub` ----
  bool hub_mode = false;  // set by the command, not the file
  // hub_listen: where devices connect (HTTPS unless hub_plain_http).
  std::string hub_listen = "0.0.0.0:8443";
  bool hub_plain_http = false;  // hub_plain_http: loopback tests only
  // hub_url: the address printed for devices by `motcua hub device add`.
  std::string hub_url;
  // hub_key_file: the province's private signing key (`motcua hub key
  // generate`); empty = <data_dir>/province-key.pem.
  std::string hub_key_file;
  // hub_tls_cert_file / hub_tls_key_file: the hub's TLS certificate and key,
  // made on first start when missing; empty = <data_dir>/hub-cert.pem, -key.pem.
  std::string hub_tls_cert_file;
  std::string hub_tls_key_file;
  // hub_tls_names: comma list of DNS names and addresses the certificate
  // names (devices that check a name need theirs here).
  std::string hub_tls_names = "localhost,127.0.0.1";
};

// Applies one "sync_*" or "hub_*" setting; `where` prefixes errors.
// kNotFound when the key is not a sync key.
Status ApplySyncSetting(const std::string& key, const std::string& value, const std::string& where,
                        SyncConfig* c);
// Cross-field checks (a device needs its id, secret, keys; plain HTTP only
// for loopback).
Status ValidateSyncConfig(const SyncConfig& c);

struct HubAddress {
  bool tls = true;
  std::string host;
  int port = 443;
};
// "https://host[:port][/]" or "http://host[:port][/]".
Result<HubAddress> ParseHubUrl(const std::string& url);
// 127.0.0.0/8, ::1 or "localhost".
bool IsLoopbackName(const std::string& host);

}  // namespace motcua::sync

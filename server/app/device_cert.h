// The device certificate for the officers' HTTPS (issue 4, item 8): the
// configured files if the config names them, otherwise a self-signed ECDSA
// P-256 certificate made with mbedTLS at first start and kept in data_dir,
// so its fingerprint stays the same across restarts.
#pragma once

#include <string>

#include "app/config.h"
#include "core/clock.h"
#include "core/status.h"

namespace motcua::app {

struct DeviceCert {
  std::string cert_pem;
  std::string key_pem;
  std::string cert_path;
  std::string fingerprint;  // SHA-256, "AB:CD:..."
  bool created = false;     // made just now
};

// Reads config.tls_cert / config.tls_key when set; otherwise reads
// data_dir/tls/device-cert.pem and device-key.pem, making them (key file
// mode 0600) when missing.
Result<DeviceCert> LoadOrMakeDeviceCert(const Config& config, const Clock& clock, Rng& rng);

}  // namespace motcua::app

// systemd's notify protocol (sd_notify(3)), without libsystemd: one datagram
// to the socket named by $NOTIFY_SOCKET. With no such variable it does nothing.
#pragma once

#include <cstdint>
#include <string>

namespace motcua {

// Sends `state` ("READY=1", "WATCHDOG=1", "STOPPING=1", "STATUS=...").
// Returns false if NOTIFY_SOCKET is unset or the send failed.
bool SdNotify(const std::string& state);

// The watchdog interval systemd asked for ($WATCHDOG_USEC, honouring
// $WATCHDOG_PID), in milliseconds; 0 when there is none.
int64_t SdWatchdogIntervalMs();

}  // namespace motcua

// The address a citizen's phone uses to reach this counter over its Wi-Fi,
// for QR codes. Configured as public_url; otherwise derived from the listen
// address at start.
#pragma once

#include <string>
#include <vector>

namespace motcua::web {

struct NetInterface {
  std::string name;  // "wlan0", "eth0", "lo"
  std::string ipv4;  // "192.168.4.1"
  bool loopback = false;
};

// "http://HOST[:PORT]" for `listen` ("HOST:PORT", several comma-separated:
// the first counts). A wildcard host (0.0.0.0, ::) takes the address of an
// interface: Wi-Fi first (names starting "wl"), then any other non-loopback
// one. Empty when no phone could use the result: a loopback host, port 0, or
// no usable interface. Port 80 is left out.
std::string PublicUrlFor(const std::string& listen, const std::vector<NetInterface>& interfaces);

// The machine's IPv4 interfaces that are up.
std::vector<NetInterface> ListInterfaces();

// PublicUrlFor(listen, ListInterfaces()).
std::string DefaultPublicUrl(const std::string& listen);

}  // namespace motcua::web

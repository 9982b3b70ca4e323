#include "web/public_url.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

namespace motcua::web {

std::string PublicUrlFor(const std::string& listen, const std::vector<NetInterface>& interfaces) {
  std::string first = listen.substr(0, listen.find(','));
  const size_t colon = first.rfind(':');
  if (colon == std::string::npos) return "";
  std::string host = first.substr(0, colon);
  const std::string port = first.substr(colon + 1);
  if (port.empty() || port == "0") return "";
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.rfind("127.", 0) == 0 || host == "localhost" || host == "::1") return "";
  if (host.empty() || host == "0.0.0.0" || host == "::" || host == "*") {
    host.clear();
    for (int pass = 0; pass < 2 && host.empty(); ++pass) {
      for (const NetInterface& i : interfaces) {
        if (i.loopback || i.ipv4.empty()) continue;
        if (pass == 0 && i.name.rfind("wl", 0) != 0) continue;  // Wi-Fi first
        host = i.ipv4;
        break;
      }
    }
    if (host.empty()) return "";
  }
  if (host.find(':') != std::string::npos) host = "[" + host + "]";  // IPv6 literal
  return "http://" + host + (port == "80" ? "" : ":" + port);
}

std::vector<NetInterface> ListInterfaces() {
  std::vector<NetInterface> out;
  struct ifaddrs* all = nullptr;
  if (getifaddrs(&all) != 0) return out;
  for (struct ifaddrs* i = all; i; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !(i->ifa_flags & IFF_UP)) continue;
    char buf[INET_ADDRSTRLEN];
    const auto* sin = reinterpret_cast<const struct sockaddr_in*>(i->ifa_addr);
    if (!inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf)) continue;
    out.push_back({i->ifa_name, buf, (i->ifa_flags & IFF_LOOPBACK) != 0});
  }
  freeifaddrs(all);
  return out;
}

std::string DefaultPublicUrl(const std::string& listen) {
  return PublicUrlFor(listen, ListInterfaces());
}

}  // namespace motcua::web

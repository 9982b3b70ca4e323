#include "sync/config.h"

namespace motcua::sync {

namespace {

Status Bad(const std::string& where, const std::string& key, const std::string& why) {
  return InvalidArgument(where + ": " + key + ": " + why);
}

Status Int(const std::string& v, int lo, int hi, const std::string& where, const std::string& key,
           int* out) {
  if (v.empty() || v.size() > 10) return Bad(where, key, "expected a whole number");
  long long n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return Bad(where, key, "expected a whole number, got '" + v + "'");
    n = n * 10 + (c - '0');
  }
  if (n < lo || n > hi) {
    return Bad(where, key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  *out = static_cast<int>(n);
  return Status::Ok();
}

Status Bool(const std::string& v, const std::string& where, const std::string& key, bool* out) {
  if (v == "yes" || v == "true" || v == "1" || v == "on") {
    *out = true;
  } else if (v == "no" || v == "false" || v == "0" || v == "off") {
    *out = false;
  } else {
    return Bad(where, key, "expected yes or no");
  }
  return Status::Ok();
}

}  // namespace

Status ApplySyncSetting(const std::string& key, const std::string& v, const std::string& where,
                        SyncConfig* c) {
  if (key == "sync_hub") {
    if (!v.empty()) {
      auto a = ParseHubUrl(v);
      if (!a.ok()) return Bad(where, key, a.status().message());
    }
    c->hub = v;
  } else if (key == "sync_device_id") {
    c->device_id = v;
  } else if (key == "sync_device_secret") {
    if (!v.empty() && v.size() < 32) return Bad(where, key, "too short (at least 32 characters)");
    c->device_secret = v;
  } else if (key == "sync_province_key_file") {
    c->province_key_file = v;
  } else if (key == "sync_hub_cert_file") {
    c->hub_cert_file = v;
  } else if (key == "sync_hub_server_name") {
    c->hub_server_name = v;
  } else if (key == "sync_plain_http") {
    return Bool(v, where, key, &c->plain_http);
  } else if (key == "sync_interval_s") {
    return Int(v, 1, 86400, where, key, &c->interval_s);
  } else if (key == "sync_backoff_min_ms") {
    return Int(v, 10, 3600000, where, key, &c->backoff_min_ms);
  } else if (key == "sync_backoff_max_ms") {
    return Int(v, 10, 86400000, where, key, &c->backoff_max_ms);
  } else if (key == "sync_batch_entries") {
    return Int(v, 1, 5000, where, key, &c->batch_entries);
  } else if (key == "sync_batch_bytes") {
    return Int(v, 1024, 8 * 1024 * 1024, where, key, &c->batch_bytes);
  } else if (key == "sync_timeout_ms") {
    return Int(v, 100, 600000, where, key, &c->timeout_ms);
  } else if (key == "hub_listen") {
    const size_t colon = v.rfind(':');
    int port = 0;
    if (colon == std::string::npos || colon == 0) return Bad(where, key, "expected HOST:PORT");
    RETURN_IF_ERROR(Int(v.substr(colon + 1), 0, 65535, where, key, &port));
    c->hub_listen = v;
  } else if (key == "hub_plain_http") {
    return Bool(v, where, key, &c->hub_plain_http);
  } else if (key == "hub_url") {
    if (!v.empty()) {
      auto a = ParseHubUrl(v);
      if (!a.ok()) return Bad(where, key, a.status().message());
    }
    c->hub_url = v;
  } else if (key == "hub_key_file") {
    c->hub_key_file = v;
  } else if (key == "hub_tls_cert_file") {
    c->hub_tls_cert_file = v;
  } else if (key == "hub_tls_key_file") {
    c->hub_tls_key_file = v;
  } else if (key == "hub_tls_names") {
    c->hub_tls_names = v;
  } else {
    return Status(Code::kNotFound, where + ": " + key + ": unknown key");
  }
  return Status::Ok();
}

Status ValidateSyncConfig(const SyncConfig& c) {
  if (c.hub_mode) {
    if (c.hub_plain_http) {
      const std::string host = c.hub_listen.substr(0, c.hub_listen.rfind(':'));
      if (!IsLoopbackName(host)) {
        return InvalidArgument("hub_plain_http: allowed only on a loopback hub_listen (tests)");
      }
    }
    return Status::Ok();
  }
  if (c.hub.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(HubAddress a, ParseHubUrl(c.hub));
  if (c.device_id.empty() || c.device_secret.empty()) {
    return InvalidArgument("sync_hub is set: sync_device_id and sync_device_secret are needed");
  }
  if (c.province_key_file.empty()) {
    return InvalidArgument(
        "sync_hub is set: sync_province_key_file is needed (bundles are "
        "checked against the province's key)");
  }
  if (a.tls && c.hub_cert_file.empty()) {
    return InvalidArgument(
        "sync_hub is https: sync_hub_cert_file (the pinned hub "
        "certificate) is needed");
  }
  if (!a.tls && !(c.plain_http && IsLoopbackName(a.host))) {
    return InvalidArgument(
        "sync_hub is plain http: allowed only with sync_plain_http = yes "
        "and a loopback hub (tests)");
  }
  if (c.backoff_min_ms > c.backoff_max_ms) {
    return InvalidArgument("sync_backoff_min_ms must not exceed sync_backoff_max_ms");
  }
  return Status::Ok();
}

Result<HubAddress> ParseHubUrl(const std::string& url) {
  HubAddress a;
  std::string rest;
  if (url.rfind("https://", 0) == 0) {
    a.tls = true;
    a.port = 443;
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    a.tls = false;
    a.port = 80;
    rest = url.substr(7);
  } else {
    return InvalidArgument("expected https://HOST[:PORT]");
  }
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.empty() || rest.find('/') != std::string::npos) {
    return InvalidArgument("expected https://HOST[:PORT] without a path");
  }
  const size_t colon = rest.rfind(':');
  if (colon != std::string::npos && rest.find(']') == std::string::npos) {
    const std::string p = rest.substr(colon + 1);
    if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) {
      return InvalidArgument("bad port in " + url);
    }
    a.port = std::stoi(p);
    if (a.port < 1 || a.port > 65535) return InvalidArgument("bad port in " + url);
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) return InvalidArgument("no host in " + url);
  a.host = rest;
  return a;
}

bool IsLoopbackName(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

}  // namespace motcua::sync

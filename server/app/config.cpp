#include "app/config.h"

#include <fstream>
#include <sstream>

#include "domain/procedure.h"
#include "text/fold.h"

namespace motcua::app {

namespace {

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

Status Bad(const std::string& where, const std::string& key, const std::string& why) {
  return InvalidArgument(where + ": " + key + ": " + why);
}

Status ParseInt(const std::string& v, int lo, int hi, const std::string& where,
                const std::string& key, int* out) {
  if (v.empty() || v.size() > 10) return Bad(where, key, "expected a whole number");
  long long n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return Bad(where, key, "expected a whole number, got '" + v + "'");
    n = n * 10 + (c - '0');
  }
  if (n < lo || n > hi)
    return Bad(where, key,
               "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  *out = static_cast<int>(n);
  return Status::Ok();
}

Status CheckListen(const std::string& v, const std::string& where, const std::string& key) {
  size_t colon = v.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= v.size())
    return Bad(where, key, "expected HOST:PORT, e.g. 127.0.0.1:8080");
  int port = 0;
  return ParseInt(v.substr(colon + 1), 0, 65535, where, key, &port);
}

// "5 working", "20 calendar"; deadline_publish also takes "none".
Status ParseDeadline(const std::string& v, const std::string& where, const std::string& key,
                     Config* c) {
  if (key == "deadline_publish" && (v == "none" || v.empty())) {
    c->deadlines.publish.reset();
    return Status::Ok();
  }
  size_t sp = v.find(' ');
  const std::string unit = sp == std::string::npos ? "" : Trim(v.substr(sp + 1));
  if (unit != "working" && unit != "calendar")
    return Bad(where, key, "expected 'N working' or 'N calendar' (days)");
  domain::DeadlineRule rule;
  rule.working_days = unit == "working";
  RETURN_IF_ERROR(ParseInt(v.substr(0, sp), 0, domain::kMaxDeadlineDays, where, key, &rule.days));
  if (key == "deadline_clarification") c->deadlines.clarification = rule;
  if (key == "deadline_publish") c->deadlines.publish = rule;
  return Status::Ok();
}

}  // namespace

Status ApplySetting(const std::string& key, const std::string& value, const std::string& where,
                    Config* c) {
  if (!text::IsValidUtf8(value)) return Bad(where, key, "value is not valid UTF-8");
  const std::string v = text::ToNfc(value).value_or(value);
  if (key == "listen") {
    RETURN_IF_ERROR(CheckListen(v, where, key));
    c->listen = v;
  } else if (key == "https_listen") {
    if (!v.empty()) RETURN_IF_ERROR(CheckListen(v, where, key));
    c->https_listen = v;
  } else if (key == "threads") {
    return ParseInt(v, 2, 256, where, key, &c->threads);
  } else if (key == "keep_alive_ms") {
    return ParseInt(v, 0, 600000, where, key, &c->keep_alive_ms);
  } else if (key == "request_timeout_ms") {
    return ParseInt(v, 100, 600000, where, key, &c->request_timeout_ms);
  } else if (key == "public_front") {
    if (v != "on" && v != "off") return Bad(where, key, "expected on or off");
    c->public_front = v == "on";
  } else if (key == "max_connections") {
    return ParseInt(v, 4, 4096, where, key, &c->max_connections);
  } else if (key == "max_connections_per_ip") {
    return ParseInt(v, 1, 4096, where, key, &c->max_connections_per_ip);
  } else if (key == "db") {
    if (v.empty()) return Bad(where, key, "must not be empty");
    c->db = v;
  } else if (key == "data_dir") {
    if (v.empty()) return Bad(where, key, "must not be empty");
    c->data_dir = v;
  } else if (key == "templates_dir") {
    c->templates_dir = v;
  } else if (key == "static_dir") {
    c->static_dir = v;
  } else if (key == "public_levels") {
    if (domain::ParseLevelKeys(v) == 0)
      return Bad(where, key, "expected a comma list of xa, tinh, bo, khac, huyen or all");
    c->public_levels = v;
  } else if (key == "page_cache_kib") {
    return ParseInt(v, 0, 1 << 20, where, key, &c->page_cache_kib);
  } else if (key == "db_cache_kib") {
    return ParseInt(v, 64, 1 << 20, where, key, &c->db_cache_kib);
  } else if (key == "malloc_arena_max") {
    return ParseInt(v, 0, 64, where, key, &c->malloc_arena_max);
  } else if (key == "pbkdf2_iterations") {
    return ParseInt(v, 10000, 10000000, where, key, &c->pbkdf2_iterations);
  } else if (key == "tls_cert") {
    c->tls_cert = v;
  } else if (key == "tls_key") {
    c->tls_key = v;
  } else if (key == "session_idle_minutes") {
    return ParseInt(v, 1, 24 * 60, where, key, &c->session_idle_minutes);
  } else if (key == "session_absolute_hours") {
    return ParseInt(v, 1, 24 * 30, where, key, &c->session_absolute_hours);
  } else if (key == "deadline_clarification" || key == "deadline_publish") {
    return ParseDeadline(v, where, key, c);
  } else if (key == "due_soon_days") {
    return ParseInt(v, 0, 30, where, key, &c->deadlines.due_soon_working_days);
  } else if (key == "report_cutoff_day") {
    return ParseInt(v, 1, 31, where, key, &c->report_cutoff_day);
  } else if (key == "kiosk_idle_seconds") {
    return ParseInt(v, 5, 3600, where, key, &c->kiosk_idle_seconds);
  } else if (key == "log_level") {
    if (v != "debug" && v != "info" && v != "warn" && v != "error")
      return Bad(where, key, "expected debug, info, warn or error");
    c->log_level = v;
  } else if (key == "feedback_rate_limit") {
    return ParseInt(v, 0, 100000, where, key, &c->feedback.rate_limit);
  } else if (key == "feedback_rate_window_s") {
    return ParseInt(v, 1, 86400, where, key, &c->feedback.rate_window_s);
  } else if (key == "lookup_rate_limit") {
    return ParseInt(v, 0, 100000, where, key, &c->feedback.lookup_limit);
  } else if (key == "lookup_rate_window_s") {
    return ParseInt(v, 1, 86400, where, key, &c->feedback.lookup_window_s);
  } else if (key == "feedback_answer_days") {
    return ParseInt(v, 1, 365, where, key, &c->feedback.answer_days);
  } else if (key == "feedback_answer_day_kind") {
    if (v != "working" && v != "calendar")
      return Bad(where, key, "expected working or calendar");
    c->feedback.answer_working_days = v == "working";
  } else if (key == "feedback_transfer_days") {
    return ParseInt(v, 1, 365, where, key, &c->feedback.transfer_days);
  } else if (key == "commune") {
    c->site.commune = v;
  } else if (key == "province") {
    c->site.province = v;
  } else if (key == "centre") {
    c->site.centre = v;
  } else if (key == "contact_address") {
    c->site.address = v;
  } else if (key == "contact_phone") {
    c->site.phone = v;
  } else if (key == "contact_email") {
    if (!v.empty() && v.find('@') == std::string::npos)
      return Bad(where, key, "not an e-mail address");
    c->site.email = v;
  } else if (key == "public_url") {
    if (!v.empty() && v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0)
      return Bad(where, key, "expected an address starting with http:// or https://");
    c->site.public_url = v;
    while (!c->site.public_url.empty() && c->site.public_url.back() == '/')
      c->site.public_url.pop_back();
  } else if (key == "hours") {
    c->site.hours = v;
  } else if (key.rfind("sync_", 0) == 0 || key.rfind("hub_", 0) == 0) {
    return sync::ApplySyncSetting(key, v, where, &c->sync);
  } else {
    return Bad(where, key, "unknown key");
  }
  return Status::Ok();
}

Status LoadConfigFile(const std::string& path, Config* cfg) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path + ": cannot open the config file");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseConfigText(text.str(), path, cfg);
}

Status ParseConfigText(std::string_view text, const std::string& name, Config* cfg) {
  int n = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string line(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++n;
    const std::string where = name + ":" + std::to_string(n);
    if (n == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line = line.substr(3);  // BOM
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    size_t eq = t.find('=');
    if (eq == std::string::npos)
      return InvalidArgument(where + ": expected 'key = value', got '" + t + "'");
    std::string key = Trim(t.substr(0, eq));
    std::string value = Trim(t.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    if (key.empty()) return InvalidArgument(where + ": missing key before '='");
    RETURN_IF_ERROR(ApplySetting(key, value, where, cfg));
  }
  return Status::Ok();
}

domain::FeedbackDeadlines FeedbackDeadlinesOf(const Config& cfg) {
  domain::FeedbackDeadlines d = cfg.deadlines;
  d.answer = {cfg.feedback.answer_days, cfg.feedback.answer_working_days};
  d.transfer = {cfg.feedback.transfer_days, true};
  return d;
}

Status ValidateConfig(const Config& c) {
  const bool any_port = c.listen.size() > 2 && c.listen.compare(c.listen.size() - 2, 2, ":0") == 0;
  if (!c.https_listen.empty() && c.https_listen == c.listen && !any_port)
    return InvalidArgument("listen and https_listen must differ");
  if (c.tls_cert.empty() != c.tls_key.empty())
    return InvalidArgument("tls_cert and tls_key must be set together");
  if (Status st = domain::ValidateDeadlines(FeedbackDeadlinesOf(c)); !st.ok())
    return InvalidArgument("deadlines: " + st.message());
  return sync::ValidateSyncConfig(c.sync);
}

}  // namespace motcua::app

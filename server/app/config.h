// The program's settings: defaults here, overridden by a config file
// ("key = value" lines, '#' comments) and then by command-line flags.
// Every value is checked at start; an error names the file, line and key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "domain/feedback.h"
#include "sync/config.h"
#include "web/site.h"

namespace motcua::app {

struct Config {
  // HTTP listener, "HOST:PORT". Default loopback; a board sets 0.0.0.0:80.
  std::string listen = "127.0.0.1:8080";
  // HTTPS listener for officers (the mbedTLS front); empty = off.
  std::string https_listen;
  // civetweb worker threads. The public front (net/front.h) hands them only
  // complete requests, so slow or idle clients never hold one.
  int threads = 8;
  // How long a client connection may wait for its next request.
  int keep_alive_ms = 2000;
  // A request head must arrive within this; its body gets more by length.
  int request_timeout_ms = 10000;
  // The public front before civetweb: "on", or "off" to let civetweb own
  // `listen` (then each slow client pins a worker: docs/slow-clients.md).
  bool public_front = true;
  // Client connections at once, and from one address (a browser opens ~6).
  int max_connections = 128;
  int max_connections_per_ip = 16;
  // The SQLite file. Its folder is created if missing.
  std::string db = "data/motcua.db";
  // Attachments, backups and the device certificate live here.
  std::string data_dir = "data";
  // Where templates/ and static/ are; empty = found next to the program.
  std::string templates_dir;
  std::string static_dir;
  // Levels the public list shows: "xa" (commune), "tinh", "bo", "khac", "all".
  std::string public_levels = "xa";
  // Bytes of rendered pages kept in memory.
  int page_cache_kib = 4096;
  // SQLite page cache per connection.
  int db_cache_kib = 2048;
  // glibc malloc arenas (0 = glibc default). 2 halves memory under load.
  int malloc_arena_max = 2;
  // Officer password hashing cost (PBKDF2-HMAC-SHA256). 100,000 takes ~0.1 s
  // on one x86 core and several times that on a 1 GHz Cortex-A53
  // (crypto/password.h has the measurements); a login holds a worker that long.
  int pbkdf2_iterations = 100000;
  // HTTPS certificate and key (PEM files). Empty: a self-signed ECDSA P-256
  // certificate is made at first start in data_dir/tls/ (motcua --show-cert).
  std::string tls_cert;
  std::string tls_key;
  // Officer sessions end after this long without a request, and this long
  // after login whatever happens.
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  // The other feedback time limits, "N working" or "N calendar" days
  // (deadline_clarification, deadline_publish or "none"), and the due-soon
  // window (due_soon_days). Answer and transfer limits are in `feedback`.
  domain::FeedbackDeadlines deadlines;
  // Report periods end on this day of March, June, September and December
  // (NĐ 09/2019: 14; 31 gives calendar quarters).
  int report_cutoff_day = 14;
  // Kiosk idle timeout before the screen returns home and clears forms
  // (5..3600; a countdown shows for the last 10 s).
  int kiosk_idle_seconds = 90;
  std::string log_level = "info";
  // Citizen feedback (PAKN). Abuse limits per client address, and the answer
  // deadline promised on the receipt (NĐ 20/2008; provinces set 7-10 working
  // days) plus the 5-working-day transfer limit.
  struct Feedback {
    int rate_limit = 10;        // records a client may create per window (0 = off)
    int rate_window_s = 600;
    int lookup_limit = 30;      // status lookups a client may make per window (0 = off)
    int lookup_window_s = 600;
    int answer_days = 10;
    bool answer_working_days = true;  // false: calendar days
    int transfer_days = 5;
  } feedback;
  // The counter's identity and the public contact block (NĐ 20/2008 Điều 10),
  // and public_url: the counter's Wi-Fi address for QR codes (empty: derived
  // from `listen` at start; a board with 0.0.0.0 uses its Wi-Fi interface).
  web::SiteInfo site;
  // Sync with the province hub ("sync_*" keys) and hub mode ("hub_*").
  sync::SyncConfig sync;
};

// Applies "key = value" lines from `path` on top of `cfg`.
Status LoadConfigFile(const std::string& path, Config* cfg);
// The same from text already read; `name` prefixes errors ("motcua.conf:7").
Status ParseConfigText(std::string_view text, const std::string& name, Config* cfg);
// Applies one setting; `where` prefixes errors ("motcua.conf:12").
Status ApplySetting(const std::string& key, const std::string& value, const std::string& where,
                    Config* cfg);
// Every feedback time limit: `deadlines` with the answer and transfer limits
// of `feedback` filled in.
domain::FeedbackDeadlines FeedbackDeadlinesOf(const Config& cfg);
// Cross-field checks after everything is applied.
Status ValidateConfig(const Config& cfg);

}  // namespace motcua::app

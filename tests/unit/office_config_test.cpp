// The back office's configuration keys.
#include <doctest/doctest.h>

#include "app/config.h"

using namespace motcua;  // NOLINT: test file

TEST_CASE("back office config keys: deadlines, sessions, certificate, report cut-off") {
  app::Config c;
  CHECK(app::ApplySetting("deadline_clarification", "7 calendar", "t", &c).ok());
  CHECK(c.deadlines.clarification == domain::DeadlineRule{7, false});
  CHECK(app::ApplySetting("deadline_publish", "3 working", "t", &c).ok());
  CHECK(c.deadlines.publish == std::optional<domain::DeadlineRule>(domain::DeadlineRule{3, true}));
  CHECK(app::ApplySetting("deadline_publish", "none", "t", &c).ok());
  CHECK_FALSE(c.deadlines.publish.has_value());
  Status bad = app::ApplySetting("deadline_clarification", "7", "motcua.conf:3", &c);
  CHECK(bad.message() == "motcua.conf:3: deadline_clarification: expected 'N working' or 'N calendar' (days)");
  CHECK(app::ApplySetting("due_soon_days", "3", "t", &c).ok());
  CHECK(app::ApplySetting("report_cutoff_day", "31", "t", &c).ok());
  CHECK_FALSE(app::ApplySetting("report_cutoff_day", "32", "t", &c).ok());
  CHECK(app::ApplySetting("session_idle_minutes", "15", "t", &c).ok());
  CHECK_FALSE(app::ApplySetting("session_idle_minutes", "0", "t", &c).ok());

  // The answer and transfer limits come from the intake's keys: one source.
  CHECK(app::ApplySetting("feedback_answer_days", "7", "t", &c).ok());
  const domain::FeedbackDeadlines d = app::FeedbackDeadlinesOf(c);
  CHECK(d.answer == domain::DeadlineRule{7, true});
  CHECK(d.transfer == domain::DeadlineRule{5, true});
  CHECK(d.due_soon_working_days == 3);

  CHECK(app::ApplySetting("tls_cert", "/etc/motcua/cert.pem", "t", &c).ok());
  CHECK(app::ValidateConfig(c).message() == "tls_cert and tls_key must be set together");
  CHECK(app::ApplySetting("tls_key", "/etc/motcua/key.pem", "t", &c).ok());
  CHECK(app::ValidateConfig(c).ok());
  // Both on "any free port" is allowed (tests); the same fixed port is not.
  c.listen = c.https_listen = "127.0.0.1:0";
  CHECK(app::ValidateConfig(c).ok());
  c.listen = c.https_listen = "0.0.0.0:443";
  CHECK_FALSE(app::ValidateConfig(c).ok());
}

#include "sync/hub_views.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "sync/communes.h"
#include "sync/messages.h"

namespace motcua::sync {

using nlohmann::json;

namespace {

// The clock that runs in `state` (domain/report.h counts pending the same way).
std::optional<Date> RunningDue(const domain::FeedbackSummary& s, domain::FeedbackState state) {
  using S = domain::FeedbackState;
  switch (state) {
    case S::kReceived:
      return s.due.transfer;
    case S::kInProgress:
    case S::kNeedsClarification:
    case S::kParked:
      return s.due.answer;
    default:
      return std::nullopt;
  }
}

}  // namespace

Result<std::optional<ProvinceFeedback>> FindProvinceFeedback(store::Db& db, const Date& today,
                                                             const std::string& commune,
                                                             const std::string& device,
                                                             const std::string& code) {
  ASSIGN_OR_RETURN(std::vector<ProvinceFeedback> items, LoadProvinceFeedback(db, today, commune));
  for (ProvinceFeedback& f : items) {
    if (f.device_id == device && f.summary.code == code) return std::optional(std::move(f));
  }
  return std::optional<ProvinceFeedback>();
}

Result<std::vector<SentAction>> LoadSentActions(store::Db& db, const std::string& commune,
                                                const std::string& code) {
  std::vector<SentAction> out;
  std::map<int64_t, size_t> index;
  {
    ASSIGN_OR_RETURN(store::Statement st,
                     db.Prepare("SELECT id, created_at, payload_json FROM hub_messages "
                                "WHERE commune = ? AND kind = ? AND "
                                "json_extract(payload_json, '$.code') = ? ORDER BY id"));
    st.Bind(1, commune).Bind(2, kMessageFeedbackAction).Bind(3, code);
    for (;;) {
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      SentAction a;
      a.id = st.Int(0);
      a.created_at = st.Int(1);
      a.payload_json = st.Text(2);
      index[a.id] = out.size();
      out.push_back(std::move(a));
    }
  }
  if (out.empty()) return out;
  ASSIGN_OR_RETURN(store::Statement st,
                   db.Prepare("SELECT e.device_id, json_extract(e.payload_json, '$.message'), "
                              "json_extract(e.payload_json, '$.ok'), "
                              "json_extract(e.payload_json, '$.error'), e.received_at "
                              "FROM hub_entries e JOIN hub_devices d ON d.id = e.device_id "
                              "WHERE e.kind = ? AND d.commune = ? ORDER BY e.device_id, e.seq"));
  st.Bind(1, kEntryInboxResult).Bind(2, commune);
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    auto it = index.find(st.OptInt(1).value_or(0));
    if (it == index.end()) continue;
    SentAction& a = out[it->second];
    if (a.state == SentAction::State::kApplied) continue;
    const bool ok = st.OptInt(2).value_or(0) != 0;
    a.state = ok ? SentAction::State::kApplied : SentAction::State::kRefused;
    a.error = ok ? "" : st.OptText(3).value_or("");
    a.device_id = st.Text(0);
    a.answered_at = st.Int(4);
  }
  return out;
}

Result<std::vector<ProvinceFeedback>> LoadProvinceFeedback(store::Db& db, const Date& today,
                                                           const std::string& commune) {
  // Keyed by device and tracking code: codes are unique per device.
  std::map<std::pair<std::string, std::string>, ProvinceFeedback> by_key;
  {
    ASSIGN_OR_RETURN(
        store::Statement st,
        db.Prepare("SELECT e.device_id, d.commune, json_extract(e.payload_json, '$.code'), "
                   "json_extract(e.payload_json, '$.received_date'), "
                   "json_extract(e.payload_json, '$.channel'), "
                   "json_extract(e.payload_json, '$.kind'), "
                   "json_extract(e.payload_json, '$.title'), "
                   "json_extract(e.payload_json, '$.transfer_due'), "
                   "json_extract(e.payload_json, '$.answer_due') "
                   "FROM hub_entries e JOIN hub_devices d ON d.id = e.device_id "
                   "WHERE e.kind = 'feedback.received' AND (?1 = '' OR d.commune = ?1)"));
    st.Bind(1, commune);
    for (;;) {
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      ProvinceFeedback f;
      f.device_id = st.Text(0);
      f.commune = st.Text(1);
      f.summary.code = st.OptText(2).value_or("");
      auto received = Date::Parse(st.OptText(3).value_or(""));
      auto channel = domain::ParseFeedbackChannelKey(st.OptText(4).value_or(""));
      auto kind = domain::ParseFeedbackKindKey(st.OptText(5).value_or(""));
      f.title = st.OptText(6).value_or("");
      auto transfer = Date::Parse(st.OptText(7).value_or(""));
      auto answer = Date::Parse(st.OptText(8).value_or(""));
      // A record the hub cannot read is not counted: an alert-worthy bug, not data.
      if (f.summary.code.empty() || !received || !channel || !kind || !transfer || !answer)
        continue;
      f.summary.received = *received;
      f.summary.channel = *channel;
      f.summary.kind = *kind;
      f.summary.due = {*transfer, *answer};
      by_key.emplace(std::make_pair(f.device_id, f.summary.code), std::move(f));
    }
  }
  {
    // Status changes in the order the device made them.
    ASSIGN_OR_RETURN(store::Statement st,
                     db.Prepare("SELECT device_id, json_extract(payload_json, '$.code'), "
                                "json_extract(payload_json, '$.on'), "
                                "json_extract(payload_json, '$.action'), "
                                "json_extract(payload_json, '$.to'), "
                                "json_extract(payload_json, '$.outcome') "
                                "FROM hub_entries WHERE kind = 'feedback.status' "
                                "ORDER BY device_id, seq"));
    for (;;) {
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      auto it = by_key.find({st.Text(0), st.OptText(1).value_or("")});
      if (it == by_key.end()) continue;  // its receipt has not arrived (yet)
      ProvinceFeedback& f = it->second;
      auto on = Date::Parse(st.OptText(2).value_or(""));
      auto action = domain::ParseFeedbackActionKey(st.OptText(3).value_or(""));
      auto to = domain::ParseFeedbackStateKey(st.OptText(4).value_or(""));
      if (!on || !action || !to) {
        f.history_ok = false;
        if (to) f.state = *to;
        continue;
      }
      domain::StateChange c;
      c.on = *on;
      c.action = *action;
      c.to = *to;
      if (auto o = st.OptText(5)) c.outcome = domain::ParseOutcomeKey(*o);
      f.summary.history.push_back(c);
      f.state = *to;
    }
  }
  std::vector<ProvinceFeedback> out;
  out.reserve(by_key.size());
  for (auto& [key, f] : by_key) {
    if (f.history_ok)
      f.history_ok = domain::ValidateHistory(f.summary.received, f.summary.history).ok();
    f.due = RunningDue(f.summary, f.state);
    f.overdue = f.due && today > *f.due;
    out.push_back(std::move(f));
  }
  auto rank = [](const ProvinceFeedback& f) { return f.overdue ? 0 : f.due ? 1 : 2; };
  std::stable_sort(
      out.begin(), out.end(), [&](const ProvinceFeedback& a, const ProvinceFeedback& b) {
        const int ra = rank(a), rb = rank(b);
        if (ra != rb) return ra < rb;
        if (ra < 2 && *a.due != *b.due) return *a.due < *b.due;
        if (a.summary.received != b.summary.received)
          return b.summary.received < a.summary.received;
        return std::tie(a.commune, a.summary.code) < std::tie(b.commune, b.summary.code);
      });
  return out;
}

Result<ProvinceReport> BuildProvinceReport(const std::vector<ProvinceFeedback>& items,
                                           const domain::ReportPeriod& period, const Date& today) {
  const Date as_of = today < period.to ? today : period.to;
  ProvinceReport out;
  std::vector<domain::FeedbackSummary> all;
  std::map<std::string, std::vector<domain::FeedbackSummary>> by_commune;
  for (const Commune& c : SonLaCommunes()) by_commune[c.code];
  for (const ProvinceFeedback& f : items) {
    if (!f.history_ok) {
      ++out.left_out;
      continue;
    }
    all.push_back(f.summary);
    by_commune[f.commune].push_back(f.summary);
  }
  ASSIGN_OR_RETURN(out.total, domain::BuildFeedbackReport(all, period, as_of));
  RETURN_IF_ERROR(domain::CheckInvariants(out.total));
  for (const Commune& c : SonLaCommunes()) {
    ASSIGN_OR_RETURN(domain::FeedbackReport r,
                     domain::BuildFeedbackReport(by_commune[c.code], period, as_of));
    RETURN_IF_ERROR(domain::CheckInvariants(r));
    out.communes.emplace_back(c.code, std::move(r));
  }
  return out;
}

Result<std::vector<CommuneOverview>> LoadCommunes(store::Db& db, const Date& today) {
  std::map<std::string, CommuneOverview> by_code;
  for (const Commune& c : SonLaCommunes()) {
    CommuneOverview& o = by_code[c.code];
    o.code = c.code;
    o.name = c.FullName();
  }
  std::map<std::string, int64_t> entries;
  {
    ASSIGN_OR_RETURN(store::Statement st,
                     db.Prepare("SELECT device_id, COUNT(*) FROM hub_entries GROUP BY device_id"));
    for (;;) {
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      entries[st.Text(0)] = st.Int(1);
    }
  }
  {
    ASSIGN_OR_RETURN(store::Statement st, db.Prepare(std::string("SELECT ") + kDeviceColumns +
                                                     " FROM hub_devices ORDER BY commune, id"));
    for (;;) {
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      DeviceRecord d = ReadDevice(st);
      d.secret.clear();  // the secret stays out of every view
      auto it = by_code.find(d.commune);
      if (it == by_code.end()) continue;
      it->second.entries += entries[d.id];
      it->second.devices.push_back(std::move(d));
    }
  }
  {
    ASSIGN_OR_RETURN(store::Statement st,
                     db.Prepare("SELECT commune, version, issued_at, content_hash, "
                                "catalogue_version, procedures FROM hub_bundles"));
    for (;;) {
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      auto it = by_code.find(st.Text(0));
      if (it == by_code.end()) continue;
      StoredBundle b;
      b.commune = st.Text(0);
      b.version = st.Int(1);
      b.issued_at = st.Int(2);
      b.content_hash = st.Text(3);
      b.catalogue_version = st.Int(4);
      b.procedures = st.Int(5);
      it->second.bundle = std::move(b);
    }
  }
  ASSIGN_OR_RETURN(std::vector<ProvinceFeedback> fb, LoadProvinceFeedback(db, today));
  for (const ProvinceFeedback& f : fb) {
    auto it = by_code.find(f.commune);
    if (it == by_code.end()) continue;
    ++it->second.feedback;
    if (f.due) ++it->second.feedback_pending;
    if (f.overdue) ++it->second.feedback_overdue;
  }
  std::vector<CommuneOverview> out;
  for (const Commune& c : SonLaCommunes()) out.push_back(std::move(by_code[c.code]));
  return out;
}

Result<std::vector<BundleProcedure>> LoadBundleProcedures(store::Db& db,
                                                          const std::string& commune) {
  std::vector<BundleProcedure> out;
  {
    ASSIGN_OR_RETURN(store::Statement st,
                     db.Prepare("SELECT signed FROM hub_bundles WHERE commune = ?"));
    st.Bind(1, commune);
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) return out;
    // Layout (bundle.h): magic line, signature line, JSON. The hub made and
    // signed it itself, so it is read here without checking the signature.
    const std::string file = st.Text(0);
    const size_t first = file.find('\n');
    const size_t second = first == std::string::npos ? first : file.find('\n', first + 1);
    if (second == std::string::npos) return Corrupt("bundle for " + commune + " is malformed");
    json j = json::parse(file.substr(second + 1), nullptr, false);
    if (j.is_discarded() || !j.contains("procedures") || !j["procedures"].is_array())
      return Corrupt("bundle for " + commune + " is malformed");
    for (const json& p : j["procedures"]) {
      BundleProcedure b;
      b.code = p.value("code", "");
      b.name = p.value("name", "");
      b.status = p.value("status", "in_force");
      out.push_back(std::move(b));
    }
  }
  // The newest posting check per procedure, from every device of the commune.
  std::map<std::string, std::pair<std::string, std::string>> posting;
  {
    ASSIGN_OR_RETURN(store::Statement st,
                     db.Prepare("SELECT e.payload_json FROM hub_entries e "
                                "JOIN hub_devices d ON d.id = e.device_id "
                                "WHERE e.kind = 'posting.check' AND d.commune = ? "
                                "ORDER BY COALESCE(e.hub_time, e.created_at), e.seq"));
    st.Bind(1, commune);
    for (;;) {
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      json j = json::parse(st.Text(0), nullptr, false);
      if (j.is_discarded() || !j.contains("codes") || !j["codes"].is_array()) continue;
      for (const json& c : j["codes"]) {
        if (c.is_string())
          posting[c.get<std::string>()] = {j.value("change", ""), j.value("on", "")};
      }
    }
  }
  for (BundleProcedure& b : out) {
    auto it = posting.find(b.code);
    if (it == posting.end()) continue;
    b.posting = it->second.first;
    b.posting_on = it->second.second;
  }
  return out;
}

}  // namespace motcua::sync

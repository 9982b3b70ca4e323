// The periodic report (seed decision Điều 5.3; NĐ 63/2010 Điều 35; TT
// 01/2020/TT-VPCP): feedback indicators from the stored histories, procedure
// counts from the catalogue and the posting marks.
#include "office/office.h"
#include "store/catalog_repo.h"

namespace motcua::office {

namespace {

Result<domain::FeedbackSummary> ToSummary(const store::ReportRow& r) {
  domain::FeedbackSummary s;
  s.code = r.code;
  auto received = Date::Parse(r.received_date);
  auto channel = domain::ParseFeedbackChannelKey(r.channel);
  auto kind = domain::ParseFeedbackKindKey(r.kind);
  auto transfer = Date::Parse(r.transfer_due);
  auto answer = Date::Parse(r.answer_due);
  if (!received || !channel || !kind || !transfer || !answer)
    return Corrupt("Phản ánh " + r.code + " có dữ liệu không đọc được.");
  s.received = *received;
  s.channel = *channel;
  s.kind = *kind;
  s.due = {*transfer, *answer};
  for (const auto& e : r.events) {
    domain::StateChange c;
    auto on = Date::Parse(e.on_date);
    auto action = domain::ParseFeedbackActionKey(e.action);
    auto to = domain::ParseFeedbackStateKey(e.state);
    if (!on || !action || !to) return Corrupt("Phản ánh " + r.code + " có lịch sử không đọc được.");
    c.on = *on;
    c.action = *action;
    c.to = *to;
    if (e.outcome) c.outcome = domain::ParseOutcomeKey(*e.outcome);
    s.history.push_back(c);
  }
  return s;
}

const char* LevelKey(uint32_t bit) {
  switch (bit) {
    case domain::kLevelCommune: return "xa";
    case domain::kLevelProvince: return "tinh";
    case domain::kLevelCentral: return "bo";
    default: return "khac";
  }
}

}  // namespace

Result<OfficeReport> Office::Report(const domain::ReportPeriod& period, uint32_t public_levels) {
  const Date today = clock_.Today();
  const Date as_of = today < period.to ? today : period.to;
  std::lock_guard<std::mutex> lock(mu_);
  OfficeReport out;

  ASSIGN_OR_RETURN(std::vector<store::ReportRow> rows, store::LoadReportRows(*db_));
  std::vector<domain::FeedbackSummary> items;
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(domain::FeedbackSummary s, ToSummary(r));
    items.push_back(std::move(s));
  }
  ASSIGN_OR_RETURN(out.feedback, domain::BuildFeedbackReport(items, period, as_of));

  store::CatalogRepo repo(*db_);
  ASSIGN_OR_RETURN(std::vector<store::ProcedureSummary> procs, repo.LoadSummaries());
  ASSIGN_OR_RETURN(auto updated, store::ProcedureUpdateTimes(*db_));
  ASSIGN_OR_RETURN(auto marks, store::LoadPostingMarks(*db_));
  ProcedureCounts& pc = out.procedures;
  for (const char* k : {"xa", "tinh", "bo", "khac"}) pc.by_level[k] = 0;
  for (const auto& p : procs) {
    if (p.InForceOn(as_of)) {
      ++pc.in_force;
      for (uint32_t bit : {domain::kLevelCommune, domain::kLevelProvince, domain::kLevelCentral,
                           domain::kLevelOther}) {
        if (p.levels & bit) ++pc.by_level[LevelKey(bit)];
      }
      if (p.effective_from && period.Contains(*p.effective_from)) ++pc.new_in_period;
    } else if (p.status != domain::PostingStatus::kInForce) {
      // When it stopped applying: the day after its last day in force, or
      // (no date published) the day the catalogue learnt of it [I].
      std::optional<Date> ended;
      if (p.effective_until) {
        ended = p.effective_until->AddDays(1);
      } else if (auto it = updated.find(p.code); it != updated.end()) {
        ended = VietnamDateAt(it->second);
      }
      if (ended && period.Contains(*ended) && *ended <= as_of) {
        if (p.status == domain::PostingStatus::kAbolished) {
          ++pc.abolished_in_period;
        } else {
          ++pc.amended_replaced_in_period;
        }
      }
    }
    // The posting check is about today's counter.
    const bool marked = marks.count(p.code) > 0;
    if (p.InForceOn(today) && (p.levels & public_levels)) {
      ++pc.public_in_force;
      ++(marked ? pc.posted : pc.not_posted);
    } else if (marked && !p.InForceOn(today)) {
      ++pc.posted_not_in_force;
    }
  }

  ASSIGN_OR_RETURN(std::vector<domain::AuditEntry> audit, store::AuditEntries(*db_));
  out.audit_entries = static_cast<int64_t>(audit.size());
  out.audit_last_hash = audit.empty() ? std::string(domain::kGenesisHash) : audit.back().hash;
  return out;
}

}  // namespace motcua::office

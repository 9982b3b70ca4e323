#include "store/feedback_office_repo.h"

#include <unordered_map>

namespace motcua::store {

Result<std::vector<FeedbackListRow>> ListFeedback(Db& db, bool include_archived) {
  ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare(std::string("SELECT id, code, received_date, channel, kind, title, sender_name, "
                             "state, state_since, class, transfer_due, answer_due FROM feedback ") +
                 (include_archived ? "" : "WHERE state <> 'archived' ") +
                 "ORDER BY received_at, id"));
  std::vector<FeedbackListRow> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    FeedbackListRow r;
    r.id = st.Int(0);
    r.code = st.Text(1);
    r.received_date = st.Text(2);
    r.channel = st.Text(3);
    r.kind = st.Text(4);
    r.title = st.Text(5);
    r.sender_name = st.Text(6);
    r.state = st.Text(7);
    r.state_since = st.Text(8);
    r.klass = st.Text(9);
    r.transfer_due = st.Text(10);
    r.answer_due = st.Text(11);
    out.push_back(std::move(r));
  }
  return out;
}

Status UpdateFeedbackState(Db& db, const FeedbackStateUpdate& u) {
  ASSIGN_OR_RETURN(
      Statement st,
      db.Prepare("UPDATE feedback SET state = ?, state_since = ?, class = COALESCE(?, class), "
                 "answer = COALESCE(?, answer), "
                 "answer_published_at = COALESCE(?, answer_published_at), updated_at = ? "
                 "WHERE id = ? AND state = ?"));
  st.Bind(1, u.to_state).Bind(2, u.state_since).Bind(3, u.klass).Bind(4, u.answer);
  if (u.published_at) {
    st.Bind(5, *u.published_at);
  } else {
    st.BindNull(5);
  }
  st.Bind(6, u.updated_at).Bind(7, u.id).Bind(8, u.from_state);
  RETURN_IF_ERROR(st.Run());
  if (db.Changes() == 0) return Conflict("feedback " + std::to_string(u.id) + " changed meanwhile");
  return Status::Ok();
}

Result<std::vector<ReportRow>> LoadReportRows(Db& db) {
  ASSIGN_OR_RETURN(Statement f, db.Prepare("SELECT id, code, received_date, channel, kind, "
                                           "transfer_due, answer_due FROM feedback ORDER BY id"));
  std::vector<ReportRow> out;
  std::unordered_map<int64_t, size_t> index;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, f.Step());
    if (!row) break;
    index[f.Int(0)] = out.size();
    out.push_back({f.Text(1), f.Text(2), f.Text(3), f.Text(4), f.Text(5), f.Text(6), {}});
  }
  ASSIGN_OR_RETURN(Statement e, db.Prepare("SELECT feedback_id, on_date, action, state, outcome "
                                           "FROM feedback_events WHERE action IS NOT NULL "
                                           "ORDER BY feedback_id, id"));
  for (;;) {
    ASSIGN_OR_RETURN(bool row, e.Step());
    if (!row) break;
    auto it = index.find(e.Int(0));
    if (it == index.end()) continue;
    out[it->second].events.push_back({e.Text(1), e.Text(2), e.Text(3), e.OptText(4)});
  }
  return out;
}

}  // namespace motcua::store

// The feedback workflow (NĐ 20/2008 as amended): the inbox, one feedback's
// record, and the officers' actions through the one state machine.
#include <algorithm>

#include "crypto/hash.h"
#include "office/office.h"
#include "text/fold.h"

namespace motcua::office {

namespace {

Date ParseOr(const std::string& iso, const Date& fallback) {
  auto d = Date::Parse(iso);
  return d ? *d : fallback;
}

// The clock that runs in `state`, judged on the due dates fixed at receipt
// for the transfer and answer clocks (a later change of holidays or
// configuration never moves a promise already made to the sender).
domain::DeadlineFlags Flags(const domain::WorkCalendar& cal, const domain::FeedbackDeadlines& cfg,
                            const std::string& received_iso, domain::FeedbackState state,
                            const std::string& since_iso, const std::string& transfer_due,
                            const std::string& answer_due, const Date& today) {
  const Date received = ParseOr(received_iso, today);
  const Date since = ParseOr(since_iso, received);
  domain::DeadlineFlags f = domain::CurrentDeadline(cal, cfg, received, state, since, today);
  if (f.clock == domain::DeadlineClock::kTransfer) {
    if (auto d = Date::Parse(transfer_due))
      f = domain::EvaluateDeadline(cal, f.clock, *d, today, cfg.due_soon_working_days);
  } else if (f.clock == domain::DeadlineClock::kAnswer) {
    if (auto d = Date::Parse(answer_due))
      f = domain::EvaluateDeadline(cal, f.clock, *d, today, cfg.due_soon_working_days);
  }
  return f;
}

// What the sender reads on lookup for each step (NĐ 20/2008: the sender is
// told when feedback is not accepted and why, and where it was transferred).
std::string PublicNote(const domain::ActionInput& in) {
  using A = domain::FeedbackAction;
  switch (in.action) {
    case A::kAcceptForHandling:
      return "Phản ánh, kiến nghị thuộc thẩm quyền của xã và đang được xem xét, xử lý.";
    case A::kRejectNotAccepted:
      return "Không tiếp nhận. Lý do: " + in.reason +
             " Ông/bà có thể gửi lại phản ánh, kiến nghị sau khi bổ sung đủ nội dung.";
    case A::kTransferOfficialsBehaviour:
    case A::kTransferOutsideCompetence:
      return "Đã chuyển đến " + in.target_body + " để xem xét, xử lý theo thẩm quyền.";
    case A::kAskClarification:
      return "Đề nghị ông/bà làm rõ: " + in.reason;
    case A::kClarificationReceived:
      return "Đã nhận nội dung làm rõ; tiếp tục xử lý.";
    case A::kPark:
      return "Tạm dừng xử lý: chưa đủ căn cứ. " + in.reason;
    case A::kResume:
      return "Tiếp tục xử lý.";
    case A::kResolve:
      return "Đã có kết quả xử lý; kết quả sẽ được công khai.";
    case A::kPublishAnswer:
      return "Đã công khai kết quả xử lý.";
    case A::kArchive:
      return "Đã lưu trữ hồ sơ.";
  }
  return "";
}

Status CheckLength(const std::string& s, size_t max, const char* what) {
  if (s.size() > max) return InvalidArgument(std::string(what) + " quá dài.");
  if (!text::IsValidUtf8(s)) return InvalidArgument(std::string(what) + " có ký tự không hợp lệ.");
  return Status::Ok();
}

}  // namespace

Result<std::vector<InboxItem>> Office::Inbox(const InboxQuery& q) {
  const Date today = clock_.Today();
  std::lock_guard<std::mutex> lock(mu_);
  const bool archived = q.state == domain::FeedbackState::kArchived;
  ASSIGN_OR_RETURN(std::vector<store::FeedbackListRow> rows, store::ListFeedback(*db_, archived));
  std::vector<InboxItem> out;
  for (auto& r : rows) {
    InboxItem it;
    auto state = domain::ParseFeedbackStateKey(r.state);
    auto kind = domain::ParseFeedbackKindKey(r.kind);
    if (!state || !kind) return Corrupt("feedback " + r.code + ": unknown state or kind");
    it.state = *state;
    it.kind = *kind;
    if (q.state && it.state != *q.state) continue;
    if (q.kind && it.kind != *q.kind) continue;
    it.flags = Flags(*calendar_, options_.deadlines, r.received_date, it.state, r.state_since,
                     r.transfer_due, r.answer_due, today);
    if (q.due == InboxQuery::Due::kOverdue && !it.flags.overdue) continue;
    if (q.due == InboxQuery::Due::kDueSoon &&
        (it.flags.overdue || !(it.flags.due_soon || it.flags.due_today)))
      continue;
    it.row = std::move(r);
    out.push_back(std::move(it));
  }
  // Overdue first, then by the due date of the running clock (none last),
  // then by receipt.
  std::stable_sort(out.begin(), out.end(), [](const InboxItem& a, const InboxItem& b) {
    const bool ra = a.flags.clock != domain::DeadlineClock::kNone;
    const bool rb = b.flags.clock != domain::DeadlineClock::kNone;
    if (a.flags.overdue != b.flags.overdue) return a.flags.overdue;
    if (ra != rb) return ra;
    if (ra && a.flags.due != b.flags.due) return a.flags.due < b.flags.due;
    return false;
  });
  return out;
}

Result<std::optional<FeedbackDetail>> Office::Feedback(const std::string& code) {
  const Date today = clock_.Today();
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(std::optional<store::FeedbackRow> row, store::FindFeedbackByCode(*db_, code));
  if (!row) return std::optional<FeedbackDetail>();
  FeedbackDetail d;
  auto state = domain::ParseFeedbackStateKey(row->state);
  if (!state) return Corrupt("feedback " + code + ": unknown state " + row->state);
  d.state = *state;
  ASSIGN_OR_RETURN(d.attachments, store::FeedbackAttachments(*db_, row->id));
  ASSIGN_OR_RETURN(d.events, store::FeedbackEvents(*db_, row->id));
  d.flags = Flags(*calendar_, options_.deadlines, row->received_date, d.state, row->state_since,
                  row->transfer_due, row->answer_due, today);
  d.actions = domain::AllowedActions(d.state);
  d.row = std::move(*row);
  return std::optional<FeedbackDetail>(std::move(d));
}

Result<domain::FeedbackState> Office::Act(const std::string& code, const domain::ActionInput& in,
                                          const Actor& by, const ActOptions& options) {
  RETURN_IF_ERROR(CheckLength(in.reason, 4000, "Lý do, nội dung"));
  RETURN_IF_ERROR(CheckLength(in.target_body, 300, "Tên cơ quan"));
  RETURN_IF_ERROR(CheckLength(in.answer, 20000, "Nội dung trả lời"));
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(store::Transaction txn, store::Transaction::Begin(*db_));
  ASSIGN_OR_RETURN(std::optional<store::FeedbackRow> row, store::FindFeedbackByCode(*db_, code));
  if (!row) return NotFound("Không có phản ánh mã " + code + ".");
  auto from = domain::ParseFeedbackStateKey(row->state);
  if (!from) return Corrupt("feedback " + code + ": unknown state " + row->state);
  if (options.expect_state && *options.expect_state != row->state) {
    auto expected = domain::ParseFeedbackStateKey(*options.expect_state);
    return Conflict(std::string("Phản ánh đang ở trạng thái «") +
                    domain::FeedbackStateVietnamese(*from) + "», không còn «" +
                    (expected ? domain::FeedbackStateVietnamese(*expected)
                              : options.expect_state->c_str()) +
                    "» như lúc quyết định thao tác này.");
  }
  // The one state machine decides; its refusal is the officer's message.
  ASSIGN_OR_RETURN(domain::FeedbackState to, domain::ApplyAction(*from, in));

  const int64_t now = clock_.NowUnixMs();
  // A stored history never goes back in time (ValidateHistory): a board
  // whose clock lost its place dates the step on the last known day.
  Date on = clock_.Today();
  for (const std::string& iso : {row->received_date, row->state_since}) {
    if (auto d = Date::Parse(iso); d && *d > on) on = *d;
  }
  store::FeedbackStateUpdate u;
  u.id = row->id;
  u.from_state = row->state;
  u.to_state = domain::FeedbackStateKey(to);
  u.state_since = on.ToIso();
  if (auto k = domain::ClassAssignedBy(in.action)) u.klass = domain::FeedbackClassKey(*k);
  if (in.action == domain::FeedbackAction::kResolve) u.answer = in.answer;
  if (in.action == domain::FeedbackAction::kPublishAnswer) u.published_at = now;
  u.updated_at = now;
  Status st = store::UpdateFeedbackState(*db_, u);
  if (st.code() == Code::kConflict)
    return Conflict("Phản ánh này vừa được cán bộ khác cập nhật. Hãy xem lại rồi thao tác tiếp.");
  RETURN_IF_ERROR(st);

  store::FeedbackEventRow ev;
  ev.feedback_id = row->id;
  ev.at = now;
  ev.on_date = on.ToIso();
  ev.action = domain::FeedbackActionKey(in.action);
  ev.state = u.to_state;
  if (in.outcome && in.action == domain::FeedbackAction::kResolve)
    ev.outcome = domain::OutcomeKey(*in.outcome);
  ev.public_note = PublicNote(in);
  ev.actor = by.AuditName();
  RETURN_IF_ERROR(store::InsertFeedbackEvent(*db_, ev));

  nlohmann::json detail = {{"from", row->state}, {"to", u.to_state}, {"on", ev.on_date}};
  if (!in.reason.empty()) detail["reason"] = in.reason;
  if (!in.target_body.empty()) detail["target_body"] = in.target_body;
  if (ev.outcome) detail["outcome"] = *ev.outcome;
  if (u.answer) detail["answer_sha256"] = crypto::Sha256Hex(*u.answer);
  RETURN_IF_ERROR(Journal(*db_, clock_, by, std::string("feedback.") + *ev.action, code, detail));
  // The province hub follows every commune's feedback (no personal data).
  nlohmann::json status = {{"code", code},
                           {"action", *ev.action},
                           {"from", row->state},
                           {"to", u.to_state},
                           {"on", ev.on_date}};
  if (u.klass) status["class"] = *u.klass;
  if (ev.outcome) status["outcome"] = *ev.outcome;
  if (in.action == domain::FeedbackAction::kPublishAnswer && row->answer)
    status["answer"] = *row->answer;
  RETURN_IF_ERROR(QueueForProvince(*db_, clock_, "feedback.status", status));
  if (options.also) RETURN_IF_ERROR(options.also(*db_));
  RETURN_IF_ERROR(txn.Commit());
  return to;
}

Result<std::pair<std::string, store::AttachmentRow>> Office::Attachment(const std::string& code,
                                                                      int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  ASSIGN_OR_RETURN(std::optional<store::FeedbackRow> row, store::FindFeedbackByCode(*db_, code));
  if (!row) return NotFound("no feedback " + code);
  ASSIGN_OR_RETURN(std::vector<store::AttachmentRow> files,
                   store::FeedbackAttachments(*db_, row->id));
  for (const auto& a : files) {
    if (a.id != id) continue;
    // Stored names are generated (hex + extension); never follow anything else.
    if (a.stored_name.find_first_of("/\\") != std::string::npos || a.stored_name.empty() ||
        a.stored_name[0] == '.')
      return Corrupt("bad stored attachment name");
    return std::make_pair(options_.attachments_dir + "/" + a.stored_name, a);
  }
  return NotFound("no attachment " + std::to_string(id));
}

}  // namespace motcua::office

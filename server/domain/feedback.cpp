#include "domain/feedback.h"

#include <iterator>

namespace motcua::domain {

namespace {

// One row per enum value: key for storage, Vietnamese for people.
template <typename E>
struct Name {
  E value;
  const char* key;
  const char* vi;
};

template <typename E, size_t N>
const char* KeyOf(const Name<E> (&table)[N], E v) {
  for (const auto& row : table) {
    if (row.value == v) return row.key;
  }
  return "";
}
template <typename E, size_t N>
const char* ViOf(const Name<E> (&table)[N], E v) {
  for (const auto& row : table) {
    if (row.value == v) return row.vi;
  }
  return "";
}
template <typename E, size_t N>
std::optional<E> Parse(const Name<E> (&table)[N], std::string_view key) {
  for (const auto& row : table) {
    if (key == row.key) return row.value;
  }
  return std::nullopt;
}
template <typename E, size_t N>
std::vector<E> All(const Name<E> (&table)[N]) {
  std::vector<E> out;
  for (const auto& row : table) out.push_back(row.value);
  return out;
}

using K = FeedbackKind;
constexpr Name<K> kKinds[] = {
    {K::kDelayOrHarassment, "delay_harassment",
     "Hành vi chậm trễ, gây phiền hà của cơ quan, cán bộ, công chức"},
    {K::kNotOrWrongApplication, "wrong_application",
     "Không thực hiện, thực hiện không đúng quy định hành chính"},
    {K::kNotPractical, "not_practical", "Quy định hành chính không phù hợp với thực tế"},
    {K::kInconsistent, "inconsistent", "Quy định hành chính không đồng bộ, không thống nhất"},
    {K::kIllegal, "illegal", "Quy định hành chính không hợp pháp"},
    {K::kContraryToTreaty, "contrary_to_treaty",
     "Quy định hành chính trái với điều ước quốc tế mà Việt Nam là thành viên"},
    {K::kOtherIssue, "other", "Vấn đề khác liên quan đến quy định hành chính"},
    {K::kProposedSolution, "proposed_solution", "Phương án xử lý phản ánh"},
    {K::kInitiative, "initiative", "Sáng kiến ban hành mới quy định hành chính"},
};
// Parallel to kKinds: NĐ 20/2008 Điều 5 clause of each kind.
constexpr const char* kKindClauses[] = {
    "Điều 5 khoản 1", "Điều 5 khoản 1", "Điều 5 khoản 2", "Điều 5 khoản 3", "Điều 5 khoản 4",
    "Điều 5 khoản 5", "Điều 5 khoản 6", "Điều 5 khoản 7", "Điều 5 khoản 8",
};
static_assert(std::size(kKinds) == std::size(kKindClauses));

using C = FeedbackChannel;
constexpr Name<C> kChannels[] = {
    {C::kInPerson, "in_person", "Trực tiếp"},
    {C::kPost, "post", "Dịch vụ bưu chính"},
    {C::kOnline, "online", "Trực tuyến (cổng thông tin, kiosk, thư điện tử)"},
    {C::kPhone, "phone", "Điện thoại"},
    {C::kSurvey, "survey", "Phiếu lấy ý kiến"},
};

using L = FeedbackClass;
constexpr Name<L> kClasses[] = {
    {L::kUnclassified, "unclassified", "Chưa phân loại"},
    {L::kNotAccepted, "not_accepted", "Không đủ điều kiện tiếp nhận"},
    {L::kOfficialsBehaviour, "officials_behaviour", "Về hành vi của cán bộ, công chức"},
    {L::kWithinCompetence, "within_competence", "Thuộc thẩm quyền xử lý của xã"},
    {L::kOutsideCompetence, "outside_competence", "Không thuộc thẩm quyền xử lý của xã"},
};

using S = FeedbackState;
constexpr Name<S> kStates[] = {
    {S::kReceived, "received", "Đã tiếp nhận"},
    {S::kNotAccepted, "not_accepted", "Không tiếp nhận"},
    {S::kTransferred, "transferred", "Đã chuyển cơ quan có thẩm quyền"},
    {S::kInProgress, "in_progress", "Đang xử lý"},
    {S::kNeedsClarification, "needs_clarification", "Chờ người gửi làm rõ"},
    {S::kParked, "parked", "Tạm dừng (chưa đủ căn cứ)"},
    {S::kResolved, "resolved", "Đã có kết quả xử lý"},
    {S::kPublished, "published", "Đã công khai kết quả"},
    {S::kArchived, "archived", "Đã lưu trữ"},
};

using A = FeedbackAction;
constexpr Name<A> kActions[] = {
    {A::kAcceptForHandling, "accept", "Tiếp nhận xử lý"},
    {A::kRejectNotAccepted, "reject", "Không tiếp nhận"},
    {A::kTransferOfficialsBehaviour, "transfer_behaviour",
     "Chuyển xử lý hành vi của cán bộ, công chức"},
    {A::kTransferOutsideCompetence, "transfer_outside", "Chuyển cơ quan có thẩm quyền"},
    {A::kAskClarification, "ask_clarification", "Đề nghị người gửi làm rõ"},
    {A::kClarificationReceived, "clarification_received", "Đã nhận nội dung làm rõ"},
    {A::kPark, "park", "Tạm dừng (chưa đủ căn cứ)"},
    {A::kResume, "resume", "Tiếp tục xử lý"},
    {A::kResolve, "resolve", "Ghi kết quả xử lý"},
    {A::kPublishAnswer, "publish", "Công khai kết quả"},
    {A::kArchive, "archive", "Lưu trữ"},
};

using O = Outcome;
constexpr Name<O> kOutcomes[] = {
    {O::kAmend, "amend", "Sửa đổi quy định hành chính"},
    {O::kSupplement, "supplement", "Bổ sung quy định hành chính"},
    {O::kAbolish, "abolish", "Bãi bỏ, hủy bỏ quy định hành chính"},
    {O::kRecommend, "recommend", "Kiến nghị cơ quan có thẩm quyền xem xét"},
    {O::kNewRegulation, "new_regulation", "Ban hành mới quy định hành chính"},
};

// The whole machine: every allowed (from, action) pair and where it leads.
// Anything not listed is refused. Rows are in button order per state.
struct Transition {
  S from;
  A action;
  S to;
};
constexpr Transition kTransitions[] = {
    {S::kReceived, A::kAcceptForHandling, S::kInProgress},
    {S::kReceived, A::kTransferOutsideCompetence, S::kTransferred},
    {S::kReceived, A::kTransferOfficialsBehaviour, S::kTransferred},
    {S::kReceived, A::kRejectNotAccepted, S::kNotAccepted},
    {S::kInProgress, A::kResolve, S::kResolved},
    {S::kInProgress, A::kAskClarification, S::kNeedsClarification},
    {S::kInProgress, A::kPark, S::kParked},
    {S::kNeedsClarification, A::kClarificationReceived, S::kInProgress},
    {S::kNeedsClarification, A::kPark, S::kParked},
    {S::kParked, A::kResume, S::kInProgress},
    {S::kResolved, A::kPublishAnswer, S::kPublished},
    {S::kPublished, A::kArchive, S::kArchived},
    {S::kNotAccepted, A::kArchive, S::kArchived},
    {S::kTransferred, A::kArchive, S::kArchived},
};

// The state an action leads to, whatever the starting state: each action has
// exactly one target in the table above.
S TargetOf(A action) {
  for (const auto& t : kTransitions) {
    if (t.action == action) return t.to;
  }
  return S::kReceived;  // unreachable: every action has a row
}

bool Blank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
}

std::string Quoted(const char* label) { return std::string("«") + label + "»"; }

}  // namespace

const char* FeedbackKindKey(FeedbackKind k) { return KeyOf(kKinds, k); }
const char* FeedbackKindVietnamese(FeedbackKind k) { return ViOf(kKinds, k); }
const char* FeedbackKindClause(FeedbackKind k) {
  for (size_t i = 0; i < std::size(kKinds); ++i) {
    if (kKinds[i].value == k) return kKindClauses[i];
  }
  return "";
}
std::optional<FeedbackKind> ParseFeedbackKindKey(std::string_view key) {
  return Parse(kKinds, key);
}
std::vector<FeedbackKind> AllFeedbackKinds() { return All(kKinds); }
// Both halves of Điều 5 khoản 1 are about how an agency or official acted.
bool IsAboutOfficialsBehaviour(FeedbackKind k) {
  return k == K::kDelayOrHarassment || k == K::kNotOrWrongApplication;
}

const char* FeedbackChannelKey(FeedbackChannel c) { return KeyOf(kChannels, c); }
const char* FeedbackChannelVietnamese(FeedbackChannel c) { return ViOf(kChannels, c); }
std::optional<FeedbackChannel> ParseFeedbackChannelKey(std::string_view key) {
  return Parse(kChannels, key);
}
std::vector<FeedbackChannel> AllFeedbackChannels() { return All(kChannels); }

const char* FeedbackClassKey(FeedbackClass c) { return KeyOf(kClasses, c); }
const char* FeedbackClassVietnamese(FeedbackClass c) { return ViOf(kClasses, c); }
std::optional<FeedbackClass> ParseFeedbackClassKey(std::string_view key) {
  return Parse(kClasses, key);
}
std::vector<FeedbackClass> AllFeedbackClasses() { return All(kClasses); }

const char* FeedbackStateKey(FeedbackState s) { return KeyOf(kStates, s); }
const char* FeedbackStateVietnamese(FeedbackState s) { return ViOf(kStates, s); }
std::optional<FeedbackState> ParseFeedbackStateKey(std::string_view key) {
  return Parse(kStates, key);
}
std::vector<FeedbackState> AllFeedbackStates() { return All(kStates); }

const char* FeedbackActionKey(FeedbackAction a) { return KeyOf(kActions, a); }
const char* FeedbackActionVietnamese(FeedbackAction a) { return ViOf(kActions, a); }
std::optional<FeedbackAction> ParseFeedbackActionKey(std::string_view key) {
  return Parse(kActions, key);
}
std::vector<FeedbackAction> AllFeedbackActions() { return All(kActions); }

const char* OutcomeKey(Outcome o) { return KeyOf(kOutcomes, o); }
const char* OutcomeVietnamese(Outcome o) { return ViOf(kOutcomes, o); }
std::optional<Outcome> ParseOutcomeKey(std::string_view key) { return Parse(kOutcomes, key); }
std::vector<Outcome> AllOutcomes() { return All(kOutcomes); }

Result<FeedbackState> NextState(FeedbackState from, FeedbackAction action) {
  for (const auto& t : kTransitions) {
    if (t.from == from && t.action == action) return t.to;
  }
  const S to = TargetOf(action);
  if (to == from) {
    return InvalidArgument("Phản ánh, kiến nghị đã ở trạng thái " +
                           Quoted(FeedbackStateVietnamese(from)) + ".");
  }
  return InvalidArgument("Không thể chuyển từ " + Quoted(FeedbackStateVietnamese(from)) + " sang " +
                         Quoted(FeedbackStateVietnamese(to)) + ".");
}

Result<FeedbackState> ApplyAction(FeedbackState from, const ActionInput& in) {
  // The transition is judged first: an impossible step is the more useful
  // message than a missing field on a form that should not have been shown.
  Result<FeedbackState> to = NextState(from, in.action);
  if (!to.ok()) return to;
  switch (in.action) {
    case A::kRejectNotAccepted:
      // NĐ 20/2008: the sender is told why and how to resubmit.
      if (Blank(in.reason)) {
        return InvalidArgument("Cần ghi lý do không tiếp nhận để thông báo cho người gửi.");
      }
      break;
    case A::kTransferOfficialsBehaviour:
    case A::kTransferOutsideCompetence:
      if (Blank(in.target_body)) {
        return InvalidArgument("Cần ghi tên cơ quan có thẩm quyền nhận phản ánh, kiến nghị.");
      }
      break;
    case A::kAskClarification:
      if (Blank(in.reason)) return InvalidArgument("Cần ghi nội dung đề nghị người gửi làm rõ.");
      break;
    case A::kPark:
      if (Blank(in.reason)) {
        return InvalidArgument("Cần ghi lý do tạm dừng (chưa đủ căn cứ xử lý).");
      }
      break;
    case A::kResolve:
      if (!in.outcome) {
        return InvalidArgument(
            "Cần chọn hình thức xử lý (sửa đổi, bổ sung, bãi bỏ, kiến nghị, ban hành mới).");
      }
      if (Blank(in.answer)) return InvalidArgument("Cần nhập nội dung trả lời người gửi.");
      break;
    default:
      break;
  }
  return to;
}

std::vector<FeedbackAction> AllowedActions(FeedbackState s) {
  std::vector<FeedbackAction> out;
  for (const auto& t : kTransitions) {
    if (t.from == s) out.push_back(t.action);
  }
  return out;
}

std::optional<FeedbackClass> ClassAssignedBy(FeedbackAction a) {
  switch (a) {
    case A::kAcceptForHandling:
      return L::kWithinCompetence;
    case A::kRejectNotAccepted:
      return L::kNotAccepted;
    case A::kTransferOfficialsBehaviour:
      return L::kOfficialsBehaviour;
    case A::kTransferOutsideCompetence:
      return L::kOutsideCompetence;
    default:
      return std::nullopt;
  }
}

bool IsDone(FeedbackState s) {
  return s == S::kNotAccepted || s == S::kTransferred || s == S::kResolved || s == S::kPublished ||
         s == S::kArchived;
}

Status ValidateHistory(const Date& received, const std::vector<StateChange>& history) {
  S state = S::kReceived;
  Date last = received;
  for (size_t i = 0; i < history.size(); ++i) {
    const StateChange& c = history[i];
    const std::string step = "Bước " + std::to_string(i + 1) + ": ";
    if (c.on < last) {
      return InvalidArgument(step + "ngày " + c.on.ToVietnamese() + " sớm hơn bước trước.");
    }
    Result<FeedbackState> next = NextState(state, c.action);
    if (!next.ok()) return InvalidArgument(step + next.status().message());
    if (*next != c.to) {
      return InvalidArgument(step + "trạng thái ghi nhận " + Quoted(FeedbackStateVietnamese(c.to)) +
                             " không khớp thao tác " + Quoted(FeedbackActionVietnamese(c.action)) +
                             ".");
    }
    if (c.action == A::kResolve && !c.outcome) {
      return InvalidArgument(step + "thiếu hình thức xử lý.");
    }
    state = c.to;
    last = c.on;
  }
  return Status::Ok();
}

FeedbackState StateOn(const std::vector<StateChange>& history, const Date& day) {
  S state = S::kReceived;
  for (const StateChange& c : history) {
    if (c.on > day) break;
    state = c.to;
  }
  return state;
}

FeedbackClass ClassOn(const std::vector<StateChange>& history, const Date& day) {
  for (const StateChange& c : history) {
    if (c.on > day) break;
    if (auto cls = ClassAssignedBy(c.action)) return *cls;
  }
  return L::kUnclassified;
}

Status ValidateDeadlines(const FeedbackDeadlines& cfg) {
  struct Named {
    const char* vi;
    const DeadlineRule* rule;
  };
  const Named rules[] = {{"Hạn chuyển, phân loại", &cfg.transfer},
                         {"Hạn trả lời", &cfg.answer},
                         {"Hạn làm rõ", &cfg.clarification},
                         {"Hạn công khai", cfg.publish ? &*cfg.publish : nullptr}};
  for (const Named& n : rules) {
    if (!n.rule) continue;
    Status st = ValidateDeadlineRule(*n.rule);
    if (!st.ok()) return InvalidArgument(std::string(n.vi) + ": " + st.message());
  }
  if (cfg.due_soon_working_days < 0 || cfg.due_soon_working_days > 30) {
    return InvalidArgument("Số ngày cảnh báo sắp đến hạn phải từ 0 đến 30.");
  }
  return Status::Ok();
}

FeedbackDueDates ComputeDueDates(const WorkCalendar& cal, const FeedbackDeadlines& cfg,
                                 const Date& received) {
  return FeedbackDueDates{DueDate(cal, received, cfg.transfer), DueDate(cal, received, cfg.answer)};
}

const char* DeadlineClockVietnamese(DeadlineClock c) {
  switch (c) {
    case DeadlineClock::kNone:
      return "Không có hạn";
    case DeadlineClock::kTransfer:
      return "Hạn phân loại, chuyển";
    case DeadlineClock::kAnswer:
      return "Hạn trả lời";
    case DeadlineClock::kClarification:
      return "Hạn người gửi làm rõ";
    case DeadlineClock::kPublish:
      return "Hạn công khai kết quả";
  }
  return "";
}

DeadlineFlags EvaluateDeadline(const WorkCalendar& cal, DeadlineClock clock, const Date& due,
                               const Date& today, int due_soon_working_days) {
  DeadlineFlags f;
  f.clock = clock;
  f.due = due;
  if (clock == DeadlineClock::kNone) return f;
  f.working_days_left = cal.WorkingDaysBetween(today, due);
  f.overdue = today > due;
  f.due_today = today == due;
  f.due_soon = !f.overdue && f.working_days_left <= due_soon_working_days;
  return f;
}

DeadlineFlags CurrentDeadline(const WorkCalendar& cal, const FeedbackDeadlines& cfg,
                              const Date& received, FeedbackState state, const Date& state_since,
                              const Date& today) {
  DeadlineClock clock = DeadlineClock::kNone;
  Date due = today;
  switch (state) {
    case S::kReceived:
      clock = DeadlineClock::kTransfer;
      due = DueDate(cal, received, cfg.transfer);
      break;
    case S::kInProgress:
    case S::kParked:  // parking does not stop the answer clock (see FeedbackDeadlines)
      clock = DeadlineClock::kAnswer;
      due = DueDate(cal, received, cfg.answer);
      break;
    case S::kNeedsClarification:
      clock = DeadlineClock::kClarification;
      due = DueDate(cal, state_since, cfg.clarification);
      break;
    case S::kResolved:
      if (cfg.publish) {
        clock = DeadlineClock::kPublish;
        due = DueDate(cal, state_since, *cfg.publish);
      }
      break;
    default:
      break;
  }
  return EvaluateDeadline(cal, clock, due, today, cfg.due_soon_working_days);
}

}  // namespace motcua::domain

#include "domain/report.h"

namespace motcua::domain {

namespace {

template <typename E>
int Sum(const std::map<E, int>& m) {
  int s = 0;
  for (const auto& [k, v] : m) s += v;
  return s;
}

// The first day the item reached a done state, and which one; done states
// never lead back (feedback.h), so this is when handling finished.
struct DoneStep {
  Date on;
  FeedbackState state;
  std::optional<Outcome> outcome;
};
std::optional<DoneStep> FirstDone(const std::vector<StateChange>& history) {
  for (const StateChange& c : history) {
    if (IsDone(c.to)) return DoneStep{c.on, c.to, c.outcome};
  }
  return std::nullopt;
}

Status Equal(const char* what, int left, int right) {
  if (left == right) return Status::Ok();
  return Internal(std::string("Báo cáo sai: ") + what + " (" + std::to_string(left) + " khác " +
                  std::to_string(right) + ").");
}

template <typename E>
nlohmann::json MapJson(const std::map<E, int>& m, const std::vector<E>& all,
                       const char* (*key)(E)) {
  nlohmann::json out = nlohmann::json::object();
  for (E e : all) {
    auto it = m.find(e);
    out[key(e)] = it == m.end() ? 0 : it->second;
  }
  return out;
}

}  // namespace

Result<FeedbackReport> BuildFeedbackReport(const std::vector<FeedbackSummary>& items,
                                           const ReportPeriod& period, std::optional<Date> as_of) {
  FeedbackReport r;
  r.period = period;
  r.as_of = as_of && *as_of < period.to ? *as_of : period.to;
  const Date from = period.from;
  const Date end = r.as_of;

  for (const FeedbackSummary& f : items) {
    Status st = ValidateHistory(f.received, f.history);
    if (!st.ok()) return Corrupt("Phản ánh, kiến nghị " + f.code + ": " + st.message());
    if (f.received > end) continue;

    // Published is counted apart: an answer resolved last quarter and
    // published this quarter belongs to this quarter's "published".
    for (const StateChange& c : f.history) {
      if (c.to == FeedbackState::kPublished && from <= c.on && c.on <= end) ++r.published;
    }

    const std::optional<DoneStep> done = FirstDone(f.history);
    const bool new_in_period = f.received >= from;
    if (!new_in_period && done && done->on < from) continue;  // finished before the period

    if (new_in_period) {
      ++r.received;
      ++r.received_by_channel[f.channel];
      ++r.received_by_kind[f.kind];
      ++r.received_by_class[ClassOn(f.history, end)];
    } else {
      ++r.carried_over;
    }

    if (done && done->on <= end) {
      ++r.done;
      switch (done->state) {
        case FeedbackState::kNotAccepted:
          ++r.not_accepted;
          break;
        case FeedbackState::kTransferred:
          ++(done->on <= f.due.transfer ? r.transferred_on_time : r.transferred_late);
          break;
        default:  // kResolved: the only other way into a done state
          ++(done->on <= f.due.answer ? r.resolved_on_time : r.resolved_late);
          ++r.resolved_by_outcome[done->outcome.value_or(Outcome::kRecommend)];
          break;
      }
    } else {
      ++r.pending;
      const bool classified = StateOn(f.history, end) != FeedbackState::kReceived;
      const Date due = classified ? f.due.answer : f.due.transfer;
      ++(end > due ? r.pending_overdue : r.pending_in_time);
    }
  }
  r.total = r.carried_over + r.received;
  return r;
}

Status CheckInvariants(const FeedbackReport& r) {
  const int counts[] = {r.carried_over,
                        r.received,
                        r.total,
                        r.not_accepted,
                        r.transferred_on_time,
                        r.transferred_late,
                        r.resolved_on_time,
                        r.resolved_late,
                        r.done,
                        r.pending_in_time,
                        r.pending_overdue,
                        r.pending,
                        r.published};
  for (int c : counts) {
    if (c < 0) return Internal("Báo cáo sai: có chỉ tiêu âm.");
  }
  RETURN_IF_ERROR(Equal("tổng số = kỳ trước chuyển sang + tiếp nhận trong kỳ", r.total,
                        r.carried_over + r.received));
  RETURN_IF_ERROR(
      Equal("tiếp nhận trong kỳ = tổng theo hình thức", r.received, Sum(r.received_by_channel)));
  RETURN_IF_ERROR(
      Equal("tiếp nhận trong kỳ = tổng theo nội dung", r.received, Sum(r.received_by_kind)));
  RETURN_IF_ERROR(
      Equal("tiếp nhận trong kỳ = tổng theo phân loại", r.received, Sum(r.received_by_class)));
  RETURN_IF_ERROR(Equal("đã xử lý = không tiếp nhận + đã chuyển + đã có kết quả", r.done,
                        r.not_accepted + r.transferred_on_time + r.transferred_late +
                            r.resolved_on_time + r.resolved_late));
  RETURN_IF_ERROR(Equal("đã có kết quả = tổng theo hình thức xử lý",
                        r.resolved_on_time + r.resolved_late, Sum(r.resolved_by_outcome)));
  RETURN_IF_ERROR(
      Equal("đang xử lý = trong hạn + quá hạn", r.pending, r.pending_in_time + r.pending_overdue));
  RETURN_IF_ERROR(Equal("tổng số = đã xử lý + đang xử lý", r.total, r.done + r.pending));
  if (r.as_of < r.period.from || r.period.to < r.as_of) {
    return Internal("Báo cáo sai: ngày chốt số liệu nằm ngoài kỳ báo cáo.");
  }
  return Status::Ok();
}

nlohmann::json ReportToJson(const FeedbackReport& r) {
  return {
      {"period",
       {{"key", r.period.key},
        {"label", r.period.label},
        {"from", r.period.from.ToIso()},
        {"to", r.period.to.ToIso()}}},
      {"as_of", r.as_of.ToIso()},
      {"carried_over", r.carried_over},
      {"received", r.received},
      {"received_by_channel",
       MapJson(r.received_by_channel, AllFeedbackChannels(), &FeedbackChannelKey)},
      {"received_by_kind", MapJson(r.received_by_kind, AllFeedbackKinds(), &FeedbackKindKey)},
      {"received_by_class", MapJson(r.received_by_class, AllFeedbackClasses(), &FeedbackClassKey)},
      {"total", r.total},
      {"not_accepted", r.not_accepted},
      {"transferred_on_time", r.transferred_on_time},
      {"transferred_late", r.transferred_late},
      {"resolved_on_time", r.resolved_on_time},
      {"resolved_late", r.resolved_late},
      {"resolved_by_outcome", MapJson(r.resolved_by_outcome, AllOutcomes(), &OutcomeKey)},
      {"done", r.done},
      {"pending_in_time", r.pending_in_time},
      {"pending_overdue", r.pending_overdue},
      {"pending", r.pending},
      {"published", r.published},
  };
}

}  // namespace motcua::domain

// The periodic report (seed decision Điều 5.3; TT 01/2020/TT-VPCP) as a
// printable page and as CSV (UTF-8 with BOM, so spreadsheet programs read the
// Vietnamese correctly). Both come from the same rows.
#include "core/log.h"
#include "web/office_web.h"

namespace motcua::web {

using nlohmann::json;

namespace {

struct Row {
  std::string section;
  std::string label;
  int64_t value = 0;
  bool indent = false;
  bool strong = false;
};

std::vector<Row> ReportRows(const office::OfficeReport& rep) {
  const domain::FeedbackReport& r = rep.feedback;
  std::vector<Row> rows;
  auto add = [&rows](const char* section, std::string label, int64_t v, bool indent = false,
                     bool strong = false) {
    rows.push_back({section, std::move(label), v, indent, strong});
  };
  const char* fb = "Phản ánh, kiến nghị";
  add(fb, "Kỳ trước chuyển sang", r.carried_over);
  add(fb, "Tiếp nhận mới trong kỳ", r.received);
  for (auto c : domain::AllFeedbackChannels()) {
    auto it = r.received_by_channel.find(c);
    add(fb, std::string("Kênh: ") + domain::FeedbackChannelVietnamese(c),
        it == r.received_by_channel.end() ? 0 : it->second, true);
  }
  for (auto k : domain::AllFeedbackClasses()) {
    auto it = r.received_by_class.find(k);
    add(fb, std::string("Phân loại: ") + domain::FeedbackClassVietnamese(k),
        it == r.received_by_class.end() ? 0 : it->second, true);
  }
  for (auto k : domain::AllFeedbackKinds()) {
    auto it = r.received_by_kind.find(k);
    add(fb, std::string("Nội dung: ") + domain::FeedbackKindVietnamese(k),
        it == r.received_by_kind.end() ? 0 : it->second, true);
  }
  add(fb, "Tổng số phải xử lý", r.total, false, true);
  add(fb, "Đã xử lý xong", r.done, false, true);
  add(fb, "Không tiếp nhận", r.not_accepted, true);
  add(fb, "Chuyển cơ quan có thẩm quyền đúng hạn", r.transferred_on_time, true);
  add(fb, "Chuyển cơ quan có thẩm quyền quá hạn", r.transferred_late, true);
  add(fb, "Có kết quả xử lý đúng hạn", r.resolved_on_time, true);
  add(fb, "Có kết quả xử lý quá hạn", r.resolved_late, true);
  for (auto o : domain::AllOutcomes()) {
    auto it = r.resolved_by_outcome.find(o);
    add(fb, std::string("Kết quả: ") + domain::OutcomeVietnamese(o),
        it == r.resolved_by_outcome.end() ? 0 : it->second, true);
  }
  add(fb, "Đang xử lý", r.pending, false, true);
  add(fb, "Đang xử lý trong hạn", r.pending_in_time, true);
  add(fb, "Đang xử lý quá hạn", r.pending_overdue, true);
  add(fb, "Đã công khai kết quả trong kỳ", r.published, false, true);

  const office::ProcedureCounts& p = rep.procedures;
  const char* tt = "Thủ tục hành chính";
  add(tt, "Đang có hiệu lực (ngày cuối kỳ)", p.in_force, false, true);
  add(tt, "Cấp xã", p.by_level.at("xa"), true);
  add(tt, "Cấp tỉnh", p.by_level.at("tinh"), true);
  add(tt, "Cấp bộ", p.by_level.at("bo"), true);
  add(tt, "Cơ quan khác", p.by_level.at("khac"), true);
  add(tt, "Mới ban hành trong kỳ", p.new_in_period);
  add(tt, "Sửa đổi, bổ sung, thay thế trong kỳ", p.amended_replaced_in_period);
  add(tt, "Bãi bỏ trong kỳ", p.abolished_in_period);
  const char* ny = "Niêm yết tại Bộ phận Một cửa (hôm nay)";
  add(ny, "Thủ tục đang có hiệu lực phải niêm yết", p.public_in_force, false, true);
  add(ny, "Đã niêm yết", p.posted, true);
  add(ny, "Chưa niêm yết", p.not_posted, true);
  add(ny, "Đang niêm yết nhưng đã hết hiệu lực (phải gỡ)", p.posted_not_in_force);
  return rows;
}

std::string CsvField(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

json PeriodChoices(int year, const std::string& selected) {
  json out = json::array();
  for (int y : {year, year - 1}) {
    const std::string ys = std::to_string(y);
    const std::pair<std::string, std::string> keys[] = {
        {ys + "-q1", "Quý I năm " + ys},   {ys + "-q2", "Quý II năm " + ys},
        {ys + "-h1", "6 tháng đầu năm " + ys}, {ys + "-q3", "Quý III năm " + ys},
        {ys + "-9m", "9 tháng đầu năm " + ys}, {ys + "-q4", "Quý IV năm " + ys},
        {ys + "-y", "Năm " + ys}};
    for (const auto& [k, label] : keys)
      out.push_back({{"key", k}, {"label", label}, {"selected", k == selected}});
  }
  return out;
}

}  // namespace

void OfficeWeb::RegisterReports() {
  Router& r = site_.router();

  // The period asked for (?ky=2026-q1), or the current quarter.
  auto load = [this](const Request& req, domain::ReportPeriod* period,
                     office::OfficeReport* rep) -> Status {
    const domain::ReportCutoff cutoff = office_.options().cutoff;
    const std::string key = req.Query("ky");
    if (key.empty()) {
      *period = domain::QuarterOf(site_.clock().Today(), cutoff);
    } else {
      ASSIGN_OR_RETURN(*period, domain::ParseReportPeriodKey(key, cutoff));
    }
    ASSIGN_OR_RETURN(*rep, office_.Report(*period, catalog_.options().public_levels));
    // received = done + pending, and the rest of the form's sums.
    RETURN_IF_ERROR(domain::CheckInvariants(rep->feedback));
    const auto& p = rep->procedures;
    if (p.public_in_force != p.posted + p.not_posted)
      return Internal("posting counts do not add up");
    return Status::Ok();
  };

  r.Add("GET", "/can-bo/bao-cao", Access::kOfficer, [this, load](Request& req) {
    domain::ReportPeriod period;
    office::OfficeReport rep;
    if (Status st = load(req, &period, &rep); !st.ok()) return Failure(req, st);
    json d = Base(req, "Báo cáo " + period.label, "/can-bo/bao-cao");
    d["period"] = {{"key", period.key},
                   {"label", period.label},
                   {"from", period.from.ToVietnamese()},
                   {"to", period.to.ToVietnamese()},
                   {"as_of", rep.feedback.as_of.ToVietnamese()},
                   {"partial", rep.feedback.as_of < period.to}};
    d["choices"] = PeriodChoices(domain::ReportYearOf(site_.clock().Today(), office_.options().cutoff),
                                 period.key);
    json sections = json::array();
    for (const Row& row : ReportRows(rep)) {
      if (sections.empty() || sections.back()["title"] != row.section)
        sections.push_back({{"title", row.section}, {"rows", json::array()}});
      sections.back()["rows"].push_back({{"label", row.label},
                                         {"value", row.value},
                                         {"indent", row.indent},
                                         {"strong", row.strong},
                                         {"zero", row.value == 0}});
    }
    d["sections"] = sections;
    d["audit_entries"] = rep.audit_entries;
    d["audit_hash"] = rep.audit_last_hash;
    d["csv_url"] = "/can-bo/bao-cao.csv?ky=" + UrlEncode(period.key);
    const std::string t = FormatVietnamTime(site_.clock().NowUnixMs());
    d["made_at"] = t.substr(11, 5) + " ngày " + site_.clock().Today().ToVietnamese();
    d["made_by"] = SessionOf(req).full_name;
    return Page(req, "office_report", d);
  });

  r.Add("GET", "/can-bo/bao-cao.csv", Access::kOfficer, [this, load](Request& req) {
    domain::ReportPeriod period;
    office::OfficeReport rep;
    if (Status st = load(req, &period, &rep); !st.ok()) return Failure(req, st);
    const SiteInfo info = site_.info();
    // The BOM makes spreadsheet programs read UTF-8 (Vietnamese) correctly.
    std::string csv = "\xEF\xBB\xBF";
    csv += CsvField("Báo cáo kiểm soát thủ tục hành chính: " + period.label) + "," +
           CsvField(info.commune) + "\r\n";
    csv += CsvField("Từ ngày " + period.from.ToVietnamese() + " đến ngày " +
                    period.to.ToVietnamese() + "; số liệu đến ngày " +
                    rep.feedback.as_of.ToVietnamese()) +
           ",\r\n";
    csv += CsvField("Mục") + "," + CsvField("Chỉ tiêu") + "," + CsvField("Số lượng") + "\r\n";
    for (const Row& row : ReportRows(rep))
      csv += CsvField(row.section) + "," + CsvField(row.label) + "," + std::to_string(row.value) +
             "\r\n";
    csv += CsvField("Nhật ký") + "," + CsvField("Mã băm cuối của nhật ký") + "," +
           CsvField(rep.audit_last_hash) + "\r\n";
    Response resp;
    resp.content_type = "text/csv; charset=utf-8";
    resp.body = std::move(csv);
    resp.Header("Content-Disposition", "attachment; filename=\"bao-cao-" + period.key + ".csv\"");
    return resp;
  });
}

}  // namespace motcua::web

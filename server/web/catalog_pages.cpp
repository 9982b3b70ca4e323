#include "web/catalog_pages.h"

#include "core/log.h"
#include "core/version.h"
#include "domain/procedure_json.h"
#include "text/fold.h"
#include "web/kiosk_pages.h"

namespace motcua::web {

using nlohmann::json;

namespace {

json LevelsText(uint32_t levels) {
  std::string out;
  for (const std::string& n : domain::LevelNames(levels)) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

json Item(const catalog::Entry& e) {
  return {{"code", e.s.code}, {"name", e.s.name}, {"field", e.s.field},
          {"field_slug", e.field_slug}, {"levels", LevelsText(e.s.levels)}};
}

std::string CacheKey(const Request& req, const catalog::Catalog& c, const Date& today) {
  std::string key = req.path;
  key += '?';
  for (const auto& [k, v] : req.query) key += k + "=" + v + "&";
  key += "#" + std::to_string(c.version()) + "#" + today.ToIso();
  if (req.kiosk) key += "#kiosk";
  return key;
}

int PageParam(const Request& req) {
  const std::string s = req.Query("trang");
  if (s.empty() || s.size() > 5) return 1;
  int n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 1;
    n = n * 10 + (c - '0');
  }
  return n < 1 ? 1 : n;
}

// Serves from the page cache, or renders with `make` and caches.
template <typename F>
Response Cached(Site& site, const catalog::Catalog& c, const Request& req, F make) {
  const std::string key = CacheKey(req, c, site.clock().Today());
  if (auto hit = site.cache().Get(key)) return std::move(*hit);
  if (req.cache_only) return Response::NotCached();
  Response r = make();
  r.cache_control = "no-cache";  // revalidate: the list may change any day
  if (r.status != 200) return r;
  return site.cache().Put(key, std::move(r));
}

}  // namespace

json Paragraphs(const std::string& text) {
  json out = json::array();
  std::string cur;
  auto flush = [&]() {
    while (!cur.empty() && (cur.back() == ' ' || cur.back() == '\r')) cur.pop_back();
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  size_t i = 0;
  while (i <= text.size()) {
    size_t nl = text.find('\n', i);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(i, nl - i);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    size_t start = line.find_first_not_of(' ');
    line = start == std::string::npos ? "" : line.substr(start);
    if (line.empty()) {
      flush();
    } else {
      // A new paragraph starts at a list marker or after a sentence end;
      // otherwise the line was broken mid-sentence and is joined.
      const bool marker = line[0] == '-' || line[0] == '+' || line.rfind("•", 0) == 0 ||
                          line.rfind("Bước", 0) == 0 || (line[0] >= 'a' && line[1] == ')');
      const char last = cur.empty() ? '.' : cur.back();
      if (!cur.empty() && (marker || last == '.' || last == ':' || last == ';')) flush();
      if (!cur.empty()) cur.push_back(' ');
      cur += line;
    }
    i = nl + 1;
  }
  flush();
  return out;
}

json ProcedureView(const domain::Procedure& p, const catalog::Catalog& catalog,
                   const Date& today) {
  json v;
  v["code"] = p.code;
  v["name"] = p.name;
  v["field"] = p.field;
  v["field_slug"] = text::Slugify(p.field.empty() ? "Khác" : p.field);
  v["levels"] = LevelsText(p.levels);
  v["kind"] = p.kind;
  v["applicants"] = p.applicants;
  v["agency"] = p.agency;
  v["competent_agency"] = p.competent_agency;
  v["receiving_address"] = p.receiving_address;
  v["delegated_agency"] = p.delegated_agency;
  v["coordinating_agency"] = p.coordinating_agency;
  json steps = json::array();
  int n = 0;
  for (const std::string& s : p.steps) {
    // "Bước 2: Nộp hồ sơ" -> label "Bước 2" + text; unlabelled steps get one.
    ++n;
    std::string label = "Bước " + std::to_string(n);
    std::string rest = s;
    if (s.rfind("Bước", 0) == 0) {
      size_t i = std::string("Bước").size();
      while (i < s.size() && s[i] == ' ') ++i;
      size_t j = i;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
      if (j > i) {
        label = "Bước " + s.substr(i, j - i);
        while (j < s.size() && (s[j] == ':' || s[j] == '.' || s[j] == ' ')) ++j;
        rest = s.substr(j);
      }
    }
    steps.push_back({{"n", n}, {"label", label}, {"paras", Paragraphs(rest)}});
  }
  v["steps"] = steps;
  v["has_steps"] = !p.steps.empty();
  json ch = json::array();
  for (const auto& c : p.channels)
    ch.push_back({{"kind", c.kind.empty() ? "Nộp hồ sơ" : c.kind},
                  {"time_limit", c.time_limit.empty() ? "Chưa công bố" : c.time_limit},
                  {"fee", c.fee.empty() ? "Không" : c.fee},
                  {"description", c.description}});
  v["channels"] = ch;
  v["has_channels"] = !ch.empty();
  v["channels_text"] = Paragraphs(p.channels_text);
  v["has_channels_text"] = !p.channels_text.empty();
  json papers = json::array();
  for (const auto& x : p.papers)
    papers.push_back({{"name", x.name}, {"form", x.form}, {"quantity", x.quantity}});
  v["papers"] = papers;
  v["has_paper_list"] = !papers.empty();
  v["has_papers"] = !papers.empty() || !p.papers_text.empty();
  v["papers_text"] = Paragraphs(p.papers_text);
  v["conditions"] = Paragraphs(p.conditions);
  v["has_conditions"] = !p.conditions.empty();
  v["result"] = Paragraphs(p.result);
  v["has_result"] = !p.result.empty();
  json docs = json::array();
  for (const auto& d : p.legal_docs) docs.push_back({{"name", d.name}, {"number", d.number}});
  v["legal_docs"] = docs;
  v["has_legal_docs"] = !docs.empty();
  v["legal_basis_text"] = Paragraphs(p.legal_basis_text);
  v["has_legal"] = !docs.empty() || !p.legal_basis_text.empty();
  v["decision"] = p.decision;
  v["effective_from"] = p.effective_from ? p.effective_from->ToVietnamese() : "";
  v["effective_until"] = p.effective_until ? p.effective_until->ToVietnamese() : "";
  v["status_label"] = domain::StatusVietnamese(p.status);
  v["status_key"] = domain::StatusKey(p.status);

  // The posting rule (seed Điều 4.4.b): a procedure not in force today is
  // never shown as current; the page says so and points to what replaced it.
  // A procedure the province's signed list no longer names for this commune
  // is never current either (sync bundles mark it unlisted).
  const auto summary = catalog.Summary(p.code);
  const bool unlisted = summary && !summary->listed;
  const bool current = p.InForceOn(today) && !unlisted;
  v["current"] = current;
  v["unlisted"] = unlisted;
  v["not_yet"] = !unlisted && p.status == domain::PostingStatus::kInForce &&
                 p.effective_from && today < *p.effective_from;
  v["other_level"] = current && (p.levels & catalog.options().public_levels) == 0;
  v["has_replacement"] = false;
  if (!p.replaced_by.empty()) {
    if (auto r = catalog.Summary(p.replaced_by)) {
      v["has_replacement"] = true;
      v["replacement"] = {{"code", r->code}, {"name", r->name}};
    }
  }
  return v;
}

void RegisterCatalogPages(Site& site, catalog::Catalog& c, CatalogPagesOptions opt) {
  Router& r = site.router();

  r.AddCachedPage("/", [&site, &c](Request& req) {
    return Cached(site, c, req, [&]() {
      const Date today = site.clock().Today();
      json d = site.BaseData("Thủ tục hành chính");
      json fields = json::array();
      for (const auto& f : c.Fields(today))
        fields.push_back({{"name", f.name}, {"slug", f.slug}, {"count", f.count}});
      d["fields"] = fields;
      d["has_fields"] = !fields.empty();
      d["public_count"] = c.PublicCount(today);
      d["no_top_search"] = true;
      return site.RenderPage("home", d);
    });
  });

  r.AddCachedPage("/linh-vuc/{slug}", [&site, &c](Request& req) {
    return Cached(site, c, req, [&]() {
      const Date today = site.clock().Today();
      auto list = c.InField(req.params["slug"], today);
      if (list.items.empty()) return site.NotFound(req);
      json d = site.BaseData(list.name);
      d["field"] = list.name;
      json items = json::array();
      for (const auto* e : list.items) items.push_back(Item(*e));
      d["items"] = items;
      d["count"] = items.size();
      return site.RenderPage("field", d);
    });
  });

  r.AddCachedPage("/thu-tuc/{code}", [&site, &c](Request& req) {
    return Cached(site, c, req, [&]() {
      const Date today = site.clock().Today();
      auto p = c.Get(req.params["code"]);
      if (!p.ok()) {
        log::Error("procedure page: " + p.status().ToString());
        return site.MessagePage(500, "Lỗi hệ thống", "Không đọc được thủ tục. Vui lòng thử lại.");
      }
      if (!p->has_value()) {
        return site.MessagePage(404, "Không tìm thấy thủ tục",
                                "Không có thủ tục nào mang mã này. Hãy kiểm tra lại mã hoặc tìm "
                                "theo tên thủ tục.");
      }
      json d = site.BaseData((*p)->name);
      d["p"] = ProcedureView(**p, c, today);
      if (req.kiosk) d["qr"] = KioskQr(site, req, "/thu-tuc/" + (*p)->code);
      return site.RenderPage("procedure", d);
    });
  });

  r.Add("GET", "/tim-kiem", Access::kPublic, [&site, &c, opt](Request& req) {
    const std::string q = req.Query("q");
    if (q.size() > opt.max_query_bytes)
      return site.BadRequest(req, "Từ khoá quá dài (tối đa 200 ký tự). Hãy gõ ngắn gọn hơn.");
    const Date today = site.clock().Today();
    const int page = PageParam(req);
    auto res = c.Search(q, today, (page - 1) * opt.page_size, opt.page_size);
    if (!res.ok()) {
      log::Error("search: " + res.status().ToString());
      return site.MessagePage(500, "Lỗi hệ thống", "Không tìm được lúc này. Vui lòng thử lại.");
    }
    if (!res->direct_code.empty()) return Response::Redirect("/thu-tuc/" + res->direct_code);
    return Cached(site, c, req, [&]() {
      json d = site.BaseData(q.empty() ? "Tìm kiếm" : "Tìm: " + q);
      d["q"] = q;
      d["no_top_search"] = true;
      d["searched"] = !text::FoldForSearch(q).empty();
      d["total"] = res->total;
      json items = json::array();
      for (size_t i = 0; i < res->items.size(); ++i) {
        json it = Item(*res->items[i]);
        it["in_name"] = static_cast<int>(i) + (page - 1) * opt.page_size < res->name_matches;
        items.push_back(it);
      }
      d["items"] = items;
      d["none"] = d["searched"].get<bool>() && res->total == 0;
      const int pages = (res->total + opt.page_size - 1) / opt.page_size;
      d["page"] = page;
      d["pages"] = pages;
      d["paged"] = pages > 1;
      d["has_prev"] = page > 1;
      d["has_next"] = page < pages;
      d["prev_url"] = "/tim-kiem?q=" + UrlEncode(q) + "&trang=" + std::to_string(page - 1);
      d["next_url"] = "/tim-kiem?q=" + UrlEncode(q) + "&trang=" + std::to_string(page + 1);
      json fields = json::array();
      if (d["none"].get<bool>())
        for (const auto& f : c.Fields(today))
          fields.push_back({{"name", f.name}, {"slug", f.slug}, {"count", f.count}});
      d["fields"] = fields;
      d["has_fields"] = !fields.empty();
      return site.RenderPage("search", d);
    });
  });

  r.Add("GET", "/api/v1/procedures", Access::kPublic, [&site, &c, opt](Request& req) {
    const std::string q = req.Query("q");
    if (q.size() > opt.max_query_bytes) return Site::JsonError(400, "Từ khoá quá dài.");
    const Date today = site.clock().Today();
    const int page = PageParam(req);
    json out;
    json items = json::array();
    auto add = [&](const catalog::Entry& e) {
      items.push_back({{"code", e.s.code},
                       {"name", e.s.name},
                       {"field", e.s.field},
                       {"status", domain::StatusKey(e.s.status)},
                       {"url", "/thu-tuc/" + e.s.code}});
    };
    if (text::FoldForSearch(q).empty()) {
      auto snap = c.snapshot();
      int total = 0;
      const int from = (page - 1) * 100;
      for (const auto& e : snap->entries) {
        if (!c.IsPublic(e.s, today)) continue;
        if (total >= from && total < from + 100) add(e);
        ++total;
      }
      out["total"] = total;
      out["per_page"] = 100;
    } else {
      auto res = c.Search(q, today, (page - 1) * opt.page_size, opt.page_size);
      if (!res.ok()) return Site::JsonError(500, "Lỗi hệ thống.");
      if (!res->direct_code.empty()) {
        if (auto s = c.Summary(res->direct_code)) {
          items.push_back({{"code", s->code},
                           {"name", s->name},
                           {"field", s->field},
                           {"status", domain::StatusKey(s->status)},
                           {"url", "/thu-tuc/" + s->code}});
        }
        out["total"] = 1;
      } else {
        for (const auto* e : res->items) add(*e);
        out["total"] = res->total;
      }
      out["per_page"] = opt.page_size;
    }
    out["query"] = q;
    out["page"] = page;
    out["date"] = today.ToIso();
    out["items"] = items;
    return Response::Json(out.dump());
  });

  r.Add("GET", "/api/v1/procedures/{code}", Access::kPublic, [&site, &c](Request& req) {
    auto p = c.Get(req.params["code"]);
    if (!p.ok()) return Site::JsonError(500, "Lỗi hệ thống.");
    if (!p->has_value()) return Site::JsonError(404, "Không có thủ tục mang mã này.");
    const Date today = site.clock().Today();
    json j = domain::ToJson(**p);
    j["current"] = (*p)->InForceOn(today);
    j["url"] = "/thu-tuc/" + (*p)->code;
    return Response::Json(j.dump());
  });

  r.Add("GET", "/healthz", Access::kPublic, [&site, &c](Request&) {
    json j;
    j["version"] = kVersion;
    Status db = c.Ping();
    j["database"] = db.ok() ? "ok" : db.ToString();
    j["catalogue"] = {{"size", c.size()},
                      {"public", c.PublicCount(site.clock().Today())},
                      {"version", c.version()}};
    j["status"] = db.ok() ? "ok" : "degraded";
    return Response::Json(j.dump(), db.ok() ? 200 : 503);
  });
}

}  // namespace motcua::web

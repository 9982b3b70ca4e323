// Public catalogue: home, field lists, procedure pages, search, the JSON API
// and /healthz. Only procedures in force today are listed as current.
#pragma once

#include "catalog/catalog.h"
#include "web/site.h"

namespace motcua::web {

struct CatalogPagesOptions {
  int page_size = 20;             // search results per page
  size_t max_query_bytes = 200;   // longer queries are refused
};

void RegisterCatalogPages(Site& site, catalog::Catalog& catalog,
                          CatalogPagesOptions options = {});

// View models, exposed for tests (each template key must be present).
nlohmann::json ProcedureView(const domain::Procedure& p, const catalog::Catalog& catalog,
                             const Date& today);
// Splits text into paragraphs at line breaks, joining broken lines.
nlohmann::json Paragraphs(const std::string& text);

}  // namespace motcua::web

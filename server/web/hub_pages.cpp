// The hub's pages for province officers.
#include "web/sync_pages.h"

namespace motcua::web {

void RegisterHubPages(Site& site, sync::Hub& hub) {}

}  // namespace motcua::web

// The demo catalogue shipped inside the program.
#pragma once

#include <vector>

#include "core/status.h"
#include "domain/procedure.h"

namespace motcua::app {

// Parses the embedded demo procedures (native JSON lines).
Result<std::vector<domain::Procedure>> DemoProcedures();

}  // namespace motcua::app

// Small catalogue procedures for tests that need some to store, search or
// sign: a code, a name, a field, one step, offered by the commune.
#pragma once

#include <string>

#include "domain/procedure.h"

namespace motcua::testing {

inline domain::Procedure MakeProcedure(const std::string& code, const std::string& name,
                                       const std::string& field = "Hộ tịch") {
  domain::Procedure p;
  p.code = code;
  p.name = name;
  p.field = field;
  p.levels = domain::kLevelCommune;
  p.steps = {"Bước 1: Nộp hồ sơ tại Bộ phận Một cửa."};
  return p;
}

}  // namespace motcua::testing

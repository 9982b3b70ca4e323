// Minimal leveled logging to stderr (journald picks it up on the board).
// Log lines are English; messages for people live in templates.
#pragma once

#include <string_view>

namespace motcua::log {

enum class Level { kDebug = 0, kInfo, kWarn, kError };

void SetLevel(Level level);
Level GetLevel();
void Write(Level level, std::string_view msg);

inline void Debug(std::string_view m) { Write(Level::kDebug, m); }
inline void Info(std::string_view m) { Write(Level::kInfo, m); }
inline void Warn(std::string_view m) { Write(Level::kWarn, m); }
inline void Error(std::string_view m) { Write(Level::kError, m); }

}  // namespace motcua::log

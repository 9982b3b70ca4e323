// Command-line entry: parses flags and runs one command.
#pragma once

namespace motcua::app {

// Returns the process exit code.
int Main(int argc, char** argv);

}  // namespace motcua::app

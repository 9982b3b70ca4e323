// motcua: parses flags, builds the App, runs it; nothing else.
#include "app/cli.h"

int main(int argc, char** argv) { return motcua::app::Main(argc, argv); }

#include <cstdio>
#include "core/version.h"
int main() { std::printf("motcua %s\n", motcua::kVersion); return 0; }

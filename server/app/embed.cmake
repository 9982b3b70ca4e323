# Writes IN as a byte array into OUT (C++), as motcua::app::kDemoProcedures.
# (Paths in the generated comment are build-local and never committed.)
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR size "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n#include <cstddef>\nnamespace motcua::app {\nextern const unsigned char kDemoProcedures[] = {\n${bytes}0x00};\nextern const size_t kDemoProceduresSize = ${size};\n}  // namespace motcua::app\n")

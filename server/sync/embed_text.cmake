# Writes the text file IN into OUT (C++) as `const char NAME[]` in namespace
# motcua::sync, as a raw string literal (the text must not contain ")embed").
file(READ ${IN} text)
file(WRITE ${OUT} "// Generated at build time; do not edit.\nnamespace motcua::sync {\nextern const char ${NAME}[] = R\"embed(${text})embed\";\n}  // namespace motcua::sync\n")

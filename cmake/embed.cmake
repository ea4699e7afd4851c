# SPDX-License-Identifier: GPL-2.0-only
# Write INPUT's bytes as a C array named NAME into OUTPUT.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" len)
math(EXPR size "${len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
file(WRITE "${OUTPUT}" "/* SPDX-License-Identifier: GPL-2.0-only */\n/* generated from ${INPUT} */\n#include <stddef.h>\nconst unsigned char ${NAME}[] = {${body}};\nconst size_t ${NAME}_size = ${size};\n")

# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# cmake -DIN=file -DOUT=file.c -DNAME=symbol -P embed_file.cmake: the bytes of IN as a C
# array NAME[] and its length NAME_len, so that a binary carries a file it needs.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR n "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n\t" bytes "${bytes}")
file(WRITE "${OUT}" "/* Generated from ${IN} by cmake/embed_file.cmake; do not edit. */\n#include <stddef.h>\n\nconst unsigned char ${NAME}[] = {\n\t${bytes}\n};\nconst size_t ${NAME}_len = ${n};\n")

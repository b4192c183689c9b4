#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
"""Decode an 8-bit RGB/RGBA PNG with zlib alone and print
'<width> <height> <distinct colours> <share of non-white pixels> <red-ish> <blue-ish> <purple-ish>'
(the last three are pixel counts near the report's loss red, RTT blue and CDF purple)."""
import struct
import sys
import zlib


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                sys.exit("unsupported PNG depth %d colour type %d" % (depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                line[i] = (line[i] + paeth(a, b, c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def near(px, ref, tol=40):
    return all(abs(p - r) <= tol for p, r in zip(px, ref))


width, height, bpp, rows = decode(sys.argv[1])
colours, nonwhite, red, blue, purple = set(), 0, 0, 0, 0
for line in rows:
    for x in range(width):
        px = tuple(line[x * bpp:x * bpp + 3])
        colours.add(px)
        if px != (255, 255, 255):
            nonwhite += 1
        red += near(px, (0xdc, 0x26, 0x26))
        blue += near(px, (0x25, 0x63, 0xeb))
        purple += near(px, (0x7c, 0x3a, 0xed))
print(width, height, len(colours), "%.4f" % (nonwhite / float(width * height)), red, blue, purple)

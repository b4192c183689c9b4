#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Dependencies point one way: every #include "x.h" or <x.h> of a crosspeer header in a
# source folder must name a header of the same folder or of a folder the table below
# allows. The build checks the same through CMake include directories (each library
# exposes only its own folder and links only folders below it); this catches a wrong-way
# include even if those are loosened. A folder with C sources that has no row fails too,
# so a new folder gets one. tests/ is not checked.
# Usage: layering.sh SOURCE_DIR
set -eu

src=${1:?usage: layering.sh SOURCE_DIR}
cd "$src"

# folder, then the folders its files may include from (bottom to top)
table='
common
probes
routing
azure
profile azure
report probes
lab
lab/armsim azure
lab/scenarios common lab lab/armsim profile azure report
plugins/peer profile azure
plugins/azure profile azure plugins/peer
agent common probes routing azure profile report lab lab/armsim lab/scenarios plugins/peer plugins/azure
'

files=$(find . -path ./tests -prune -o -path './build*' -prune -o -path ./.git -prune -o \
	\( -name '*.c' -o -name '*.h' \) -type f -print | sed 's|^\./||' | sort)
[ -n "$files" ] || { echo "FAIL: no C sources under $src"; exit 1; }

# shellcheck disable=SC2086
printf '%s\n' "$table" | awk '
	# the folder of a path: its longest prefix with a row in the table (probes/bpf/x.h is in
	# probes)
	function folder_of(path,    d) {
		d = path
		while (sub(/\/[^\/]*$/, "", d))
			if (d in row)
				return d
		return ""
	}
	# a/b/../c -> a/c
	function normal(path,    n, i, k, part, out) {
		n = split(path, part, "/")
		k = 0
		for (i = 1; i <= n; i++) {
			if (part[i] == "." || part[i] == "")
				continue
			if (part[i] == ".." && k > 0) { k--; continue }
			out[++k] = part[i]
		}
		path = ""
		for (i = 1; i <= k; i++)
			path = path (i > 1 ? "/" : "") out[i]
		return path
	}
	FILENAME == "-" {
		if (NF > 0)
			row[$1] = " " $0 " "
		next
	}
	# every file of the tree (known[]) and every header by name (header[]), once the table
	# is read
	!mapped {
		mapped = 1
		for (i = 2; i < ARGC; i++) {
			known[ARGV[i]] = 1
			if (ARGV[i] ~ /\.h$/) {
				h = ARGV[i]
				sub(/^.*\//, "", h)
				header[h] = folder_of(ARGV[i])
			}
		}
	}
	FNR == 1 {
		fo = folder_of(FILENAME)
		if (fo == "") {
			printf "FAIL: %s: its folder has no row in the layering table\n", FILENAME
			bad = 1
			nextfile
		}
	}
	/^[ \t]*#[ \t]*include[ \t]*[<"]/ {
		inc = $0
		sub(/^[^<"]*[<"]/, "", inc)
		sub(/[>"].*$/, "", inc)
		if (inc ~ /\//) {
			# a path: ours only if it names a file of the tree
			p = FILENAME
			sub(/[^\/]*$/, "", p)
			p = normal(p inc)
			if (!(p in known))
				next
			to = folder_of(p)
		} else if (inc in header) {
			to = header[inc]
		} else {
			next
		}
		n++
		if (index(row[fo], " " to " ") == 0) {
			allowed = row[fo]
			sub(/^ [^ ]* */, "", allowed)
			sub(/ $/, "", allowed)
			printf "FAIL: %s includes %s from %s/, which %s/ may not use (allowed: %s)\n",
				FILENAME, inc, to, fo, allowed
			bad = 1
		}
	}
	END {
		if (bad)
			exit 1
		printf "PASS: %d includes of crosspeer headers follow the layering table\n", n
	}
	' - $files

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Runs a ctest selection of an already-built build folder inside a User-Mode Linux guest
# (Debian's user-mode-linux kernel, which has ESP, XFRM and VTI), so the tunnel tests run on
# the kernel data path this machine's kernel lacks. The guest's root is the host's / read-only
# with a tmpfs overlay: nothing the tests write reaches the host; the guest writes only the
# job folder's out/ (ctest's output and exit status), and the job folder, a temp folder in
# the build folder, is removed at the end whatever happens. Bounded by --timeout (the whole
# guest, killed with its process group); prints ctest's output and returns ctest's exit
# status (5 when the guest itself failed: no result written, timeout, crash).
#
#   tests/uml/run.sh [--timeout SECONDS] [--mem MB] BUILD_DIR [CTEST_ARGS...]
#   tests/uml/run.sh build -L tunnel
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
timeout_s=1800
mem_mb=1536

usage() {
	echo "usage: $0 [--timeout SECONDS] [--mem MB] BUILD_DIR [CTEST_ARGS...]" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case $1 in
	--timeout) [ $# -ge 2 ] || usage; timeout_s=$2; shift 2 ;;
	--mem) [ $# -ge 2 ] || usage; mem_mb=$2; shift 2 ;;
	-h|--help) usage ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || usage
build=$(cd "$1" 2>/dev/null && pwd) || { echo "uml: $1: no such build folder" >&2; exit 2; }
shift
[ -f "$build/CTestTestfile.cmake" ] || { echo "uml: $build: not a built ctest folder" >&2; exit 2; }

if [ "$(id -u)" -ne 0 ]; then
	echo "uml: needs root (the guest runs the namespace tests as root; apt-get installs UML)" >&2
	exit 5
fi
"$top/scripts/install-deps.sh" >&2
kernel=/usr/bin/linux.uml
kver=$(find /usr/lib/uml/modules -mindepth 1 -maxdepth 1 -printf "%f\n" 2>/dev/null | head -1)
if [ ! -x "$kernel" ] || [ -z "$kver" ]; then
	echo "uml: $kernel or its modules in /usr/lib/uml/modules: missing (package user-mode-linux)" >&2
	exit 5
fi

# libreswan, the second IKEv2 implementation of the interop tests: Debian's package conflicts
# with strongSwan's, so its .deb is unpacked into the build folder, never installed
# (lab/libreswan.sh runs it from there); without it those tests skip
lsw="$build/uml/libreswan"
if [ ! -x "$lsw/usr/libexec/ipsec/pluto" ]; then
	rm -rf "$build/uml/deb" && mkdir -p "$build/uml/deb"
	if (cd "$build/uml/deb" && { apt-get download -q libreswan || { apt-get update -q &&
			apt-get download -q libreswan; }; }) > "$build/uml/deb/download.log" 2>&1 &&
		dpkg-deb -x "$build"/uml/deb/libreswan_*.deb "$lsw"; then
		echo "uml: libreswan unpacked into $lsw"
	else
		echo "uml: libreswan: download or unpack failed, its tests will skip: $(tail -2 "$build/uml/deb/download.log")" >&2
	fi
fi

job=$(mktemp -d "$build/uml-job.XXXXXX")
pid="" watchdog=""
# shellcheck disable=SC2317 # run by the trap below
cleanup() {
	rc=$?
	# the kernel makes itself a session leader: its group holds every host process it forks
	[ -z "$watchdog" ] || kill -s KILL -- "-$watchdog" 2>/dev/null || true
	if [ -n "$pid" ]; then
		kill -s KILL -- "-$pid" 2>/dev/null || kill -s KILL "$pid" 2>/dev/null || true
		i=0
		while kill -0 -- "-$pid" 2>/dev/null && [ "$i" -lt 50 ]; do
			i=$((i + 1))
			sleep 0.1
		done
	fi
	wait 2>/dev/null || true
	rm -rf "$job"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 5' INT TERM HUP

mkdir "$job/out"
cp "$top/tests/uml/guest_init.sh" "$job/init"
# the command the guest runs: ctest in the build folder, each argument quoted
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
cmd="ctest --output-on-failure"
for a in "$@"; do
	cmd="$cmd $(quote "$a")"
done
# ctest shows no output of a skipped test: print the reasons the skipped ones gave
cat > "$job/cmd.sh" <<EOF
cd $(quote "$build") || exit 5
rc=0
$cmd || rc=\$?
grep -h "^SKIP" Testing/Temporary/LastTest.log 2>/dev/null | sed 's/^/uml: skipped: /'
exit \$rc
EOF

echo "uml: booting $kernel ($kver, ${mem_mb} MB, at most ${timeout_s} s): $cmd"
start=$(date +%s)
TMPDIR=/dev/shm "$kernel" "mem=${mem_mb}M" rootfstype=hostfs rootflags=/ ro quiet \
	"init=$job/init" con=null con0=null,fd:1 "XP_JOB=$job" "XP_KVER=$kver" < /dev/null &
pid=$!
# the bound: a watchdog in its own session kills the guest's process group
# shellcheck disable=SC2016 # the watchdog expands its own arguments
setsid sh -c 'sleep "$1"; echo "uml: timeout after $1 s, killing the guest" >&2; kill -s KILL -- "-$2" 2>/dev/null || kill -s KILL "$2"' \
	uml-watchdog "$timeout_s" "$pid" > /dev/null &
watchdog=$!
wait "$pid" || true
elapsed=$(($(date +%s) - start))
if [ ! -s "$job/out/rc" ]; then
	echo "uml: the guest wrote no result after ${elapsed} s (timeout ${timeout_s} s, or it crashed)" >&2
	exit 5
fi
rc=$(cat "$job/out/rc")
echo "uml: guest finished in ${elapsed} s, ctest exit status $rc"
exit "$rc"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Installs every Debian package crosspeer needs to build, test and run its lab.
# Idempotent: when every package is present it touches nothing and needs no network.
set -eu

PACKAGES="build-essential cmake pkg-config ca-certificates debian-archive-keyring
bzip2 xz-utils patch
libssl-dev libgmp-dev bison flex gperf
libcurl4-openssl-dev libjansson-dev libpcap-dev libmicrohttpd-dev libcmocka-dev libbpf-dev \
	libyaml-dev libgnutls28-dev libcrypt-dev libsqlite3-dev libmnl-dev prometheus
clang llvm libclang-rt-14-dev valgrind
iproute2 iputils-ping tcpdump iperf3 irtt procps psmisc openssl curl jq bird2
python3 python3-scapy python3-jsonschema chromium vagrant shellcheck
user-mode-linux busybox-static libnss3-tools libldns3 libevent-pthreads-2.1-7"

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: run as root (apt-get needs it)" >&2
	exit 5
fi

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
# Node.js and npm for the Azure SDK interop test (tests/interop/azure-sdk): Debian's,
# unless the machine already has a node with its npm (a nodejs package that bundles npm
# conflicts with Debian's npm package)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	missing="$missing nodejs npm"
fi
if [ -z "$missing" ]; then
	exit 0
fi
echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing

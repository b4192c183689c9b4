#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Builds the pinned strongSwan (Debian bookworm's 5.9.8 source with Debian's security
# patches) once into a machine-wide cache that every clone on this machine reuses.
# Prints the install prefix on its last line. Idempotent: a finished cache is reused as is.
set -eu

VERSION=5.9.8
DEBIAN_REVISION=5+deb12u5
# The Debian patches we apply: the security fixes (0005-0016), all clean on 5.9.8.
SECURITY_PATCHES="0005 0006 0007 0008 0009 0010 0011 0012 0013 0014 0015 0016"
CONFIGURE_FLAGS="--disable-defaults --enable-charon --enable-swanctl --enable-vici --enable-ikev2
 --enable-cmd --enable-openssl --enable-random --enable-nonce --enable-pem --enable-pkcs1
 --enable-pkcs8 --enable-x509 --enable-pubkey --enable-constraints --enable-kdf --enable-hmac
 --enable-sha1 --enable-sha2 --enable-kernel-netlink --enable-kernel-libipsec
 --enable-socket-default --with-dev-headers=yes"

CACHE=${CROSSPEER_CACHE:-/var/cache/crosspeer}
stamp=$(printf '%s %s %s %s' "$VERSION" "$DEBIAN_REVISION" "$SECURITY_PATCHES" "$CONFIGURE_FLAGS" |
	sha256sum | cut -c1-12)
PREFIX="$CACHE/strongswan-$VERSION-$stamp"

if [ -f "$PREFIX/.complete" ]; then
	echo "$PREFIX"
	exit 0
fi

mkdir -p "$CACHE"
exec 9>"$CACHE/.strongswan.lock"
flock 9
if [ -f "$PREFIX/.complete" ]; then	# another run finished it while we waited
	echo "$PREFIX"
	exit 0
fi

work="$CACHE/build-$stamp"
rm -rf "$work" "$PREFIX"
mkdir -p "$work/apt/lists/partial"
cd "$work"

# A private apt configuration: fetch Debian's source package without touching /etc/apt.
cat > apt/src.sources <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
APT="apt-get -q -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$work/apt
 -o Dir::State::Lists=$work/apt/lists -o Dir::Cache=$work/apt/cache"
mkdir -p apt/cache/archives/partial
echo "build-strongswan: fetching strongswan=$VERSION-$DEBIAN_REVISION source" >&2
$APT update >&2
$APT source --download-only "strongswan=$VERSION-$DEBIAN_REVISION" >&2

dsc="strongswan_$VERSION-$DEBIAN_REVISION.dsc"
# apt verified the .dsc against the signed Sources index; check each file against the .dsc.
awk '/^Checksums-Sha256:/ { on = 1; next } /^[^ ]/ { on = 0 } on && NF == 3 { print $1 "  " $3 }' \
	"$dsc" > sha256sums
[ -s sha256sums ] || { echo "build-strongswan: no Checksums-Sha256 in $dsc" >&2; exit 1; }
sha256sum -c sha256sums >&2

tar xjf "strongswan_$VERSION.orig.tar.bz2"
tar xJf "strongswan_$VERSION-$DEBIAN_REVISION.debian.tar.xz"
cd "strongswan-$VERSION"
for n in $SECURITY_PATCHES; do
	for p in ../debian/patches/"$n"-*.patch; do
		echo "build-strongswan: applying $(basename "$p")" >&2
		patch -p1 -s < "$p"
	done
done

# shellcheck disable=SC2086
./configure --prefix="$PREFIX" --sysconfdir="$PREFIX/etc" --with-piddir="$PREFIX/run" \
	$CONFIGURE_FLAGS > "$work/configure.log" 2>&1 ||
	{ tail -30 "$work/configure.log" >&2; exit 1; }
make -j"$(nproc)" > "$work/make.log" 2>&1 || { tail -40 "$work/make.log" >&2; exit 1; }
make install > "$work/install.log" 2>&1 || { tail -40 "$work/install.log" >&2; exit 1; }

# libcharon's headers are not installed by --with-dev-headers; copy them, plus the two
# libstrongswan headers the install list misses.
inc="$PREFIX/include/strongswan"
(cd src/libcharon && find . -name '*.h' | while read -r h; do
	mkdir -p "$inc/libcharon/$(dirname "$h")"
	cp "$h" "$inc/libcharon/$h"
done)
mkdir -p "$inc/utils/utils" "$inc/settings"
cp src/libstrongswan/utils/utils/constant_time.h "$inc/utils/utils/"
cp src/libstrongswan/settings/settings_types.h "$inc/settings/"
mkdir -p "$inc/libipsec"
cp src/libipsec/*.h "$inc/libipsec/"

libdir="$PREFIX/lib/ipsec"
mkdir -p "$PREFIX/lib/pkgconfig"
cat > "$PREFIX/lib/pkgconfig/strongswan-charon.pc" <<PC
prefix=$PREFIX
libdir=$libdir
includedir=$inc

Name: strongswan-charon
Description: strongSwan $VERSION ($DEBIAN_REVISION) libcharon and libstrongswan, private build
Version: $VERSION
Cflags: -include \${libdir}/include/config.h -I\${includedir} -I\${includedir}/libcharon
Libs: -L\${libdir} -Wl,-rpath,\${libdir} -lcharon -lstrongswan
PC
echo "$VERSION-$DEBIAN_REVISION" > "$PREFIX/.complete"
cd /
rm -rf "$work"
echo "$PREFIX"

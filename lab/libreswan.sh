# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Sourced by tests (needs PSK_VALUE and fail()): libreswan's pluto as a second IKEv2
# implementation. Debian's libreswan package conflicts with strongSwan's, so it is not
# installed: tests/uml/run.sh unpacks its .deb into the build folder (LIBRESWAN_ROOT) and
# each pluto runs from there with a private NSS db, config, secrets and run folder.
# shellcheck shell=sh
LIBRESWAN_ROOT=${LIBRESWAN_ROOT:-${CROSSPEER_BUILD:-}/uml/libreswan}
LSW_BIN="$LIBRESWAN_ROOT/usr/libexec/ipsec"

# lsw_skip_unless_ready: exit 77 unless pluto is unpacked and the kernel has ESP
lsw_skip_unless_ready() {
	if [ ! -x "$LSW_BIN/pluto" ]; then
		echo "SKIP: libreswan is not unpacked in $LIBRESWAN_ROOT (tests/uml/run.sh fetches it for the guest)"
		exit 77
	fi
	if [ ! -e /sys/module/esp4 ]; then
		echo "SKIP: libreswan needs kernel ESP (XFRM); this kernel has none (tests/uml/run.sh runs it in a guest)"
		exit 77
	fi
}

# lsw_conf DIR SIDE [CONN_LINES]: ipsec.conf, ipsec.secrets and an NSS db for one pluto.
# Proposals: DH14 (Debian's build has no DH group 2), as an Azure custom policy gives.
lsw_conf() {
	d=$1
	if [ "$2" = onprem ]; then
		l=192.0.2.1 r=192.0.2.2 ls=10.1.0.0/24 rs=10.2.0.0/24
	else
		l=192.0.2.2 r=192.0.2.1 ls=10.2.0.0/24 rs=10.1.0.0/24
	fi
	mkdir -p "$d/nss" "$d/run"
	certutil -N -d "sql:$d/nss" --empty-password > /dev/null 2>&1 ||
		fail "certutil could not create an NSS db in $d/nss"
	cat > "$d/ipsec.conf" <<CONF
config setup
	uniqueids=yes

conn lab
	ikev2=insist
	authby=secret
	left=$l
	leftid=$l
	leftsubnet=$ls
	leftsourceip=${ls%.0/24}.1
	right=$r
	rightid=$r
	rightsubnet=$rs
	ike=${LSW_IKE:-aes256-sha2_256;dh14}
	esp=${LSW_ESP:-aes256-sha2_256}
	pfs=no
	auto=add
${3:-}
CONF
	(umask 077; printf '%s %s : PSK "%s"\n' "$l" "$r" "${LSW_PSK:-$PSK_VALUE}" > "$d/ipsec.secrets")
}

# start_lsw NS DIR LOG: run pluto in NS with DIR's config and its conn "lab"; sets LSW_PID
start_lsw() {
	# pluto runs its helpers from the compiled-in /usr/libexec/ipsec: in a private mount
	# namespace, a tmpfs over /usr/libexec holds the unpacked ones
	# (and its updown script calls the unpacked `ipsec` script)
	ip netns exec "$1" unshare -m sh -c "export PATH='$LIBRESWAN_ROOT/usr/sbin':\$PATH &&
		mount -t tmpfs none /usr/libexec &&
		mkdir /usr/libexec/ipsec && mount --bind '$LSW_BIN' /usr/libexec/ipsec &&
		exec /usr/libexec/ipsec/pluto --nofork --stderrlog --config '$2/ipsec.conf' \
		--secretsfile '$2/ipsec.secrets' --ipsecdir '$2' --nssdir '$2/nss' --rundir '$2/run' \
		--dumpdir '$2/run' --no-dnssec" > "$3" 2>&1 &
	# shellcheck disable=SC2034 # used by the tests that source this file
	LSW_PID=$!
	# pluto loads the config's auto=add conns itself once it listens; secrets come last
	wait_for "$3" "loading secrets from" 60 || fail "pluto did not start: $(tail -5 "$3")"
	grep -q "added IKEv2 connection" "$3" || fail "pluto did not load the conn: $(tail -5 "$3")"
}

# lsw_whack NS DIR ARGS...: talk to that pluto
lsw_whack() {
	n=$1 d=$2
	shift 2
	ip netns exec "$n" "$LSW_BIN/whack" --ctlsocket "$d/run/pluto.ctl" "$@"
}

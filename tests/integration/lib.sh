# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Sourced by the namespace integration tests: root check, the two-namespace lab, profiles,
# PSK files, a stock strongSwan charon, and teardown that always runs.
set -eu

: "${CROSSPEER:?set by ctest: path of the crosspeer binary}"
: "${CROSSPEER_SRC:?set by ctest: source tree}"
LAB="$CROSSPEER_SRC/lab/netns_pair.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: needs root for network namespaces (CI runs as root)"
	exit 77
fi

TAG=${TAG:-t$$}
NS_A="crosspeer-$TAG-onprem"
NS_B="crosspeer-$TAG-partner"
WORK=$(mktemp -d "/tmp/crosspeer-$TAG.XXXXXX")
PSK_VALUE="xp-psk-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

cleanup() {
	rc=$?
	"$LAB" down "$TAG" >/dev/null 2>&1 || true
	if [ $rc -ne 0 ] && [ $rc -ne 77 ]; then
		for f in "$WORK"/*.log; do
			[ -f "$f" ] || continue
			echo "---- $f (last 40 lines)"
			tail -40 "$f"
		done
	fi
	rm -rf "$WORK"
	exit $rc
}
trap cleanup EXIT INT TERM

fail() { echo "FAIL: $*"; exit 1; }
pass() { echo "PASS: $*"; }

lab_up() { "$LAB" up "$TAG"; }

# write_psk FILE [VALUE]
write_psk() {
	(umask 077; printf '%s\n' "${2:-$PSK_VALUE}" > "$1")
}

# write_profile FILE SIDE [EXTRA_JSON]: SIDE onprem (192.0.2.1, 10.1/24) or partner
write_profile() {
	if [ "$2" = onprem ]; then
		l=192.0.2.1 r=192.0.2.2 ls=10.1.0.0/24 rs=10.2.0.0/24
	else
		l=192.0.2.2 r=192.0.2.1 ls=10.2.0.0/24 rs=10.1.0.0/24
	fi
	cat > "$1" <<JSON
{ "version": 1, "name": "lab-$2",
  "local": { "address": "$l", "subnets": ["$ls"] },
  "remote": { "address": "$r", "subnets": ["$rs"] },
  "auth": { "psk_file": "psk-$2.txt" },
  "ike": { "dpd_delay_s": 5, "dpd_timeout_s": 15 }${3:+,
  $3} }
JSON
}

# wait_for FILE PATTERN SECONDS
wait_for() {
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -le $(($3 * 10)) ] || return 1
		sleep 0.1
	done
}

# start_simulate PROFILE LOG: crosspeer simulate in the partner namespace
start_simulate() {
	ip netns exec "$NS_B" "$CROSSPEER" simulate --profile "$1" > "$2" 2>&1 &
	SIM_PID=$!
	wait_for "$2" "simulating" 10 || fail "simulate did not start: $(tail -5 "$2")"
}

# no_secret_in FILES...: the PSK value must appear nowhere
no_secret_in() {
	if grep -l -F "$PSK_VALUE" "$@" 2>/dev/null; then
		fail "the pre-shared key appears in the output above"
	fi
}

# no_sa_routes NS: no tunnel routes in table 220 (the agent there may still run)
no_sa_routes() {
	if [ -n "$(ip -n "$1" route show table 220 2>/dev/null)" ]; then
		fail "routes are left in table 220 in $1"
	fi
}

# no_tunnel_left NS: the agent there has exited: no ipsec TUN device, no routes
no_tunnel_left() {
	if ip -n "$1" link show 2>/dev/null | grep -q ipsec; then
		fail "a TUN device is left in $1"
	fi
	no_sa_routes "$1"
}

# Stock strongSwan charon from the pinned build, for interop and the benchmark. Its pid
# file and vici socket are compiled-in paths, so each runs in a private mount namespace
# with a tmpfs over its run directory.
: "${STRONGSWAN_PREFIX:?set by ctest: the pinned strongSwan prefix}"

# stock_conf DIR SIDE ROLE: strongswan.conf + swanctl.conf for one stock charon
stock_conf() {
	d=$1
	mkdir -p "$d/swanctl"
	if [ "$2" = onprem ]; then
		l=192.0.2.1 r=192.0.2.2 ls=10.1.0.0/24 rs=10.2.0.0/24
	else
		l=192.0.2.2 r=192.0.2.1 ls=10.2.0.0/24 rs=10.1.0.0/24
	fi
	cat > "$d/strongswan.conf" <<CONF
charon {
  load = random nonce openssl pem pkcs1 pkcs8 pubkey x509 constraints kdf hmac sha1 sha2 kernel-libipsec kernel-netlink socket-default vici
  filelog {
    stderr {
      default = 1
      time_format = %H:%M:%S
    }
  }
  plugins {
    vici {
      socket = unix://$d/charon.vici
    }
  }
}
swanctl {
  socket = unix://$d/charon.vici
}
CONF
	cat > "$d/swanctl/swanctl.conf" <<CONF
connections {
  lab {
    version = 2
    local_addrs = $l
    remote_addrs = $r
    proposals = ${STOCK_IKE:-aes256-sha256-modp1024}
    local {
      auth = psk
      id = $l
    }
    remote {
      auth = psk
      id = $r
    }
    children {
      lab {
        local_ts = $ls
        remote_ts = $rs
        esp_proposals = ${STOCK_ESP:-aes256gcm16}
        mode = tunnel
      }
    }
  }
}
secrets {
  ike-lab {
    id-1 = $l
    id-2 = $r
    secret = "$PSK_VALUE"
  }
}
CONF
	chmod 600 "$d/swanctl/swanctl.conf"
}

# start_stock NS DIR LOG: run the stock charon in NS, load its config
start_stock() {
	mkdir -p "$STRONGSWAN_PREFIX/run"
	ip netns exec "$1" unshare -m sh -c "mount -t tmpfs none '$STRONGSWAN_PREFIX/run' &&
		STRONGSWAN_CONF='$2/strongswan.conf' exec '$STRONGSWAN_PREFIX/libexec/ipsec/charon'" \
		> "$3" 2>&1 &
	i=0
	while [ ! -S "$2/charon.vici" ]; do
		i=$((i + 1))
		[ $i -le 100 ] || fail "stock charon did not start: $(tail -5 "$3")"
		sleep 0.1
	done
	stock_swanctl "$2" --load-all --file "$2/swanctl/swanctl.conf" > /dev/null
}

# stock_swanctl DIR ARGS...
stock_swanctl() {
	d=$1
	shift
	STRONGSWAN_CONF="$d/strongswan.conf" "$STRONGSWAN_PREFIX/sbin/swanctl" "$@"
}

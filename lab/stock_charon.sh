# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Sourced by tests and benchmarks (needs PSK_VALUE and fail()):
# Stock strongSwan charon from the pinned build, for interop and the benchmark. Its pid
# file and vici socket are compiled-in paths, so each runs in a private mount namespace
# with a tmpfs over its run directory.
# shellcheck shell=sh
: "${STRONGSWAN_PREFIX:?set by ctest: the pinned strongSwan prefix}"

# Its data path: kernel XFRM where the kernel has ESP, else libipsec (which must come
# first: the first kernel-ipsec plugin loaded wins)
if [ -e /sys/module/esp4 ]; then
	STOCK_KERNEL="kernel-netlink"
else
	STOCK_KERNEL="kernel-libipsec kernel-netlink"
fi

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
  load = random nonce openssl pem pkcs1 pkcs8 pubkey x509 constraints kdf hmac sha1 sha2 $STOCK_KERNEL socket-default vici
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
	stock_swanctl "$2" --load-all --file "$2/swanctl/swanctl.conf" > /dev/null 2>&1 ||
		fail "swanctl --load-all failed in $2"
}

# stock_swanctl DIR ARGS...
stock_swanctl() {
	d=$1
	shift
	STRONGSWAN_CONF="$d/strongswan.conf" "$STRONGSWAN_PREFIX/sbin/swanctl" "$@"
}

# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Sourced by the multi-site test and benchmark (after lab/stock_charon.sh): N on-prem sites
# against one gateway, on the two-namespace lab of lab/netns_pair.sh.
#   site i (1..N): public 10.64.<i/250>.<i%250+1> on the on-prem veth, inner
#                  10.128.<i/250>.<i%250+1>/32 on the on-prem lo;
#   gateway:       public 10.64.255.254 on the partner veth, VNet 10.100.0.0/16 (10.100.0.1
#                  on the partner lo).
# The sites are one stock charon holding N connections, each from its own address.
# shellcheck shell=sh

MS_GW=10.64.255.254
MS_VNET=10.100.0.0/16

ms_pub() { echo "10.64.$(($1 / 250)).$(($1 % 250 + 1))"; }
ms_inner() { echo "10.128.$(($1 / 250)).$(($1 % 250 + 1))"; }

# ms_addrs NS_SITES VETH_SITES NS_GW VETH_GW N: the addresses above, in one batch each
ms_addrs() {
	i=1
	while [ "$i" -le "$5" ]; do
		echo "address add $(ms_pub "$i")/16 dev $2"
		echo "address add $(ms_inner "$i")/32 dev lo"
		i=$((i + 1))
	done > "$WORK/ms-addrs.batch"
	ip -n "$1" -batch "$WORK/ms-addrs.batch"
	ip -n "$3" address add "$MS_GW/16" dev "$4"
	ip -n "$3" address add 10.100.0.1/32 dev lo
}

# ms_gw_profiles DIR N PERSONALITY: one crosspeer simulate profile per site, DIR/site-<i>.json
# (the key in DIR/psk.txt); prints the --profile arguments
ms_gw_profiles() {
	i=1
	while [ "$i" -le "$2" ]; do
		if [ "$3" = azure ]; then
			prop=''
		else
			prop='"ike": { "proposals": ["aes256-sha256-modp1024"] },
  "esp": { "proposals": ["aes256gcm16"] },'
		fi
		cat > "$1/site-$i.json" <<JSON
{ "version": 1, "name": "site-$i", "personality": "$3", $prop
  "local": { "address": "$MS_GW", "subnets": ["$MS_VNET"] },
  "remote": { "address": "$(ms_pub "$i")", "subnets": ["$(ms_inner "$i")/32"] },
  "auth": { "psk_file": "psk.txt" } }
JSON
		printf ' --profile %s' "$1/site-$i.json"
		i=$((i + 1))
	done
}

# ms_stock_conf DIR N ROLE: strongswan.conf + swanctl.conf for a stock charon holding N
# connections: ROLE sites (initiates each at load) or gateway (answers them)
ms_stock_conf() {
	d=$1
	mkdir -p "$d/swanctl"
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
	{
		echo "connections {"
		i=1
		while [ "$i" -le "$2" ]; do
			pub=$(ms_pub "$i") inner=$(ms_inner "$i")
			if [ "$3" = sites ]; then
				l=$pub r=$MS_GW ls=$inner/32 rs=$MS_VNET start="start_action = start"
			else
				l=$MS_GW r=$pub ls=$MS_VNET rs=$inner/32 start=""
			fi
			cat <<CONF
  site-$i {
    version = 2
    local_addrs = $l
    remote_addrs = $r
    proposals = aes256-sha256-modp1024
    local { auth = psk
      id = $l }
    remote { auth = psk
      id = $r }
    children { site-$i { local_ts = $ls
      remote_ts = $rs
      esp_proposals = aes256gcm16
      $start } }
  }
CONF
			i=$((i + 1))
		done
		echo "}"
		echo "secrets { ike-all { secret = \"$PSK_VALUE\" } }"
	} > "$d/swanctl/swanctl.conf"
	chmod 600 "$d/swanctl/swanctl.conf"
}

# ms_established LOG: CHILD_SAs the stock charon writing LOG has set up
ms_established() {
	grep -c "CHILD_SA site-[0-9]*{[0-9]*} established" "$1" 2>/dev/null || true
}

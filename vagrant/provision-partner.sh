#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Vagrant provisioner of the "partner" VM (run as root after scripts/build.sh): the
# simulated partner tenant of the namespace lab. Writes the profile and the PSK
# (CROSSPEER_LAB_PSK from the Vagrantfile) to /etc/crosspeer and starts two systemd
# services: crosspeer-simulate (the partner gateway at 192.0.2.12 for the peer 192.0.2.11)
# and crosspeer-reflect (a STAMP reflector on 10.2.0.1, the partner subnet's address,
# kept on lo as lab/netns_pair.sh does). Idempotent.
set -eu

: "${CROSSPEER_LAB_PSK:?set by the Vagrantfile}"
bin=${CROSSPEER:-/crosspeer/build/agent/crosspeer}
etc=/etc/crosspeer

[ -x "$bin" ] || { echo "provision-partner: $bin missing; run the build provisioner first" >&2; exit 5; }

install -d -m 0755 "$etc"
(umask 077; printf '%s\n' "$CROSSPEER_LAB_PSK" > "$etc/psk.txt")
cat > "$etc/partner.json" <<JSON
{ "version": 1, "name": "vagrant-partner",
  "local": { "address": "192.0.2.12", "subnets": ["10.2.0.0/24"] },
  "remote": { "address": "192.0.2.11", "subnets": ["10.1.0.0/24"] },
  "auth": { "psk_file": "psk.txt" },
  "ike": { "dpd_delay_s": 5, "dpd_timeout_s": 15 } }
JSON

# Both services put the inner address on lo first ('-': it may be there already).
cat > /etc/systemd/system/crosspeer-simulate.service <<UNIT
[Unit]
Description=crosspeer simulate: the partner tenant's gateway (vagrant lab)
After=network-online.target
Wants=network-online.target

[Service]
ExecStartPre=-/sbin/ip addr add 10.2.0.1/32 dev lo
ExecStart=$bin simulate --profile $etc/partner.json
Restart=on-failure
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT

cat > /etc/systemd/system/crosspeer-reflect.service <<UNIT
[Unit]
Description=crosspeer reflect: STAMP reflector on the partner subnet (vagrant lab)
After=network-online.target
Wants=network-online.target

[Service]
ExecStartPre=-/sbin/ip addr add 10.2.0.1/32 dev lo
ExecStart=$bin reflect --listen 10.2.0.1:862
Restart=on-failure
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT

systemctl daemon-reload
systemctl enable crosspeer-simulate.service crosspeer-reflect.service
since=$(date '+%Y-%m-%d %H:%M:%S')
systemctl restart crosspeer-simulate.service crosspeer-reflect.service

i=0
until journalctl -u crosspeer-simulate.service --since "$since" -q | grep -q "simulating"; do
	i=$((i + 1))
	if [ $i -gt 30 ]; then
		journalctl -u crosspeer-simulate.service -n 20 --no-pager >&2
		echo "provision-partner: crosspeer simulate did not start" >&2
		exit 1
	fi
	sleep 1
done
systemctl is-active --quiet crosspeer-reflect.service ||
	{ journalctl -u crosspeer-reflect.service -n 20 --no-pager >&2; exit 1; }
echo "provision-partner: simulating the partner gateway 192.0.2.12, reflector on 10.2.0.1:862"

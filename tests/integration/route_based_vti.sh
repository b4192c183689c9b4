#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Route-based tunnels (profile "route_based"), as Azure's route-based gateways run them: a
# simulated gateway holds two connections whose CHILD_SAs both carry any-to-any selectors
# (0.0.0.0/0 both ways: overlapping), each bound to a tunnel interface of its own; routes,
# not policies, send each site's traffic into its tunnel. Site 1 is a stock charon set up
# route-based by hand (a VTI with key 42, marks on its policies); site 2 is `crosspeer up`
# route_based "auto" in a third namespace. Both carry pings at once, each through its own
# interface and out of its own veth as ESP only; the policies are 0/0 with each tunnel's
# mark; no policy routes (table 220); a stale interface of the same name is replaced; the
# interfaces go when simulate stops.
# On the XFRM data path that is a VTI where the kernel has no XFRM interfaces (Debian's
# User-Mode Linux kernel, tests/uml/run.sh). On libipsec (this machine's kernel) it checks
# the refusal instead: exit 5, the option and the data path named, nothing left behind.
TAG=r$$
. "$(dirname "$0")/lib.sh"

NS_C="crosspeer-$TAG-site2"
EXTRA_NS=$NS_C

lab_up
cd "$WORK"
write_psk psk.txt

# hub_profile FILE NAME LOCAL REMOTE REMOTE_SUBNET ROUTE_BASED
hub_profile() {
	cat > "$1" <<JSON
{ "version": 1, "name": "$2",
  "local": { "address": "$3", "subnets": ["10.2.0.0/24"] },
  "remote": { "address": "$4", "subnets": ["$5"] },
  "auth": { "psk_file": "psk.txt" },
  "ike": { "dpd_delay_s": 5, "dpd_timeout_s": 15 },
  "route_based": $6 }
JSON
}
hub_profile site1.json site1 192.0.2.2 192.0.2.1 10.1.0.0/24 '{ "interface": "auto", "id": 101 }'
hub_profile site2.json site2 198.51.100.2 198.51.100.1 10.3.0.0/24 \
	'{ "interface": "auto", "name": "xp-hub-s2", "id": 102, "inner_address": "169.254.21.1/30" }'

# a mistyped kind: a profile error naming the field, before anything else
sed 's/"interface": "auto", "id": 101/"interface": "gre"/' site1.json > bad.json
rc=0
"$CROSSPEER" up --profile bad.json > bad.out 2> bad.log || rc=$?
[ $rc -eq 2 ] || fail "route_based.interface \"gre\": exit $rc, expected 2"
grep -q "bad.json:.*route_based.interface: expected \"auto\"" bad.log || fail "field not named: $(cat bad.log)"
pass "route_based.interface \"gre\": exit 2, $(cat bad.log)"

if [ "$DATAPATH" = libipsec ]; then
	rc=0
	ip netns exec "$NS_B" "$CROSSPEER" simulate --profile site1.json --profile site2.json \
		> sim.out 2> sim.log || rc=$?
	[ $rc -eq 5 ] || fail "route_based on libipsec: simulate exited $rc, expected 5"
	grep "crosspeer simulate:" sim.log
	grep -q "site1.json: route_based: needs the kernel's XFRM data path.*this run uses libipsec" \
		sim.log || fail "the refusal names neither the option nor the data path: $(cat sim.log)"
	[ -z "$(ip -n "$NS_B" link show type vti; ip -n "$NS_B" link show type xfrm)" ] ||
		fail "an interface was left behind"
	pass "route_based on libipsec: exit 5, route_based and the data path named, nothing left"
	exit 0
fi

# the third namespace, site 2, on a veth of its own to the gateway
ip netns add "$NS_C"
ip link add "xp${TAG}c" netns "$NS_C" type veth peer name "xp${TAG}d" netns "$NS_B"
ip -n "$NS_C" addr add 198.51.100.1/24 dev "xp${TAG}c"
ip -n "$NS_B" addr add 198.51.100.2/24 dev "xp${TAG}d"
ip -n "$NS_C" link set "xp${TAG}c" up
ip -n "$NS_B" link set "xp${TAG}d" up
ip -n "$NS_C" link set lo up
ip -n "$NS_C" addr add 10.3.0.1/32 dev lo

# a stale interface of the name site1's will take (a crashed run's): replaced
ip -n "$NS_B" link add xp-site1 type vti local 192.0.2.2 remote 192.0.2.9 key 7
# the gateway: both connections route-based, responder
ip netns exec "$NS_B" "$CROSSPEER" simulate --profile site1.json --profile site2.json \
	> sim.out 2> sim.log &
SIM=$!
wait_for sim.out "simulating" 30 || fail "simulate did not start: $(tail -5 sim.log)"
grep "route-based over" sim.log
grep -q "site1: route-based over VTI xp-site1 (key/mark 0x65" sim.log ||
	fail "site1's VTI not reported: $(grep crosspeer sim.log | head -5)"
ip -n "$NS_B" -d link show xp-site1 | grep -q "remote 192.0.2.1 " ||
	fail "the stale xp-site1 was not replaced: $(ip -n "$NS_B" -d link show xp-site1)"

# site 1: stock charon, route-based by hand: VTI key 42, 0/0 selectors, no routes of its own
mkdir -p stock/swanctl
cat > stock/strongswan.conf <<CONF
charon {
  load = random nonce openssl pem pkcs1 pkcs8 pubkey x509 constraints kdf hmac sha1 sha2 $STOCK_KERNEL socket-default vici
  install_routes = no
  plugins { vici { socket = unix://$WORK/stock/charon.vici } }
}
swanctl { socket = unix://$WORK/stock/charon.vici }
CONF
cat > stock/swanctl/swanctl.conf <<CONF
connections { hub { version = 2
    local_addrs = 192.0.2.1
    remote_addrs = 192.0.2.2
    proposals = aes256-sha256-modp1024
    local { auth = psk
      id = 192.0.2.1 }
    remote { auth = psk
      id = 192.0.2.2 }
    children { hub { local_ts = 0.0.0.0/0
      remote_ts = 0.0.0.0/0
      esp_proposals = aes256gcm16
      mark_in = 42
      mark_out = 42
      start_action = start } } } }
secrets { ike-hub { id-1 = 192.0.2.1
    id-2 = 192.0.2.2
    secret = "$PSK_VALUE" } }
CONF
chmod 600 stock/swanctl/swanctl.conf
ip -n "$NS_A" link add vti-hub type vti local 192.0.2.1 remote 192.0.2.2 key 42
ip netns exec "$NS_A" sysctl -q -w net.ipv4.conf.vti-hub.disable_policy=1
ip -n "$NS_A" link set vti-hub up
ip -n "$NS_A" route add 10.2.0.0/24 dev vti-hub src 10.1.0.1
start_stock "$NS_A" "$WORK/stock" stock.log

# site 2: crosspeer up, route-based, the kind left to the kernel
cat > up.json <<JSON
{ "version": 1, "name": "spoke2",
  "local": { "address": "198.51.100.1", "subnets": ["10.3.0.0/24"] },
  "remote": { "address": "198.51.100.2", "subnets": ["10.2.0.0/24"] },
  "auth": { "psk_file": "psk.txt" },
  "route_based": { "interface": "auto", "inner_address": "169.254.21.2/30" } }
JSON
ip netns exec "$NS_C" "$CROSSPEER" up --profile up.json > up.out 2> up.log &
UP=$!
wait_for up.out "tunnel spoke2 up" $((30 + SLACK_S)) || fail "site 2 not up: $(tail -5 up.log)"
i=0
while [ "$(grep -c "established by" sim.out)" -lt 2 ]; do
	i=$((i + 1))
	[ $i -le $(((30 + SLACK_S) * 10)) ] || fail "$(grep -c "established by" sim.out) of 2 tunnels up: $(tail -5 stock.log)"
	sleep 0.1
done
grep -q "spoke2: route-based over VTI xp-spoke2" up.log || fail "up did not fall back to a VTI: $(grep crosspeer up.log)"
pass "two route-based tunnels up on one gateway: a stock charon (VTI by hand) and crosspeer up (auto: VTI)"

# the policies: any-to-any both times, told apart by the mark only; no policy routes
ip -n "$NS_B" xfrm policy list dir out > policies.txt
cat policies.txt
[ "$(grep -c "src 0.0.0.0/0 dst 0.0.0.0/0" policies.txt)" -eq 2 ] ||
	fail "expected two outbound 0/0 policies"
for m in 0x65 0x66; do
	grep -q "mark $m/0xffffffff" policies.txt || fail "no 0/0 policy carries the mark $m"
done
no_sa_routes "$NS_B"
ip -n "$NS_B" route show | grep -q "10.1.0.0/24 dev xp-site1 .*src 10.2.0.1" ||
	fail "no route to site 1 through xp-site1: $(ip -n "$NS_B" route show)"
ip -n "$NS_B" route show | grep -q "10.3.0.0/24 dev xp-hub-s2" || fail "no route to site 2"
ip -n "$NS_B" addr show dev xp-hub-s2 | grep -q "inet 169.254.21.1/30" ||
	fail "xp-hub-s2 lacks its inner address"
ip -n "$NS_B" link show dev xp-hub-s2 | grep -q "mtu 1400 " || fail "xp-hub-s2's MTU is not 1400"
pass "overlapping selectors: two 0/0 policies with marks 0x65 and 0x66, routes through each VTI, none in table 220"

# both tunnels carry pings at once; each leaves through its own interface, as ESP only
tx() { ip netns exec "$NS_B" cat "/sys/class/net/$1/statistics/tx_packets"; }
tx1=$(tx xp-site1) tx2=$(tx xp-hub-s2)
capture_out "$NS_B" "xp${TAG}b" wire1.pcap tcpdump1.log
CAP1=$CAPTURE_PID
capture_out "$NS_B" "xp${TAG}d" wire2.pcap tcpdump2.log
ip netns exec "$NS_B" ping -n -q -c 30 -i 0.05 -W 2 10.1.0.1 > ping1.log 2>&1 &
P1=$!
ip netns exec "$NS_B" ping -n -q -c 30 -i 0.05 -W 2 10.3.0.1 > ping2.log 2>&1 &
P2=$!
wait $P1 || fail "pings to site 1 failed: $(cat ping1.log)"
wait $P2 || fail "pings to site 2 failed: $(cat ping2.log)"
capture_stop
CAPTURE_PID=$CAP1 capture_stop
for f in ping1.log ping2.log; do
	grep -q " 0% packet loss" $f || fail "pings lost: $(cat $f)"
done
d1=$(($(tx xp-site1) - tx1)) d2=$(($(tx xp-hub-s2) - tx2))
echo "sent through xp-site1: $d1 packets, through xp-hub-s2: $d2"
if [ "$d1" -lt 30 ] || [ "$d2" -lt 30 ]; then
	fail "each interface should have sent its 30 pings"
fi
esp1=$(pcap_count wire1.pcap "$ESP_WIRE") esp2=$(pcap_count wire2.pcap "$ESP_WIRE")
leak=$(($(pcap_count wire1.pcap icmp) + $(pcap_count wire2.pcap icmp)))
echo "ESP out to site 1: $esp1, to site 2: $esp2, plaintext ICMP out: $leak"
if [ "$esp1" -lt 30 ] || [ "$esp2" -lt 30 ] || [ "$leak" -ne 0 ]; then
	fail "each veth should carry its site's pings as ESP only"
fi
pass "pings to both sites at once: 0% loss, each through its own VTI and veth, ESP only"

kill -TERM $UP
wait $UP || fail "up exited $? after SIGTERM"
! ip -n "$NS_C" link show type vti | grep -q xp- || fail "up left its VTI behind"
kill -TERM $SIM
wait $SIM || fail "simulate exited $? after SIGTERM"
! ip -n "$NS_B" link show type vti | grep -q xp- ||
	fail "simulate left its VTIs behind: $(ip -n "$NS_B" link show type vti)"
no_tunnel_left "$NS_B"
no_secret_in sim.out sim.log up.out up.log
pass "SIGTERM: up and simulate removed their interfaces, routes and policies"

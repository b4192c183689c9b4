#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# An active-active gateway with BGP over the tunnels, on the host's libipsec data path:
# two `simulate` instances (AS 65515, 10.2.0.0/24), each in a namespace of its own with its
# own public IP, tunnel and BIRD; on-prem `up` with a "bgp" profile brings up a tunnel to
# each (one charon and TUN device per tunnel) and one BIRD with a session over each. BGP
# is Established on both tunnels, each side learns the other's prefix (BIRD and the
# kernel), pings cross the ESP tunnels; then the instance carrying them is killed (its
# charon and BIRD, no goodbye) and the pings move to the other tunnel within the hold time.
# An ASN or APIPA mistake is refused before anything starts (exit 2).
. "$(dirname "$0")/lib.sh"

HOLD_S=3
NS_C="crosspeer-$TAG-partner2"
# on exit, the second instance's namespace too, then lib.sh's cleanup with the exit status
on_exit() {
	keep=$?
	set +e
	for pid in $(ip netns pids "$NS_C" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null; done
	i=0
	while [ -n "$(ip netns pids "$NS_C" 2>/dev/null)" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	for pid in $(ip netns pids "$NS_C" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
	ip netns del "$NS_C" 2>/dev/null
	(exit $keep)
	cleanup
}
trap on_exit EXIT INT TERM

# the second instance: 198.51.100.2, on a veth of its own to on-prem's 198.51.100.1
lab_up
ip netns add "$NS_C"
ip link add "xp${TAG}c" netns "$NS_A" type veth peer name "xp${TAG}d" netns "$NS_C"
ip -n "$NS_A" addr add 198.51.100.1/24 dev "xp${TAG}c"
ip -n "$NS_C" addr add 198.51.100.2/24 dev "xp${TAG}d"
ip -n "$NS_A" link set "xp${TAG}c" up
ip -n "$NS_C" link set "xp${TAG}d" up
ip -n "$NS_C" link set lo up
ip -n "$NS_C" addr add 10.2.0.1/32 dev lo
# on-prem's public IP is 192.0.2.1 for both tunnels
ip -n "$NS_C" route add 192.0.2.1/32 via 198.51.100.1
cd "$WORK"
write_psk psk.txt

IKE='"ike": { "dpd_delay_s": 2, "dpd_timeout_s": 15 }'
# gateway PUBLIC_IP BGP_IP ONPREM_BGP_IP FILE
gateway() {
	cat > "$4" <<JSON
{ "version": 1, "name": "gw-$1",
  "local": { "address": "$1", "subnets": ["10.2.0.0/24"] },
  "remote": { "address": "192.0.2.1", "subnets": ["10.1.0.0/24"] },
  "auth": { "psk_file": "psk.txt" }, $IKE,
  "bgp": { "asn": 65515, "peer_asn": 65010, "hold_s": $HOLD_S,
           "tunnels": [ { "local_ip": "$2", "peer_ip": "$3" } ] } }
JSON
}
gateway 192.0.2.2 169.254.21.1 169.254.21.2 gw0.json
gateway 198.51.100.2 169.254.22.1 169.254.22.2 gw1.json
# onprem FILE ASN PEER_IP_OF_TUNNEL1
onprem() {
	cat > "$1" <<JSON
{ "version": 1, "name": "onprem",
  "local": { "address": "192.0.2.1", "subnets": ["10.1.0.0/24"] },
  "remote": { "address": "192.0.2.2", "subnets": ["10.2.0.0/24"] },
  "auth": { "psk_file": "psk.txt" }, $IKE,
  "bgp": { "asn": $2, "hold_s": $HOLD_S, "tunnels": [
    { "local_ip": "169.254.21.2", "peer_ip": "169.254.21.1" },
    { "remote_address": "198.51.100.2", "local_ip": "169.254.22.2", "peer_ip": "$3" } ] } }
JSON
}

# mistakes are refused before anything is written or started
onprem asn.json 65515 169.254.22.1
rc=0; ip netns exec "$NS_A" "$CROSSPEER" up --profile asn.json > asn.out 2>&1 || rc=$?
[ $rc -eq 2 ] || fail "AS 65515 on-prem: exit $rc, expected 2: $(cat asn.out)"
grep -q "bgp.asn: 65515" asn.out || fail "the ASN mistake is not named: $(cat asn.out)"
onprem apipa.json 65010 169.254.23.1
rc=0; ip netns exec "$NS_A" "$CROSSPEER" up --profile apipa.json > apipa.out 2>&1 || rc=$?
[ $rc -eq 2 ] || fail "APIPA 169.254.23.1: exit $rc, expected 2: $(cat apipa.out)"
grep -q "bgp.tunnels\[1\].peer_ip" apipa.out || fail "the APIPA mistake is not named: $(cat apipa.out)"
! ip -n "$NS_A" link show | grep -q ipsec || fail "a refused profile left a TUN device"
pass "AS 65515 on-prem and APIPA 169.254.23.1 refused with the field named, exit 2, nothing started"

ip netns exec "$NS_B" "$CROSSPEER" simulate --profile gw0.json > gw0.log 2>&1 &
G0=$!
ip netns exec "$NS_C" "$CROSSPEER" simulate --profile gw1.json > gw1.log 2>&1 &
G1=$!
wait_for gw0.log "bgp: BIRD pid" 10 || fail "instance 0 did not start: $(tail -5 gw0.log)"
wait_for gw1.log "bgp: BIRD pid" 10 || fail "instance 1 did not start: $(tail -5 gw1.log)"

onprem onprem.json 65010 169.254.22.1
ip netns exec "$NS_A" "$CROSSPEER" up --profile onprem.json --timeout 30 > up.out 2> up.log &
UP=$!
wait_for up.out "bgp up: 2 tunnels" 40 || fail "BGP not up on both tunnels: $(cat up.out; tail -5 up.log)"
grep -q "bgp tunnel0 1 route learned" up.out || fail "tunnel0: no route learned: $(cat up.out)"
grep -q "bgp tunnel1 1 route learned" up.out || fail "tunnel1: no route learned: $(cat up.out)"
wait_for gw0.log "bgp tunnel0 1 route learned" 5 || fail "instance 0 learned nothing: $(cat gw0.log)"
wait_for gw1.log "bgp tunnel0 1 route learned" 5 || fail "instance 1 learned nothing: $(cat gw1.log)"
pass "BGP Established on both tunnels; each side learned the other's prefix"

# the kernel routes BIRD installed: on-prem to the VNet over both TUNs, each instance back
ip -n "$NS_A" route show 10.2.0.0/24 > routes.txt
cat routes.txt
if ! grep -q "169.254.21.1" routes.txt || ! grep -q "169.254.22.1" routes.txt; then
	fail "on-prem's route to 10.2.0.0/24 is not via both tunnels: $(cat routes.txt)"
fi
ip -n "$NS_B" route show 10.1.0.0/24 | grep -q "via 169.254.21.2 dev ipsec" ||
	fail "instance 0 has no BGP route to on-prem: $(ip -n "$NS_B" route)"
ip -n "$NS_C" route show 10.1.0.0/24 | grep -q "via 169.254.22.2 dev ipsec" ||
	fail "instance 1 has no BGP route to on-prem: $(ip -n "$NS_C" route)"
! ip -n "$NS_A" route show table main | grep -q '^default\|^0.0.0.0/1' ||
	fail "the any-to-any selectors leaked a default route into the main table"
pass "kernel routes from BGP: 10.2.0.0/24 via both tunnels, 10.1.0.0/24 back on each instance"

ip netns exec "$NS_A" ping -n -q -c 20 -i 0.05 -W 1 -I 10.1.0.1 10.2.0.1 > ping.log 2>&1 ||
	fail "ping through the tunnels failed: $(cat ping.log)"
pass "20 pings crossed the ESP tunnels"

kill -TERM $UP
wait $UP || fail "up exited $? after SIGTERM, expected 0"
no_tunnel_left "$NS_A"
[ -z "$(ip -n "$NS_A" route show 10.2.0.0/24)" ] || fail "BGP's route outlived up"
pass "up stopped cleanly: no TUN device, no route left"

# failover MAX_MS REPORT: verify's failover check, 50 probes a second for 8 s with
# thresholds.max_failover_ms MAX_MS; the instance carrying the probes is killed (its charon
# and, with it, its BIRD: no goodbye) once probing has begun. Sets RC, SURVIVOR, VICTIM_NS.
failover() {
	onprem failover.json 65010 169.254.22.1
	python3 - failover.json "$1" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["probe"] = {"targets": [{"address": "10.2.0.1", "kind": "icmp"}], "rate_pps": 50, "count": 400}
p["thresholds"] = {"max_failover_ms": int(sys.argv[2])}
json.dump(p, open(sys.argv[1], "w"))
PY
	ip netns exec "$NS_A" "$CROSSPEER" verify --profile failover.json --timeout 30 --report "$2" \
		> verify.out 2> verify.log &
	VERIFY=$!
	wait_for verify.out "failover: probing" 40 ||
		fail "verify did not start probing: $(cat verify.out; tail -5 verify.log)"
	b0=$(rx "$NS_B") c0=$(rx "$NS_C")
	sleep 0.5
	b1=$(rx "$NS_B") c1=$(rx "$NS_C")
	if [ $((b1 - b0)) -ge $((c1 - c0)) ]; then
		VICTIM=$G0 VICTIM_NS=$NS_B CARRIER=0 SURVIVOR=1
	else
		VICTIM=$G1 VICTIM_NS=$NS_C CARRIER=1 SURVIVOR=0
	fi
	echo "probes ride tunnel$CARRIER ($((b1 - b0)) vs $((c1 - c0)) packets in 0.5 s); killing that instance"
	kill -KILL "$VICTIM"
	wait "$VICTIM" 2>/dev/null || true
	RC=0; wait $VERIFY || RC=$?
	cat verify.out
}
rx() { ip netns exec "$1" sh -c 'cat /sys/class/net/ipsec*/statistics/rx_packets' 2>/dev/null | head -1; }

failover $(((HOLD_S + 2) * 1000)) rep
rc=$RC
[ $rc -eq 0 ] || fail "verify exited $rc, expected 0 (outage within max_failover_ms): $(tail -5 verify.log)"
[ -z "$(ip netns pids "$VICTIM_NS")" ] || fail "the failed instance's BIRD outlived it"
python3 - rep/report.json "$HOLD_S" "$SURVIVOR" <<'PY' || fail "report.json: see above"
import json, sys
r, hold, survivor = json.load(open(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3])
f = r["failover"]
assert r["verdict"]["pass"], r["verdict"]
assert [c["check"] for c in r["verdict"]["checks"]][-2:] == ["failover_recovered", "max_failover_ms"]
assert any(e["name"] == "BGP_DOWN" for e in r["tunnel"]["events"]), r["tunnel"]["events"]
o = f["outage"]
print("report.json failover: outage %.0f ms, %d probes lost, BGP withdrew %.0f ms after the first "
      "lost probe, hold %d s, traffic after on %s" % (o["ms"], o["probes_lost"],
      f["bgp_withdraw_ms"], f["hold_s"], f["tunnels_after"]))
assert o["probes_lost"] > 0, "no probe lost: the killed instance carried nothing"
assert o["recovered"], "the outage did not end"
assert 0 < o["ms"] <= (hold + 2) * 1000, "outage %.0f ms > hold + 2 s" % o["ms"]
assert f["tunnels_after"] == ["tunnel%d" % survivor], f["tunnels_after"]
assert any(e["tunnel"] == "tunnel%d" % (1 - survivor) and "Established" not in e["state"]
           for e in f["events"]), f["events"]
assert f["pass"] is True
PY
no_tunnel_left "$NS_A"
/usr/bin/python3 "$CROSSPEER_SRC/tests/unit/report/check_schema.py" \
	"$CROSSPEER_SRC/docs/report.schema.json" rep/report.json || fail "report.json does not follow docs/report.schema.json"
no_secret_in up.out up.log gw0.log gw1.log verify.out verify.log rep/report.json
pass "one instance killed: traffic moved to tunnel$SURVIVOR within the hold time; no secret in any output"

# the same with a limit no BGP failover meets: verify fails the run (exit 1) and says why
if [ "$VICTIM_NS" = "$NS_B" ]; then sim="$NS_B" prof=gw0.json; else sim="$NS_C" prof=gw1.json; fi
ip netns exec "$sim" "$CROSSPEER" simulate --profile $prof > restart.log 2>&1 &
if [ "$sim" = "$NS_B" ]; then G0=$!; else G1=$!; fi
wait_for restart.log "bgp: BIRD pid" 10 || fail "the failed instance did not restart: $(tail -5 restart.log)"
failover 500 rep2
[ "$RC" -eq 1 ] || fail "verify exited $RC with max_failover_ms 500, expected 1"
/usr/bin/python3 - rep2/report.json <<'PY' || fail "report.json: the failed threshold is not reported"
import json, sys
r = json.load(open(sys.argv[1]))
c = [c for c in r["verdict"]["checks"] if c["check"] == "max_failover_ms"][0]
assert not r["verdict"]["pass"] and not c["pass"] and c["measured"] > 500, c
assert r["failover"]["pass"] is False and "max_failover_ms 500" in r["failover"]["why"], r["failover"]
print(c["message"])
PY
pass "max_failover_ms 500: the failover fails the run with exit 1, the check saying by how much"

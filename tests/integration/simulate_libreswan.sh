#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# crosspeer simulate as a route-based Azure gateway that initiates (connection_mode
# InitiatorOnly) to an on-prem libreswan, on kernel XFRM: it proposes any-to-any selectors
# (0.0.0.0/0 both ways), as Azure does. libreswan's default (narrowing=no) refuses them and
# simulate says so; with narrowing=yes libreswan narrows them to its subnets and the tunnel
# carries traffic. Then the peer restarts and reconnects without INITIAL_CONTACT (libreswan
# as initiator): the stale IKE_SA's delete, which times out, must not take the live tunnel
# down. Runs in tests/uml/run.sh's guest; skips elsewhere.
TAG=s$$
. "$(dirname "$0")/lib.sh"
. "$CROSSPEER_SRC/lab/libreswan.sh"
lsw_skip_unless_ready

lab_up
cd "$WORK"
write_psk psk-partner.txt
POLICY='"azure_policy": { "ikeEncryption": "AES256", "ikeIntegrity": "SHA256", "dhGroup": "DHGroup14",
  "ipsecEncryption": "AES256", "ipsecIntegrity": "SHA256", "pfsGroup": "None",
  "saLifeTimeSeconds": 27000, "saDataSizeKilobytes": 102400000 }'
write_profile initiate.json partner "$POLICY, \"connection_mode\": \"InitiatorOnly\""

# 1. libreswan as it comes (no narrowing): the any-to-any proposal is refused, and said so
lsw_conf "$WORK/strict" onprem
start_lsw "$NS_A" "$WORK/strict" strict.log
start_simulate initiate.json sim1.log
wait_for sim1.log "tunnel lab-partner with 192.0.2.1 down" 30 || fail "simulate did not report the refusal: $(tail -5 sim1.log)"
grep "down" sim1.log | head -1
grep -q "TS_UNACCEPTABLE to the any-to-any" sim1.log || fail "the refused selectors are not named"
if grep -q "established by" sim1.log; then
	fail "a tunnel came up with a peer that does not narrow"
fi
kill -TERM "$SIM_PID"
wait "$SIM_PID" || true
kill_peer "$LSW_PID" "$NS_A"
pass "simulate proposed 0.0.0.0/0 both ways; libreswan (narrowing=no) refused; simulate named the cause"

# 2. libreswan with narrowing=yes: it narrows to its subnets, traffic flows
lsw_conf "$WORK/narrow" onprem "	narrowing=yes"
start_lsw "$NS_A" "$WORK/narrow" narrow.log
start_simulate initiate.json sim2.log
wait_for sim2.log "tunnel lab-partner established" 30 || fail "no tunnel with narrowing=yes: $(tail -5 sim2.log)"
grep -q "TS 10.2.0.0/24 === 10.1.0.0/24" sim2.log || fail "not narrowed to the subnets: $(grep 'TS ' sim2.log)"
ip netns exec "$NS_B" ping -n -q -c 10 -i 0.05 -W 1 -I 10.2.0.1 10.1.0.1 > ping2.log 2>&1 ||
	fail "no traffic through the narrowed tunnel: $(cat ping2.log)"
kill -TERM "$SIM_PID"
wait "$SIM_PID" || true
kill_peer "$LSW_PID" "$NS_A"
pass "libreswan with narrowing=yes narrowed 0.0.0.0/0 to 10.1.0.0/24 === 10.2.0.0/24; 10 pings"

# 3. libreswan initiates, crashes, comes back and initiates again (no INITIAL_CONTACT):
#    simulate's charon deletes the stale IKE_SA, that delete times out; the live tunnel
#    stays up in simulate's eyes and carries traffic
IKE_JSON='{ "dpd_delay_s": 3, "dpd_timeout_s": 9 }' write_profile respond.json partner "$POLICY"
start_simulate respond.json sim3.log
lsw_conf "$WORK/restart" onprem
start_lsw "$NS_A" "$WORK/restart" lsw1.log
lsw_whack "$NS_A" "$WORK/restart" --initiate --name lab > whack1.log 2>&1 || true
wait_for sim3.log "tunnel lab-partner established" 30 || fail "libreswan did not connect: $(tail -5 lsw1.log)"
kill_peer "$LSW_PID" "$NS_A"
start_lsw "$NS_A" "$WORK/restart" lsw2.log
lsw_whack "$NS_A" "$WORK/restart" --initiate --name lab > whack2.log 2>&1 || true
i=0
while [ "$(grep -c "CHILD_SA lab-partner{[0-9]*} established" sim3.log)" -lt 2 ]; do
	i=$((i + 1))
	[ $i -le 300 ] || fail "libreswan did not reconnect: $(tail -5 sim3.log)"
	sleep 0.1
done
# the stale IKE_SA: deleted 10 s after the new one, its DELETE unanswered for the DPD timeout
wait_for sim3.log "giving up after" 40 || fail "the stale IKE_SA was not given up: $(tail -5 sim3.log)"
sleep 2
grep -E "deleting IKE_SA|giving up after" sim3.log | tail -3
if grep -q "tunnel lab-partner with 192.0.2.1 down" sim3.log; then
	fail "simulate reported the live tunnel down: $(grep ' down' sim3.log)"
fi
ip netns exec "$NS_B" ping -n -q -c 10 -i 0.05 -W 1 -I 10.2.0.1 10.1.0.1 > ping3.log 2>&1 ||
	fail "no traffic through the reconnected tunnel: $(cat ping3.log)"
pass "libreswan restarted without INITIAL_CONTACT: the stale IKE_SA went, the live tunnel stayed up"
no_secret_in sim1.log sim2.log sim3.log

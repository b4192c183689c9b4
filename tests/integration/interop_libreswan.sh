#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Interop with a second IKEv2 implementation, libreswan's pluto, as the partner (responder)
# on kernel XFRM: verify passes with an Azure custom policy (DH14: Debian's libreswan has no
# DH group 2) and the probes cross as ESP; a wrong pre-shared key and Azure's default
# proposals (DH group 2) fail with exit 3 and the cause; the peer crashing (pluto killed,
# its kernel SAs gone) is noticed by DPD. Runs in tests/uml/run.sh's guest; skips elsewhere.
TAG=l$$
. "$(dirname "$0")/lib.sh"
. "$CROSSPEER_SRC/lab/libreswan.sh"
lsw_skip_unless_ready

lab_up
cd "$WORK"
write_psk psk-onprem.txt
POLICY='"azure_policy": { "ikeEncryption": "AES256", "ikeIntegrity": "SHA256", "dhGroup": "DHGroup14",
  "ipsecEncryption": "AES256", "ipsecIntegrity": "SHA256", "pfsGroup": "None",
  "saLifeTimeSeconds": 27000, "saDataSizeKilobytes": 102400000 }'
write_profile onprem.json onprem "$POLICY, $(probes_json 200 100)"
lsw_conf "$WORK/lsw" partner
start_lsw "$NS_B" "$WORK/lsw" lsw.log
start_reflect reflect.log

# 1. verify against pluto: tunnel, probes, ESP (IP protocol 50) only, no leak
rc=0
ip netns exec "$NS_A" "$CROSSPEER" verify --profile onprem.json --report "$WORK/report" \
	> verify.out 2> verify.log || rc=$?
cat verify.out
[ $rc -eq 0 ] || fail "verify against libreswan exited $rc, expected 0"
pyjson report/report.json "r['tunnel']['ike_proposal']" | grep -q MODP_2048 ||
	fail "IKE did not use DH14: $(pyjson report/report.json "r['tunnel']['ike_proposal']")"
[ "$(pyjson report/report.json "r['probes'][0]['received'] == 200 and r['encapsulation']['esp_packets'] >= 200 and r['encapsulation']['plaintext_leaks'] == 0")" = True ] ||
	fail "probes or encapsulation: $(pyjson report/report.json "r['probes'][0]['received'], r['encapsulation']")"
pass "verify against libreswan with an Azure custom policy (DH14): exit 0, 200 probes, ESP only"

# 2. a wrong pre-shared key: exit 3, authentication failed
write_psk psk-wrong.txt "not-$PSK_VALUE"
sed 's/psk-onprem.txt/psk-wrong.txt/' onprem.json > wrong.json
rc=0
ip netns exec "$NS_A" "$CROSSPEER" up --profile wrong.json --timeout 20 > wrong.out 2> wrong.log || rc=$?
[ $rc -eq 3 ] || fail "up with a wrong PSK exited $rc, expected 3"
grep "crosspeer up:" wrong.log
grep -q "authentication failed" wrong.log || fail "no authentication failure named"
pass "wrong PSK against libreswan: exit 3, authentication failed"

# 3. Azure's default proposals (DH group 2), which this libreswan refuses: exit 3, named
write_profile default.json onprem
rc=0
ip netns exec "$NS_A" "$CROSSPEER" up --profile default.json --timeout 20 > default.out 2> default.log || rc=$?
[ $rc -eq 3 ] || fail "up with DH group 2 exited $rc, expected 3"
grep "crosspeer up:" default.log
grep -q "NO_PROPOSAL_CHOSEN for IKE" default.log || fail "the refused proposal is not named"
pass "Azure's default proposals (DH group 2) refused by libreswan: exit 3, NO_PROPOSAL_CHOSEN"

# 4. the peer crashes (pluto killed, its kernel SAs gone): DPD notices
IKE_JSON='{ "dpd_delay_s": 2, "dpd_timeout_s": 9 }' write_profile dpd.json onprem "$POLICY"
ip netns exec "$NS_A" "$CROSSPEER" up --profile dpd.json > up.out 2> up.log &
UP=$!
wait_for up.out "tunnel lab-onprem up" 30 || fail "tunnel not up: $(tail -3 up.log)"
ip netns exec "$NS_A" ping -n -q -c 10 -i 0.05 -W 1 10.2.0.1 > ping.log 2>&1 ||
	fail "no traffic through the tunnel to libreswan: $(cat ping.log)"
kill_peer "$LSW_PID" "$NS_B"
wait_for up.out "tunnel lab-onprem down" 30 || fail "up did not notice libreswan dying"
grep "down" up.out
kill -TERM $UP
wait $UP || fail "up exited $? after SIGTERM"
pass "libreswan crashed: DPD declared it dead"
no_secret_in verify.out verify.log wrong.log default.log up.out up.log report/*

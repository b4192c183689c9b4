#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Disjoint proposals: the on-prem side offers only what an Azure gateway (simulate's
# default personality) refuses. up exits 3 naming both sides' proposals.
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt
cat > onprem.json <<JSON
{ "version": 1, "name": "lab-onprem",
  "local": { "address": "192.0.2.1", "subnets": ["10.1.0.0/24"] },
  "remote": { "address": "192.0.2.2", "subnets": ["10.2.0.0/24"] },
  "auth": { "psk_file": "psk-onprem.txt" },
  "ike": { "proposals": ["aes128gcm16-prfsha256-ecp256"] } }
JSON
write_profile partner.json partner
start_simulate partner.json sim.log

rc=0
ip netns exec "$NS_A" "$CROSSPEER" up --profile onprem.json --timeout 10 > up.out 2> up.log || rc=$?
[ $rc -eq 3 ] || fail "up exited $rc, expected 3"
grep "crosspeer up:" up.log
grep -q "NO_PROPOSAL_CHOSEN for IKE: we offered IKE:AES_GCM_16_128/PRF_HMAC_SHA2_256/ECP_256" up.log ||
	fail "up does not name its own proposal"
grep -q "Azure gateway .* accepts IKE aes256|aes128|3des" up.log ||
	fail "up does not name what the Azure side accepts"
wait_for sim.log "NO_PROPOSAL_CHOSEN" 5 || fail "simulate did not report the mismatch"
grep "NO_PROPOSAL_CHOSEN" sim.log | tail -1
grep -q "the peer offered IKE:AES_GCM_16_128.* we accept IKE aes256|aes128|3des" sim.log ||
	fail "simulate does not name both sides' proposals"
pass "disjoint proposals: exit 3, both sides' proposals named"
no_tunnel_left "$NS_A"
no_sa_routes "$NS_B"
pass "no tunnel left"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# `crosspeer azure status --peer onprem --format swanctl|profile`: after `azure apply` against
# armsim, the printed swanctl.conf (with the key in a --secret-file it includes) is loaded
# into the pinned stock charon (swanctl --load-all) in the on-prem namespace, which brings the
# tunnel up against `crosspeer simulate` of the Azure gateway (configured from ARM) and
# carries pings; the printed profile does the same for `crosspeer up`. The key is never on
# stdout or stderr.
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
. "$CROSSPEER_SRC/tests/integration/arm_connection_lib.sh"
arm_profile apply.json xt-arm AES256
ip netns exec "$NS_A" "$CROSSPEER" azure apply --profile apply.json > apply.log 2>&1 ||
	fail "azure apply failed: $(tail -3 apply.log)"

# without --secret-file the key is left out
ip netns exec "$NS_A" "$CROSSPEER" azure status --profile apply.json --peer onprem \
	--format swanctl > nokey.conf 2> nokey.log || fail "status --format swanctl: $(cat nokey.log)"
grep -q "^secrets" nokey.conf && fail "a secrets section was printed without --secret-file"
grep -q "shared key is not printed" nokey.conf || fail "no word on the missing key"

stock_conf "$WORK/stock" onprem
ip netns exec "$NS_A" "$CROSSPEER" azure status --profile apply.json --peer onprem \
	--format swanctl --secret-file "$WORK/stock/swanctl/azure-secret.conf" \
	> "$WORK/stock/swanctl/swanctl.conf" 2> status.log || fail "status --format swanctl: $(cat status.log)"
cat "$WORK/stock/swanctl/swanctl.conf"
[ "$(stat -c %a "$WORK/stock/swanctl/azure-secret.conf")" = 600 ] || fail "the secret file is not 0600"
grep -q "proposals = aes256-sha256-modp2048" "$WORK/stock/swanctl/swanctl.conf" ||
	fail "the policy's IKE proposal is missing"
grep -q "esp_proposals = aes256gcm16-modp2048" "$WORK/stock/swanctl/swanctl.conf" ||
	fail "the policy's ESP proposal is missing"
grep -q "remote_ts = 10.2.0.0/16" "$WORK/stock/swanctl/swanctl.conf" || fail "VNet prefix missing"
# a second --secret-file to the same file is refused: the key never overwrites a file
set +e
ip netns exec "$NS_A" "$CROSSPEER" azure status --profile apply.json --peer onprem \
	--format swanctl --secret-file "$WORK/stock/swanctl/azure-secret.conf" > /dev/null 2> again.log
rc=$?
set -e
[ $rc -eq 2 ] || fail "an existing --secret-file: exit $rc, expected 2"

arm_profile gw.json azure-gw AES256
start_simulate gw.json sim.log
start_stock "$NS_A" "$WORK/stock" stock.log
STOCK=$!
i=0
until stock_swanctl "$WORK/stock" --list-sas 2>/dev/null | grep -q "azure-onprem: .*ESTABLISHED"; do
	i=$((i + 1)); [ $i -le 100 ] || fail "the stock charon did not establish: $(tail -5 stock.log)"
	sleep 0.1
done
stock_swanctl "$WORK/stock" --list-sas | grep -q "AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048" ||
	fail "not the connection's policy: $(stock_swanctl "$WORK/stock" --list-sas)"
i=0
until ip netns exec "$NS_A" ping -n -q -c 1 -W 1 10.2.0.1 > /dev/null 2>&1; do
	i=$((i + 1)); [ $i -le 20 ] || fail "no ping through the stock charon's tunnel"
done
ip netns exec "$NS_A" ping -n -q -c 20 -i 0.02 -W 1 10.2.0.1 > ping.log 2>&1 ||
	fail "ping through the stock charon's tunnel: $(cat ping.log)"
pass "swanctl.conf from ARM loaded into the stock charon: tunnel up with ARM's policy, 20 pings"
kill -TERM "$STOCK"; wait "$STOCK" 2>/dev/null || true

# the profile format, for crosspeer itself
ip netns exec "$NS_A" "$CROSSPEER" azure status --profile apply.json --peer onprem \
	--format profile --secret-file "$WORK/key.txt" > made.json 2> made.log || fail "$(cat made.log)"
cat made.json
[ "$(stat -c %a "$WORK/key.txt")" = 600 ] || fail "the profile's key file is not 0600"
ip netns exec "$NS_A" "$CROSSPEER" up --profile made.json > up.out 2> up.log &
UP=$!
wait_for up.out "tunnel azure-onprem up" 15 || fail "up with the printed profile: $(tail -3 up.log)"
grep -q "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048" up.out || fail "$(cat up.out)"
ip netns exec "$NS_A" ping -n -q -c 20 -i 0.02 -W 1 10.2.0.1 > ping2.log 2>&1 ||
	fail "ping through the printed profile's tunnel: $(cat ping2.log)"
kill -TERM $UP; wait $UP || fail "up exited $? after SIGTERM"
pass "the printed profile brings crosspeer up against the same gateway, 20 pings"

no_secret_in nokey.conf nokey.log status.log again.log made.json made.log "$WORK/stock/swanctl/swanctl.conf" ./*.log ./*.out
pass "the shared key is only in the two 0600 files asked for"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Loss split by a stateful reflector: a TBF too slow for the probe stream drops requests on
# the way out (forward loss), then the same TBF on the reflector's side drops replies on the
# way back (backward loss). Each must be attributed to its direction.
. "$(dirname "$0")/probe_lib.sh"

p_pair
cd "$PWORK"
p_reflect "$NS_B" 198.51.100.2 reflect.log --stateful

# 1000-byte probes at 2000 pps = 16 Mbit/s through an 8 Mbit/s bucket
shape() { ip netns exec "$1" tc qdisc replace dev "$2" root tbf rate 8mbit burst 8kb limit 16kb; }
unshape() { ip netns exec "$1" tc qdisc del dev "$2" root; }

shape "$NS_A" "xpp${PTAG}a"
ip netns exec "$NS_A" "$CROSSPEER" probe --target 198.51.100.2 --stateful --size 1000 \
	--rate 2000 --count 4000 --json > fwd.json 2> probe.log || fail "probe exited $?: $(cat probe.log)"
unshape "$NS_A" "xpp${PTAG}a"
p_check "forward: 30-70 % lost, all of it on the way out" \
	"30 <= d['probes'][0]['loss_pct'] <= 70 and d['probes'][0]['loss_backward'] == 0 and d['probes'][0]['loss_forward'] == d['probes'][0]['sent'] - d['probes'][0]['received']" fwd.json

shape "$NS_B" "xpp${PTAG}b"
ip netns exec "$NS_A" "$CROSSPEER" probe --target 198.51.100.2 --stateful --size 1000 \
	--rate 2000 --count 4000 --json > back.json 2>> probe.log || fail "probe exited $?"
unshape "$NS_B" "xpp${PTAG}b"
p_check "backward: 30-70 % lost, all of it on the way back" \
	"30 <= d['probes'][0]['loss_pct'] <= 70 and d['probes'][0]['loss_forward'] == 0 and d['probes'][0]['loss_backward'] == d['probes'][0]['sent'] - d['probes'][0]['received']" back.json
p_reflect_stop

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Ground truth for the WAN impairment relay: with 20 ms +- 2 ms of delay and 1% random loss
# injected on the way to the gateway, verify's RTT median is within 0.5 ms of the injected
# delay plus the unimpaired baseline, and its loss lies inside the 99% binomial interval.
# ping, run side by side through the same tunnel, confirms both. The impairment is the one
# a lab profile's "impairment" section describes, applied by `lab impair --profile`.
. "$(dirname "$0")/lib.sh"

lab="$WORK/lab"
trap '"$CROSSPEER" lab down --dir "$lab" > /dev/null 2>&1; cleanup' EXIT INT TERM
cd "$WORK"
# The lab profiles: a clean WAN with more probes and no thresholds, then the impaired WAN
cat > clean.json <<'JSON'
{ "version": 1, "name": "clean", "probe": { "rate_pps": 100, "count": 300 }, "thresholds": {} }
JSON
cat > wan.json <<'JSON'
{ "version": 1, "name": "wan-20ms",
  "impairment": { "delay_ms": 20, "jitter_ms": 2, "jitter_distribution": "normal", "loss_pct": 1 } }
JSON
"$CROSSPEER" lab up --dir "$lab" --profile clean.json > up.log 2>&1 || fail "lab up failed: $(cat up.log)"
grep -q "impairment on-prem -> gateway: none" up.log || fail "the clean profile set an impairment: $(cat up.log)"
# the lab wrote on-prem's verify profile from the lab profile's probe and thresholds
/usr/bin/python3 - "$lab/onprem.json" "$lab/truth.json" <<'PY' || fail "onprem.json does not carry the lab profile's probe section"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["probe"]["count"] == 300 and p["probe"]["rate_pps"] == 100, p["probe"]
assert p["probe"]["targets"] == [{"address": "10.1.0.4", "kind": "stamp"}], p["probe"]
assert p["thresholds"] == {}, p["thresholds"]
p["name"] = "truth"
p["probe"]["count"] = 2000
json.dump(p, open(sys.argv[2], "w"))
PY
cp "$lab/onprem.json" "$lab/base.json"

# run_pair NAME PROFILE PINGS: verify --json, and ping started once the tunnel is up
run_pair() {
	ip netns exec crosspeer-lab-onprem "$CROSSPEER" verify --profile "$2" --json \
		> "$1.json" 2> "$1.log" &
	v=$!
	wait_for "$1.log" "CHILD_SA .* established" 15 || fail "$1: tunnel not up"
	ip netns exec crosspeer-lab-onprem ping -n -c "$3" -i 0.01 -W 2 -I 10.9.0.1 10.1.0.4 \
		> "$1.ping" 2>&1 || true
	wait $v || fail "$1: verify exited $?"
}

run_pair base "$lab/base.json" 300
"$CROSSPEER" lab impair --dir "$lab" --profile wan.json > impair.log ||
	fail "lab impair --profile failed"
grep -q "impairment: delay=20ms,jitter=2ms,dist=normal,loss=1%" impair.log ||
	fail "lab impair did not apply the profile's impairment: $(cat impair.log)"
run_pair truth "$lab/truth.json" 1000

/usr/bin/python3 - <<'PY' || fail "measured figures do not match the injected ones"
import json, math, re, statistics

def binom_interval(n, p, level=0.99):
    # exact two-sided interval of Binomial(n, p) by summing the pmf
    pmf = [math.exp(math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
                    + k * math.log(p) + (n - k) * math.log1p(-p)) for k in range(n + 1)]
    tail = (1 - level) / 2
    lo = hi = 0
    acc = 0.0
    for k, q in enumerate(pmf):
        acc += q
        if acc > tail:
            lo = k
            break
    acc = 0.0
    for k in range(n, -1, -1):
        acc += pmf[k]
        if acc > tail:
            hi = k
            break
    return lo, hi

def ping_stats(path):
    text = open(path).read()
    rtts = [float(x) for x in re.findall(r"time=([0-9.]+) ms", text)]
    sent = int(re.search(r"(\d+) packets transmitted", text).group(1))
    return statistics.median(rtts), sent, sent - len(rtts)

base = json.load(open("base.json"))["probes"][0]
truth = json.load(open("truth.json"))["probes"][0]
want = 20 + base["rtt_ms"]["p50"]
lost = truth["sent"] - truth["received"]
lo, hi = binom_interval(truth["sent"], 0.01)
print("verify: baseline %.3f ms, impaired median %.3f ms (want %.3f +- 0.5), lost %d of %d "
      "(99%% interval %d..%d)" % (base["rtt_ms"]["p50"], truth["rtt_ms"]["p50"], want, lost,
                                  truth["sent"], lo, hi))
assert abs(truth["rtt_ms"]["p50"] - want) <= 0.5
assert lo <= lost <= hi

pb, _, _ = ping_stats("base.ping")
pt, psent, plost = ping_stats("truth.ping")
plo, phi = binom_interval(psent, 0.01)
print("ping:   baseline %.3f ms, impaired median %.3f ms (want %.3f +- 0.5), lost %d of %d "
      "(99%% interval %d..%d)" % (pb, pt, 20 + pb, plost, psent, plo, phi))
assert abs(pt - (20 + pb)) <= 0.5
assert plo <= plost <= phi
PY
pass "injected 20 ms +- 2 ms and 1% loss measured by verify and confirmed by ping"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# verify in the namespace lab: exit 0, the four report files, report.json valid against its
# documented schema, junit.xml and metrics.prom parse, probes answered, ESP seen, no leak,
# no secret anywhere.
. "$(dirname "$0")/lib.sh"

lab_up
cd "$WORK"
write_psk psk-onprem.txt
write_psk psk-partner.txt
write_profile onprem.json onprem "$(probes_json 300),
  \"thresholds\": { \"rtt_p99_ms\": $RTT_P99_MS, \"loss_pct\": 1.0, \"min_pmtu\": 1300 }"
write_profile partner.json partner
start_simulate partner.json sim.log
start_reflect reflect.log

rc=0
ip netns exec "$NS_A" "$CROSSPEER" verify --profile onprem.json --report "$WORK/report" \
	> verify.out 2> verify.log || rc=$?
cat verify.out
[ $rc -eq 0 ] || fail "verify exited $rc, expected 0"
for f in report.json junit.xml report.html metrics.prom; do
	[ -s "report/$f" ] || fail "report/$f is missing"
done
pass "verify exit 0, four report files"

/usr/bin/python3 - "$WORK/report/report.json" "$CROSSPEER_SRC/docs/report.schema.json" "$INNER_MTU" <<'PY' ||
import json, sys, jsonschema
report = json.load(open(sys.argv[1]))
jsonschema.validate(report, json.load(open(sys.argv[2])))
assert report["tunnel"]["established"] is True
assert report["probes"][0]["received"] == 300, report["probes"][0]
assert report["encapsulation"]["esp_packets"] >= 300, report["encapsulation"]  # one per probe sent, at least
assert report["encapsulation"]["plaintext_leaks"] == 0
assert report["pmtu"]["inner"] == int(sys.argv[3]), report["pmtu"]  # the data path's
# the negotiated ESP algorithms (typed by the peer listener) give the overhead figure
assert report["pmtu"]["esp_overhead"] and report["pmtu"]["esp_overhead"] > 0, report["pmtu"]
names = [e["name"] for e in report["tunnel"]["events"]]
assert "IKE_SA_INIT" in names and "IKE_AUTH" in names and "CHILD_SA_UP" in names, names
assert report["verdict"]["pass"] is True
PY
	fail "report.json does not hold what was measured"
pass "report.json valid against docs/report.schema.json, figures as measured ($DATAPATH, path MTU $INNER_MTU)"

/usr/bin/python3 -c "import sys, xml.etree.ElementTree as E; t = E.parse(sys.argv[1]).getroot(); \
	assert int(t.get('failures', t.find('testsuite').get('failures'))) == 0" report/junit.xml ||
	fail "junit.xml does not parse or reports failures"
grep -q '^crosspeer_probe_rtt_seconds{' report/metrics.prom || grep -q '^crosspeer_' report/metrics.prom ||
	fail "metrics.prom has no crosspeer_ metric"
no_secret_in verify.out verify.log sim.log report/*
pass "junit.xml and metrics.prom parse; no secret in any output"

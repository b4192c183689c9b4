#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Bad input as a new user would try it (docs/bad-input.md): profiles, command-line
# arguments of every subcommand, files, STAMP packets to a reflector on 127.0.0.1 and ARM
# answers from `crosspeer armsim` with injected faults. Each row runs one command and
# checks its exit code and a distinctive part of its one-line message
# "crosspeer <sub>: <object>: <reason>"; at the end no output may hold a secret, and every
# row number of docs/bad-input.md must be one of the rows here (with the same exit code).
#
#   tests/integration/bad_input.sh              run (ctest: bad_input)
#   tests/integration/bad_input.sh --markdown   also print the table for docs/bad-input.md
#
# Rows for known bugs in code owned elsewhere run in the XFAIL section: they assert the
# right behaviour, print XFAIL (or XPASS once fixed) and never fail the test.
# Exit 0 all rows pass, 1 a row failed, 77 only when root-only rows were skipped.
set -eu

: "${CROSSPEER:?set CROSSPEER to the crosspeer binary}"
: "${CROSSPEER_SRC:?set CROSSPEER_SRC to the source tree}"
markdown=0
[ "${1:-}" = "--markdown" ] && markdown=1
command -v python3 >/dev/null || { echo "bad_input: python3 is needed"; exit 1; }

work=$(mktemp -d /tmp/crosspeer-b-badinput.XXXXXX)
chmod 755 "$work"
pids=""
# shellcheck disable=SC2317 # run by the trap below
cleanup() {
	for p in $pids; do
		kill -TERM "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	if [ "${BAD_INPUT_KEEP:-0}" = 1 ]; then
		echo "bad_input: kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT INT TERM

# Secrets the rows use; none may appear in any output (the last row checks).
PSK=bi-psk-Wq7r3Lz9xK
SECRET_A=bi-sec-A-8f3Kp2vN
SHARED=bi-shared-Hq77mT
STAMP_KEY=bi-stampkey-Jr2w

n_pass=0 n_fail=0 n_xfail=0 n_xpass=0 n_skip=0
section=main
: > "$work/rows"
: > "$work/table.main"
: > "$work/table.xfail"

# ---- row runner -------------------------------------------------------------------------
# row N RC 'what was tried' 'distinctive message text' crosspeer-args...
# Optional, for one row: AS=nobody (run unprivileged), ENV='VAR=value' (environment),
# ROOT=1 (root-only), TMO=S (seconds before it is stopped, default 120). The command runs in $work, so files are named relatively.
verdict() { # $1 N, $2 ok (0/1), $3 detail
	if [ "$section" = xfail ]; then
		if [ "$2" = 1 ]; then echo "XPASS: row $1"; n_xpass=$((n_xpass + 1))
		else echo "XFAIL: row $1 ($3)"; n_xfail=$((n_xfail + 1)); fi
	elif [ "$2" = 1 ]; then echo "PASS: row $1"; n_pass=$((n_pass + 1))
	else echo "FAIL: row $1 $3"; n_fail=$((n_fail + 1)); fi
}

md_escape() { sed 's/|/\\|/g; s/`/'"'"'/g'; }

record() { # $1 N, $2 RC, $3 what, $4 command shown, $5 message file
	echo "$1 $2" >> "$work/rows"
	m=$(head -n1 "$5" | md_escape)
	c=$(printf '%s' "$4" | md_escape)
	w=$(printf '%s' "$3" | md_escape)
	# shellcheck disable=SC2016 # the backquotes are Markdown
	printf '| %s | %s | `%s` | %s | `%s` |\n' "$1" "$w" "$c" "$2" "$m" >> "$work/table.$section"
}

row() {
	num=$1 want=$2 what=$3 text=$4 tmo=${TMO:-120}
	shift 4
	shown="crosspeer $*"
	[ -n "${ENV:-}" ] && shown="$ENV $shown"
	[ -n "${AS:-}" ] && shown="sudo -u $AS $shown"
	if [ "${ROOT:-0}" = 1 ] || [ -n "${AS:-}" ]; then
		if [ "$(id -u)" != 0 ]; then
			echo "SKIP: row $num (needs root)"
			n_skip=$((n_skip + 1))
			echo "$num $want" >> "$work/rows"
			AS="" ENV="" ROOT=0
			return 0
		fi
	fi
	set +e
	if [ -n "${AS:-}" ]; then
		(cd "$work" && timeout "$tmo" runuser -u "$AS" -- "$CROSSPEER" "$@") \
			>"$work/out.$num" 2>"$work/err.$num"
	elif [ -n "${ENV:-}" ]; then
		(cd "$work" && timeout "$tmo" env "$ENV" "$CROSSPEER" "$@") \
			>"$work/out.$num" 2>"$work/err.$num"
	else
		(cd "$work" && timeout "$tmo" "$CROSSPEER" "$@") >"$work/out.$num" 2>"$work/err.$num"
	fi
	rc=$?
	set -e
	AS="" ENV="" ROOT=0 TMO=""
	# the message: the first stderr line holding the text, which must be ours
	grep -F -- "$text" "$work/err.$num" | head -n1 > "$work/msg.$num" || true
	[ -s "$work/msg.$num" ] || grep -v '^[0-9][0-9]:[0-9][0-9]:' "$work/err.$num" |
		head -n1 > "$work/msg.$num" || true
	if [ ! -s "$work/msg.$num" ]; then
		if [ "$rc" -eq 124 ]; then
			echo "(nothing: still running after $tmo s, the input was accepted)" > "$work/msg.$num"
		else
			echo "(nothing on stderr; exit $rc)" > "$work/msg.$num"
		fi
	fi
	record "$num" "$want" "$what" "$shown" "$work/msg.$num"
	if [ "$rc" -ne "$want" ]; then
		verdict "$num" 0 "exit $rc, expected $want: $(head -c 300 "$work/msg.$num")"
	elif ! grep -q -F -- "$text" "$work/msg.$num"; then
		verdict "$num" 0 "message lacks '$text': $(head -c 300 "$work/err.$num")"
	elif ! grep -q '^crosspeer[ a-z]*: ' "$work/msg.$num" &&
		! grep -q '^Usage: crosspeer' "$work/msg.$num"; then
		verdict "$num" 0 "not a 'crosspeer <sub>: <object>: <reason>' line: $(cat "$work/msg.$num")"
	else
		verdict "$num" 1 ""
	fi
}

# check N RC 'what' 'shown command' 'message' ok: for rows tested by hand below
check() {
	printf '%s\n' "$5" > "$work/msg.$1"
	record "$1" "$2" "$3" "$4" "$work/msg.$1"
	verdict "$1" "$6" "$5"
}

# ---- fixtures ---------------------------------------------------------------------------
cd "$work"
umask 022
printf '%s\n' "$PSK" > psk.txt
chmod 600 psk.txt
cat > base.json <<'JSON'
{
  "version": 1,
  "name": "onprem-to-tenant-b",
  "local":  { "address": "192.0.2.1", "subnets": ["10.1.0.0/24"] },
  "remote": { "address": "192.0.2.2", "subnets": ["10.2.0.0/24"] },
  "auth":   { "psk_file": "psk.txt" },
  "ike":    { "proposals": ["aes256-sha256-modp1024"], "dpd_delay_s": 10, "dpd_timeout_s": 45 },
  "esp":    { "proposals": ["aes256gcm16"] },
  "probe":  { "targets": [ { "address": "10.2.0.1", "kind": "stamp" } ], "count": 3 }
}
JSON
# prof NAME 'python statement on d (the base profile)'
prof() {
	python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open("base.json"))
pol = {"ikeEncryption": "AES256", "ikeIntegrity": "SHA256", "dhGroup": "DHGroup14",
       "ipsecEncryption": "GCMAES256", "ipsecIntegrity": "GCMAES256", "pfsGroup": "PFS2048",
       "saLifeTimeSeconds": 3600, "saDataSizeKilobytes": 102400000}
def policy(**kw):
    d["ike"].pop("proposals"); d["esp"].pop("proposals")
    p = dict(pol)
    for k, v in kw.items():
        if v is None: p.pop(k)
        else: p[k] = v
    d["azure_policy"] = p
exec(sys.argv[2])
json.dump(d, open(sys.argv[1], "w"), indent=2)
PY
}
printf '{\n  "version": 1,\n  "name": "x"\n  "local": {}\n}\n' > syntax.json
: > empty.json
printf '{"version": 1, "version": 1}\n' > dup.json
printf '[1, 2]\n' > array.json
prof unknown_key.json 'd["ike"]["proposal"] = d["ike"].pop("proposals")'
prof top_unknown.json 'd["remote_address"] = "192.0.2.2"'
prof wrong_type.json 'd["ike"]["dpd_timeout_s"] = "45"'
prof no_remote.json 'd.pop("remote")'
prof no_name.json 'd.pop("name")'
prof version2.json 'd["version"] = 2'
prof bad_addr.json 'd["remote"]["address"] = "192.0.2.256"'
prof hostname.json 'd["remote"]["address"] = "vpn.example.com"'
prof host_bits.json 'd["local"]["subnets"] = ["10.1.0.1/24"]'
prof prefix33.json 'd["local"]["subnets"] = ["10.1.0.0/33"]'
prof no_prefix.json 'd["local"]["subnets"] = ["10.1.0.0"]'
prof overlap.json 'd["remote"]["subnets"] = ["10.1.0.0/16"]'
prof no_subnets.json 'd["remote"]["subnets"] = []'
prof ike_nodh.json 'd["ike"]["proposals"] = ["aes256-sha1"]'
prof ike_alg.json 'd["ike"]["proposals"] = ["aes999-sha1-modp1024"]'
prof esp_alg.json 'd["esp"]["proposals"] = ["rot13"]'
prof ike_none.json 'd["ike"]["proposals"] = []'
prof dpd_low.json 'd["ike"]["dpd_timeout_s"] = 5'
prof life_low.json 'd["ike"]["lifetime_s"] = 1'
prof bad_name.json 'd["name"] = "my tunnel!"'
prof personality.json 'd["personality"] = "cisco"'
prof pol_enum.json 'policy(ikeEncryption="AES512")'
prof pol_missing.json 'policy(pfsGroup=None)'
prof pol_gcm.json 'policy(ipsecIntegrity="SHA256")'
prof pol_dh.json 'policy(dhGroup="None")'
prof pol_life.json 'policy(saLifeTimeSeconds=100)'
prof pol_both.json 'd["azure_policy"] = pol'
prof pol_typo.json 'policy(ikeEncryption=None, ikeEncrytpion="AES256")'
prof psk_missing.json 'd["auth"]["psk_file"] = "nope.txt"'
prof psk_world.json 'd["auth"]["psk_file"] = "psk_world.txt"'
prof psk_group.json 'd["auth"]["psk_file"] = "psk_group.txt"'
prof psk_empty.json 'd["auth"]["psk_file"] = "psk_empty.txt"'
prof psk_env.json 'd["auth"] = {"psk_env": "CROSSPEER_BI_PSK"}'
prof psk_both.json 'd["auth"]["psk_env"] = "CROSSPEER_BI_PSK"'
prof psk_inline.json 'd["auth"]["psk"] = open("psk.txt").read().strip()'
prof th_loss.json 'd["thresholds"] = {"loss_pct": 150}'
prof th_neg.json 'd["thresholds"] = {"rtt_p99_ms": -1}'
prof th_pmtu.json 'd["thresholds"] = {"min_pmtu": 100000}'
prof th_tol.json 'd["thresholds"] = {"baseline_tolerance_pct": 5000}'
prof th_unknown.json 'd["thresholds"] = {"rtt_p95_ms": 10}'
prof probe_kind.json 'd["probe"]["targets"][0]["kind"] = "udp"'
prof probe_tcp.json 'd["probe"]["targets"] = [{"address": "10.2.0.1", "kind": "tcp"}]'
prof probe_size.json 'd["probe"]["size"] = 20'
prof bgp_asn.json 'd["bgp"] = {"asn": 65515, "tunnels": [{"local_ip": "169.254.21.2", "peer_ip": "169.254.21.1"}]}'
prof bgp_apipa.json 'd["bgp"] = {"asn": 65010, "tunnels": [{"local_ip": "169.254.30.2", "peer_ip": "169.254.30.1"}]}'
printf '%s\n' "$PSK" > psk_world.txt
chmod 644 psk_world.txt
printf '%s\n' "$PSK" > psk_group.txt
chmod 640 psk_group.txt
: > psk_empty.txt
chmod 600 psk_empty.txt
printf '%s\n' "$STAMP_KEY" > stamp.key
chmod 600 stamp.key
printf '%s\n' "$STAMP_KEY" > stamp_world.key
chmod 644 stamp_world.key
mkdir -p report rep_bad rep_down rep_empty
cp "$CROSSPEER_SRC/tests/fuzz/corpus/report_json/pass.json" report/report.json
printf '{"schema_version": 9, "probes": []}\n' > rep_bad/report.json
cp "$CROSSPEER_SRC/tests/fuzz/corpus/report_json/no-tunnel.json" rep_down/report.json
printf 'garbage{\n' > store_corrupt.json
printf '{"hello": "world"}\n' > store_foreign.json
printf '{"crosspeer_baseline": 7, "runs": []}\n' > store_future.json

# ---- profiles ---------------------------------------------------------------------------
row 1 2 "JSON syntax error (missing comma)" "syntax.json:4:9: not valid JSON: '}' expected" up --profile syntax.json
row 2 2 "empty profile file" "empty.json:1:0: not valid JSON" up --profile empty.json
row 3 2 "duplicate key" "dup.json:1:24: not valid JSON: duplicate object key" up --profile dup.json
row 4 2 "a JSON array instead of an object" "array.json: expected a JSON object at the top level" up --profile array.json
row 5 2 "mistyped key ike.proposal" "unknown_key.json: ike.proposal: unknown key; expected one of: proposals" up --profile unknown_key.json
row 6 2 "unknown top-level key" "top_unknown.json: remote_address: unknown key" up --profile top_unknown.json
row 7 2 "wrong type: dpd_timeout_s as a string" "wrong_type.json: ike.dpd_timeout_s: expected an integer from 9 to 3600" up --profile wrong_type.json
row 8 2 "required section remote missing" "no_remote.json: remote: missing; this field is required" up --profile no_remote.json
row 9 2 "required name missing" "no_name.json: name: missing; this field is required" up --profile no_name.json
row 10 2 "\"version\": 2" "version2.json: version: this crosspeer reads profile version 1" up --profile version2.json
row 11 2 "bad address 192.0.2.256" "bad_addr.json: remote.address: '192.0.2.256' is not an IPv4 or IPv6 address" up --profile bad_addr.json
row 12 2 "host name instead of an address" "hostname.json: remote.address: 'vpn.example.com' is not an IPv4 or IPv6 address" up --profile hostname.json
row 13 2 "CIDR with host bits 10.1.0.1/24" "host_bits.json: local.subnets[0]: host bits set after /24; use the network address" up --profile host_bits.json
row 14 2 "prefix length /33" "prefix33.json: local.subnets[0]: " up --profile prefix33.json
row 15 2 "subnet without a prefix length" "no_prefix.json: local.subnets[0]: expected a prefix in CIDR notation" up --profile no_prefix.json
row 16 2 "remote subnet overlapping the local one" "overlap.json: remote.subnets[0]: 10.1.0.0/16 overlaps local.subnets[0] 10.1.0.0/24" up --profile overlap.json
row 17 2 "empty subnets list" "no_subnets.json: remote.subnets: expected a non-empty array of prefixes" up --profile no_subnets.json
row 18 2 "IKE proposal without a DH group" "ike_nodh.json: ike.proposals[0]: IKE proposal 'aes256-sha1' names no Diffie-Hellman group" up --profile ike_nodh.json
row 19 2 "unknown IKE algorithm" "ike_alg.json: ike.proposals[0]: unknown algorithm 'aes999'" up --profile ike_alg.json
row 20 2 "unknown ESP algorithm" "esp_alg.json: esp.proposals[0]: unknown algorithm 'rot13'" up --profile esp_alg.json
row 21 2 "empty proposals list" "ike_none.json: ike.proposals: expected an array of 1 to 16 proposal strings" up --profile ike_none.json
row 22 2 "dpd_timeout_s below Azure's range" "dpd_low.json: ike.dpd_timeout_s: expected an integer from 9 to 3600" up --profile dpd_low.json
row 23 2 "lifetime_s 1" "life_low.json: ike.lifetime_s: expected an integer from 10 to 604800" up --profile life_low.json
row 24 2 "name with a space and '!'" "bad_name.json: name: use letters, digits" up --profile bad_name.json
row 25 2 "personality cisco" "personality.json: personality: expected \"azure\" or \"strongswan\"" up --profile personality.json
row 26 2 "azure_policy: ikeEncryption AES512" "pol_enum.json: azure_policy.ikeEncryption: 'AES512' is not" up --profile pol_enum.json
row 27 2 "azure_policy without pfsGroup" "pol_missing.json: azure_policy.pfsGroup: missing; this field is required" up --profile pol_missing.json
row 28 2 "azure_policy GCMAES256 with SHA256 integrity" "pol_gcm.json: azure_policy.ipsecIntegrity: with GCM" up --profile pol_gcm.json
row 29 2 "azure_policy dhGroup None" "pol_dh.json: azure_policy.dhGroup: IKEv2 needs a Diffie-Hellman group" up --profile pol_dh.json
row 30 2 "azure_policy saLifeTimeSeconds 100" "pol_life.json: azure_policy.saLifeTimeSeconds: expected an integer from 300" up --profile pol_life.json
row 31 2 "azure_policy and explicit proposals" "pol_both.json: ike.proposals: remove it: with azure_policy set" up --profile pol_both.json
row 32 2 "azure_policy key misspelt" "pol_typo.json: azure_policy.ikeEncrytpion: unknown key" up --profile pol_typo.json
row 33 2 "psk_file that does not exist" "crosspeer up: psk_missing.json: auth.psk_file: ./nope.txt: cannot open: No such file or directory" up --profile psk_missing.json
row 34 2 "psk_file readable by others (0644): named, never shown" "psk_world.json: auth.psk_file: ./psk_world.txt: readable by group or others; run 'chmod 600 ./psk_world.txt'" up --profile psk_world.json
row 35 2 "psk_file readable by the group (0640)" "psk_group.json: auth.psk_file: ./psk_group.txt: readable by group or others" up --profile psk_group.json
row 36 2 "empty psk_file" "psk_empty.json: auth.psk_file: file ./psk_empty.txt is empty" up --profile psk_empty.json
row 37 2 "psk_env names an unset variable" "psk_env.json: auth.psk_env: environment variable CROSSPEER_BI_PSK is not set" up --profile psk_env.json
ENV="CROSSPEER_BI_PSK=" row 38 2 "psk_env variable set but empty" "psk_env.json: auth.psk_env: environment variable CROSSPEER_BI_PSK is empty" up --profile psk_env.json
row 39 2 "both psk_file and psk_env" "psk_both.json: auth: set exactly one of psk_file and psk_env" up --profile psk_both.json
row 40 2 "the key written into the profile as auth.psk: refused, value not echoed" "psk_inline.json: auth.psk: unknown key; expected one of: psk_file, psk_env" up --profile psk_inline.json
row 41 2 "thresholds.loss_pct 150" "th_loss.json: thresholds.loss_pct: expected a number from 0 to 100" up --profile th_loss.json
row 42 2 "thresholds.rtt_p99_ms -1" "th_neg.json: thresholds.rtt_p99_ms: expected a number from 0" up --profile th_neg.json
row 43 2 "thresholds.min_pmtu 100000" "th_pmtu.json: thresholds.min_pmtu: expected a number from 68 to 65535" up --profile th_pmtu.json
row 44 2 "thresholds.baseline_tolerance_pct 5000" "th_tol.json: thresholds.baseline_tolerance_pct: expected a number from 0 to 1000" up --profile th_tol.json
row 45 2 "threshold that does not exist (rtt_p95_ms)" "th_unknown.json: thresholds.rtt_p95_ms: unknown key" up --profile th_unknown.json
row 46 2 "probe target kind udp" "probe_kind.json: probe.targets[0].kind: expected \"stamp\", \"icmp\" or \"tcp\"" up --profile probe_kind.json
row 47 2 "tcp probe target without a port" "probe_tcp.json: probe.targets[0].port: a tcp probe needs a port" up --profile probe_tcp.json
row 48 2 "probe.size 20" "probe_size.json: probe.size: expected an integer from 44 to 9000" up --profile probe_size.json
row 49 2 "the PSK file given as the profile: no byte of it shown" "psk.txt:1:2: not valid JSON: '[' or '{' expected" up --profile psk.txt
row 50 2 "a directory as the profile" "crosspeer up: .: not a regular file" up --profile .
row 51 2 "profile that does not exist" "missing.json: cannot open: No such file or directory" simulate --profile missing.json
row 52 2 "bad profile to verify" "crosspeer verify: overlap.json: remote.subnets[0]" verify --profile overlap.json

# ---- command line -----------------------------------------------------------------------
row 53 2 "unknown subcommand" "crosspeer: unknown subcommand 'connect'" connect
row 54 2 "unknown option" "crosspeer up: --bogus: unknown option (see --help)" up --bogus
row 55 2 "no --profile" "crosspeer up: --profile FILE is required" up
row 56 2 "--profile without a value" "crosspeer up: --profile: needs a value" up --profile
row 57 2 "--timeout 0" "crosspeer up: --timeout: expected an integer from 1 to 3600, got '0'" up --profile base.json --timeout 0
row 58 2 "--timeout abc" "crosspeer verify: --timeout: expected an integer from 1 to 3600, got 'abc'" verify --profile base.json --timeout abc
row 59 2 "--datapath ipsec" "crosspeer up: --datapath: expected auto, xfrm or libipsec, got 'ipsec'" up --profile base.json --datapath ipsec
row 60 2 "a stray argument" "crosspeer up: unexpected argument 'now'" up --profile base.json now
row 61 2 "--cycles -1" "crosspeer up: --cycles: expected an integer from 1 to 100000, got '-1'" up --profile base.json --cycles -1
row 203 2 "simulate --sku that is no gateway SKU" "crosspeer simulate: --sku: 'VpnGw9' is no VPN gateway SKU" simulate --profile base.json --sku VpnGw9
row 204 2 "bgp: on-prem ASN 65515, the Azure gateways' own (before anything starts)" "bgp_asn.json: bgp.asn: 65515 is the Azure gateways' own ASN" up --profile bgp_asn.json
row 205 2 "bgp: tunnel inner address outside Azure's APIPA range" "bgp_apipa.json: bgp.tunnels[0].local_ip: '169.254.30.2' is outside 169.254.21.0-169.254.22.255" up --profile bgp_apipa.json
row 62 2 "simulate --timeout (an up/verify option)" "crosspeer simulate: --timeout: not an option of simulate" simulate --profile base.json --timeout 5
row 63 2 "up --report (a verify option)" "crosspeer up: --report: not an option of up" up --profile base.json --report out
row 64 2 "--every 5x" "crosspeer verify: --every: expected a duration from 1s to 7 days" verify --profile base.json --every 5x
row 65 2 "--every 0s" "crosspeer verify: --every: expected a duration from 1s to 7 days" verify --profile base.json --every 0s
row 66 2 "--metrics without --every" "crosspeer verify: --metrics needs --every" verify --profile base.json --metrics 127.0.0.1:9862
ROOT=1 row 67 2 "--metrics on 0.0.0.0" "crosspeer verify: --metrics: 0.0.0.0 is not a loopback address" verify --profile base.json --every 1m --metrics 0.0.0.0:9862
ROOT=1 row 68 2 "--metrics without a port" "crosspeer verify: --metrics: expected ADDR:PORT" verify --profile base.json --every 1m --metrics localhost
row 69 2 "--report in a folder that cannot be made" "crosspeer verify: --report /proc/crosspeer-nope: cannot create directory" verify --profile base.json --report /proc/crosspeer-nope
row 70 2 "--report naming a file" "crosspeer verify: --report psk.txt: not a directory" verify --profile base.json --report psk.txt
row 71 2 "probe without a target" "crosspeer probe: --target: at least one target is required" probe
row 72 2 "probe --target 10.0.0.999" "crosspeer probe: 10.0.0.999: not a numeric IPv4 or IPv6 address" probe --target 10.0.0.999
row 73 2 "probe --target localhost" "crosspeer probe: localhost: not a numeric IPv4 or IPv6 address" probe --target localhost
row 74 2 "probe --rate 0" "crosspeer probe: --rate: '0' is not a number from 0.001" probe --target 127.0.0.1 --rate 0
row 75 2 "probe --count -5" "crosspeer probe: --count: '-5' is not a number from 0" probe --target 127.0.0.1 --count -5
row 76 2 "probe --port 65536" "crosspeer probe: --port: '65536' is not a number from 1 to 65535" probe --target 127.0.0.1 --port 65536
row 77 2 "probe --kind udp" "crosspeer probe: --kind: 'udp' is not stamp, icmp or tcp" probe --target 127.0.0.1 --kind udp
row 78 2 "probe --kind tcp without --port" "crosspeer probe: 127.0.0.1: --port is required for --kind tcp" probe --target 127.0.0.1 --kind tcp
row 79 2 "probe --dscp 64" "crosspeer probe: --dscp: '64' is not a number from 0 to 63" probe --target 127.0.0.1 --dscp 64
row 80 2 "probe --timeout 0" "crosspeer probe: --timeout: '0' is not a number from 1 to 60000" probe --target 127.0.0.1 --timeout 0
row 81 2 "probe --count 0 without --duration" "crosspeer probe: --count: 0 needs --duration" probe --target 127.0.0.1 --count 0
row 82 2 "probe --auth-key-file readable by others" "crosspeer probe: stamp_world.key: readable by group or others; run 'chmod 600 stamp_world.key'" probe --target 127.0.0.1 --auth-key-file stamp_world.key
row 83 2 "probe --profile with a JSON error" "crosspeer probe: syntax.json:4:9: not valid JSON" probe --target 127.0.0.1 --profile syntax.json
row 84 2 "probe --throughput sctp" "crosspeer probe: --throughput: expected tcp or udp" probe --target 127.0.0.1 --throughput sctp
ROOT=1 row 85 5 "probe --capture on an interface that does not exist" "crosspeer probe: nosuchif0:" probe --target 127.0.0.1 --count 1 --capture nosuchif0
row 86 2 "reflect without --listen" "crosspeer reflect: --listen: required" reflect
row 87 2 "reflect --listen with port 99999" "crosspeer reflect: 127.0.0.1:99999: port must be 1-65535" reflect --listen 127.0.0.1:99999
row 88 2 "reflect --listen localhost" "crosspeer reflect: localhost: not a numeric IPv4 or IPv6 address" reflect --listen localhost
row 89 5 "reflect on an address this machine does not have" "crosspeer reflect: 203.0.113.77: bind: Cannot assign requested address" reflect --listen 203.0.113.77:18621
row 90 2 "reflect --rate-limit 0" "crosspeer reflect: --rate-limit: '0' is not a rate in pps" reflect --listen 127.0.0.1:18622 --rate-limit 0
row 91 2 "reflect --allow 10.0.0.0/33" "crosspeer reflect: 10.0.0.0/33: prefix length must be 0-32" reflect --listen 127.0.0.1:18622 --allow 10.0.0.0/33
row 92 2 "reflect --auth-key-file readable by others" "crosspeer reflect: stamp_world.key: readable by group or others" reflect --listen 127.0.0.1:18622 --auth-key-file stamp_world.key
row 93 2 "reflect --auth-key-file empty" "crosspeer reflect: file psk_empty.txt is empty" reflect --listen 127.0.0.1:18622 --auth-key-file psk_empty.txt
AS=nobody row 94 5 "reflect on port 862 without root" "crosspeer reflect: 127.0.0.1: bind: Permission denied" reflect --listen 127.0.0.1
row 95 2 "baseline with an unknown action" "crosspeer baseline: store: unknown action (record, compare or import)" baseline store --report report --store s.json
row 96 2 "baseline record without --store" "crosspeer baseline: record: needs --report DIR and --store FILE" baseline record --report report
row 97 2 "baseline --keep 0" "crosspeer baseline: --keep: expected a number from 1 to 100000, got '0'" baseline record --report report --store s.json --keep 0
row 98 2 "baseline --alpha 2" "crosspeer baseline: --alpha: expected a number from 1e-09 to 0.5, got '2'" baseline compare --report report --store s.json --alpha 2
row 99 2 "baseline unknown option" "crosspeer baseline: --bogus: unknown option (see --help)" baseline compare --report report --store s.json --bogus 1
row 100 2 "lab without an action" "crosspeer lab: say demo, up, down or impair SPEC" lab
row 101 2 "lab with an unknown action" "crosspeer lab: start: unknown action; say demo, up, down or impair SPEC" lab start
row 102 2 "lab unknown option" "crosspeer lab: --bogus: unknown option (see --help)" lab --bogus up
row 103 2 "lab up --impair loss=200%" "crosspeer lab: --impair 'loss=200%': expected" lab up --impair loss=200%
row 104 2 "lab impair without SPEC" "crosspeer lab: impair: needs SPEC" lab impair
AS=nobody row 105 5 "lab up without root" "crosspeer lab: needs root to create network namespaces" lab up
AS=nobody row 106 5 "up without root" "crosspeer up: needs root (CAP_NET_ADMIN)" up --profile base.json
row 107 2 "azure without action" "crosspeer azure: need plan|apply|status|destroy and --profile FILE" azure
row 108 2 "azure unknown action" "crosspeer azure: deploy: unknown action; expected plan, apply, status or destroy" azure deploy --profile base.json
row 109 2 "azure plan without --profile" "crosspeer azure: need plan|apply|status|destroy and --profile FILE" azure plan
row 110 2 "azure --parallel 3" "crosspeer azure: --parallel: expected 1 or 2" azure apply --profile base.json --parallel 3
row 111 2 "azure unknown option" "crosspeer azure: --bogus: unknown option or missing value" azure plan --profile base.json --bogus
row 112 2 "azure profile that does not exist" "crosspeer azure: missing.json: cannot open: No such file or directory" azure plan --profile missing.json
row 113 2 "armsim without --tenants" "crosspeer armsim: need --tenants FILE" armsim
row 114 2 "armsim --gateway-seconds abc" "crosspeer armsim: --gateway-seconds: expected a number from 0 to 86400" armsim --tenants t.json --tls-dir tls --gateway-seconds abc
row 115 2 "armsim --retry-after -1" "crosspeer armsim: --retry-after: expected a number from 0 to 600" armsim --tenants t.json --tls-dir tls --retry-after -1
row 116 2 "armsim --listen 127.0.0.1:99999" "crosspeer armsim: 127.0.0.1:99999: invalid value" armsim --tenants t.json --tls-dir tls --listen 127.0.0.1:99999
row 117 2 "armsim unknown option" "crosspeer armsim: --bogus: unknown option or missing value" armsim --tenants t.json --tls-dir tls --bogus

# ---- files ------------------------------------------------------------------------------
row 118 2 "baseline report folder without report.json" "crosspeer baseline: rep_empty/report.json: No such file or directory" baseline record --report rep_empty --store s.json
row 119 2 "report.json of a future schema" "crosspeer baseline: rep_bad/report.json: schema_version: 9 is not one this crosspeer reads" baseline record --report rep_bad --store s.json
row 120 2 "record a run whose tunnel never came up" "crosspeer baseline: s.json: the report's tunnel was not established: not recorded" baseline record --report rep_down --store s.json
row 121 2 "corrupt baseline store" "crosspeer baseline: store_corrupt.json: 1:7: not valid JSON: '[' or '{' expected; not a crosspeer baseline store" baseline record --report report --store store_corrupt.json
row 122 2 "a foreign JSON file as the store (left untouched)" "crosspeer baseline: store_foreign.json: not a crosspeer baseline store" baseline record --report report --store store_foreign.json
row 123 2 "the PSK file as the store (a SQLite name): no byte of it shown" "crosspeer baseline: psk.txt: not a SQLite database (file is not a database); give another --store, or move this file away" baseline record --report report --store psk.txt
row 124 2 "a store of a future version" "crosspeer baseline: store_future.json: store version 7 is not one this crosspeer reads (1)" baseline record --report report --store store_future.json
row 125 2 "compare against a store that does not exist" "crosspeer baseline: none.json: cannot open: No such file or directory (crosspeer baseline record creates it)" baseline compare --report report --store none.json
row 126 2 "a directory as the store" "crosspeer baseline: report: not a regular file" baseline record --report report --store report
row 127 2 "store in a folder that does not exist" "crosspeer baseline: nodir/s.json: cannot create temporary file: No such file or directory" baseline record --report report --store nodir/s.json
row 128 2 "the PSK file as report.json" "crosspeer baseline: psk.txt:1:2: not valid JSON: '[' or '{' expected" baseline record --report psk.txt --store s.json
if cmp -s store_foreign.json - <<'EOF'
{"hello": "world"}
EOF
then ok=1; else ok=0; fi
check 129 2 "the foreign store of row 122 afterwards" "cmp store_foreign.json (before/after)" "unchanged: a store that does not load is never rewritten" "$ok"

# ---- the SQLite baseline store (docs/baseline.md) ----------------------------------------
head -c 4096 /dev/zero | tr '\0' 'x' > store_garbage.db
python3 -c 'import sqlite3; c = sqlite3.connect("store_foreign.db"); c.execute("CREATE TABLE notes (x TEXT)"); c.commit()'
row 210 2 "a file that is not SQLite as a SQLite store (left untouched)" "crosspeer baseline: store_garbage.db: not a SQLite database (file is not a database); give another --store, or move this file away" baseline record --report report --store store_garbage.db --keep-days 36500
row 211 2 "a foreign SQLite database as the store" "crosspeer baseline: store_foreign.db: a SQLite database but not a crosspeer baseline store (no schema version)" baseline record --report report --store store_foreign.db --keep-days 36500
"$CROSSPEER" baseline record --report report --store locked.db --keep-days 36500 > /dev/null
python3 -c 'import sqlite3, sys, time
c = sqlite3.connect("locked.db", isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(60)' > holder.txt &
holder=$!
pids="$pids $holder"
i=0
until grep -q locked holder.txt 2>/dev/null; do
	i=$((i + 1)); [ $i -le 100 ] || break; sleep 0.1
done
row 212 5 "a SQLite store another writer holds beyond --lock-timeout" "crosspeer baseline: locked.db: locked: another writer holds it (database is locked); try again when it is done, or give a longer --lock-timeout" baseline record --report report --store locked.db --keep-days 36500 --lock-timeout 0.3
kill "$holder" 2>/dev/null || true
row 213 2 "baseline import into a JSON store" "crosspeer baseline: s2.json: import writes a SQLite store; give a --store not ending in .json, e.g. baseline.db" baseline import --from s.json --store s2.json
row 214 2 "baseline --keep with a SQLite store" "crosspeer baseline: --keep: counts runs of a JSON store (.json); a SQLite store keeps runs by age: --keep-days N" baseline record --report report --store s.db --keep 5

# ---- packets: a reflector on 127.0.0.1 --------------------------------------------------
cat > udp.py <<'PY'
import socket, sys, os, time
# udp.py PORT KIND: send one datagram, print the reply's length or "none"
port, kind = int(sys.argv[1]), sys.argv[2]
data = {"short10": b"\x00" * 10, "short43": b"\x00" * 43, "unauth44": b"\x00" * 44,
        "badhmac112": os.urandom(112), "big1400": b"\x00" * 1400}[kind]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.5)
s.sendto(data, ("127.0.0.1", port))
try:
    print(len(s.recv(65535)))
except socket.timeout:
    print("none")
PY
start_reflector() { # $1 log, rest: options; sets rpid, rport
	log=$1
	shift
	rport=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	"$CROSSPEER" reflect --listen "127.0.0.1:$rport" --no-sink "$@" > "$log" 2>&1 &
	rpid=$!
	pids="$pids $rpid"
	i=0
	until grep -q reflecting "$log" 2>/dev/null; do
		i=$((i + 1)); [ $i -le 50 ] || break; sleep 0.1
	done
}
stop_reflector() { # prints the counters line
	kill -INT "$rpid" 2>/dev/null || true
	wait "$rpid" 2>/dev/null || true
}
counter() { sed -n "s/.* $2 \([0-9]*\).*/\1/p; s/^$2 \([0-9]*\).*/\1/p" "$1" | head -n1; }

start_reflector refl1.log
r1=$(python3 udp.py "$rport" short10)
r2=$(python3 udp.py "$rport" short43)
r3=$(python3 udp.py "$rport" unauth44)
r4=$(python3 udp.py "$rport" big1400)
stop_reflector
mal=$(counter refl1.log malformed)
line=$(grep '^received' refl1.log || echo "no counters line")
[ "$r1" = none ] && [ "$mal" = 2 ] && ok=1 || ok=0
check 130 0 "10-byte UDP datagram to the reflector: dropped, counted, no reply" \
	"python3 udp.py PORT short10 (reflector: crosspeer reflect --listen 127.0.0.1:PORT)" "$line" "$ok"
[ "$r2" = none ] && [ "$mal" = 2 ] && ok=1 || ok=0
check 131 0 "43-byte request (one short of a STAMP packet): dropped as malformed" "python3 udp.py PORT short43" "$line" "$ok"
[ "$r3" = 44 ] && ok=1 || ok=0
check 132 0 "after the malformed ones the reflector still answers a valid request" "python3 udp.py PORT unauth44" "reply of $r3 bytes" "$ok"
[ "$r4" = 1400 ] && ok=1 || ok=0
check 133 0 "1400-byte request: the reply is never larger than the request" "python3 udp.py PORT big1400" "reply of $r4 bytes" "$ok"

start_reflector refl2.log --auth-key-file stamp.key
a1=$(python3 udp.py "$rport" unauth44)
a2=$(python3 udp.py "$rport" badhmac112)
set +e
"$CROSSPEER" probe --target "127.0.0.1:$rport" --count 3 --rate 20 --timeout 300 \
	--auth-key-file stamp_world.key > probe_wrongkey.out 2> probe_wrongkey.err
prc=$?
printf 'a-different-key\n' > stamp_other.key
chmod 600 stamp_other.key
"$CROSSPEER" probe --target "127.0.0.1:$rport" --count 3 --rate 20 --timeout 300 --json \
	--auth-key-file stamp_other.key > probe_other.out 2> probe_other.err
prc2=$?
set -e
stop_reflector
line=$(grep '^received' refl2.log || echo "no counters line")
[ "$a1" = none ] && [ "$(counter refl2.log malformed)" = 1 ] && ok=1 || ok=0
check 134 0 "unauthenticated request to an authenticated reflector: dropped as malformed" "python3 udp.py PORT unauth44 (reflector: --auth-key-file stamp.key)" "$line" "$ok"
[ "$a2" = none ] && [ "$(counter refl2.log bad_hmac)" -ge 1 ] && ok=1 || ok=0
check 135 0 "112-byte request with a wrong HMAC: dropped, counted as bad_hmac" "python3 udp.py PORT badhmac112" "$line" "$ok"
[ "$prc2" = 0 ] && grep -q '"received": 0' probe_other.out && ok=1 || ok=0
check 136 0 "probe with another key: every packet lost, the run itself succeeds" "crosspeer probe --target 127.0.0.1:PORT --count 3 --auth-key-file stamp_other.key --json" "\"received\": 0 (reflector: bad_hmac $(counter refl2.log bad_hmac))" "$ok"
grep -q "readable by group or others" probe_wrongkey.err && [ "$prc" = 2 ] && ok=1 || ok=0
check 137 2 "probe with a key file readable by others, against the reflector" "crosspeer probe --target 127.0.0.1:PORT --auth-key-file stamp_world.key" "$(head -n1 probe_wrongkey.err)" "$ok"

start_reflector refl3.log --allow 10.0.0.0/8
d1=$(python3 udp.py "$rport" unauth44)
stop_reflector
line=$(grep '^received' refl3.log || echo "no counters line")
[ "$d1" = none ] && [ "$(counter refl3.log denied)" = 1 ] && ok=1 || ok=0
check 138 0 "request from a source outside --allow: dropped, counted as denied" "python3 udp.py PORT unauth44 (reflector: --allow 10.0.0.0/8)" "$line" "$ok"

# ---- the Azure side: profiles, then armsim answers with faults ----------------------------
TA=11111111-aaaa-4aaa-8aaa-111111111111
SA=aaaaaaaa-0000-4000-8000-00000000000a
umask 077
printf '[{"tenant_id":"%s","subscription_id":"%s","client_id":"app-a","client_secret":"%s"}]\n' \
	"$TA" "$SA" "$SECRET_A" > t.json
printf '{"tenant_id": "%s"}\n' "$TA" > t_object.json
printf '[{"tenant_id":"t","subscription_id":"s","client_id":"c"}]\n' > t_nosecret.json
umask 022
cp t.json t_world.json
chmod 644 t_world.json
mkdir -p tls
start_armsim() { # $1 log, rest: options; sets spid, sport
	log=$1
	shift
	rm -f "$log.port"
	"$CROSSPEER" armsim --tenants t.json --tls-dir tls --port-file "$log.port" \
		--gateway-seconds 1 --resource-seconds 0.1 "$@" > "$log" 2>&1 &
	spid=$!
	pids="$pids $spid"
	i=0
	until [ -s "$log.port" ]; do
		i=$((i + 1)); [ $i -le 100 ] || break; sleep 0.1
	done
	sport=$(cat "$log.port" 2>/dev/null || echo 1)
}
stop_armsim() { kill -TERM "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true; }
azprof() { # $1 file, $2 python statement on d
	python3 - "$1" "$sport" "$TA" "$SA" "${2:-pass}" <<'PY'
import json, sys
f, port, ta, sa, stmt = sys.argv[1:]
base = "https://127.0.0.1:" + port
d = {"version": 1, "name": "bi-az",
     "local": {"address": "192.0.2.1", "subnets": ["10.9.0.0/24"]},
     "remote": {"address": "192.0.2.2", "subnets": ["10.1.0.0/16"]},
     "auth": {"psk_env": "CROSSPEER_SHARED_KEY"},
     "azure": {"authority_host": base, "resource_manager": base, "ca_file": "tls/ca.pem",
               "shared_key": {"env": "CROSSPEER_SHARED_KEY"},
               "tenants": [{"name": "a", "tenant_id": ta, "subscription_id": sa,
                            "client_id": "app-a", "client_secret_env": "XP_BI_SECRET_A",
                            "resource_group": "rg-bi-a", "location": "westeurope",
                            "vnet": {"name": "vnet-a", "address_space": ["10.1.0.0/16"],
                                     "gateway_subnet": "10.1.255.0/27"}}],
               "onprem": {"public_ip": "203.0.113.10", "subnets": ["10.9.0.0/24"],
                          "connect_to": "a"}}}
t = d["azure"]["tenants"][0]
exec(stmt)
json.dump(d, open(f, "w"), indent=2)
PY
}
XP_BI_SECRET_A=$SECRET_A
CROSSPEER_SHARED_KEY=$SHARED
export XP_BI_SECRET_A CROSSPEER_SHARED_KEY
printf '%s\n' "$SECRET_A" > secret_world.txt
chmod 644 secret_world.txt

start_armsim sim1.log
azprof az_cidr.json 't["vnet"]["address_space"] = ["10.1.0.1/16"]'
azprof az_connect.json 'd["azure"]["onprem"]["connect_to"] = "z"'
azprof az_nosecret.json 't["client_secret_env"] = "XP_BI_UNSET_SECRET"'
azprof az_secfile.json 't.pop("client_secret_env"); t["client_secret_file"] = "secret_world.txt"'
azprof az_pattern.json 'd["azure"]["pattern"] = "p2s"'
azprof az_policy.json 'd["azure"]["ipsec_policy"] = {"ikeEncryption": "AES256"}'
azprof az_gwsub.json 't["vnet"]["gateway_subnet"] = "10.1.255.0/30"'
azprof az_overlap.json 't["vnet"]["address_space"] = ["10.9.0.0/16"]; t["vnet"]["gateway_subnet"] = "10.9.255.0/27"'
azprof az_http.json 'd["azure"]["resource_manager"] = "http://127.0.0.1:" + sys.argv[2]'
azprof az_unknown.json 'd["azure"]["tenant"] = "a"'
azprof az_tenant.json 't["tenant_id"] = "99999999-aaaa-4aaa-8aaa-999999999999"'
azprof az_ca.json 'd["azure"]["ca_file"] = "nope.pem"'
azprof az_asn.json 't["gateway"] = {"bgp": {}}; d["azure"]["onprem"]["bgp"] = {"asn": 65515, "peering_address": "10.9.0.1"}'
azprof az_apipa.json 't["gateway"] = {"bgp": {"asn": 65010, "apipa": ["169.254.30.1"]}}'
azprof az_aa.json 't["gateway"] = {"sku": "Basic", "active_active": True}'
azprof az.json
# credentials besides the secret: a certificate armsim does not know, a key others may read
openssl req -x509 -newkey rsa:2048 -nodes -keyout app.key -out app.crt -days 1 \
	-subj /CN=crosspeer-bad-input 2>/dev/null
cat app.crt app.key > app.pem
chmod 600 app.pem
cp app.pem app_world.pem
chmod 644 app_world.pem
azprof az_cert.json 't.pop("client_secret_env"); t["client_certificate_file"] = "app.pem"'
azprof az_certworld.json 't.pop("client_secret_env"); t["client_certificate_file"] = "app_world.pem"'
azprof az_twokinds.json 't["client_certificate_file"] = "app.pem"'
azprof az_mi.json 't.pop("client_secret_env"); t["credential"] = "managed_identity"'
row 139 2 "azure: VNet address space with host bits" "crosspeer azure: az_cidr.json: azure.tenants[0].vnet.address_space[0]: host bits set after /16" azure plan --profile az_cidr.json
row 140 2 "azure: onprem.connect_to names no tenant" "crosspeer azure: az_connect.json: azure.onprem.connect_to: expected the name of one of azure.tenants[]" azure plan --profile az_connect.json
row 141 2 "azure: client_secret_env not set" "crosspeer azure: tenant a client secret: environment variable XP_BI_UNSET_SECRET is not set" azure plan --profile az_nosecret.json
row 142 2 "azure: client_secret_file readable by others: named, never shown" "crosspeer azure: tenant a client secret: ./secret_world.txt: readable by group or others; run 'chmod 600 ./secret_world.txt'" azure plan --profile az_secfile.json
row 143 2 "azure: pattern p2s" "crosspeer azure: az_pattern.json: azure.pattern: expected \"s2s\" or \"vnet2vnet\"" azure plan --profile az_pattern.json
row 144 2 "azure: ipsec_policy with one field" "crosspeer azure: az_policy.json: azure.ipsec_policy.ikeIntegrity: missing; this field is required" azure plan --profile az_policy.json
row 145 2 "azure: GatewaySubnet /30 (preflight)" "crosspeer azure: azure.tenants[0].vnet.gateway_subnet: GatewaySubnet too small; fix: use /27" azure apply --profile az_gwsub.json
row 146 2 "azure: VNet overlapping the on-prem subnets (preflight)" "address ranges of connected networks must not overlap" azure plan --profile az_overlap.json
row 200 2 "azure: on-prem BGP ASN 65515, Azure's own (preflight, before any write)" "crosspeer azure: azure.onprem.bgp.asn: ASN 65515 is the Azure gateways' own ASN, reserved by Azure for its side; fix: pick a private ASN from 64512-65514 or 65521-65534" azure apply --profile az_asn.json
row 201 2 "azure: custom APIPA BGP address outside Azure's range (preflight)" "crosspeer azure: azure.tenants[0].gateway.bgp.apipa[0]: custom APIPA BGP addresses must lie in 169.254.21.0-169.254.22.255; fix: 169.254.30.1 is outside" azure apply --profile az_apipa.json
row 202 2 "azure: active-active on a Basic gateway (preflight)" "crosspeer azure: azure.tenants[0].gateway.active_active: active-active needs a SKU with two instances; fix: Basic has one; use VpnGw1 or larger" azure apply --profile az_aa.json
row 147 2 "azure: resource_manager over http://" "crosspeer azure: az_http.json: azure.resource_manager: expected an https:// URL" azure plan --profile az_http.json
row 148 2 "azure: mistyped key azure.tenant" "crosspeer azure: az_unknown.json: azure.tenant: unknown key" azure plan --profile az_unknown.json
ENV="XP_BI_SECRET_A=bi-wrong-secret-Z1" row 149 4 "azure: wrong client secret: tenant named, secret never shown" "invalid_client: token for tenant a ($TA, client app-a) by client secret XP_BI_SECRET_A: AADSTS7000215: Invalid client secret provided" azure plan --profile az.json
row 150 4 "azure: tenant that does not exist" "invalid_tenant: token for tenant a (99999999-aaaa-4aaa-8aaa-999999999999, client app-a) by client secret XP_BI_SECRET_A: AADSTS90002" azure plan --profile az_tenant.json
row 190 4 "azure: client certificate not registered for the app: file named, key never shown" "invalid_client: token for tenant a ($TA, client app-a) by client certificate ./app.pem: AADSTS700027" azure plan --profile az_cert.json
row 191 2 "azure: client certificate key file readable by others" "crosspeer azure: tenant a client certificate: ./app_world.pem: readable by group or others; run 'chmod 600 ./app_world.pem'" azure plan --profile az_certworld.json
row 192 2 "azure: a tenant with fields of two credentials" "crosspeer azure: az_twokinds.json: azure.tenants[0]: fields of two credentials (secret and certificate); choose one with \"credential\"" azure plan --profile az_twokinds.json
ENV="IDENTITY_ENDPOINT=http://127.0.0.1:9/msi/token" row 193 2 "azure: managed identity with IDENTITY_ENDPOINT but no IDENTITY_HEADER" "crosspeer azure: tenant a managed identity: IDENTITY_ENDPOINT is set but IDENTITY_HEADER is not" azure plan --profile az_mi.json
row 151 2 "armsim: tenants file that does not parse as an array" "crosspeer armsim: t_object.json" armsim --tenants t_object.json --tls-dir tls
row 152 2 "armsim: tenant without client_secret" "crosspeer armsim: t_nosecret.json: [0]: needs tenant_id, subscription_id, client_id and client_secret strings" armsim --tenants t_nosecret.json --tls-dir tls
row 153 2 "armsim: tenants file readable by others" "crosspeer armsim: t_world.json: readable by group or others; run 'chmod 600 t_world.json'" armsim --tenants t_world.json --tls-dir tls
row 154 5 "armsim: tenants file that does not exist" "crosspeer armsim: none.json: No such file or directory" armsim --tenants none.json --tls-dir tls
row 155 5 "armsim: TLS certificate file that does not exist" "cannot read nope.pem: No such file or directory" armsim --tenants t.json --tls-cert nope.pem --tls-key nope.key
stop_armsim

start_armsim sim500.log --fault 500:1000@GET
azprof az500.json
row 156 4 "ARM answers 500 to every GET (retried, then given up)" "vnet-a: InternalServerError: The server encountered an internal error (injected by armsim). Please retry the request. [x-ms-request-id" azure plan --profile az500.json
stop_armsim
start_armsim sim429.log --fault 429:1000@GET
azprof az429.json
row 157 4 "ARM answers 429 to every GET (Retry-After honoured, then given up)" "vnet-a: SubscriptionRequestsThrottled:" azure plan --profile az429.json
stop_armsim
start_armsim simdrop.log --fault drop:1000@GET
azprof azdrop.json
row 158 4 "ARM closes every connection without an answer" "vnet-a: ConnectionError: Empty reply from server" azure plan --profile azdrop.json
stop_armsim
start_armsim simfail.log --fault lrofail:1
azprof azfail.json
row 159 4 "a long-running operation that ends Failed" "vnet-a: InternalServerError: operation Failed" azure apply --profile azfail.json
stop_armsim

# ---- secrets: none in any output above --------------------------------------------------
leaks=""
for s in "$PSK" "$SECRET_A" "$SHARED" "$STAMP_KEY" bi-wrong-secret-Z1 "PRIVATE KEY"; do
	for f in out.* err.* msg.* refl*.log sim*.log probe_*.out probe_*.err; do
		[ -f "$f" ] && grep -q -F -- "$s" "$f" && leaks="$leaks $f"
	done
done
# nor the start of one, as a JSON parser's "near '...'" would show it
for f in err.* msg.*; do
	grep -q "near 'bi" "$f" && leaks="$leaks $f"
done
[ -z "$leaks" ] && ok=1 || ok=0
check 160 0 "no PSK, client secret, shared key or STAMP key in any output of the rows above" \
	"grep -F SECRET out.* err.* *.log" "${leaks:-no secret found in $(find . -name 'err.*' | wc -l) stderr and $(find . -name 'out.*' | wc -l) stdout files}" "$ok"

# ---- fixed after they were reported: probe/reflect/armsim option checks
row 161 2 "probe: unknown option (crosspeer's own message)" "crosspeer probe: --bogus: unknown option" probe --bogus
row 162 2 "reflect: unknown option (crosspeer's own message)" "crosspeer reflect: --bogus: unknown option" reflect --bogus
row 163 2 "probe --size 10: below the smallest STAMP packet, refused" "crosspeer probe: --size:" probe --target 127.0.0.1:9 --count 1 --timeout 100 --size 10
row 164 2 "probe --pmtu with --pmtu-min above --pmtu-max: a usage error" "crosspeer probe: --pmtu-min:" probe --target 127.0.0.1:9 --count 1 --pmtu --pmtu-min 2000
row 165 2 "probe --esp-proposal rot13: refused" "crosspeer probe: --esp-proposal:" probe --target 127.0.0.1:9 --count 1 --timeout 100 --pmtu --pmtu-max 600 --esp-proposal rot13
row 166 2 "armsim --fault 418: --fault named" "crosspeer armsim: --fault:" armsim --tenants t.json --tls-dir tls --fault 418
TMO=3 row 167 2 "armsim --fault 500@FETCH: an unknown method refused" "crosspeer armsim: --fault:" armsim --tenants t.json --tls-dir tls --fault 500@FETCH
TMO=3 row 168 2 "armsim --pip-base 300.1.1.1: refused" "crosspeer armsim: --pip-base:" armsim --tenants t.json --tls-dir tls --pip-base 300.1.1.1

# ---- lab profiles (crosspeer lab --profile): checked before anything is built
printf '{"version":1,"name":"x","local":{"address":"192.0.2.1"}}\n' > lab_local.json
printf '{"version":1,"name":"x","impairment":{"loss_pct":200}}\n' > lab_loss.json
printf '{"version":1,"name":"x","impairment":{"reorder_pct":5}}\n' > lab_reorder.json
python3 -c "import json; p=json.load(open('base.json')); p['impairment']={'delay_ms':5}; json.dump(p, open('imp.json','w'))"
row 171 2 "lab --profile with a local section (the lab sets addresses itself)" "crosspeer lab: lab_local.json: local: remove it: the lab sets addresses" lab up --profile lab_local.json
row 172 2 "lab --profile with impairment.loss_pct 200" "crosspeer lab: lab_loss.json: impairment.loss_pct: expected a number from 0 to 100" lab up --profile lab_loss.json
row 173 2 "lab impair --profile: reordering without a delay" "crosspeer lab: lab_reorder.json: impairment.reorder_pct: reordering needs a delay_ms" lab impair --profile lab_reorder.json
row 174 2 "up with an impairment section (only lab profiles take one)" "crosspeer up: imp.json: impairment: only a lab profile" up --profile imp.json

# ---- fixed after they were reported (were XFAIL): armsim's tenants file, azure's ca_file
row 169 2 "armsim: tenants file holding an object: named without a line number" "crosspeer armsim: t_object.json: expected an array" armsim --tenants t_object.json --tls-dir tls
row 170 2 "azure: ca_file that does not exist is a profile error, like psk_file" "crosspeer azure: az_ca.json: azure.ca_file:" azure plan --profile az_ca.json
row 175 2 "reflect --in-kernel with --auth-key-file (the HMAC stays in the process)" "crosspeer reflect: --in-kernel: answers unauthenticated requests only" reflect --listen 127.0.0.1:18623 --in-kernel --auth-key-file stamp.key
row 176 2 "reflect --in-kernel on a wildcard address" "crosspeer reflect: --in-kernel: needs one IPv4 address" reflect --listen 0.0.0.0:18623 --in-kernel
row 177 2 "reflect --in-kernel with --allow" "crosspeer reflect: --in-kernel: answers every source at once" reflect --listen 127.0.0.1:18623 --in-kernel --allow 10.0.0.0/8

# ---- fixed after they were reported: a missing PSK file named the path, not the field
row 178 2 "verify: psk_file that does not exist names the field, like every profile error" "crosspeer verify: psk_missing.json: auth.psk_file: ./nope.txt: cannot open" verify --profile psk_missing.json

# ---- the metrics endpoint's web config (exporter-toolkit format)
printf 'http_server_config:\n  http2: false\n' > web_unknown.yml
printf 'basic_auth_users:\n  prometheus: SECRET-plain-password\n' > web_plain.yml
printf 'tls_server_config:\n  cert_file: nope.crt\n  key_file: nope.key\n' > web_nocert.yml
printf 'tls_server_config: [\n' > web_syntax.yml
row 179 2 "--metrics-web-config without --metrics" "crosspeer verify: --metrics-web-config needs --metrics" verify --profile base.json --every 1m --metrics-web-config web_unknown.yml
row 180 2 "web config with a key crosspeer does not implement" "crosspeer verify: --metrics-web-config: web_unknown.yml: http_server_config: unknown or not implemented key" verify --profile base.json --every 1m --metrics 127.0.0.1:9862 --metrics-web-config web_unknown.yml
row 181 2 "web config with a plain password instead of a bcrypt hash (not echoed)" "crosspeer verify: --metrics-web-config: web_plain.yml: basic_auth_users: prometheus: expected a bcrypt hash" verify --profile base.json --every 1m --metrics 127.0.0.1:9862 --metrics-web-config web_plain.yml
if grep -q -F "plain-password" "$work/err.181" "$work/out.181"; then
	echo "FAIL: row 181 echoed the password it refused"
	n_fail=$((n_fail + 1))
fi
row 182 2 "web config naming a certificate that does not exist" "crosspeer verify: --metrics-web-config: web_nocert.yml: tls_server_config.cert_file: cannot read ./nope.crt" verify --profile base.json --every 1m --metrics 127.0.0.1:9862 --metrics-web-config web_nocert.yml
row 183 2 "web config that is not valid YAML" "crosspeer verify: --metrics-web-config: web_syntax.yml: 2:1: not valid YAML" verify --profile base.json --every 1m --metrics 127.0.0.1:9862 --metrics-web-config web_syntax.yml

# ---- XFAIL: known bugs (the right behaviour asserted; none open now) -------------------
section=xfail

# ---- the table in docs/bad-input.md lists exactly these rows ----------------------------
doc="$CROSSPEER_SRC/docs/bad-input.md"
# shellcheck disable=SC2016 # the backquotes are Markdown
sed -n 's/^| \([0-9][0-9]*\) | .* | \([0-9]\) | `.*` |$/\1 \2/p' "$doc" | sort -n > doc.rows || true
sort -n rows > script.rows
if cmp -s doc.rows script.rows; then
	echo "PASS: docs/bad-input.md lists the same $(wc -l < script.rows) rows and exit codes"
else
	echo "FAIL: docs/bad-input.md and this script disagree (< doc, > script):"
	diff doc.rows script.rows | grep '^[<>]' | head -20
	n_fail=$((n_fail + 1))
fi

if [ "$markdown" = 1 ]; then
	echo
	echo '| # | what was tried | command | exit | message |'
	echo '| --- | --- | --- | --- | --- |'
	cat table.main
	echo
	echo '| # | what was tried | command | right exit | what it prints now |'
	echo '| --- | --- | --- | --- | --- |'
	cat table.xfail
fi
echo "bad_input: $n_pass passed, $n_fail failed, $n_xfail xfail, $n_xpass xpass, $n_skip skipped"
[ "$n_fail" -eq 0 ] || exit 1
[ "$n_skip" -eq 0 ] || exit 77
exit 0

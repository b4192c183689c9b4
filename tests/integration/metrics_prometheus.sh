#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# A central Prometheus scrapes two agents: two `verify --every 1s` runs (measuring an existing
# path, --existing) serve their metrics on a non-loopback address with TLS, client
# certificates and basic auth from an exporter-toolkit web config; a real Prometheus server
# (Debian's package) in the other namespace scrapes them over HTTPS every second, and a
# PromQL query through its HTTP API finds both targets up and crosspeer series from both.
# Without the right password, client certificate or TLS the endpoint answers nothing.
. "$(dirname "$0")/lib.sh"

command -v prometheus > /dev/null || fail "prometheus is not installed (scripts/install-deps.sh)"
lab_up
cd "$WORK"
write_psk psk-onprem.txt

# ---- certificates: a CA, the agents' server certificate (IP 192.0.2.1), Prometheus' client one
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
	-subj /CN=crosspeer-test-ca -keyout ca.key -out ca.crt > openssl.log 2>&1
for who in server client; do
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$who" \
		-keyout "$who.key" -out "$who.csr" >> openssl.log 2>&1
	printf 'subjectAltName=IP:192.0.2.1\nextendedKeyUsage=%sAuth\n' "$who" > "$who.ext"
	openssl x509 -req -in "$who.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
		-extfile "$who.ext" -out "$who.crt" >> openssl.log 2>&1
done
chmod 600 ./*.key
SCRAPE_PW="scrape-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
HASH=$(/usr/bin/python3 -W ignore -c '
import crypt, sys
print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1024)))' "$SCRAPE_PW")
cat > web.yml <<YAML
tls_server_config:
  cert_file: server.crt
  key_file: server.key
  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: ca.crt
  min_version: TLS12
basic_auth_users:
  prometheus: '$HASH'
YAML

# ---- two agents in the on-prem namespace, probing a reflector in the partner namespace
ip netns exec "$NS_B" "$CROSSPEER" reflect --listen 192.0.2.2:862 > reflect.log 2>&1 &
sleep 0.3
cat > site.json <<JSON
{ "version": 1, "name": "site",
  "local": { "address": "192.0.2.1", "subnets": ["10.1.0.0/24"] },
  "remote": { "address": "192.0.2.2", "subnets": ["10.2.0.0/24"] },
  "auth": { "psk_file": "psk-onprem.txt" },
  "probe": { "targets": [ { "address": "192.0.2.2", "kind": "stamp" } ], "rate_pps": 50, "count": 20 } }
JSON
for port in 9901 9902; do
	ip netns exec "$NS_A" "$CROSSPEER" verify --existing --profile site.json --every 1s \
		--metrics "192.0.2.1:$port" --metrics-web-config "$WORK/web.yml" \
		> "agent$port.out" 2> "agent$port.log" &
done
wait_for agent9902.out "^crosspeer site:" 20 || fail "the second agent ran no cycle: $(tail -3 agent9902.log)"
wait_for agent9901.out "^crosspeer site:" 20 || fail "the first agent ran no cycle: $(tail -3 agent9901.log)"

# ---- the endpoint refuses what the web config does not allow
url=https://192.0.2.1:9901/metrics
tls="--cacert ca.crt --cert client.crt --key client.key"
# shellcheck disable=SC2086 # tls holds several options
code=$(ip netns exec "$NS_B" curl -s -o /dev/null -w '%{http_code}' $tls "$url" || true)
[ "$code" = 401 ] || fail "no password: HTTP $code, expected 401"
# shellcheck disable=SC2086
code=$(ip netns exec "$NS_B" curl -s -o /dev/null -w '%{http_code}' $tls -u prometheus:wrong "$url" || true)
[ "$code" = 401 ] || fail "wrong password: HTTP $code, expected 401"
if ip netns exec "$NS_B" curl -sf --cacert ca.crt -u "prometheus:$SCRAPE_PW" "$url" > /dev/null 2>&1; then
	fail "a client without a certificate was served"
fi
if ip netns exec "$NS_B" curl -sf -u "prometheus:$SCRAPE_PW" "http://192.0.2.1:9901/metrics" > /dev/null 2>&1; then
	fail "plain HTTP was served"
fi
# shellcheck disable=SC2086
ip netns exec "$NS_B" curl -sf $tls -u "prometheus:$SCRAPE_PW" "$url" > direct.prom ||
	fail "the right password and certificate were refused"
grep -q '^crosspeer_verify_cycles_total ' direct.prom || fail "no crosspeer metric served"
pass "the endpoint wants TLS, a client certificate and the bcrypt-checked password"

# ---- a real Prometheus scrapes both
printf '%s' "$SCRAPE_PW" > scrape.pw
cat > prometheus.yml <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: crosspeer
    scheme: https
    tls_config:
      ca_file: $WORK/ca.crt
      cert_file: $WORK/client.crt
      key_file: $WORK/client.key
    basic_auth:
      username: prometheus
      password_file: $WORK/scrape.pw
    static_configs:
      - targets: ['192.0.2.1:9901', '192.0.2.1:9902']
YAML
promtool check config prometheus.yml > promtool.log 2>&1 || fail "promtool: $(cat promtool.log)"
ip netns exec "$NS_B" timeout 60 prometheus --config.file=prometheus.yml \
	--storage.tsdb.path="$WORK/tsdb" --web.listen-address=127.0.0.1:9090 \
	> prometheus.log 2>&1 &
api() {
	ip netns exec "$NS_B" curl -sf -G http://127.0.0.1:9090/api/v1/query \
		--data-urlencode "query=$1" 2>/dev/null |
		/usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")' 2>/dev/null || true
}
i=0
until [ "$(api 'count(up{job="crosspeer"} == 1)')" = 2 ] &&
	[ "$(api 'count(count by (instance) (crosspeer_verify_cycles_total{job="crosspeer"}))')" = 2 ]; do
	i=$((i + 1))
	[ $i -le 40 ] || fail "Prometheus does not see both agents up with crosspeer series: up=$(api 'count(up == 1)'); $(tail -5 prometheus.log)"
	sleep 0.5
done
echo "up: $(api 'count(up{job="crosspeer"} == 1)') targets; RTT p50 per agent: $(api 'max(crosspeer_probe_rtt_seconds{stat="p50"})') s (max)"
pass "a real Prometheus scraped both agents over TLS + basic auth; PromQL sees 2 targets up, crosspeer series from both"

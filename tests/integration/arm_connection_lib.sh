# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# Sourced after lib.sh and lab_up by the tests of tunnels configured from ARM (unlike
# armsim_lib.sh, which serves loopback): armsim in the
# on-prem namespace on 192.0.2.1 (reachable from both ends, with a certificate naming that
# address), tenant A's azure section (gateway public IP 192.0.2.2, VNet 10.2.0.0/16, on-prem
# 192.0.2.1 with 10.1.0.0/24), and profiles naming its conn-to-onprem.
# shellcheck shell=sh
TA=11111111-aaaa-4aaa-8aaa-111111111111; SA=aaaaaaaa-0000-4000-8000-00000000000a
SECRET_A="secA-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s' "$SECRET_A" > secret-a.txt
printf '%s' "$PSK_VALUE" > psk-onprem.txt
chmod 600 secret-a.txt psk-onprem.txt
cat > tenants.json <<JSON
[{"tenant_id":"$TA","subscription_id":"$SA","client_id":"app-a","client_secret":"$SECRET_A"}]
JSON
chmod 600 tenants.json
# ARM's certificate names the address both namespaces reach it on
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
	-subj /CN=armsim -addext "subjectAltName=IP:192.0.2.1" \
	-addext "basicConstraints=critical,CA:TRUE" -keyout key.pem -out cert.pem 2>/dev/null
ip netns exec "$NS_A" "$CROSSPEER" armsim --tenants tenants.json --tls-cert cert.pem \
	--tls-key key.pem --listen 192.0.2.1:0 --port-file port --pip-base 192.0.2.2 \
	--gateway-seconds 1 --resource-seconds 0.1 > armsim.log 2>&1 &
# shellcheck disable=SC2034 # the tests that source this file stop it
SIM_ARM=$!
i=0
while [ ! -s port ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "armsim did not start: $(cat armsim.log)"; sleep 0.1
done
base="https://192.0.2.1:$(cat port)"

azure_json() { # $1 ikeEncryption
	cat <<JSON
"azure": { "authority_host": "$base", "resource_manager": "$base", "ca_file": "cert.pem",
    "pattern": "s2s", "shared_key": { "file": "psk-onprem.txt" },
    "ipsec_policy": { "ikeEncryption": "$1", "ikeIntegrity": "SHA256", "dhGroup": "DHGroup14",
      "ipsecEncryption": "GCMAES256", "ipsecIntegrity": "GCMAES256", "pfsGroup": "PFS2048",
      "saLifeTimeSeconds": 27000, "saDataSizeKilobytes": 102400000 },
    "tenants": [
      { "name": "a", "tenant_id": "$TA", "subscription_id": "$SA", "client_id": "app-a",
        "client_secret_file": "secret-a.txt", "resource_group": "rg-xt-a", "location": "westeurope",
        "vnet": { "name": "vnet-a", "address_space": ["10.2.0.0/16"], "gateway_subnet": "10.2.255.0/27" },
        "gateway": { "name": "gw-a", "sku": "VpnGw1", "generation": "Generation1" } } ],
    "onprem": { "public_ip": "192.0.2.1", "subnets": ["10.1.0.0/24"], "connect_to": "a" } }
JSON
}
arm_profile() { # $1 file, $2 name, $3 ikeEncryption, $4 extra JSON
	cat > "$1" <<JSON
{ "version": 1, "name": "$2",
  "azure_connection": { "tenant": "a", "name": "conn-to-onprem" },${4:+
  $4,}
  $(azure_json "$3") }
JSON
}

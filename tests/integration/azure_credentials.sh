#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# `crosspeer azure plan` with each credential kind, chosen through azure-identity's
# environment variables, against a real `crosspeer armsim` process (no root): client
# secret, client certificate (AZURE_CLIENT_CERTIFICATE_PATH), workload identity
# (AZURE_FEDERATED_TOKEN_FILE, a JWT of a fake OIDC issuer made here with openssl),
# managed identity (IMDS and IDENTITY_ENDPOINT on 127.0.0.2, never 169.254.169.254) and
# the Azure CLI (a fake `az` on PATH handing out a token armsim really issued); wrong ones
# exit 4 naming the credential and Entra's code; no key, assertion or token in any output.
set -eu

: "${CROSSPEER:?set CROSSPEER to the crosspeer binary}"
for tool in openssl curl jq; do
	command -v "$tool" >/dev/null || { echo "azure_credentials: $tool is needed"; exit 1; }
done
work=$(mktemp -d /tmp/xp-azure-creds.XXXXXX)
umask 077
# shellcheck source=tests/integration/armsim_lib.sh
. "$(dirname "$0")/armsim_lib.sh"
cleanup() {
	armsim_stop
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
fail() { echo "azure_credentials: FAIL: $*" >&2; [ -f "$work/last.err" ] && cat "$work/last.err" >&2; exit 1; }
cd "$work"

rnd() { od -An -N12 -tx1 /dev/urandom | tr -d ' \n'; }
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
SECRET_A="secA-$(rnd)"; SECRET_B="secB-$(rnd)"; ID_HEADER="idh-$(rnd)"
CROSSPEER_SHARED_KEY="psk-$(rnd)"
export CROSSPEER_SHARED_KEY
TA=11111111-aaaa-4aaa-8aaa-111111111111; TB=22222222-bbbb-4bbb-8bbb-222222222222
SA=aaaaaaaa-0000-4000-8000-00000000000a; SB=bbbbbbbb-0000-4000-8000-00000000000b
ISSUER=https://oidc.crosspeer.test/ci
SUBJECT=repo:crosspeer/crosspeer:environment:lab

# the app's certificate + key, a stranger's, and the fake OIDC issuer's signing key
for n in app stranger issuer; do
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$n.key" -out "$n.crt" -days 1 \
		-subj "/CN=crosspeer-$n" 2>/dev/null
	cat "$n.crt" "$n.key" > "$n.pem"
done
# the app's certificate again, its key encrypted with a password
KEY_PW="pw-$(rnd)"
openssl pkcs8 -topk8 -in app.key -passout "pass:$KEY_PW" -out app-enc.key
cat app.crt app-enc.key > app-enc.pem
printf '%s\n' "$ID_HEADER" > idheader
printf '%s' "$SECRET_A" > secret-a
cat > tenants.json <<JSON
[{"tenant_id":"$TA","subscription_id":"$SA","client_id":"app-a","client_secret":"$SECRET_A",
  "client_certificate":"app.crt",
  "federated_credentials":[{"issuer":"$ISSUER","subject":"$SUBJECT","issuer_key":"issuer.crt"}],
  "managed_identities":[{"client_id":"mi-a","system_assigned":true}]},
 {"tenant_id":"$TB","subscription_id":"$SB","client_id":"app-b","client_secret":"$SECRET_B",
  "managed_identities":[{"client_id":"uami-b"}]}]
JSON
armsim_start . --imds-listen 127.0.0.2:0 --imds-port-file imds-port \
	--identity-header-file idheader || fail "armsim did not start"
base=$ARMSIM_URL
imds="http://127.0.0.2:$(cat imds-port)"

# one tenant and the on-prem site; the credential comes from the environment
profile() { # $1 file, $2 extra fields of tenant a, $3 a second tenant (JSON) or ""
	cat > "$1" <<JSON
{ "version": 1, "name": "creds",
  "local": { "address": "192.0.2.1", "subnets": ["10.9.0.0/24"] },
  "remote": { "address": "192.0.2.2", "subnets": ["10.1.0.0/16"] },
  "auth": { "psk_env": "CROSSPEER_SHARED_KEY" },
  "azure": { "authority_host": "$base", "resource_manager": "$base", "ca_file": "tls/ca.pem",
    "shared_key": { "env": "CROSSPEER_SHARED_KEY" },
    "tenants": [
      { "name": "a", "tenant_id": "$TA", "subscription_id": "$SA", "resource_group": "rg-a",
        "location": "westeurope"$2,
        "vnet": { "name": "vnet-a", "address_space": ["10.1.0.0/16"], "gateway_subnet": "10.1.255.0/27" } }$3 ],
    "onprem": { "public_ip": "203.0.113.10", "subnets": ["10.9.0.0/24"], "connect_to": "a" } } }
JSON
}
profile env.json "" ""

n=0
# run RC VAR=value... -- crosspeer args: a clean environment holding only what is named
run() {
	want=$1; shift; n=$((n + 1))
	envs=""
	while [ "$1" != "--" ]; do envs="$envs $1"; shift; done
	shift
	set +e
	# shellcheck disable=SC2086 # one word per VAR=value
	env -i PATH="$work/bin:/usr/bin:/bin" CROSSPEER_SHARED_KEY="$CROSSPEER_SHARED_KEY" $envs \
		"$CROSSPEER" "$@" >"out.$n" 2>"err.$n"; rc=$?
	set -e
	cp "err.$n" last.err
	[ "$rc" -eq "$want" ] || fail "crosspeer $* ($envs) exited $rc, expected $want"
}
planned() { grep -q "to create" "out.$n" || fail "plan printed no plan"; }

# 1. client secret
run 0 AZURE_CLIENT_ID=app-a AZURE_CLIENT_SECRET="$SECRET_A" -- azure plan --profile env.json
planned

# 2. client certificate: the registered one works; another fails named; a key others may read is refused
run 0 AZURE_CLIENT_ID=app-a AZURE_CLIENT_CERTIFICATE_PATH=app.pem -- azure plan --profile env.json
planned
run 4 AZURE_CLIENT_ID=app-a AZURE_CLIENT_CERTIFICATE_PATH=stranger.pem -- azure plan --profile env.json
grep -q "token for tenant a ($TA, client app-a) by client certificate stranger.pem: AADSTS700027" \
	"err.$n" || fail "wrong certificate not named"
# an encrypted key: AZURE_CLIENT_CERTIFICATE_PASSWORD opens it; a wrong one is named, not shown
run 0 AZURE_CLIENT_ID=app-a AZURE_CLIENT_CERTIFICATE_PATH=app-enc.pem \
	AZURE_CLIENT_CERTIFICATE_PASSWORD="$KEY_PW" -- azure plan --profile env.json
planned
run 4 AZURE_CLIENT_ID=app-a AZURE_CLIENT_CERTIFICATE_PATH=app-enc.pem \
	AZURE_CLIENT_CERTIFICATE_PASSWORD=not-the-password -- azure plan --profile env.json
grep -q "by client certificate app-enc.pem: app-enc.pem: no private key that can be read with AZURE_CLIENT_CERTIFICATE_PASSWORD" \
	"err.$n" || fail "wrong key password not named"
grep -q "not-the-password" "err.$n" && fail "the key password was shown"
cp app.pem world.pem; chmod 644 world.pem
run 2 AZURE_CLIENT_ID=app-a AZURE_CLIENT_CERTIFICATE_PATH=world.pem -- azure plan --profile env.json
grep -q "tenant a client certificate: world.pem: readable by group or others; run 'chmod 600 world.pem'" \
	"err.$n" || fail "world-readable key file not refused"
# secret and certificate both set: the secret first, as EnvironmentCredential
run 4 AZURE_CLIENT_ID=app-a AZURE_CLIENT_SECRET=wrong AZURE_CLIENT_CERTIFICATE_PATH=app.pem -- \
	azure plan --profile env.json
grep -q "by client secret AZURE_CLIENT_SECRET: AADSTS7000215" "err.$n" || fail "secret not first"

# 3. workload identity: a token of the fake issuer, then one with another subject
jwt() { # $1 subject, $2 exp offset
	now=$(date +%s)
	h=$(printf '{"alg":"RS256","typ":"JWT","kid":"ci-1"}' | b64url)
	c=$(printf '{"iss":"%s","sub":"%s","aud":"api://AzureADTokenExchange","iat":%s,"nbf":%s,"exp":%s,"jti":"%s"}' \
		"$ISSUER" "$1" "$now" "$now" "$((now + $2))" "$(rnd)" | b64url)
	s=$(printf '%s.%s' "$h" "$c" | openssl dgst -sha256 -sign issuer.key -binary | b64url)
	printf '%s.%s.%s\n' "$h" "$c" "$s"
}
jwt "$SUBJECT" 600 > token
run 0 AZURE_CLIENT_ID=app-a AZURE_TENANT_ID="$TA" AZURE_FEDERATED_TOKEN_FILE="$work/token" -- \
	azure plan --profile env.json
planned
jwt "repo:someone/else:ref:refs/heads/main" 600 > token
run 4 AZURE_CLIENT_ID=app-a AZURE_FEDERATED_TOKEN_FILE="$work/token" -- azure plan --profile env.json
grep -q "by workload identity $work/token: AADSTS70021: No matching federated identity record" \
	"err.$n" || fail "wrong subject not named"
jwt "$SUBJECT" -3600 > token
run 4 AZURE_CLIENT_ID=app-a AZURE_FEDERATED_TOKEN_FILE="$work/token" -- azure plan --profile env.json
grep -q "AADSTS700024: Client assertion is not within its valid time range" "err.$n" ||
	fail "expired federated token not named"

# 4. managed identity: IMDS on 127.0.0.2, then the App Service flavour
run 0 AZURE_POD_IDENTITY_AUTHORITY_HOST="$imds" -- azure plan --profile env.json
planned
run 0 IDENTITY_ENDPOINT="$imds/msi/token" IDENTITY_HEADER="$ID_HEADER" -- azure plan --profile env.json
planned
run 4 IDENTITY_ENDPOINT="$imds/msi/token" IDENTITY_HEADER=wrong-header -- azure plan --profile env.json
grep -q "by managed identity IDENTITY_ENDPOINT $imds/msi/token: The X-IDENTITY-HEADER value does not match" \
	"err.$n" || fail "wrong IDENTITY_HEADER not named"
run 2 IDENTITY_ENDPOINT="$imds/msi/token" -- azure plan --profile env.json
grep -q "IDENTITY_ENDPOINT is set but IDENTITY_HEADER is not" "err.$n" || fail "missing IDENTITY_HEADER"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 192.0.2.9' -H 'Metadata: true' \
	"$imds/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com/")" = 400 ] ||
	fail "IMDS answered a request with X-Forwarded-For"

# 5. the Azure CLI: nothing else set and az on PATH; the fake az asks armsim for a real token
mkdir bin
cat > bin/az <<SH
#!/bin/sh
# emulates only the az binary: 'account get-access-token' for the app of tenant a
printf '%s\n' "\$*" > "$work/az.argv"
[ "\$1 \$2" = "account get-access-token" ] || { echo "ERROR: unexpected: \$*" >&2; exit 2; }
[ -f "$work/az.loggedout" ] && { echo "ERROR: Please run 'az login' to setup account." >&2; exit 1; }
tok=\$(curl -sS --cacert "$work/tls/ca.pem" -d grant_type=client_credentials -d client_id=app-a \
	--data-urlencode "client_secret@$work/secret-a" \
	--data-urlencode scope=https://management.azure.com/.default \
	"$base/$TA/oauth2/v2.0/token" | jq -r .access_token)
printf '{"accessToken":"%s","expiresOn":"%s","expires_on":%s,"tenant":"$TA","tokenType":"Bearer"}\n' \
	"\$tok" "\$(date -d @\$((\$(date +%s) + 3000)) '+%Y-%m-%d %H:%M:%S.000000')" "\$((\$(date +%s) + 3000))"
SH
chmod 700 bin/az
run 0 -- azure plan --profile env.json
planned
[ "$(cat az.argv)" = "account get-access-token --output json --resource https://management.azure.com/ --tenant $TA" ] ||
	fail "az ran with: $(cat az.argv)"
touch az.loggedout
run 4 -- azure plan --profile env.json
grep -q "by Azure CLI az: exited 1: ERROR: Please run 'az login' to setup account." "err.$n" ||
	fail "az failure not named"
rm bin/az

# nothing at all: what to set, named
run 2 -- azure plan --profile env.json
grep -q "tenant a: no credential found: set AZURE_CLIENT_SECRET" "err.$n" || fail "no credential"

# per tenant: a by its certificate (profile field), b by a user-assigned managed identity
profile two.json ', "client_id": "app-a", "client_certificate_file": "app.pem"' \
	', { "name": "b", "tenant_id": "'"$TB"'", "subscription_id": "'"$SB"'", "resource_group": "rg-b",
	    "location": "westeurope", "credential": "managed_identity", "managed_identity_client_id": "uami-b",
	    "vnet": { "name": "vnet-b", "address_space": ["10.2.0.0/16"], "gateway_subnet": "10.2.255.0/27" } }'
run 0 AZURE_POD_IDENTITY_AUTHORITY_HOST="$imds" -- azure plan --profile two.json
planned

# no key, assertion, token or header value in any output
for s in "$SECRET_A" "$SECRET_B" "$ID_HEADER" "$KEY_PW" "$CROSSPEER_SHARED_KEY" "PRIVATE KEY" "eyJ" "armsim."; do
	if grep -qF -- "$s" out.* err.* armsim.log; then
		fail "a secret ($s...) appeared in an output"
	fi
done
echo "azure_credentials: PASS ($n runs)"

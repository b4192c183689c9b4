#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 crosspeer developers
#
# The official Azure SDK for JavaScript's credentials against a `crosspeer armsim` process
# (no root): ClientCertificateCredential (MSAL's PS256 client assertion), a
# WorkloadIdentityCredential with a federated token of a fake OIDC issuer (made here with
# openssl), ManagedIdentityCredential through IMDS (AZURE_POD_IDENTITY_AUTHORITY_HOST on
# 127.0.0.2, system- and user-assigned) and through IDENTITY_ENDPOINT/IDENTITY_HEADER. Each
# token must be accepted by ARM; a certificate armsim does not know must be refused.
# Packages: tests/interop/azure-sdk's lock file, installed there by `npm ci` (XP_NPM_DIR).
set -eu

: "${CROSSPEER:?set CROSSPEER to the crosspeer binary}"
here=$(cd "$(dirname "$0")" && pwd)
sdk="$here/../azure-sdk"
XP_NPM_DIR=${XP_NPM_DIR:-$sdk}
export XP_NPM_DIR
fail() { echo "azure_sdk_credentials: FAIL: $*" >&2; [ -f "$work/armsim.log" ] && tail -5 "$work/armsim.log" >&2; exit 1; }
for tool in node npm openssl; do
	command -v "$tool" >/dev/null || { echo "azure_sdk_credentials: FAIL: $tool is needed" >&2; exit 1; }
done
stamp=$(sha256sum "$sdk/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$XP_NPM_DIR/node_modules/.xp-lock-sha256" 2>/dev/null)" != "$stamp" ]; then
	[ "$XP_NPM_DIR" = "$sdk" ] || { mkdir -p "$XP_NPM_DIR"; cp "$sdk/package.json" "$sdk/package-lock.json" "$XP_NPM_DIR/"; }
	(cd "$XP_NPM_DIR" && npm ci --no-audit --no-fund --loglevel=error) >&2 ||
		fail "npm ci in $XP_NPM_DIR"
	echo "$stamp" > "$XP_NPM_DIR/node_modules/.xp-lock-sha256"
fi

work=$(mktemp -d /tmp/xp-azure-sdk-creds.XXXXXX)
umask 077
# shellcheck source=tests/integration/armsim_lib.sh
. "$(dirname "$0")/../../integration/armsim_lib.sh"
cleanup() {
	armsim_stop
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
cd "$work"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
TA=11111111-aaaa-4aaa-8aaa-111111111111; SA=aaaaaaaa-0000-4000-8000-00000000000a
for n in app stranger issuer; do
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$n.key" -out "$n.crt" -days 1 \
		-subj "/CN=crosspeer-sdk-$n" 2>/dev/null
	cat "$n.crt" "$n.key" > "$n.pem"
done
od -An -N12 -tx1 /dev/urandom | tr -d ' \n' > idheader
cat > tenants.json <<JSON
[{"tenant_id":"$TA","subscription_id":"$SA","client_id":"app-a","client_secret":"unused-$(cat idheader)",
  "client_certificate":"app.crt",
  "federated_credentials":[{"issuer":"https://oidc.crosspeer.test/sdk","subject":"system:serviceaccount:net:sdk","issuer_key":"issuer.crt"}],
  "managed_identities":[{"client_id":"mi-a","system_assigned":true},{"client_id":"uami-a"}]}]
JSON
armsim_start . --imds-listen 127.0.0.2:0 --imds-port-file imds-port \
	--identity-header-file idheader || fail "armsim did not start"
imds="http://127.0.0.2:$(cat imds-port)"
now=$(date +%s)
h=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
c=$(printf '{"iss":"https://oidc.crosspeer.test/sdk","sub":"system:serviceaccount:net:sdk","aud":"api://AzureADTokenExchange","iat":%s,"nbf":%s,"exp":%s}' \
	"$now" "$now" "$((now + 600))" | b64url)
s=$(printf '%s.%s' "$h" "$c" | openssl dgst -sha256 -sign issuer.key -binary | b64url)
printf '%s.%s.%s\n' "$h" "$c" "$s" > token

sdk_run() { # $1 credential, $2 pattern of the expected line, rest: VAR=value
	which=$1 want=$2
	shift 2
	out=$(env XP_BASE="https://127.0.0.1:$(cat port)" XP_TENANT="$TA" XP_SUB="$SA" \
		XP_CREDENTIAL="$which" NODE_EXTRA_CA_CERTS="$work/tls/ca.pem" "$@" \
		node "$here/creds.mjs" 2>&1) || true
	echo "azure_sdk_credentials: $out"
	# shellcheck disable=SC2254 # the pattern is meant as one
	case $out in $want) ;; *) fail "$which: expected '$want'" ;; esac
}
sdk_run certificate "certificate ok 20[01]" XP_CERT="$work/app.pem"
sdk_run certificate "certificate FAILED*AADSTS700027*" XP_CERT="$work/stranger.pem"
sdk_run workload "workload ok 20[01]" XP_TOKEN_FILE="$work/token"
sdk_run managed "managed ok 20[01]" AZURE_POD_IDENTITY_AUTHORITY_HOST="$imds"
sdk_run managed_user "managed_user ok 20[01]" AZURE_POD_IDENTITY_AUTHORITY_HOST="$imds" XP_MI_CLIENT=uami-a
sdk_run managed "managed ok 20[01]" IDENTITY_ENDPOINT="$imds/msi/token" IDENTITY_HEADER="$(cat idheader)"
# no private key, assertion or token in what armsim logged
! grep -q "PRIVATE KEY\|eyJ\|armsim\." armsim.log || fail "a secret in armsim's log"
echo "azure_sdk_credentials: PASS"

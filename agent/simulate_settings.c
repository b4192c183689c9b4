/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "simulate_settings.h"

#include "azure_policy.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Placeholders, the same in the az commands (as shell variables) and the REST bodies. */
#define SUB "<subscription-id>"
#define RG "<resource-group>"
#define GW "<gateway-name>"
#define LOCATION "<location>"
#define ARM "https://management.azure.com"

void simulate_settings_names(const profile_t *p, simulate_settings_names_t *out)
{
	snprintf(out->lng, sizeof(out->lng), "lng-to-%s", p->name);
	snprintf(out->connection, sizeof(out->connection), "conn-to-%s", p->name);
}

/* psk_file as an absolute path when it exists: the az commands may run elsewhere. */
static void settings_psk_path(const profile_t *p, char buf[PATH_MAX])
{
	if (!realpath(p->psk_file, buf))
		snprintf(buf, PATH_MAX, "%s", p->psk_file);
}

/* "psk_file /etc/crosspeer/psk.txt" or "psk_env CROSSPEER_PSK": where, never what. */
static void settings_key_source(const profile_t *p, char *buf, size_t len)
{
	char path[PATH_MAX];

	if (*p->psk_file)
	{
		settings_psk_path(p, path);
		snprintf(buf, len, "psk_file %s", path);
	}
	else
		snprintf(buf, len, "psk_env %s", p->psk_env);
}

static json_t *settings_prefixes(const profile_end_t *end)
{
	json_t *a = json_array();

	for (size_t i = 0; i < end->n_subnets; i++)
		json_array_append_new(a, json_string(end->subnets[i]));
	return a;
}

json_t *simulate_settings_lng_body(const profile_t *p)
{
	return json_pack("{s:s,s:{s:s,s:{s:o}}}", "location", LOCATION, "properties",
					 "gatewayIpAddress", p->local.address, "localNetworkAddressSpace",
					 "addressPrefixes", settings_prefixes(&p->local));
}

/* The profile's azure_policy as an ipsecPolicies[] array; empty for Azure's defaults. */
static json_t *settings_policies(const profile_t *p)
{
	const profile_azure_policy_t *a = &p->azure_policy;

	if (!p->has_azure_policy)
		return json_array();
	return json_pack("[{s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I}]",
					 "ikeEncryption", a->ike_encryption, "ikeIntegrity", a->ike_integrity,
					 "dhGroup", a->dh_group, "ipsecEncryption", a->ipsec_encryption,
					 "ipsecIntegrity", a->ipsec_integrity, "pfsGroup", a->pfs_group,
					 "saLifeTimeSeconds", (json_int_t)a->sa_lifetime_s,
					 "saDataSizeKilobytes", (json_int_t)a->sa_data_size_kb);
}

json_t *simulate_settings_connection_body(const profile_t *p)
{
	simulate_settings_names_t n;
	char gw[256], lng[256], src[PATH_MAX + 16], key[PATH_MAX + 64];

	simulate_settings_names(p, &n);
	snprintf(gw, sizeof(gw), "/subscriptions/" SUB "/resourceGroups/" RG
			 "/providers/Microsoft.Network/virtualNetworkGateways/" GW);
	snprintf(lng, sizeof(lng), "/subscriptions/" SUB "/resourceGroups/" RG
			 "/providers/Microsoft.Network/localNetworkGateways/%s", n.lng);
	settings_key_source(p, src, sizeof(src));
	snprintf(key, sizeof(key), "<the pre-shared key from %s>", src);
	return json_pack("{s:s,s:{s:s,s:s,s:{s:s},s:{s:s},s:s,s:I,s:b,s:b,s:s,s:o}}",
					 "location", LOCATION, "properties",
					 "connectionType", "IPsec", "connectionProtocol", "IKEv2",
					 "virtualNetworkGateway1", "id", gw, "localNetworkGateway2", "id", lng,
					 "sharedKey", key, "dpdTimeoutSeconds", (json_int_t)p->dpd_timeout_s,
					 "usePolicyBasedTrafficSelectors", 0, "enableBgp", 0,
					 "connectionMode", "Default", "ipsecPolicies", settings_policies(p));
}

static void settings_print_list(FILE *out, const char *sep, const char list[][64], size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? sep : "", list[i]);
}

static void settings_print_intro(const profile_t *p, FILE *out)
{
	fprintf(out, "Azure settings for tenant A, so that its VPN gateway connects to the gateway "
			"'crosspeer simulate --profile %s' stands in for (tenant B).\n", p->path);
	fprintf(out, "Tenant A's side, as this profile expects it:\n");
	fprintf(out, "  gateway public IP     %s   (remote.address; a route-based gateway)\n",
			p->remote.address);
	fprintf(out, "  VNet address space    ");
	settings_print_list(out, ", ", p->remote.subnets, p->remote.n_subnets);
	fprintf(out, "   (remote.subnets)\n\n");
}

static void settings_print_lng(const profile_t *p, const simulate_settings_names_t *n,
							   FILE *out)
{
	fprintf(out, "Local network gateway '%s' (this simulated gateway as tenant A sees it)\n",
			n->lng);
	fprintf(out, "  gatewayIpAddress                          %s   (local.address)\n",
			p->local.address);
	fprintf(out, "  localNetworkAddressSpace.addressPrefixes  ");
	settings_print_list(out, ", ", p->local.subnets, p->local.n_subnets);
	fprintf(out, "   (local.subnets)\n\n");
}

static void settings_print_policy(const profile_t *p, FILE *out)
{
	const profile_azure_policy_t *a = &p->azure_policy;

	fprintf(out, "  ipsecPolicies[0]                from azure_policy:\n");
	fprintf(out, "    ikeEncryption %s, ikeIntegrity %s, dhGroup %s\n", a->ike_encryption,
			a->ike_integrity, a->dh_group);
	fprintf(out, "    ipsecEncryption %s, ipsecIntegrity %s, pfsGroup %s\n",
			a->ipsec_encryption, a->ipsec_integrity, a->pfs_group);
	fprintf(out, "    saLifeTimeSeconds %u, saDataSizeKilobytes %u\n", a->sa_lifetime_s,
			a->sa_data_size_kb);
	fprintf(out, "    (the simulated gateway accepts exactly IKE %s, ESP %s)\n",
			p->ike_proposals[0], p->esp_proposals[0]);
}

static void settings_print_default_policy(const profile_t *p, FILE *out)
{
	char ike[AZURE_POLICY_MAX_PROPOSALS][128], esp[AZURE_POLICY_MAX_PROPOSALS][128];
	size_t n_ike, n_esp;

	azure_policy_proposals(NULL, ike, &n_ike, esp, &n_esp);
	fprintf(out, "  ipsecPolicies                   [] (no azure_policy): Azure's default "
			"policy applies,\n    IKE 28800 s:");
	for (size_t i = 0; i < n_ike; i++)
		fprintf(out, "%s %s", i ? "," : "", ike[i]);
	fprintf(out, "\n    ESP 27000 s / 102400000 KB:");
	for (size_t i = 0; i < n_esp; i++)
		fprintf(out, "%s %s", i ? "," : "", esp[i]);
	fprintf(out, "\n    (what Azure offers; as responder it also accepts des-sha1 and PFS "
			"groups 1, 2, 14, 24)\n");
	if (p->n_ike_proposals || p->n_esp_proposals)
		fprintf(out, "    note: the profile sets its own ike/esp proposals; they must accept "
				"one of the above, or set azure_policy (here and in Azure) instead\n");
	if (!strcmp(p->personality, "strongswan"))
		fprintf(out, "    note: personality \"strongswan\" offers charon's defaults, which "
				"may not include Azure's DH group 2 (modp1024)\n");
}

static void settings_print_connection(const profile_t *p, const simulate_settings_names_t *n,
									  FILE *out)
{
	char src[PATH_MAX + 16];

	settings_key_source(p, src, sizeof(src));
	fprintf(out, "Connection '%s' on tenant A's gateway, to '%s'\n", n->connection, n->lng);
	fprintf(out, "  connectionType                  IPsec\n");
	fprintf(out, "  connectionProtocol              IKEv2\n");
	fprintf(out, "  sharedKey                       the key from %s (not shown)\n", src);
	fprintf(out, "  dpdTimeoutSeconds               %u   (ike.dpd_timeout_s)\n",
			p->dpd_timeout_s);
	fprintf(out, "  usePolicyBasedTrafficSelectors  false\n");
	fprintf(out, "  enableBgp                       false\n");
	if (p->has_azure_policy)
		settings_print_policy(p, out);
	else
		settings_print_default_policy(p, out);
	fprintf(out, "\n");
}

/* s in single quotes for sh, a ' inside as '\'' */
static void settings_sh_quote(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	buf[o++] = '\'';
	for (; *s && o + 6 < len; s++)
	{
		if (*s == '\'')
			o += (size_t)snprintf(buf + o, len - o, "'\\''");
		else
			buf[o++] = *s;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
}

/* The az argument that passes the key without crosspeer ever seeing it. */
static void settings_az_key(const profile_t *p, char *buf, size_t len)
{
	char path[PATH_MAX], quoted[PATH_MAX * 4 + 3];

	if (*p->psk_file)
	{
		settings_psk_path(p, path);
		settings_sh_quote(path, quoted, sizeof(quoted));
		snprintf(buf, len, "\"$(cat %s)\"", quoted);
	}
	else
		snprintf(buf, len, "\"$%s\"", p->psk_env);
}

static void settings_print_az_policy(const profile_t *p, const simulate_settings_names_t *n,
									 FILE *out)
{
	const profile_azure_policy_t *a = &p->azure_policy;

	fprintf(out, "az network vpn-connection ipsec-policy add --resource-group \"$RG\" "
			"--connection-name %s \\\n"
			"    --ike-encryption %s --ike-integrity %s --dh-group %s \\\n"
			"    --ipsec-encryption %s --ipsec-integrity %s --pfs-group %s \\\n"
			"    --sa-lifetime %u --sa-max-size %u\n", n->connection, a->ike_encryption,
			a->ike_integrity, a->dh_group, a->ipsec_encryption, a->ipsec_integrity,
			a->pfs_group, a->sa_lifetime_s, a->sa_data_size_kb);
}

static void settings_print_az(const profile_t *p, const simulate_settings_names_t *n,
							  FILE *out)
{
	char key[PATH_MAX * 4 + 16];

	settings_az_key(p, key, sizeof(key));
	fprintf(out, "== az CLI (signed in to tenant A; set the three variables first)\n\n");
	fprintf(out, "RG='" RG "' GW='" GW "' LOCATION='" LOCATION "'\n");
	fprintf(out, "az network local-gateway create --resource-group \"$RG\" --name %s "
			"--location \"$LOCATION\" \\\n    --gateway-ip-address %s "
			"--local-address-prefixes ", n->lng, p->local.address);
	settings_print_list(out, " ", p->local.subnets, p->local.n_subnets);
	fprintf(out, "\naz network vpn-connection create --resource-group \"$RG\" --name %s "
			"--location \"$LOCATION\" \\\n    --vnet-gateway1 \"$GW\" --local-gateway2 %s "
			"--shared-key %s \\\n    --use-policy-based-traffic-selectors false\n",
			n->connection, n->lng, key);
	fprintf(out, "az network vpn-connection update --resource-group \"$RG\" --name %s \\\n"
			"    --set dpdTimeoutSeconds=%u connectionProtocol=IKEv2\n", n->connection,
			p->dpd_timeout_s);
	if (p->has_azure_policy)
		settings_print_az_policy(p, n, out);
	fprintf(out, "az network vpn-connection show --resource-group \"$RG\" --name %s "
			"--query connectionStatus --output tsv\n\n", n->connection);
}

static int settings_print_body(const char *url, json_t *body, FILE *out)
{
	int rc;

	fprintf(out, "PUT " ARM "%s?api-version=" SIMULATE_SETTINGS_API "\n", url);
	rc = body ? json_dumpf(body, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : -1;
	fprintf(out, "\n\n");
	json_decref(body);
	return rc;
}

static int settings_print_rest(const profile_t *p, const simulate_settings_names_t *n,
							   FILE *out)
{
	char url[400], src[PATH_MAX + 16];
	int rc;

	settings_key_source(p, src, sizeof(src));
	fprintf(out, "== ARM REST (the same two resources; e.g. az rest --method put --url URL "
			"--body @FILE)\n\n");
	snprintf(url, sizeof(url), "/subscriptions/" SUB "/resourceGroups/" RG
			 "/providers/Microsoft.Network/localNetworkGateways/%s", n->lng);
	rc = settings_print_body(url, simulate_settings_lng_body(p), out);
	snprintf(url, sizeof(url), "/subscriptions/" SUB "/resourceGroups/" RG
			 "/providers/Microsoft.Network/connections/%s", n->connection);
	rc |= settings_print_body(url, simulate_settings_connection_body(p), out);
	fprintf(out, "Put the key from %s in place of the sharedKey placeholder; it is never "
			"printed here.\n\nThen start the simulated gateway (UDP 500 and 4500 from %s "
			"must reach %s):\n  sudo crosspeer simulate --profile %s\n", src,
			p->remote.address, p->local.address, p->path);
	return rc;
}

int simulate_settings_print(const profile_t *p, FILE *out)
{
	simulate_settings_names_t n;
	int rc;

	simulate_settings_names(p, &n);
	settings_print_intro(p, out);
	settings_print_lng(p, &n, out);
	settings_print_connection(p, &n, out);
	settings_print_az(p, &n, out);
	rc = settings_print_rest(p, &n, out);
	return (rc || fflush(out) || ferror(out)) ? -1 : 0;
}

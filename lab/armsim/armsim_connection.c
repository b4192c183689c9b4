/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/* connections (IPsec, Vnet2Vnet) and their sharedkey sub-resource. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "armsim_policy.h"
#include "armsim_private.h"

static const char *const armsim_conn_types[] = { "IPsec", "Vnet2Vnet", "ExpressRoute",
	"VPNClient", NULL };
static const char *const armsim_conn_protocols[] = { "IKEv2", "IKEv1", NULL };
static const char *const armsim_conn_modes[] = { "Default", "ResponderOnly", "InitiatorOnly",
	NULL };

/** A shared key of printable ASCII, 1..128 characters. */
static bool armsim_conn_key_ok(const char *key)
{
	size_t len = key ? strlen(key) : 0;

	if (len < 1 || len > 128)
		return false;
	for (const char *p = key; *p; p++)
	{
		if (*p < 0x21 || *p > 0x7e)
			return false;
	}
	return true;
}

static char *armsim_conn_random_key(size_t len)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char rnd[128];
	char *key = malloc(len + 1);

	if (!key)
		return NULL;
	RAND_bytes(rnd, (int)len);
	for (size_t i = 0; i < len; i++)
		key[i] = alphabet[rnd[i] % (sizeof(alphabet) - 1)];
	key[len] = '\0';
	return key;
}

/** The peer end: localNetworkGateway2 for IPsec, virtualNetworkGateway2 for Vnet2Vnet. */
static bool armsim_conn_peer(armsim_t *sim, armsim_req_t *req, json_t *props, const char *type,
							 armsim_res_t *gw1, armsim_resp_t *resp)
{
	armsim_res_t *peer;

	if (!strcmp(type, "IPsec"))
		return armsim_ref(sim, req, json_object_get(props, "localNetworkGateway2"),
						  "properties.localNetworkGateway2", "localNetworkGateways", resp) != NULL;
	if (strcmp(type, "Vnet2Vnet"))
		return armsim_error(resp, 400, "UnsupportedConnectionType", "properties.connectionType",
							"armsim emulates IPsec and Vnet2Vnet connections only."), false;
	peer = armsim_ref(sim, req, json_object_get(props, "virtualNetworkGateway2"),
					  "properties.virtualNetworkGateway2", "virtualNetworkGateways", resp);
	if (!peer)
		return false;
	if (armsim_streq(json_string_value(json_object_get(json_object_get(peer->doc,
					 "properties"), "vpnType")), "PolicyBased") ||
		armsim_streq(json_string_value(json_object_get(json_object_get(gw1->doc,
					 "properties"), "vpnType")), "PolicyBased"))
		return armsim_error(resp, 400, "PolicyBasedGatewayNotSupportedForVnet2Vnet",
							"properties.virtualNetworkGateway2", "VNet-to-VNet connections need "
							"RouteBased gateways at both ends."), false;
	return true;
}

/** Enums and defaults; protocol and type are fixed once created. */
static bool armsim_conn_enums(json_t *props, json_t *oldp, armsim_resp_t *resp)
{
	const char *type = armsim_enum(json_string_value(json_object_get(props, "connectionType")),
								   armsim_conn_types);
	json_t *jp = json_object_get(props, "connectionProtocol");
	json_t *jm = json_object_get(props, "connectionMode");
	json_t *jd = json_object_get(props, "dpdTimeoutSeconds");
	const char *proto = jp ? armsim_enum(json_string_value(jp), armsim_conn_protocols) : "IKEv2";
	const char *mode = jm ? armsim_enum(json_string_value(jm), armsim_conn_modes) : "Default";

	if (!type)
		return armsim_error(resp, 400, "InvalidRequestFormat", "properties.connectionType",
							"connectionType is required: IPsec, Vnet2Vnet, ExpressRoute or "
							"VPNClient."), false;
	if (!proto || !mode)
		return armsim_error(resp, 400, "InvalidRequestFormat", "properties", "connectionProtocol "
							"or connectionMode has a value Azure does not accept."), false;
	if (jd && (!json_is_integer(jd) || json_integer_value(jd) < 9 ||
			   json_integer_value(jd) > 3600))
		return armsim_error(resp, 400, "InvalidDpdTimeout", "properties.dpdTimeoutSeconds",
							"dpdTimeoutSeconds must be between 9 and 3600."), false;
	if (oldp && !armsim_streq(json_string_value(json_object_get(oldp, "connectionProtocol")),
							  proto))
		return armsim_error(resp, 400, "ConnectionProtocolCannotBeChanged",
							"properties.connectionProtocol", "The connection protocol cannot be "
							"changed after creation."), false;
	if (oldp && !armsim_streq(json_string_value(json_object_get(oldp, "connectionType")), type))
		return armsim_error(resp, 400, "ConnectionTypeCannotBeChanged",
							"properties.connectionType", "The connection type cannot be changed "
							"after creation."), false;
	json_object_set_new(props, "connectionType", json_string(type));
	json_object_set_new(props, "connectionProtocol", json_string(proto));
	json_object_set_new(props, "connectionMode", json_string(mode));
	if (!jd)
		json_object_set_new(props, "dpdTimeoutSeconds", json_integer(45));
	return true;
}

/** References answered as ARM does (official GET example): {"id", "properties": {}}. */
static void armsim_conn_refs(json_t *props)
{
	static const char *const refs[] = { "virtualNetworkGateway1", "virtualNetworkGateway2",
		"localNetworkGateway2", NULL };

	for (size_t i = 0; refs[i]; i++)
	{
		json_t *id = json_object_get(json_object_get(props, refs[i]), "id");

		if (json_is_string(id))
			json_object_set_new(props, refs[i], json_pack("{s:O,s:{}}", "id", id,
														  "properties"));
	}
}

/** Read-only fields: kept from the old resource, else their initial values. */
static void armsim_conn_readonly(json_t *props, json_t *oldp)
{
	static const char *const keep[] = { "connectionStatus", "ingressBytesTransferred",
		"egressBytesTransferred", "tunnelConnectionStatus", NULL };
	static const char *const dflt[] = { "enableBgp", "usePolicyBasedTrafficSelectors", NULL };

	for (size_t i = 0; keep[i]; i++)
		json_object_del(props, keep[i]);
	json_object_set_new(props, "connectionStatus", json_string("Unknown"));
	json_object_set_new(props, "ingressBytesTransferred", json_integer(0));
	json_object_set_new(props, "egressBytesTransferred", json_integer(0));
	json_object_set_new(props, "tunnelConnectionStatus", json_array());
	for (size_t i = 0; oldp && keep[i]; i++)
	{
		if (json_object_get(oldp, keep[i]))
			json_object_set(props, keep[i], json_object_get(oldp, keep[i]));
	}
	for (size_t i = 0; dflt[i]; i++)
	{
		if (!json_object_get(props, dflt[i]))
			json_object_set_new(props, dflt[i], json_false());
	}
	if (!json_object_get(props, "ipsecPolicies"))
		json_object_set_new(props, "ipsecPolicies", json_array());
	if (!json_object_get(props, "routingWeight"))
		json_object_set_new(props, "routingWeight", json_integer(0));
}

static bool armsim_conn_validate(armsim_t *sim, armsim_req_t *req, json_t *doc,
								 armsim_res_t *old, armsim_resp_t *resp)
{
	json_t *props = json_object_get(doc, "properties");
	json_t *oldp = json_object_get(old ? old->doc : NULL, "properties");
	const char *key = json_string_value(json_object_get(props, "sharedKey"));
	const char *sku;
	armsim_res_t *gw1;

	if (!armsim_conn_enums(props, oldp, resp))
		return false;
	gw1 = armsim_ref(sim, req, json_object_get(props, "virtualNetworkGateway1"),
					 "properties.virtualNetworkGateway1", "virtualNetworkGateways", resp);
	if (!gw1 || armsim_store_busy(sim, gw1, resp))
		return false;
	if (!armsim_conn_peer(sim, req, props, json_string_value(json_object_get(props,
						  "connectionType")), gw1, resp))
		return false;
	if (!armsim_policy_validate(json_object_get(props, "ipsecPolicies"), resp) ||
		!armsim_bgp_connection(sim, props, gw1, resp))
		return false;
	sku = json_string_value(json_object_get(json_object_get(json_object_get(gw1->doc,
							"properties"), "sku"), "name"));
	if (armsim_streq(sku, "Basic") &&
		(json_array_size(json_object_get(props, "ipsecPolicies")) ||
		 armsim_streq(json_string_value(json_object_get(props, "connectionProtocol")), "IKEv1")))
		return armsim_error(resp, 400, "BasicSkuNotSupportedForCustomIpsecPolicy",
							"properties.ipsecPolicies", "Custom IPsec policies and IKEv1 are not "
							"available on the Basic gateway SKU."), false;
	if (json_object_get(props, "sharedKey") && !armsim_conn_key_ok(key))
		return armsim_error(resp, 400, "InvalidSharedKey", "properties.sharedKey", "The shared "
							"key must be 1 to 128 printable ASCII characters."), false;
	armsim_conn_readonly(props, oldp);
	armsim_conn_refs(props);
	return true;
}

static void armsim_conn_put(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	armsim_res_t *old, *r;
	char *key;
	json_t *doc;

	/* the spec's "required": ["properties"], as ARM enforces it */
	if (!armsim_resource_needs_properties(req, resp) ||
		!armsim_resource_preamble(sim, req, resp, "connections", &old))
		return;
	doc = armsim_resource_new(sim, req, "connections", old, resp);
	if (!doc)
		return;
	if (!armsim_conn_validate(sim, req, doc, old, resp))
		return json_decref(doc);
	key = json_string_value(json_object_get(json_object_get(doc, "properties"), "sharedKey")) ?
		strdup(json_string_value(json_object_get(json_object_get(doc, "properties"),
												 "sharedKey"))) : NULL;
	json_object_del(json_object_get(doc, "properties"), "sharedKey");
	armsim_resource_commit(sim, req, resp, doc, old != NULL, sim->opts.resource_seconds);
	r = resp->status < 300 ? armsim_store_get(sim, json_string_value(json_object_get(doc, "id")))
		: NULL;
	if (r && (key || !r->shared_key))
	{
		free(r->shared_key);
		r->shared_key = key ? key : armsim_conn_random_key(32);
		key = NULL;
	}
	free(key);
}

void armsim_connection_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	if (req->n_seg == 7)
		return armsim_resource_list(sim, req, resp, "connections");
	if (!strcmp(req->method, "GET"))
		return armsim_resource_get(sim, req, resp, "connections");
	if (!strcmp(req->method, "PUT"))
		return armsim_conn_put(sim, req, resp);
	if (!strcmp(req->method, "DELETE"))
		return armsim_resource_delete(sim, req, resp, "connections",
									  sim->opts.resource_seconds);
	armsim_error(resp, 405, "MethodNotAllowed", NULL, "The requested resource does not support "
				 "http method '%s'.", req->method);
}

static void armsim_sharedkey_set(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp,
								 armsim_res_t *conn, char *key)
{
	char id[1024];

	if (armsim_store_busy(sim, conn, resp))
		return free(key);
	if (conn->shared_key)
		memset(conn->shared_key, 0, strlen(conn->shared_key));
	free(conn->shared_key);
	conn->shared_key = key;
	armsim_store_begin(sim, conn, sim->opts.resource_seconds, false, resp);
	armsim_ref_id(id, sizeof(id), req, 9);
	resp->status = 200;
	resp->body = json_pack("{s:s,s:s}", "id", id, "value", key);
}

void armsim_sharedkey_handle(armsim_t *sim, armsim_req_t *req, armsim_resp_t *resp)
{
	json_t *len = json_object_get(req->body, "keyLength");
	const char *value = json_string_value(json_object_get(req->body, "value"));
	bool reset = req->n_seg == 10;
	char id[1024];
	armsim_res_t *conn;

	if (!armsim_rg_exists(sim, req, resp))
		return;
	armsim_ref_id(id, sizeof(id), req, 8);
	conn = armsim_store_get(sim, id);
	if (!conn)
		return armsim_error(resp, 404, "ResourceNotFound", NULL, "The Resource "
							"'Microsoft.Network/connections/%s' under resource group '%s' was not "
							"found.", req->seg[7], req->seg[3]);
	if (reset && !strcmp(req->method, "POST"))
	{
		if (!json_is_integer(len) || json_integer_value(len) < 1 || json_integer_value(len) > 128)
			return armsim_error(resp, 400, "InvalidRequestFormat", "keyLength", "keyLength must "
								"be between 1 and 128.");
		armsim_sharedkey_set(sim, req, resp, conn,
							 armsim_conn_random_key((size_t)json_integer_value(len)));
		json_decref(resp->body);
		resp->body = NULL;
		resp->status = resp->status == 200 ? 202 : resp->status;
		return;
	}
	if (!reset && !strcmp(req->method, "PUT"))
	{
		if (!armsim_conn_key_ok(value))
			return armsim_error(resp, 400, "InvalidSharedKey", "value", "The shared key must be 1 "
								"to 128 printable ASCII characters.");
		return armsim_sharedkey_set(sim, req, resp, conn, strdup(value));
	}
	if (reset || strcmp(req->method, "GET"))
		return armsim_error(resp, 405, "MethodNotAllowed", NULL, "The requested resource does "
							"not support http method '%s'.", req->method);
	resp->status = 200;
	resp->body = json_pack("{s:s,s:s}", "id", id, "value", conn->shared_key ? conn->shared_key : "");
}

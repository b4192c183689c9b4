// SPDX-License-Identifier: GPL-2.0-or-later
// Copyright (C) 2026 crosspeer developers
//
// The cross-tenant site-to-site procedure, written with the official Azure SDK for
// JavaScript as a user would write it, pointed at an ARM endpoint and an Entra ID
// authority host (armsim here) the way one points it at a sovereign cloud.
//
//   node seed.mjs create|check|delete
//
// Environment: XP_ARM (ARM endpoint and authority host), XP_TENANT_A/B, XP_SUB_A/B,
// XP_CLIENT_A/B, XP_SECRET_A/B, XP_SHARED_KEY; NODE_EXTRA_CA_CERTS for the CA.
// Prints one line per step ("seed: ...") and exits non-zero on the first failure.

import { NetworkManagementClient } from "@azure/arm-network";
import { ResourceManagementClient } from "@azure/arm-resources";
import { auxiliaryAuthenticationHeaderPolicy } from "@azure/core-rest-pipeline";
import { ClientSecretCredential } from "@azure/identity";

const env = (name) => {
	const v = process.env[name];
	if (!v) throw new Error(`seed: environment variable ${name} is not set`);
	return v;
};
const endpoint = env("XP_ARM");
const location = "westeurope";
const sharedKey = env("XP_SHARED_KEY");

// The SDK asks instance discovery at login.microsoftonline.com whatever the authority
// host; for any other cloud (private clouds, Azure Stack) its documented option is
// disableInstanceDiscovery, after which it reads the authority's OpenID metadata.
const credential = (t) =>
	new ClientSecretCredential(env(`XP_TENANT_${t}`), env(`XP_CLIENT_${t}`), env(`XP_SECRET_${t}`),
		{ authorityHost: endpoint, disableInstanceDiscovery: true });

const tenants = ["A", "B"].map((t) => {
	const name = t.toLowerCase();
	const other = t === "A" ? "b" : "a";
	const cred = credential(t);
	const sub = env(`XP_SUB_${t}`);
	return {
		name, other, cred, sub,
		rg: `rg-xt-${name}`, vnet: `vnet-${name}`, gw: `gw-${name}`, pip: `gw-${name}-pip`,
		lng: `lng-to-${other}`, conn: `conn-to-${other}`,
		space: t === "A" ? "10.1.0.0/16" : "10.2.0.0/16",
		gwSubnet: t === "A" ? "10.1.255.0/27" : "10.2.255.0/27",
		resources: new ResourceManagementClient(cred, sub, { endpoint }),
		network: new NetworkManagementClient(cred, sub, { endpoint }),
	};
});
const [A, B] = tenants;

const say = (msg) => console.log(`seed: ${msg}`);
const fail = (msg) => { throw new Error(`seed: ${msg}`); };
const expect = (cond, msg) => { if (!cond) fail(msg); };
const collect = async (iter) => { const out = []; for await (const x of iter) out.push(x); return out; };

async function createBase(t) {
	const rg = await t.resources.resourceGroups.createOrUpdate(t.rg, { location });
	expect(rg.properties.provisioningState === "Succeeded", `${t.rg}: ${rg.properties.provisioningState}`);
	const vnet = await t.network.virtualNetworks.beginCreateOrUpdateAndWait(t.rg, t.vnet, {
		location,
		addressSpace: { addressPrefixes: [t.space] },
		subnets: [{ name: "GatewaySubnet", addressPrefix: t.gwSubnet }],
	});
	const pip = await t.network.publicIPAddresses.beginCreateOrUpdateAndWait(t.rg, t.pip, {
		location, sku: { name: "Standard", tier: "Regional" },
		publicIPAllocationMethod: "Static", publicIPAddressVersion: "IPv4",
	});
	expect(pip.ipAddress, `${t.pip} has no address`);
	say(`${t.name}: resource group, ${t.vnet} with GatewaySubnet, ${t.pip} ${pip.ipAddress}`);
	const started = Date.now();
	const gw = await t.network.virtualNetworkGateways.beginCreateOrUpdateAndWait(t.rg, t.gw, {
		location,
		ipConfigurations: [{
			name: "gwipconfig1", privateIPAllocationMethod: "Dynamic",
			subnet: { id: vnet.subnets[0].id }, publicIPAddress: { id: pip.id },
		}],
		gatewayType: "Vpn", vpnType: "RouteBased", sku: { name: "VpnGw1", tier: "VpnGw1" },
		vpnGatewayGeneration: "Generation1", enableBgp: false, activeActive: false,
	}, { updateIntervalInMs: 200 });
	expect(gw.provisioningState === "Succeeded", `${t.gw}: ${gw.provisioningState}`);
	say(`${t.name}: ${t.gw} RouteBased VpnGw1 Succeeded after ${((Date.now() - started) / 1000).toFixed(1)} s`);
	t.pipAddress = pip.ipAddress;
}

async function createLinks(t) {
	const peer = t === A ? B : A;
	const lng = await t.network.localNetworkGateways.beginCreateOrUpdateAndWait(t.rg, t.lng, {
		location, gatewayIpAddress: peer.pipAddress,
		localNetworkAddressSpace: { addressPrefixes: [peer.space] },
	}, { updateIntervalInMs: 200 });
	const gw = await t.network.virtualNetworkGateways.get(t.rg, t.gw);
	// as the official create example: the referenced resources, not only their ids
	const conn = await t.network.virtualNetworkGatewayConnections.beginCreateOrUpdateAndWait(
		t.rg, t.conn, {
			location, connectionType: "IPsec", connectionProtocol: "IKEv2",
			virtualNetworkGateway1: gw, localNetworkGateway2: lng, sharedKey,
			enableBgp: false, usePolicyBasedTrafficSelectors: false, dpdTimeoutSeconds: 45,
			connectionMode: "Default",
		}, { updateIntervalInMs: 200 });
	expect(conn.provisioningState === "Succeeded", `${t.conn}: ${conn.provisioningState}`);
	say(`${t.name}: ${t.lng} -> ${lng.gatewayIpAddress}, ${t.conn} IPsec IKEv2 Succeeded`);
}

// A Vnet2Vnet connection from A's gateway to B's: ARM wants a token of B's tenant too.
async function crossTenant() {
	const gw1 = await A.network.virtualNetworkGateways.get(A.rg, A.gw);
	const gw2 = await B.network.virtualNetworkGateways.get(B.rg, B.gw);
	const body = {
		location, connectionType: "Vnet2Vnet", connectionProtocol: "IKEv2",
		virtualNetworkGateway1: gw1, virtualNetworkGateway2: gw2, sharedKey,
	};
	try {
		await A.network.virtualNetworkGatewayConnections.beginCreateOrUpdateAndWait(A.rg, "conn-v2v-to-b", body);
		fail("Vnet2Vnet into tenant B without an auxiliary token was accepted");
	} catch (e) {
		expect(e.statusCode === 403 && e.code === "LinkedAuthorizationFailed",
			`without the auxiliary token: ${e.statusCode} ${e.code}`);
	}
	const aux = new NetworkManagementClient(A.cred, A.sub, {
		endpoint,
		additionalPolicies: [{
			policy: auxiliaryAuthenticationHeaderPolicy({ credentials: [B.cred], scopes: `${endpoint}/.default` }),
			position: "perRetry",
		}],
	});
	const conn = await aux.virtualNetworkGatewayConnections.beginCreateOrUpdateAndWait(A.rg, "conn-v2v-to-b", body,
		{ updateIntervalInMs: 200 });
	expect(conn.virtualNetworkGateway2.id.toLowerCase() === gw2.id.toLowerCase(), "Vnet2Vnet peer id");
	say("a: conn-v2v-to-b Vnet2Vnet into tenant b: 403 LinkedAuthorizationFailed without, Succeeded with x-ms-authorization-auxiliary");
}

async function check() {
	for (const t of tenants) {
		const groups = await collect(t.resources.resourceGroups.list());
		expect(groups.some((g) => g.name === t.rg), `${t.rg} not listed`);
		const vnets = await collect(t.network.virtualNetworks.list(t.rg));
		expect(vnets.length === 1 && vnets[0].subnets[0].name === "GatewaySubnet", `${t.rg}: VNet list`);
		const conns = await collect(t.network.virtualNetworkGatewayConnections.list(t.rg));
		const conn = await t.network.virtualNetworkGatewayConnections.get(t.rg, t.conn);
		expect(conn.connectionStatus, `${t.conn} has no connectionStatus`);
		const key = await t.network.virtualNetworkGatewayConnections.getSharedKey(t.rg, t.conn);
		expect(key.value === sharedKey, `${t.conn}: shared key differs`);
		const lngs = await collect(t.network.localNetworkGateways.list(t.rg));
		const gws = await collect(t.network.virtualNetworkGateways.list(t.rg));
		say(`${t.name}: list ${groups.length} group(s), ${vnets.length} VNet, ${gws.length} gateway, ` +
			`${lngs.length} LNG, ${conns.length} connection(s); ${t.conn} ${conn.connectionStatus}; shared key matches`);
	}
}

async function removeConnections(t) {
	for (const c of await collect(t.network.virtualNetworkGatewayConnections.list(t.rg)))
		await t.network.virtualNetworkGatewayConnections.beginDeleteAndWait(t.rg, c.name, { updateIntervalInMs: 200 });
}

async function remove(t) {
	const net = t.network;
	await net.localNetworkGateways.beginDeleteAndWait(t.rg, t.lng, { updateIntervalInMs: 200 });
	await net.virtualNetworkGateways.beginDeleteAndWait(t.rg, t.gw, { updateIntervalInMs: 200 });
	await net.publicIPAddresses.beginDeleteAndWait(t.rg, t.pip, { updateIntervalInMs: 200 });
	await net.virtualNetworks.beginDeleteAndWait(t.rg, t.vnet, { updateIntervalInMs: 200 });
	await t.resources.resourceGroups.beginDeleteAndWait(t.rg, { updateIntervalInMs: 200 });
	expect(!(await t.resources.resourceGroups.checkExistence(t.rg)).body, `${t.rg} still exists`);
	say(`${t.name}: deleted connections, ${t.lng}, ${t.gw}, ${t.pip}, ${t.vnet}, ${t.rg}`);
}

const steps = {
	create: async () => {
		await Promise.all(tenants.map(createBase));
		await Promise.all(tenants.map(createLinks));
		await crossTenant();
	},
	check,
	delete: async () => {
		await Promise.all(tenants.map(removeConnections));
		await Promise.all(tenants.map(remove));
	},
};

const step = steps[process.argv[2]];
if (!step) {
	console.error("usage: node seed.mjs create|check|delete");
	process.exit(2);
}
step().then(() => say(`${process.argv[2]}: done`), (e) => {
	console.error(`seed: ${process.argv[2]} failed: ${e.statusCode ?? ""} ${e.code ?? ""} ${e.message}`);
	process.exit(1);
});

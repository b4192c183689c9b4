// SPDX-License-Identifier: GPL-2.0-or-later
// Copyright (C) 2026 crosspeer developers
//
// The official @azure/identity credentials against armsim: each gets a token (what the SDK
// sends is what armsim verifies: MSAL's client assertion, the federated token, the managed
// identity requests) and ARM accepts it for a resource-group PUT. The packages are those of
// tests/interop/azure-sdk (XP_NPM_DIR), loaded through require, so nothing is installed twice.
// Prints one line per credential: "<name> ok <status>" or "<name> FAILED <reason>".

import { createRequire } from "node:module";

const require = createRequire(`${process.env.XP_NPM_DIR}/package.json`);
const identity = require("@azure/identity");
const env = (name) => {
	const v = process.env[name];
	if (!v)
		throw new Error(`${name} is not set`);
	return v;
};
const base = env("XP_BASE");
const tenant = env("XP_TENANT");
const opts = { authorityHost: base, disableInstanceDiscovery: true };
const which = env("XP_CREDENTIAL");
const make = {
	certificate: () => new identity.ClientCertificateCredential(tenant, "app-a",
		{ certificatePath: env("XP_CERT") }, opts),
	workload: () => new identity.WorkloadIdentityCredential({ tenantId: tenant, clientId: "app-a",
		tokenFilePath: env("XP_TOKEN_FILE"), ...opts }),
	managed: () => new identity.ManagedIdentityCredential(),
	managed_user: () => new identity.ManagedIdentityCredential({ clientId: env("XP_MI_CLIENT") }),
};

try {
	const tok = await make[which]().getToken(`${base}/.default`);
	const r = await fetch(`${base}/subscriptions/${env("XP_SUB")}/resourcegroups/rg-sdk-${which}` +
		"?api-version=2021-04-01", { method: "PUT", body: '{"location":"westeurope"}',
		headers: { authorization: `Bearer ${tok.token}`, "content-type": "application/json" } });
	console.log(`${which} ok ${r.status}`);
} catch (e) {
	// the SDK's message, never the token
	console.log(`${which} FAILED ${String(e.message).split("\n")[0].slice(0, 300)}`);
}

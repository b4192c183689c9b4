/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * Test fixture: the ARM emulator on 127.0.0.1 (ephemeral port, HTTPS with a CA
 * generated for the run) with two tenants, and clients that trust that CA.
 */
#ifndef AZURE_FIXTURE_H_
#define AZURE_FIXTURE_H_

#include "arm_client.h"
#include "armsim.h"

#define FX_TENANT_A "11111111-aaaa-4aaa-8aaa-111111111111"
#define FX_TENANT_B "22222222-bbbb-4bbb-8bbb-222222222222"
#define FX_SUB_A "aaaaaaaa-0000-4000-8000-00000000000a"
#define FX_SUB_B "bbbbbbbb-0000-4000-8000-00000000000b"
#define FX_CLIENT_A "app-a"
#define FX_CLIENT_B "app-b"
#define FX_SECRET_A "s3cret-A~never-printed"
#define FX_SECRET_B "s3cret-B~never-printed"

typedef struct {
	/** temp dir with ca.pem, cert.pem, key.pem */
	char dir[64];
	char ca[128];
	armsim_t *sim;
	/** https://127.0.0.1:port */
	char base[64];
} fx_t;

/** Emulator settings the tests start from (fast clock). */
void fx_opts(armsim_opts_t *o);

/** Start an emulator (opts NULL: fx_opts()); aborts the test on failure. */
fx_t *fx_start(const armsim_opts_t *opts);

/** Client options pointing at fx, with short polls and backoffs. */
void fx_client_opts(fx_t *fx, arm_client_opts_t *o);

/** A client with both tenants' credentials. */
arm_client_t *fx_client(fx_t *fx);

void fx_stop(fx_t *fx);

/**
 * A fresh RSA 2048 key and a self-signed certificate for it (CN=name), as an
 * application's credential or a fake OIDC issuer's signing key: writes
 * dir/name.pem (certificate + key, mode 0600) and dir/name-cert.pem.
 */
void fx_rsa_identity(const char *dir, const char *name);

/** A file's contents (malloc'd, NUL-terminated); aborts on failure. */
char *fx_read(const char *path);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * RFC 7523 client assertions: a JWT signed with the private key of a
 * certificate registered for the application, as MSAL builds them (PS256,
 * header x5t#S256 = SHA-256 thumbprint of the certificate; claims aud = token
 * endpoint, iss = sub = client id, jti, nbf, exp). OpenSSL only; the key is
 * read from the PEM file for each assertion and freed right after.
 */
#ifndef ARM_ASSERTION_H_
#define ARM_ASSERTION_H_

#include <stddef.h>

#include <jansson.h>

/** lifetime of an assertion, as MSAL (10 minutes) */
#define ARM_ASSERTION_LIFETIME_S 600

/**
 * Build a signed client assertion.
 *
 * @param pem_file	PEM file holding the certificate and its RSA private key
 * @param password	the key's password, or NULL
 * @param client_id	application (client) id: iss and sub
 * @param audience	the token endpoint URL: aud
 * @param why		on failure, the reason (names the file, never key material)
 * @return			the JWT (malloc'd; wipe and free it), or NULL
 */
char *arm_assertion_create(const char *pem_file, const char *password, const char *client_id,
						   const char *audience, char *why, size_t whylen);

/**
 * Sign header.claims with the RSA key of a PEM file (alg of the header: RS256
 * or PS256). Tests use it to mint the tokens of a fake OIDC issuer.
 *
 * @return			the JWT (malloc'd), or NULL with why filled
 */
char *arm_jwt_sign(const char *pem_file, const char *password, json_t *header, json_t *claims,
				   char *why, size_t whylen);

/** base64url without padding of len bytes (malloc'd), or NULL. */
char *arm_b64url(const unsigned char *data, size_t len);

#endif

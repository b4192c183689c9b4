/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * What of an existing resource a PUT may send back: its writable properties, as the
 * Microsoft.Network 2024-05-01 spec marks them (virtualNetwork.json). A GET answer
 * carries read-only fields (provisioningState, a subnet's ipConfigurations and
 * purpose, a delegation's actions, ...) that a PUT must not echo; references to
 * other resources go back as {"id"} alone.
 */
#ifndef AZURE_WRITABLE_H_
#define AZURE_WRITABLE_H_

#include <jansson.h>

/**
 * A subnet of a GET answer reduced to what a VNet PUT may carry.
 *
 * @param subnet	subnet object (name, id, properties) as GET returns it
 * @return			new object
 */
json_t *azure_writable_subnet(json_t *subnet);

/**
 * Copy into a VNet PUT's properties the existing VNet's writable properties the
 * body does not set (DNS servers, DDoS plan, peerings, encryption, ...), so the PUT
 * does not reset them.
 *
 * @param want		properties of the body to send (changed)
 * @param have		properties of the GET answer
 */
void azure_writable_vnet_keep(json_t *want, json_t *have);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/**
 * libcharon inside the crosspeer process (the charon-cmd pattern), with no fixed global
 * paths: no pid file, no control socket, so one agent per network namespace can run.
 */
#ifndef XP_CHARON_EMBED_H_
#define XP_CHARON_EMBED_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Where ESP is processed. */
typedef enum {
	/** decide at start: XFRM if the kernel has ESP, else libipsec */
	DATAPATH_AUTO,
	/** kernel ESP through XFRM (kernel-netlink) */
	DATAPATH_XFRM,
	/** strongSwan's userspace ESP over a TUN device (kernel-libipsec) */
	DATAPATH_LIBIPSEC,
} datapath_t;

/** Options for one embedded charon. */
typedef struct {
	/** requested data path */
	datapath_t datapath;
	/** log level 0 (audit) .. 2 (diag); never more, so no key material is logged */
	int log_level;
	/** DPD timeout in seconds: a silent peer is dead after this long */
	uint32_t dpd_timeout_s;
	/** DPD interval in seconds (0 none): silence this long sends the first DPD request */
	uint32_t dpd_delay_s;
	/** install no routes for the SAs' selectors (charon.install_routes = no): route-based
	 *  tunnels route through their own interfaces, and an any-to-any selector's route
	 *  would take every packet */
	bool no_routes;
	/** a route-based tunnel of its own (BGP over the tunnels, one charon per tunnel): IKE
	 *  from random local ports, so several run side by side; the routes libipsec installs
	 *  for its selectors go to route_table, which no packet is routed by (BIRD installs
	 *  the routes); the TUN device gets tun_address/tun_prefix */
	bool route_based;
	/** ports 500/4500 even when route_based (a gateway instance answers there) */
	bool fixed_ports;
	uint32_t route_table;
	const char *tun_address;
	uint8_t tun_prefix;
	/** static plugin features to register (e.g. the peer plugin) and their count */
	void *features;
	int n_features;
} charon_embed_opts_t;

/**
 * Parse "auto", "xfrm" or "libipsec".
 *
 * @return		false for anything else
 */
bool charon_embed_parse_datapath(const char *s, datapath_t *out);

/** @return		"xfrm" or "libipsec" */
const char *charon_embed_datapath_name(datapath_t dp);

/**
 * Does this kernel do ESP itself? (XFRM present and the esp4 module built in or loadable.)
 */
bool charon_embed_kernel_has_esp(void);

/**
 * Check that the chosen data path can work here: root, /dev/net/tun for libipsec.
 *
 * @param dp	resolved data path (not AUTO)
 * @param err	why not
 * @return		true if it can
 */
bool charon_embed_check_env(datapath_t dp, char *err, size_t errlen);

/**
 * Start charon. Blocks SIGINT/SIGTERM/SIGHUP in the calling thread first, so that charon's
 * threads inherit the mask and only the caller sees them (with sigtimedwait).
 *
 * @param opts	options; opts->datapath is resolved if AUTO
 * @param used	receives the data path in use
 * @param err	why charon could not start
 * @return		true when charon runs
 */
bool charon_embed_start(const charon_embed_opts_t *opts, datapath_t *used, char *err,
						size_t errlen);

/** The libipsec TUN device's name ("" on XFRM or before start). */
const char *charon_embed_tun_name(void);

/**
 * Stop charon: plugins unload (the peer plugin unregisters), the TUN device, routes and
 * policies go away.
 */
void charon_embed_stop(void);

#endif

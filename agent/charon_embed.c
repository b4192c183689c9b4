/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "charon_embed.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <library.h>
#include <daemon.h>
#include <networking/tun_device.h>

/* Crypto and encoding plugins our proposals need, then the kernel interfaces. The first
 * kernel-ipsec registered wins, so kernel-libipsec must come before kernel-netlink. */
#define PLUGINS_BASE "random nonce openssl pem pkcs1 pkcs8 pubkey x509 constraints kdf " \
	"hmac sha1 sha2"
#define PLUGINS_XFRM PLUGINS_BASE " kernel-netlink socket-default"
#define PLUGINS_LIBIPSEC PLUGINS_BASE " kernel-libipsec kernel-netlink socket-default"

/* Retransmissions: with base 1.0 a request goes unanswered for (tries + 1) * timeout
 * seconds before the peer is declared dead. The first DPD request leaves after dpd_delay
 * of silence, so that budget is the DPD timeout minus the delay: the peer is dead the
 * profile's DPD timeout after it fell silent, as Azure counts it. */
#define XP_RETRANSMIT_TRIES 4

/** The retransmission budget never goes below this many seconds. */
#define XP_RETRANSMIT_MIN_S 3

/** The mark of the rule to the table of libipsec's selector routes: none carries it. */
#define XP_ROUTE_BASED_MARK "0x58500b00"

static bool charon_running;

bool charon_embed_parse_datapath(const char *s, datapath_t *out)
{
	if (!strcmp(s, "auto"))
		*out = DATAPATH_AUTO;
	else if (!strcmp(s, "xfrm"))
		*out = DATAPATH_XFRM;
	else if (!strcmp(s, "libipsec"))
		*out = DATAPATH_LIBIPSEC;
	else
		return false;
	return true;
}

const char *charon_embed_datapath_name(datapath_t dp)
{
	return dp == DATAPATH_XFRM ? "xfrm" : dp == DATAPATH_LIBIPSEC ? "libipsec" : "auto";
}

static bool file_mentions(const char *path, const char *word)
{
	char line[512];
	bool found = false;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, word) != NULL;
	fclose(f);
	return found;
}

bool charon_embed_kernel_has_esp(void)
{
	char path[300];
	struct utsname u;

	if (access("/proc/net/xfrm_stat", F_OK) != 0)
		return false;
	if (access("/sys/module/esp4", F_OK) == 0)
		return true;
	if (uname(&u) != 0)
		return false;
	snprintf(path, sizeof(path), "/lib/modules/%s/modules.builtin", u.release);
	if (file_mentions(path, "/esp4.ko"))
		return true;
	snprintf(path, sizeof(path), "/lib/modules/%s/modules.dep", u.release);
	return file_mentions(path, "/esp4.ko");
}

bool charon_embed_check_env(datapath_t dp, char *err, size_t errlen)
{
	int fd;

	if (geteuid() != 0)
	{
		snprintf(err, errlen, "needs root (CAP_NET_ADMIN) to install SAs and routes; "
				 "run it with sudo");
		return false;
	}
	if (dp != DATAPATH_LIBIPSEC)
		return true;
	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
	{
		snprintf(err, errlen, "/dev/net/tun: %s; the libipsec data path needs a TUN device "
				 "(modprobe tun)", strerror(errno));
		return false;
	}
	close(fd);
	return true;
}

static void charon_embed_settings(const charon_embed_opts_t *opts)
{
	settings_t *s = lib->settings;
	uint32_t dpd = opts->dpd_timeout_s ? opts->dpd_timeout_s : 45;
	uint32_t delay = opts->dpd_delay_s;

	char timeout[16];

	if (delay && delay < dpd)
		dpd = dpd - delay > XP_RETRANSMIT_MIN_S ? dpd - delay : XP_RETRANSMIT_MIN_S;
	snprintf(timeout, sizeof(timeout), "%.3f", dpd / (XP_RETRANSMIT_TRIES + 1.0));
	s->set_int(s, "%s.filelog.stderr.default", opts->log_level, lib->ns);
	s->set_int(s, "%s.filelog.stderr.lib", opts->log_level > 1 ? 1 : 0, lib->ns);
	s->set_str(s, "%s.filelog.stderr.time_format", "%H:%M:%S", lib->ns);
	s->set_bool(s, "%s.filelog.stderr.time_add_ms", TRUE, lib->ns);
	s->set_bool(s, "%s.filelog.stderr.ike_name", TRUE, lib->ns);
	s->set_bool(s, "%s.filelog.stderr.flush_line", TRUE, lib->ns);
	s->set_int(s, "%s.retransmit_tries", XP_RETRANSMIT_TRIES, lib->ns);
	s->set_str(s, "%s.retransmit_timeout", timeout, lib->ns);
	s->set_str(s, "%s.retransmit_base", "1.0", lib->ns);
	s->set_int(s, "%s.retransmit_jitter", 0, lib->ns);
	s->set_bool(s, "%s.close_ike_on_child_failure", TRUE, lib->ns);
	s->set_bool(s, "%s.install_virtual_ip", FALSE, lib->ns);
	if (opts->no_routes)
		s->set_bool(s, "%s.install_routes", FALSE, lib->ns);
}

/* Route-based (BGP): libipsec installs a route per selector (0.0.0.0/0 here) with no way
 * to turn it off; it goes to a table of this tunnel's whose rule matches a mark nothing
 * sets, so the routes BIRD installs from BGP decide what enters which tunnel. */
static void charon_embed_route_based(const charon_embed_opts_t *opts)
{
	settings_t *s = lib->settings;

	if (!opts->route_based)
		return;
	if (!opts->fixed_ports)
	{
		s->set_int(s, "%s.port", 0, lib->ns);
		s->set_int(s, "%s.port_nat_t", 0, lib->ns);
	}
	s->set_int(s, "%s.routing_table", (int)opts->route_table, lib->ns);
	s->set_int(s, "%s.routing_table_prio", (int)opts->route_table, lib->ns);
	s->set_str(s, "%s.plugins.kernel-netlink.fwmark", XP_ROUTE_BASED_MARK, lib->ns);
}

/* The tunnel's inner address on its TUN device: the BGP session's end, the /30 the peer's
 * is on. */
static bool charon_embed_tun_address(const charon_embed_opts_t *opts, char *err,
									 size_t errlen)
{
	tun_device_t *tun = lib->get(lib, "kernel-libipsec-tun");
	host_t *host;
	bool ok;

	if (!opts->route_based || !opts->tun_address)
		return true;
	host = host_create_from_string((char*)opts->tun_address, 0);
	ok = tun && host && tun->set_address(tun, host, opts->tun_prefix);
	DESTROY_IF(host);
	if (!ok)
		snprintf(err, errlen, "the TUN device could not take the tunnel's inner address %s/%u",
				 opts->tun_address, opts->tun_prefix);
	return ok;
}

const char *charon_embed_tun_name(void)
{
	tun_device_t *tun = charon_running ? lib->get(lib, "kernel-libipsec-tun") : NULL;

	return tun ? tun->get_name(tun) : "";
}

static void charon_embed_block_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* libstrongswan wants a settings file; an empty in-memory one stands in for it. */
static bool charon_embed_library_init(void)
{
	char path[64];
	bool ok;
	int fd;

	if (getenv("STRONGSWAN_CONF"))
		return library_init(NULL, "crosspeer");
	fd = memfd_create("crosspeer.conf", MFD_CLOEXEC);
	if (fd < 0)
		return false;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ok = library_init(path, "crosspeer");
	close(fd);
	return ok;
}

bool charon_embed_start(const charon_embed_opts_t *opts, datapath_t *used, char *err,
						size_t errlen)
{
	datapath_t dp = opts->datapath;

	if (dp == DATAPATH_AUTO)
		dp = charon_embed_kernel_has_esp() ? DATAPATH_XFRM : DATAPATH_LIBIPSEC;
	*used = dp;
	charon_embed_block_signals();
	/* crosspeer.* settings fall back to charon.*; STRONGSWAN_CONF is honoured when set, and
	 * otherwise no file is read at all, so nothing global is shared between agents */
	library_add_namespace("charon");
	if (!charon_embed_library_init())
	{
		library_deinit();
		snprintf(err, errlen, "libstrongswan failed to initialise");
		return false;
	}
	if (!libcharon_init())
	{
		snprintf(err, errlen, "libcharon failed to initialise");
		libcharon_deinit();
		library_deinit();
		return false;
	}
	charon_embed_settings(opts);
	charon_embed_route_based(opts);
	charon->load_loggers(charon);
	lib->plugins->add_static_features(lib->plugins, "crosspeer-static", opts->features,
									  opts->n_features, TRUE, NULL, NULL);
	if (!charon->initialize(charon, dp == DATAPATH_XFRM ? PLUGINS_XFRM : PLUGINS_LIBIPSEC))
	{
		snprintf(err, errlen, "charon could not start (UDP 500/4500 in use by another IKE "
				 "daemon in this network namespace? a profile proposal refused?)");
		libcharon_deinit();
		library_deinit();
		return false;
	}
	DBG1(DBG_DMN, "crosspeer: data path %s (%s)", charon_embed_datapath_name(dp),
		 opts->datapath == DATAPATH_AUTO ? (dp == DATAPATH_XFRM ? "kernel has ESP" :
		 "no kernel ESP: userspace ESP over TUN") : "forced with --datapath");
	if (!charon_embed_tun_address(opts, err, errlen))
	{
		libcharon_deinit();
		library_deinit();
		return false;
	}
	/* plugins (OpenSSL) registered exit handlers during initialize; ours must run first */
	atexit(charon_embed_stop);
	charon->start(charon);
	charon_running = true;
	return true;
}

void charon_embed_stop(void)
{
	if (!charon_running)
		return;
	charon_running = false;
	libcharon_deinit();
	library_deinit();
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "atomic_file.h"
#include "baseline_cli.h"
#include "bgp_failover.h"
#include "cli_tunnel.h"
#include "tunnel_arm.h"
#include "commands.h"
#include "exit_codes.h"
#include "metrics_http.h"
#include "probe_cli.h"
#include "probe_jobs.h"
#include "probe_report.h"
#include "probe_result.h"
#include "profile.h"
#include "report.h"
#include "stop_token.h"
#include "tunnel.h"
#include "verify_result.h"

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <limits.h>
#include <math.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char verify_usage[] =
	"crosspeer verify --profile FILE [--report DIR] [--json] [--pcap FILE] [--timeout S]\n"
	"                 [--every DURATION [--metrics ADDR:PORT [--metrics-web-config FILE]]]\n"
	"                 [--baseline STORE]\n"
	"                 [--datapath D] [-v|-q]\n\n"
	"The post-deployment check: bring the tunnel up as the on-prem initiator, start the\n"
	"profile's probes the moment the CHILD_SA is installed, measure the path MTU through\n"
	"the tunnel (and throughput when the profile sets min_throughput_mbps), capture the\n"
	"outer interface to prove the probes crossed as ESP, evaluate the thresholds, tear down.\n\n"
	"  --report DIR      write report.json, junit.xml, report.html and metrics.prom to DIR\n"
	"  --json            print report.json instead of the summary table\n"
	"  --pcap FILE       keep the encapsulation capture for Wireshark\n"
	"  --timeout S       the tunnel must be up within S seconds (default 30)\n"
	"  --every DURATION  repeat (30s, 15m, 1h) with the tunnel kept up, until SIGTERM\n"
	"  --metrics A:P     with --every, serve the latest metrics.prom at http://A:P/metrics\n"
	"                    (loopback only, unless --metrics-web-config sets TLS and users)\n"
	"  --metrics-web-config FILE\n"
	"                    TLS and basic auth for --metrics, in the Prometheus exporter-toolkit\n"
	"                    web config format (tls_server_config, basic_auth_users: bcrypt);\n"
	"                    with both set, --metrics may bind a non-loopback address\n"
	"  --baseline STORE  record each run whose tunnel came up into the baseline store (a\n"
	"                    SQLite database, or a .json file; docs/baseline.md) and draw the\n"
	"                    store's trend into report.html\n"
	"  --existing        measure a tunnel that is already up (terminated elsewhere, e.g.\n"
	"                    between two Azure gateways): set none up; the tunnel counts as\n"
	"                    established when probes are answered through it\n"
	"  --datapath D      auto, xfrm or libipsec;  -v more IKE detail;  -q errors only\n\n"
	"The peer must run a STAMP reflector ('crosspeer reflect') at the stamp targets.\n"
	"With \"azure_connection\" in the profile the tunnel comes from that ARM connection, and\n"
	"the report puts Azure's view of it (getikesas, counters) beside ours.\n"
	"With \"bgp\" (active-active with BGP, docs/bgp.md) it is the failover check: a tunnel and\n"
	"BGP session to each gateway instance, then ICMP probes to the first target while one\n"
	"instance is taken down; the outage, BGP's withdraw and the tunnel carrying traffic\n"
	"after are reported, and checked against thresholds.max_failover_ms.\n"
	"Exit: 0 pass, 1 a threshold or check failed, 2 usage or profile error, 3 tunnel not\n"
	"established or lost during the run, 4 ARM error, 5 environment (not root, no TUN, no\n"
	"capture).\n";

/**
 * Ends one cycle's probes early: forwards the signal thread's request, and stops them at
 * once when the tunnel goes down under them (the peer listener's outcome turns FAILED, e.g.
 * on a DPD timeout), so a dead peer ends the run instead of being probed to the end.
 */
typedef struct {
	/** the probes' stop token: 1 stop sending, 2 stop at once */
	atomic_int stop;
	/** set when the probes have returned: the watcher ends */
	atomic_bool done;
	/** the tunnel's listener, NULL for --existing */
	peer_listener_t *listener;
} verify_watch_t;

static void *verify_watch_thread(void *arg)
{
	verify_watch_t *w = arg;
	struct timespec pause = { 0, 100 * 1000000L };

	while (!atomic_load(&w->done))
	{
		int requested = atomic_load(stop_token_level());

		if (requested > atomic_load(&w->stop))
			atomic_store(&w->stop, requested);
		if (!w->listener)
		{
			nanosleep(&pause, NULL);
			continue;
		}
		/* returns at once when the outcome changes, else after 100 ms */
		switch (w->listener->wait(w->listener, PEER_OUTCOME_UP, 100))
		{
			case PEER_OUTCOME_FAILED:
				atomic_store(&w->stop, 2);
				return NULL;
			case PEER_OUTCOME_PENDING:
				nanosleep(&pause, NULL);
				break;
			default:
				break;
		}
	}
	return NULL;
}

static double verify_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The capture runs on the interface that holds our outer address. */
static bool verify_outer_iface(const char *address, char *out, size_t len)
{
	struct ifaddrs *list, *i;
	char host[NI_MAXHOST];
	bool found = false;

	if (getifaddrs(&list) < 0)
		return false;
	for (i = list; i && !found; i = i->ifa_next)
	{
		if (!i->ifa_addr || (i->ifa_addr->sa_family != AF_INET &&
							 i->ifa_addr->sa_family != AF_INET6))
			continue;
		if (getnameinfo(i->ifa_addr, i->ifa_addr->sa_family == AF_INET ?
						sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6),
						host, sizeof(host), NULL, 0, NI_NUMERICHOST) == 0 &&
			!strcmp(host, address))
		{
			snprintf(out, len, "%s", i->ifa_name);
			found = true;
		}
	}
	freeifaddrs(list);
	return found;
}

static void verify_progress(void *ctx, uint64_t sent, uint64_t received)
{
	(void)ctx;
	fprintf(stderr, "\rprobing: %llu sent, %llu answered ", (unsigned long long)sent,
			(unsigned long long)received);
}

/* The probe plan from the profile's probe section, as `probe --profile` reads it, plus
 * what the tunnel tells: the path MTU with the negotiated ESP overhead, NAT-T on libipsec,
 * throughput when a threshold needs it, the capture on the outer interface. */
static int verify_probe_plan(const profile_t *p, const cli_tunnel_t *cli, probe_cli_t *pc)
{
	/* the plan keeps pointers to these strings: verify runs one measurement at a time */
	static char iface[64], esp[64];
	peer_algorithms_t ike_algs, esp_algs;

	iface[0] = '\0';
	memset(&esp_algs, 0, sizeof(esp_algs));
	if (tunnel_listener())
		tunnel_listener()->get_algorithms(tunnel_listener(), &ike_algs, &esp_algs);
	/* the overhead calculator takes the ESP proposal's keywords, e.g. aes256gcm16 or
	 * aes256-sha256 */
	snprintf(esp, sizeof(esp), "%s%s%s", esp_algs.encryption,
			 esp_algs.encryption[0] && esp_algs.integrity[0] ? "-" : "", esp_algs.integrity);
	probe_cli_defaults(pc);
	if (!probe_cli_add_profile(pc, p, (probe_cli_set_t){ 0 }))
		return XP_EXIT_USAGE;
	if (p->n_targets)
	{
		pc->pmtu = true;
		if (esp[0])
			pc->esp_proposal = esp;
		pc->natt = tunnel_listener() && tunnel_datapath() == DATAPATH_LIBIPSEC;
	}
	if (!isnan(p->min_throughput_mbps))
		pc->throughput = "tcp";
	if (verify_outer_iface(p->local.address, iface, sizeof(iface)))
	{
		pc->capture = iface;
		pc->pcap = cli->pcap;
	}
	if (!probe_cli_check(pc))
		return XP_EXIT_USAGE;
	if (isatty(STDERR_FILENO))
		pc->plan.progress = verify_progress;
	/* records for the charts (RTT over time, the CDF); beyond, figures only */
	pc->keep_samples = PROBE_CLI_KEEP_SAMPLES;
	return XP_EXIT_PASS;
}

/* One measurement over the established tunnel; fills r's probe figures. */
static int verify_probes(const profile_t *p, const cli_tunnel_t *cli, xp_result_t *r)
{
	static probe_jobs_t jobs;
	static verify_watch_t watch;
	double started = verify_now_ms();
	pthread_t watcher;
	probe_cli_t pc;
	int rc;

	if (!p->n_targets)
		return XP_EXIT_PASS;
	if ((rc = verify_probe_plan(p, cli, &pc)) != XP_EXIT_PASS)
		return rc;
	memset(&jobs, 0, sizeof(jobs));
	atomic_store(&watch.stop, atomic_load(stop_token_level()));
	atomic_store(&watch.done, false);
	watch.listener = tunnel_listener();
	if (pthread_create(&watcher, NULL, verify_watch_thread, &watch) != 0)
	{
		probe_cli_wipe(&pc);
		fprintf(stderr, "crosspeer verify: cannot start a thread: %s\n", strerror(errno));
		return XP_EXIT_ENV;
	}
	rc = probe_jobs_run(&pc, &watch.stop, &jobs);
	atomic_store(&watch.done, true);
	pthread_join(watcher, NULL);
	probe_cli_wipe(&pc);
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	probe_report_errors(&jobs);
	probe_result_fill(r, &jobs);
	probe_jobs_release(&jobs);
	/* the first probe leaves at once; its reply is about one shortest round trip later */
	if (jobs.n && jobs.jobs[0].sum.received)
		r->tunnel.first_reply_ms = started - (double)r->run.started_ms +
								   jobs.jobs[0].sum.rtt_ms.min;
	return jobs.error[0] && rc ? XP_EXIT_ENV : XP_EXIT_PASS;
}

/* --baseline: the run (if its tunnel came up) into the store, the trend into report.html.
 * A run that cannot be recorded is reported; the exit code stays the verdict's. */
static void verify_record(const xp_result_t *r, const cli_tunnel_t *cli)
{
	baseline_cli_t a = baseline_cli_defaults("verify");

	if (!cli->baseline || !r->tunnel.established)
		return;
	a.store = cli->baseline;
	a.report = cli->report_dir;
	a.out = cli->json ? stderr : stdout;
	baseline_cli_record(&a, r);
}

int verify_output(const xp_result_t *r, const cli_tunnel_t *cli)
{
	char err[300];
	char *json;

	if (cli->report_dir && report_write_dir(r, cli->report_dir, err, sizeof(err)) != 0)
	{
		fprintf(stderr, "crosspeer verify: %s: %s\n", cli->report_dir, err);
		return XP_EXIT_ENV;
	}
	verify_record(r, cli);
	if (!cli->json)
	{
		report_summary_print(r, stdout);
		if (cli->report_dir)
			printf("report: %s/%s\n", cli->report_dir, REPORT_HTML_FILE);
		fflush(stdout);
		return XP_EXIT_PASS;
	}
	json = report_json_text(r);
	if (json)
		puts(json);
	free(json);
	fflush(stdout);
	return XP_EXIT_PASS;
}

static xp_thresholds_t verify_thresholds(const profile_t *p)
{
	xp_thresholds_t t = {
		.rtt_p99_ms = p->rtt_p99_ms, .loss_pct = p->loss_pct, .jitter_ms = p->jitter_ms,
		.min_pmtu = p->min_pmtu, .min_throughput_mbps = p->min_throughput_mbps,
	};

	return t;
}

/* One cycle: probes (if the tunnel is up), timeline, verdict, output. The report's clock
 * starts at cycle_ms: for the first cycle, before the tunnel was started. */
/* A tunnel set up elsewhere: established as far as the probes can tell. */
static void verify_existing_tunnel(xp_result_t *r)
{
	uint64_t received = 0;

	for (size_t i = 0; i < r->n_probes; i++)
		received += r->probes[i].received;
	r->tunnel.established = received > 0;
	if (!received)
		snprintf(r->tunnel.reason, sizeof(r->tunnel.reason), "no probe was answered through "
				 "the existing tunnel (is it up? are the targets behind it?)");
	xp_result_add_event(r, 0, "EXISTING", "tunnel not set up by crosspeer; measured as found");
}

/* The cycle's metrics.prom plus counters over all cycles of this --every run, so a
 * Prometheus scraping less often than cycles end still sees every failed one. */
static char *verify_metrics_text(const xp_result_t *r, int rc)
{
	static uint64_t cycles, failed;
	char *text = report_prom_build(r), *all = NULL;

	cycles++;
	failed += rc != XP_EXIT_PASS;
	if (!text)
		return NULL;
	if (asprintf(&all, "%s"
				 "# HELP crosspeer_verify_cycles_total Cycles this verify --every has run.\n"
				 "# TYPE crosspeer_verify_cycles_total counter\n"
				 "crosspeer_verify_cycles_total %llu\n"
				 "# HELP crosspeer_verify_cycles_failed_total Cycles that did not pass (tunnel "
				 "down or lost, threshold failed).\n"
				 "# TYPE crosspeer_verify_cycles_failed_total counter\n"
				 "crosspeer_verify_cycles_failed_total %llu\n", text,
				 (unsigned long long)cycles, (unsigned long long)failed) < 0)
		all = NULL;
	free(text);
	return all;
}

/* The tunnel must still be up when the cycle ends; if it went down during the cycle, the
 * report says when and why, from the listener's typed cause (DPD timeout, delete). */
static void verify_lost(xp_result_t *r, peer_listener_t *listener, double cycle_ms, bool up)
{
	double down_ms, offset = listener->get_epoch_ms(listener) - cycle_ms;
	peer_down_t down = listener->get_down(listener, &down_ms);

	if (listener->get_outcome(listener) == PEER_OUTCOME_UP)
		return;
	r->tunnel.established = false;
	if (!up && !r->tunnel.reason[0])
		snprintf(r->tunnel.reason, sizeof(r->tunnel.reason), "the tunnel was not "
				 "re-established before this cycle");
	/* a loss before this cycle began was the previous cycle's */
	if (down == PEER_DOWN_NONE || down_ms + offset < 0)
		return;
	r->tunnel.lost_ms = down_ms + offset;
	snprintf(r->tunnel.lost_cause, sizeof(r->tunnel.lost_cause), "%s", peer_down_name(down));
	fprintf(stderr, "crosspeer verify: %s: tunnel lost %.1f s into the run (%s): %s\n",
			r->run.profile, r->tunnel.lost_ms / 1000.0, r->tunnel.lost_cause,
			r->tunnel.reason);
}

static int verify_cycle(const profile_t *p, const cli_tunnel_t *cli, double cycle_ms, bool up,
						metrics_http_t *metrics)
{
	xp_result_t *r = xp_result_create(p->name, CROSSPEER_VERSION);
	peer_listener_t *listener = tunnel_listener();
	xp_thresholds_t thresholds;
	int rc = XP_EXIT_PASS, out;

	if (!r)
		return XP_EXIT_ENV;
	r->run.started_ms = (int64_t)cycle_ms;
	if (up && p->has_arm_connection)
		tunnel_arm_counters(&r->azure.ingress_before, &r->azure.egress_before);
	if (up)
		rc = verify_probes(p, cli, r);
	if (listener)
		verify_result_tunnel(r, listener, listener->get_epoch_ms(listener) - cycle_ms);
	else
		verify_existing_tunnel(r);
	if (listener)
		verify_lost(r, listener, cycle_ms, up);
	/* Azure's view of the same tunnel, while it is still up */
	if (p->has_arm_connection)
		tunnel_arm_view(r);
	xp_result_stop_clock(r);
	thresholds = verify_thresholds(p);
	xp_result_evaluate(r, &thresholds);
	out = verify_output(r, cli);
	if (rc == XP_EXIT_PASS)
		rc = out;
	if (rc == XP_EXIT_PASS)
		rc = !r->tunnel.established ? XP_EXIT_TUNNEL :
			 r->verdict.pass ? XP_EXIT_PASS : XP_EXIT_THRESHOLD;
	if (metrics)
		metrics_http_set(metrics, verify_metrics_text(r, rc));
	xp_result_destroy(r);
	return rc;
}

/* Before a cycle of --every: a tunnel lost earlier comes back. After a DPD or request
 * timeout charon restarts it by itself (dpd_action start); after a delete nothing restarts
 * it, so it is initiated again. Bounded by --timeout; the cycle then reports what it found. */
static void verify_reestablish(peer_listener_t *listener, int timeout_ms)
{
	double deadline = verify_now_ms() + timeout_ms;
	peer_outcome_t now = listener->get_outcome(listener);

	if (now == PEER_OUTCOME_UP)
		return;
	if (listener->get_down(listener, NULL) == PEER_DOWN_DELETED)
	{
		tunnel_initiate(timeout_ms);
		return;
	}
	while (now != PEER_OUTCOME_UP && verify_now_ms() < deadline && !stop_token_requested())
		now = listener->wait(listener, now, 200);
}

static int verify_run(const profile_t *p, const cli_tunnel_t *cli,
					  const metrics_web_config_t *web, double tunnel_ms)
{
	metrics_http_t *metrics = NULL;
	char err[1200];
	int rc;

	if (cli->metrics && !(metrics = metrics_http_start(cli->metrics, web, err, sizeof(err))))
	{
		fprintf(stderr, "crosspeer verify: %s\n", err);
		return XP_EXIT_USAGE;
	}
	rc = cli->existing ? XP_EXIT_PASS : tunnel_initiate(cli->timeout_s * 1000);
	rc = verify_cycle(p, cli, tunnel_ms, rc == XP_EXIT_PASS, metrics);
	while (cli->every_s > 0 && rc != XP_EXIT_USAGE &&
		   !stop_token_wait((int)(cli->every_s * 1000)))
	{
		peer_listener_t *listener = tunnel_listener();
		double cycle_ms = verify_now_ms();

		if (listener)
			verify_reestablish(listener, cli->timeout_s * 1000);
		rc = verify_cycle(p, cli, cycle_ms,
						  !listener || listener->get_outcome(listener) == PEER_OUTCOME_UP,
						  metrics);
	}
	metrics_http_stop(metrics);
	return rc;
}

/** The report folder is made and tried before the tunnel, not found unusable at the end. */
static bool verify_report_dir_ok(const char *dir)
{
	char err[300], probe[PATH_MAX];
	int fd;

	if (atomic_file_mkdirs(dir, err, sizeof(err)) < 0)
	{
		fprintf(stderr, "crosspeer verify: --report %s: %s; give a folder you can write\n",
				dir, err);
		return false;
	}
	snprintf(probe, sizeof(probe), "%s/.crosspeer-write-test-XXXXXX", dir);
	fd = mkstemp(probe);
	if (fd < 0)
	{
		fprintf(stderr, "crosspeer verify: --report %s: cannot write there: %s; give a folder "
				"you can write\n", dir, strerror(errno));
		return false;
	}
	close(fd);
	unlink(probe);
	return true;
}

int cmd_verify(int argc, char *argv[])
{
	tunnel_opts_t opts = { .cmd = "verify", .initiator = true };
	metrics_web_config_t *web = NULL;
	azure_peer_t arm = { .n_subnets = 0 };
	profile_err_t perr;
	cli_tunnel_t cli;
	double tunnel_ms;
	profile_t *p;
	char msg[1200];
	int rc;

	if ((rc = cli_tunnel_parse(argc, argv, verify_usage, CLI_TIMEOUT | CLI_VERIFY, &cli)) >= 0)
		return rc;
	if (cli.metrics && cli.every_s <= 0)
	{
		fprintf(stderr, "crosspeer verify: --metrics needs --every\n");
		return XP_EXIT_USAGE;
	}
	if (cli.metrics_web_config && !cli.metrics)
	{
		fprintf(stderr, "crosspeer verify: --metrics-web-config needs --metrics\n");
		return XP_EXIT_USAGE;
	}
	if (cli.metrics_web_config &&
		!(web = metrics_web_config_load(cli.metrics_web_config, msg, sizeof(msg))))
	{
		fprintf(stderr, "crosspeer verify: --metrics-web-config: %s\n", msg);
		return XP_EXIT_USAGE;
	}
	p = profile_load(cli.profile, &perr);
	if (!p)
	{
		profile_err_format(&perr, msg, sizeof(msg));
		fprintf(stderr, "crosspeer verify: %s\n", msg);
		metrics_web_config_free(web);
		return XP_EXIT_USAGE;
	}
	if (cli.report_dir && !verify_report_dir_ok(cli.report_dir))
	{
		profile_destroy(p);
		metrics_web_config_free(web);
		return XP_EXIT_USAGE;
	}
	if (p->has_bgp)
	{
		/* active-active with BGP: the failover check (bgp_failover.c) */
		rc = bgp_failover_run(p, &cli);
		profile_destroy(p);
		metrics_web_config_free(web);
		return rc;
	}
	opts.datapath = cli.datapath;
	opts.log_level = cli.log_level;
	if (p->has_arm_connection &&
		(rc = tunnel_arm_resolve(p, "verify", false, cli.json, &arm)) != XP_EXIT_PASS)
	{
		profile_destroy(p);
		metrics_web_config_free(web);
		return rc;
	}
	opts.arm[0] = p->has_arm_connection ? &arm : NULL;
	tunnel_ms = verify_now_ms();
	/* before charon's threads, so they inherit the blocked signals: 1 stops after this
	 * cycle (and stops sending), 2 at once */
	if (!stop_token_start(true))
	{
		fprintf(stderr, "crosspeer verify: signals: cannot start the thread that waits for "
				"them\n");
		rc = XP_EXIT_ENV;
	}
	else if (cli.existing)
		rc = XP_EXIT_PASS;
	else
		rc = tunnel_start((const profile_t *const[]){ p }, 1, &opts);
	azure_peer_wipe(&arm);
	if (rc == XP_EXIT_PASS)
		rc = verify_run(p, &cli, web, tunnel_ms);
	tunnel_close();
	tunnel_stop();
	tunnel_arm_close();
	profile_destroy(p);
	metrics_web_config_free(web);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "capture_esp.h"

typedef struct {
	/** public interface */
	capture_esp_t public;
	/** options (inner addresses copied) */
	capture_esp_opts_t opts;
	/** pcap handle and optional dumper */
	pcap_t *pcap;
	pcap_dumper_t *dump;
	/** link type */
	int dlt;
	/** capture thread */
	pthread_t thread;
	bool running;
	atomic_int stop;
	/** counts, under lock */
	pthread_mutex_t lock;
	capture_esp_counts_t counts;
} private_capture_esp_t;

static bool capture_esp_is_inner(const capture_esp_opts_t *o, int family, const uint8_t *a)
{
	for (unsigned i = 0; i < o->n_inner; i++)
	{
		const struct sockaddr_storage *s = &o->inner[i];

		if (s->ss_family != family)
			continue;
		if (family == AF_INET &&
			!memcmp(&((const struct sockaddr_in *)s)->sin_addr, a, 4))
			return true;
		if (family == AF_INET6 &&
			!memcmp(&((const struct sockaddr_in6 *)s)->sin6_addr, a, 16))
			return true;
	}
	return false;
}

void capture_esp_classify(const capture_esp_opts_t *opts, const uint8_t *ip, size_t len,
						  capture_esp_counts_t *out)
{
	int family, proto;
	const uint8_t *src, *dst, *l4;
	size_t hl;

	if (len < 20)
		return;
	out->captured++;
	if ((ip[0] >> 4) == 4)
	{
		family = AF_INET;
		hl = (size_t)(ip[0] & 0x0f) * 4;
		proto = ip[9];
		src = ip + 12;
		dst = ip + 16;
	}
	else if ((ip[0] >> 4) == 6 && len >= 40)
	{
		family = AF_INET6;
		hl = 40;
		proto = ip[6];
		src = ip + 8;
		dst = ip + 24;
	}
	else
		return;
	l4 = ip + hl;
	if (proto == IPPROTO_ESP)
		out->esp_packets++;
	else if (proto == IPPROTO_UDP && len >= hl + 12 &&
			 ((l4[0] << 8 | l4[1]) == 4500 || (l4[2] << 8 | l4[3]) == 4500))
	{
		/* four zero octets after the UDP header: the non-ESP marker of IKE */
		if (!l4[8] && !l4[9] && !l4[10] && !l4[11])
			out->ike_packets++;
		else
			out->natt_packets++;
	}
	else if (capture_esp_is_inner(opts, family, src) && capture_esp_is_inner(opts, family, dst))
		out->plaintext_leaks++;
}

/** Offset of the IP header for the link type, or -1. */
static long capture_esp_link_offset(int dlt, const uint8_t *p, size_t len)
{
	switch (dlt)
	{
		case DLT_EN10MB:
			if (len >= 18 && p[12] == 0x81 && p[13] == 0x00)
				return 18;
			return len >= 14 ? 14 : -1;
		case DLT_RAW:
		case DLT_IPV4:
		case DLT_IPV6:
			return 0;
		case DLT_LINUX_SLL:
			return 16;
		case DLT_LINUX_SLL2:
			return 20;
		case DLT_NULL:
			return 4;
		default:
			return -1;
	}
}

static void capture_esp_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *p)
{
	private_capture_esp_t *this = (private_capture_esp_t *)user;
	long off = capture_esp_link_offset(this->dlt, p, h->caplen);

	if (this->dump)
		pcap_dump((u_char *)this->dump, h, p);
	if (off < 0 || (size_t)off >= h->caplen)
		return;
	pthread_mutex_lock(&this->lock);
	capture_esp_classify(&this->opts, p + off, h->caplen - (size_t)off, &this->counts);
	pthread_mutex_unlock(&this->lock);
}

static void *capture_esp_thread(void *arg)
{
	private_capture_esp_t *this = arg;

	/* bounded by stop: each dispatch returns after at most the 100 ms read timeout */
	while (!atomic_load(&this->stop))
	{
		if (pcap_dispatch(this->pcap, 256, capture_esp_packet, (u_char *)this) < 0)
			break;
	}
	return NULL;
}

static void capture_esp_get_counts(capture_esp_t *public, capture_esp_counts_t *out)
{
	private_capture_esp_t *this = (private_capture_esp_t *)public;
	struct pcap_stat st;

	pthread_mutex_lock(&this->lock);
	if (this->pcap && pcap_stats(this->pcap, &st) == 0)
		this->counts.dropped = st.ps_drop;
	*out = this->counts;
	pthread_mutex_unlock(&this->lock);
}

static void capture_esp_stop(capture_esp_t *public)
{
	private_capture_esp_t *this = (private_capture_esp_t *)public;

	if (!this->running)
		return;
	atomic_store(&this->stop, 1);
	pcap_breakloop(this->pcap);
	pthread_join(this->thread, NULL);
	this->running = false;
	if (this->dump)
		pcap_dump_flush(this->dump);
}

static void capture_esp_destroy(capture_esp_t *public)
{
	private_capture_esp_t *this = (private_capture_esp_t *)public;

	capture_esp_stop(public);
	if (this->dump)
		pcap_dump_close(this->dump);
	if (this->pcap)
		pcap_close(this->pcap);
	pthread_mutex_destroy(&this->lock);
	free(this);
}

static int capture_esp_errno(int rc)
{
	if (rc == PCAP_ERROR_PERM_DENIED)
		return -EPERM;
	if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
		return -ENODEV;
	return -EIO;
}

static int capture_esp_open(private_capture_esp_t *this, probe_err_t *err)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	struct bpf_program prog;
	int rc;

	this->pcap = pcap_create(this->opts.iface, ebuf);
	if (!this->pcap)
		return probe_err_set(err, -ENODEV, "%s", ebuf);
	pcap_set_snaplen(this->pcap, 256);
	pcap_set_timeout(this->pcap, 100);
	pcap_set_immediate_mode(this->pcap, 1);
	if ((rc = pcap_activate(this->pcap)) < 0)
		return probe_err_set(err, capture_esp_errno(rc), "%s", pcap_geterr(this->pcap));
	/* libpcap drops the outgoing copy on loopback (each packet would show twice), so
	 * there every packet counts once as it comes in */
	if (strcmp(this->opts.iface, "lo") && pcap_setdirection(this->pcap, PCAP_D_OUT))
		return probe_err_set(err, -EIO, "%s", pcap_geterr(this->pcap));
	this->dlt = pcap_datalink(this->pcap);
	if (pcap_compile(this->pcap, &prog, "ip or ip6", 1, PCAP_NETMASK_UNKNOWN))
		return probe_err_set(err, -EIO, "%s", pcap_geterr(this->pcap));
	rc = pcap_setfilter(this->pcap, &prog);
	pcap_freecode(&prog);
	if (rc)
		return probe_err_set(err, -EIO, "%s", pcap_geterr(this->pcap));
	if (this->opts.pcap_file &&
		!(this->dump = pcap_dump_open(this->pcap, this->opts.pcap_file)))
		return probe_err_set(err, -EIO, "%s: %s", this->opts.pcap_file, pcap_geterr(this->pcap));
	return 0;
}

capture_esp_t *capture_esp_start(const capture_esp_opts_t *opts, probe_err_t *err)
{
	private_capture_esp_t *this = calloc(1, sizeof(*this));

	if (!this)
	{
		probe_err_set(err, -ENOMEM, "out of memory");
		return NULL;
	}
	this->public.get_counts = capture_esp_get_counts;
	this->public.stop = capture_esp_stop;
	this->public.destroy = capture_esp_destroy;
	this->opts = *opts;
	pthread_mutex_init(&this->lock, NULL);
	if (capture_esp_open(this, err))
	{
		capture_esp_destroy(&this->public);
		return NULL;
	}
	if (pthread_create(&this->thread, NULL, capture_esp_thread, this))
	{
		probe_err_set(err, -EAGAIN, "capture thread not started");
		capture_esp_destroy(&this->public);
		return NULL;
	}
	this->running = true;
	return &this->public;
}

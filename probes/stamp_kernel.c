/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "stamp_tc.h"
#include "stamp_kernel.h"

/** The compiled TC program (generated from bpf/stamp_tc.bpf.c at build time). */
extern const unsigned char stamp_tc_bpf_obj[];
extern const size_t stamp_tc_bpf_obj_len;

/** ARPHRD_* types the program handles, and the bytes before their IP header. */
#define STAMP_KERNEL_ARPHRD_ETHER 1
#define STAMP_KERNEL_ARPHRD_LOOPBACK 772
#define STAMP_KERNEL_ARPHRD_NONE 65534

/** TC filter handle and priority of ours, so that detach removes exactly it. */
#define STAMP_KERNEL_HANDLE 0x862
#define STAMP_KERNEL_PRIORITY 1

typedef struct {
	struct bpf_tc_hook hook;
	/** we made the clsact qdisc, so detach removes it */
	bool own_hook;
} stamp_kernel_iface_t;

struct stamp_kernel_t {
	struct bpf_object *obj;
	int prog_fd, counters_fd;
	stamp_kernel_iface_t ifaces[STAMP_TC_MAX_IFACES];
	unsigned n_ifaces;
};

/** libbpf's last message, for the error text (libbpf prints nothing itself). */
static char stamp_kernel_log[256];

static int stamp_kernel_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[sizeof(stamp_kernel_log)];

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	if (line[0])
		snprintf(stamp_kernel_log, sizeof(stamp_kernel_log), "%s", line);
	return 0;
}

/** @return	bytes before the IP header on interface name, -1 when not handled */
static int stamp_kernel_l2_len(const char *name)
{
	char path[128];
	int type = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/type", name);
	if (!(f = fopen(path, "r")))
		return -1;
	if (fscanf(f, "%d", &type) != 1)
		type = -1;
	fclose(f);
	if (type == STAMP_KERNEL_ARPHRD_ETHER || type == STAMP_KERNEL_ARPHRD_LOOPBACK)
		return 14;
	return type == STAMP_KERNEL_ARPHRD_NONE ? 0 : -1;
}

static int stamp_kernel_config(stamp_kernel_t *this, const struct sockaddr_in *listen,
							   uint16_t ee, probe_err_t *err)
{
	struct timespec tai, utc;
	struct stamp_tc_config cfg = { .addr = listen->sin_addr.s_addr, .port = listen->sin_port,
								   .error_estimate = htons(ee) };
	uint32_t key = 0;
	int fd = bpf_object__find_map_fd_by_name(this->obj, "stamp_tc_config");

	/* the program reads the TAI clock; the offset to UTC is the kernel's, as of now */
	clock_gettime(CLOCK_TAI, &tai);
	clock_gettime(CLOCK_REALTIME, &utc);
	cfg.tai_minus_utc_ns = (uint64_t)((tai.tv_sec - utc.tv_sec) * 1000000000ll +
									  (tai.tv_nsec - utc.tv_nsec) + 500000000ll) /
		1000000000ull * 1000000000ull;
	if (fd < 0 || bpf_map_update_elem(fd, &key, &cfg, BPF_ANY))
		return probe_err_set(err, -errno, "--in-kernel: configuring the program: %s",
							 strerror(errno));
	return 0;
}

static int stamp_kernel_attach_one(stamp_kernel_t *this, unsigned ifindex, int l2_fd,
								   uint32_t l2, probe_err_t *err)
{
	stamp_kernel_iface_t *i = &this->ifaces[this->n_ifaces];
	char name[IF_NAMESIZE] = "";
	int rc;

	*i = (stamp_kernel_iface_t){ .hook = { .sz = sizeof(i->hook), .ifindex = (int)ifindex,
										   .attach_point = BPF_TC_INGRESS } };
	if (bpf_map_update_elem(l2_fd, &ifindex, &l2, BPF_ANY))
		return probe_err_set(err, -errno, "--in-kernel: %s", strerror(errno));
	rc = bpf_tc_hook_create(&i->hook);
	if (rc && rc != -EEXIST)
		return probe_err_set(err, rc, "--in-kernel: %s: clsact qdisc: %s",
							 if_indextoname(ifindex, name) ? name : "?", strerror(-rc));
	i->own_hook = rc == 0;
	{
		struct bpf_tc_opts opts = { .sz = sizeof(opts), .prog_fd = this->prog_fd,
									.handle = STAMP_KERNEL_HANDLE,
									.priority = STAMP_KERNEL_PRIORITY };

		rc = bpf_tc_attach(&i->hook, &opts);
	}
	if (rc)
	{
		if (i->own_hook)
			bpf_tc_hook_destroy(&i->hook);
		return probe_err_set(err, rc, "--in-kernel: %s: attaching the TC program: %s",
							 if_indextoname(ifindex, name) ? name : "?",
							 rc == -EEXIST ? "another reflect --in-kernel runs in this "
							 "network namespace" : strerror(-rc));
	}
	this->n_ifaces++;
	return 0;
}

static int stamp_kernel_attach_all(stamp_kernel_t *this, probe_err_t *err)
{
	struct if_nameindex *all = if_nameindex(), *i;
	int l2_fd = bpf_object__find_map_fd_by_name(this->obj, "stamp_tc_l2"), rc = 0;

	if (!all || l2_fd < 0)
	{
		if (all)
			if_freenameindex(all);
		return probe_err_set(err, -errno, "--in-kernel: listing interfaces: %s",
							 strerror(errno));
	}
	for (i = all; i->if_index && !rc && this->n_ifaces < STAMP_TC_MAX_IFACES; i++)
	{
		int l2 = stamp_kernel_l2_len(i->if_name);

		if (l2 >= 0)
			rc = stamp_kernel_attach_one(this, i->if_index, l2_fd, (uint32_t)l2, err);
	}
	if_freenameindex(all);
	return rc;
}

stamp_kernel_t *stamp_kernel_attach(const struct sockaddr_in *listen, uint16_t error_estimate,
									probe_err_t *err)
{
	stamp_kernel_t *this = calloc(1, sizeof(*this));
	struct bpf_program *prog;

	if (!this)
	{
		probe_err_set(err, -ENOMEM, "out of memory");
		return NULL;
	}
	stamp_kernel_log[0] = '\0';
	libbpf_set_print(stamp_kernel_print);
	this->obj = bpf_object__open_mem(stamp_tc_bpf_obj, stamp_tc_bpf_obj_len, NULL);
	if (!this->obj || bpf_object__load(this->obj))
	{
		probe_err_set(err, errno ? -errno : -EINVAL, "--in-kernel: loading the TC program: "
					  "%s (needs root, and Linux 6.1 or later with BPF)",
					  stamp_kernel_log[0] ? stamp_kernel_log : strerror(errno));
		stamp_kernel_detach(this);
		return NULL;
	}
	prog = bpf_object__find_program_by_name(this->obj, "stamp_tc_reflect");
	this->prog_fd = prog ? bpf_program__fd(prog) : -1;
	this->counters_fd = bpf_object__find_map_fd_by_name(this->obj, "stamp_tc_counters");
	if (this->prog_fd < 0 || this->counters_fd < 0)
		probe_err_set(err, -ENOENT, "--in-kernel: the TC program is incomplete");
	if (this->prog_fd < 0 || this->counters_fd < 0 ||
		stamp_kernel_config(this, listen, error_estimate, err) ||
		stamp_kernel_attach_all(this, err))
	{
		stamp_kernel_detach(this);
		return NULL;
	}
	return this;
}

unsigned stamp_kernel_interfaces(const stamp_kernel_t *this)
{
	return this->n_ifaces;
}

/** The per-CPU counter which, summed. */
static uint64_t stamp_kernel_sum(const stamp_kernel_t *this, uint32_t which)
{
	int cpus = libbpf_num_possible_cpus();
	uint64_t *v, sum = 0;

	if (cpus <= 0 || !(v = calloc((size_t)cpus, sizeof(*v))))
		return 0;
	if (!bpf_map_lookup_elem(this->counters_fd, &which, v))
		for (int c = 0; c < cpus; c++)
			sum += v[c];
	free(v);
	return sum;
}

void stamp_kernel_counters(const stamp_kernel_t *this, uint64_t *reflected, uint64_t *passed)
{
	*reflected = stamp_kernel_sum(this, STAMP_TC_REFLECTED);
	*passed = stamp_kernel_sum(this, STAMP_TC_PASSED);
}

void stamp_kernel_detach(stamp_kernel_t *this)
{
	if (!this)
		return;
	for (unsigned k = 0; k < this->n_ifaces; k++)
	{
		stamp_kernel_iface_t *i = &this->ifaces[k];
		struct bpf_tc_opts opts = { .sz = sizeof(opts), .handle = STAMP_KERNEL_HANDLE,
									.priority = STAMP_KERNEL_PRIORITY };

		bpf_tc_detach(&i->hook, &opts);
		/* both attach points named: libbpf then deletes the clsact qdisc itself */
		i->hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		if (i->own_hook)
			bpf_tc_hook_destroy(&i->hook);
	}
	bpf_object__close(this->obj);
	free(this);
}

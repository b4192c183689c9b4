/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

/*
 * STAMP Session-Reflector in the kernel (TC ingress), for `crosspeer reflect --in-kernel`:
 * an unauthenticated, stateless request to the reflector's address and port is answered
 * where it arrives, as the kernel answers a ping, and leaves by the interface it came in
 * on. Everything else (other packets, authenticated or short requests) goes on to the
 * stack, where the userspace reflector handles it. Layout: RFC 8762 4.2.1 / 4.3.1, the
 * same as probes/stamp_packet.c; octets past the base packet (RFC 8972 TLVs) are reflected
 * as they are.
 */

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <linux/udp.h>

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "stamp_tc.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct stamp_tc_config);
} stamp_tc_config SEC(".maps");

/* ifindex -> bytes before the IP header (14 on Ethernet and loopback, 0 on a TUN) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, STAMP_TC_MAX_IFACES);
	__type(key, __u32);
	__type(value, __u32);
} stamp_tc_l2 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, STAMP_TC_COUNTERS);
	__type(key, __u32);
	__type(value, __u64);
} stamp_tc_counters SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *v = bpf_map_lookup_elem(&stamp_tc_counters, &which);

	if (v)
		(*v)++;
}

/* Unix ns (CLOCK_REALTIME, from the TAI clock and the offset userspace measured) to NTP. */
static __always_inline __u64 ntp_now(const struct stamp_tc_config *cfg)
{
	__u64 ns = bpf_ktime_get_tai_ns() - cfg->tai_minus_utc_ns;
	__u64 sec = ns / 1000000000ull, frac = ((ns % 1000000000ull) << 32) / 1000000000ull;

	return bpf_cpu_to_be64(((sec + 2208988800ull) << 32) | frac);
}

struct stamp_sender_head {
	__be32 seq;
	__be64 timestamp;
	__be16 error_estimate;
	__be16 ssid;
} __attribute__((packed));

struct stamp_reflector_head {
	__be32 seq;
	__be64 timestamp;
	__be16 error_estimate;
	__be16 ssid;
	__be64 rx_timestamp;
	__be32 sender_seq;
	__be64 sender_timestamp;
	__be16 sender_error_estimate;
	__u8 mbz1[2];
	__u8 sender_ttl;
	__u8 mbz2[3];
} __attribute__((packed));

_Static_assert(sizeof(struct stamp_reflector_head) == STAMP_TC_BASE_LEN, "RFC 8762 4.3.1");

static __always_inline int reflect(struct __sk_buff *skb, const struct stamp_tc_config *cfg,
								   const __u32 l2)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct iphdr *ip = data + l2;
	struct udphdr *udp = (void *)(ip + 1);
	struct stamp_reflector_head *out = (void *)(udp + 1), old;
	struct stamp_sender_head req;
	__u64 rx = ntp_now(cfg);
	__u8 ttl;
	__s64 diff;

	if ((void *)(udp + 1) > end)
		return TC_ACT_OK;
	if (l2 && ((struct ethhdr *)data)->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if (ip->version != 4 || ip->ihl != 5 || ip->protocol != IPPROTO_UDP ||
		ip->daddr != cfg->addr || udp->dest != cfg->port ||
		(ip->frag_off & bpf_htons(0x3fff)))
		return TC_ACT_OK;
	/* a request that came through kernel IPsec must be answered through it too: the
	 * stack's (an answer sent back out of the device would leave in plaintext) */
	{
		struct bpf_xfrm_state x;

		if (bpf_skb_get_xfrm_state(skb, 0, &x, sizeof(x), 0) == 0)
		{
			count(STAMP_TC_PASSED);
			return TC_ACT_OK;
		}
	}
	/* a datagram shorter than the base packet, or not whole in this skb: the stack's */
	if ((void *)(out + 1) > end || bpf_ntohs(udp->len) < sizeof(*udp) + STAMP_TC_BASE_LEN ||
		(void *)udp + bpf_ntohs(udp->len) > end)
	{
		count(STAMP_TC_PASSED);
		return TC_ACT_OK;
	}
	__builtin_memcpy(&req, out, sizeof(req));
	__builtin_memcpy(&old, out, sizeof(old));
	ttl = ip->ttl;
	out->seq = req.seq;
	out->error_estimate = cfg->error_estimate;
	out->ssid = req.ssid;
	out->rx_timestamp = rx;
	out->sender_seq = req.seq;
	out->sender_timestamp = req.timestamp;
	out->sender_error_estimate = req.error_estimate;
	__builtin_memset(out->mbz1, 0, sizeof(out->mbz1));
	out->sender_ttl = ttl;
	__builtin_memset(out->mbz2, 0, sizeof(out->mbz2));
	out->timestamp = ntp_now(cfg);
	/* swapped addresses and ports leave both checksums as they are; the new payload and
	 * TTL change them by these differences */
	{
		__be32 a = ip->saddr;
		__be16 p = udp->source;

		ip->saddr = ip->daddr;
		ip->daddr = a;
		udp->source = udp->dest;
		udp->dest = p;
	}
	if (l2)
	{
		struct ethhdr *eth = data;
		__u8 mac[ETH_ALEN];

		__builtin_memcpy(mac, eth->h_source, ETH_ALEN);
		__builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
		__builtin_memcpy(eth->h_dest, mac, ETH_ALEN);
	}
	diff = bpf_csum_diff((__be32 *)&old, sizeof(old), (__be32 *)out, sizeof(*out), 0);
	ip->ttl = STAMP_TC_TTL;
	if (bpf_l3_csum_replace(skb, l2 + offsetof(struct iphdr, check),
							bpf_htons((__u16)ttl << 8), bpf_htons(STAMP_TC_TTL << 8), 2) ||
		bpf_l4_csum_replace(skb, l2 + sizeof(struct iphdr) + offsetof(struct udphdr, check),
							0, diff, BPF_F_MARK_MANGLED_0))
		return TC_ACT_SHOT;
	count(STAMP_TC_REFLECTED);
	return bpf_redirect(skb->ifindex, 0);
}

SEC("tc")
int stamp_tc_reflect(struct __sk_buff *skb)
{
	__u32 key = 0, ifindex = skb->ifindex, *l2;
	struct stamp_tc_config *cfg = bpf_map_lookup_elem(&stamp_tc_config, &key);

	if (!cfg || skb->protocol != bpf_htons(ETH_P_IP) ||
		!(l2 = bpf_map_lookup_elem(&stamp_tc_l2, &ifindex)))
		return TC_ACT_OK;
	/* constant offsets in each branch keep the verifier's packet checks simple */
	return *l2 ? reflect(skb, cfg, ETH_HLEN) : reflect(skb, cfg, 0);
}

char LICENSE[] SEC("license") = "GPL";

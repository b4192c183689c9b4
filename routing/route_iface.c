/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 crosspeer developers */

#include "route_iface.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

/** The kernel's reason, when it gave one (extended ACK), else strerror. */
typedef struct {
	struct mnl_socket *nl;
	unsigned seq;
	char why[256];
} route_nl_t;

static bool route_iface_fail(char *err, size_t errlen, const char *fmt, const char *name,
							 const char *step, const char *why)
{
	snprintf(err, errlen, fmt, name, step, why);
	return false;
}

bool route_iface_parse_kind(const char *s, route_iface_kind_t *out)
{
	if (!strcmp(s, "auto"))
		*out = ROUTE_IFACE_AUTO;
	else if (!strcmp(s, "xfrmi"))
		*out = ROUTE_IFACE_XFRMI;
	else if (!strcmp(s, "vti"))
		*out = ROUTE_IFACE_VTI;
	else
		return false;
	return true;
}

const char *route_iface_kind_name(route_iface_kind_t kind)
{
	return kind == ROUTE_IFACE_XFRMI ? "xfrmi" : kind == ROUTE_IFACE_VTI ? "vti" : "auto";
}

/* FNV-1a, 32 bits: stable across runs and machines */
static uint32_t route_iface_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

void route_iface_default_name(const char *conn, char out[ROUTE_IFACE_NAME_MAX + 1])
{
	if (strlen(conn) + 3 <= ROUTE_IFACE_NAME_MAX)
		snprintf(out, ROUTE_IFACE_NAME_MAX + 1, "xp-%s", conn);
	else
		snprintf(out, ROUTE_IFACE_NAME_MAX + 1, "xp-%.6s-%05x", conn,
				 route_iface_hash(conn) & 0xfffff);
}

uint32_t route_iface_derive_id(const char *name)
{
	uint32_t h = route_iface_hash(name);

	return 0x78700000u | ((h ^ (h >> 16)) & 0xffff);
}

/* Open a route netlink socket with extended ACKs (the kernel's reason in words). */
static int route_nl_open(route_nl_t *nl)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl->nl)
		return -errno;
	if (mnl_socket_bind(nl->nl, 0, MNL_SOCKET_AUTOPID) < 0)
	{
		int e = -errno;

		mnl_socket_close(nl->nl);
		return e;
	}
	mnl_socket_setsockopt(nl->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	nl->seq = (unsigned)time(NULL);
	return 0;
}

/* The NLMSGERR_ATTR_MSG of an error ACK, if the kernel sent one. */
static void route_nl_extack(const struct nlmsghdr *nlh, route_nl_t *nl)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off = sizeof(*e);
	const struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	mnl_attr_for_each(attr, nlh, off)
	{
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
			mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(nl->why, sizeof(nl->why), "%s", mnl_attr_get_str(attr));
	}
}

/* Send one request, wait for its ACK: 0 or -errno (nl->why says why). */
static int route_nl_talk(route_nl_t *nl, struct nlmsghdr *nlh)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	const struct nlmsghdr *ack;
	const struct nlmsgerr *e;
	ssize_t n;

	nl->why[0] = '\0';
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	n = mnl_socket_recvfrom(nl->nl, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	ack = (const struct nlmsghdr *)buf;
	if (!mnl_nlmsg_ok(ack, (int)n) || ack->nlmsg_type != NLMSG_ERROR)
		return -EPROTO;
	e = mnl_nlmsg_get_payload(ack);
	if (e->error)
		route_nl_extack(ack, nl);
	if (e->error && !nl->why[0])
		snprintf(nl->why, sizeof(nl->why), "%s", strerror(-e->error));
	return e->error;
}

static struct nlmsghdr *route_nl_link_msg(char *buf, uint16_t type, uint16_t flags,
										  int index)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = index;
	return nlh;
}

/* Parse an IPv4 or IPv6 address; returns its family or 0. */
static int route_addr(const char *s, void *out)
{
	if (inet_pton(AF_INET, s, out) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, s, out) == 1)
		return AF_INET6;
	return 0;
}

/* The index of the interface holding address (an XFRM interface's underlying device, which
 * kernels before 5.x require), 0 when none does. */
static unsigned route_iface_link_of(const char *address)
{
	unsigned char want[16], have[16];
	int family = route_addr(address, want);
	struct ifaddrs *list, *a;
	unsigned index = 0;

	if (!family || getifaddrs(&list) != 0)
		return 0;
	for (a = list; a && !index; a = a->ifa_next)
	{
		if (!a->ifa_addr || a->ifa_addr->sa_family != family)
			continue;
		if (family == AF_INET)
			memcpy(have, &((struct sockaddr_in *)a->ifa_addr)->sin_addr, 4);
		else
			memcpy(have, &((struct sockaddr_in6 *)a->ifa_addr)->sin6_addr, 16);
		if (!memcmp(want, have, family == AF_INET ? 4 : 16))
			index = if_nametoindex(a->ifa_name);
	}
	freeifaddrs(list);
	return index;
}

/* The link itself: kind "xfrm" with the if_id, or "vti"/"vti6" between the outer ends. */
static int route_nl_newlink(route_nl_t *nl, const route_iface_spec_t *spec,
							route_iface_kind_t kind)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = route_nl_link_msg(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	unsigned char local[16], remote[16];
	int family = route_addr(spec->local, local);
	struct nlattr *info, *data;
	unsigned link;

	mnl_attr_put_strz(nlh, IFLA_IFNAME, spec->name);
	if (spec->mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, spec->mtu);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	if (kind == ROUTE_IFACE_XFRMI)
	{
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "xfrm");
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		mnl_attr_put_u32(nlh, IFLA_XFRM_IF_ID, spec->id);
		if ((link = route_iface_link_of(spec->local)))
			mnl_attr_put_u32(nlh, IFLA_XFRM_LINK, link);
	}
	else
	{
		if (!family || route_addr(spec->remote, remote) != family)
		{
			snprintf(nl->why, sizeof(nl->why), "a VTI needs both outer addresses of one "
					 "family (local %s, remote %s)", spec->local, spec->remote);
			return -EINVAL;
		}
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, family == AF_INET ? "vti" : "vti6");
		data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		mnl_attr_put_u32(nlh, IFLA_VTI_IKEY, htonl(spec->id));
		mnl_attr_put_u32(nlh, IFLA_VTI_OKEY, htonl(spec->id));
		mnl_attr_put(nlh, IFLA_VTI_LOCAL, family == AF_INET ? 4 : 16, local);
		mnl_attr_put(nlh, IFLA_VTI_REMOTE, family == AF_INET ? 4 : 16, remote);
	}
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return route_nl_talk(nl, nlh);
}

static int route_nl_up(route_nl_t *nl, int index)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = route_nl_link_msg(buf, RTM_NEWLINK, 0, index);
	struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);

	ifm->ifi_flags = IFF_UP;
	ifm->ifi_change = IFF_UP;
	return route_nl_talk(nl, nlh);
}

/* "a.b.c.d/len" into address bytes and prefix length; returns the family or 0. */
static int route_prefix(const char *cidr, void *addr, unsigned *len)
{
	char copy[64], *slash, *end;
	int family;
	long l;

	snprintf(copy, sizeof(copy), "%s", cidr);
	slash = strchr(copy, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	family = route_addr(copy, addr);
	l = strtol(slash + 1, &end, 10);
	if (!family || *end || l < 0 || l > (family == AF_INET ? 32 : 128))
		return 0;
	*len = (unsigned)l;
	return family;
}

/* A request about one prefix (an address or a route): the header for type, cidr parsed
 * into addr and len; NULL with nl->why when cidr does not parse. */
static struct nlmsghdr *route_nl_prefix_msg(route_nl_t *nl, char *buf, uint16_t type,
											const char *cidr, unsigned char addr[16],
											unsigned *len, int *family)
{
	struct nlmsghdr *nlh;

	if (!(*family = route_prefix(cidr, addr, len)))
	{
		snprintf(nl->why, sizeof(nl->why), "'%s' is not an address/prefix-length", cidr);
		return NULL;
	}
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
	return nlh;
}

static int route_nl_addr(route_nl_t *nl, int index, const char *cidr)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned char addr[16];
	struct ifaddrmsg *ifa;
	unsigned len;
	int family;
	struct nlmsghdr *nlh = route_nl_prefix_msg(nl, buf, RTM_NEWADDR, cidr, addr, &len,
											   &family);

	if (!nlh)
		return -EINVAL;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)family;
	ifa->ifa_prefixlen = (unsigned char)len;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned)index;
	mnl_attr_put(nlh, IFA_LOCAL, family == AF_INET ? 4 : 16, addr);
	mnl_attr_put(nlh, IFA_ADDRESS, family == AF_INET ? 4 : 16, addr);
	return route_nl_talk(nl, nlh);
}

static int route_nl_route(route_nl_t *nl, int index, const char *cidr, const char *source)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned char dst[16], src[16];
	struct rtmsg *rtm;
	unsigned len;
	int family;
	struct nlmsghdr *nlh = route_nl_prefix_msg(nl, buf, RTM_NEWROUTE, cidr, dst, &len,
											   &family);

	if (!nlh)
		return -EINVAL;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)family;
	rtm->rtm_dst_len = (unsigned char)len;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = RT_SCOPE_LINK;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put(nlh, RTA_DST, family == AF_INET ? 4 : 16, dst);
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)index);
	if (source[0] && route_addr(source, src) == family)
		mnl_attr_put(nlh, RTA_PREFSRC, family == AF_INET ? 4 : 16, src);
	return route_nl_talk(nl, nlh);
}

/* A VTI checks inbound policies itself (with its key as the mark); the kernel's second
 * check of the decrypted packet must be off, as strongSwan's route-based guide says. */
static int route_disable_policy(const char *name, bool v6)
{
	char path[128];
	int fd, rc = 0;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/disable_policy", v6 ? "ipv6" :
			 "ipv4", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return v6 && errno == ENOENT ? 0 : -errno;
	if (write(fd, "1\n", 2) != 2)
		rc = -errno;
	close(fd);
	return rc;
}

/* The ARPHRD type of an existing interface, -1 when there is none. */
static int route_iface_type(const char *name)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), type = -1;

	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) == 0)
		type = ifr.ifr_hwaddr.sa_family;
	close(fd);
	return type;
}

int route_iface_delete(const char *name)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned index = if_nametoindex(name);
	route_nl_t nl;
	int rc;

	if (!index)
		return 0;
	if ((rc = route_nl_open(&nl)) < 0)
		return rc;
	rc = route_nl_talk(&nl, route_nl_link_msg(buf, RTM_DELLINK, 0, (int)index));
	mnl_socket_close(nl.nl);
	return rc == -ENODEV ? 0 : rc;
}

/* A stale interface of ours (a tunnel of the same name left by a crash) goes; anything else
 * of that name is the operator's and stays. */
static bool route_iface_clear(const route_iface_spec_t *spec, char *err, size_t errlen)
{
	int type = route_iface_type(spec->name), rc;

	if (type < 0)
		return true;
	if (type != ARPHRD_NONE && type != ARPHRD_TUNNEL && type != ARPHRD_TUNNEL6)
		return route_iface_fail(err, errlen, "interface %s: %s: %s", spec->name, "exists",
								"it is not a tunnel interface (an XFRM interface or a VTI); "
								"choose another route_based.name");
	if ((rc = route_iface_delete(spec->name)) < 0)
		return route_iface_fail(err, errlen, "interface %s: %s: %s", spec->name,
								"deleting the stale one", strerror(-rc));
	return true;
}

/* Address, up, policy check, routes on a created link; false with err. */
static bool route_iface_configure(route_nl_t *nl, const route_iface_spec_t *spec,
								  route_iface_kind_t kind, char *err, size_t errlen)
{
	int index = (int)if_nametoindex(spec->name), rc = 0;
	char step[96] = "looking it up";

	if (!index)
		return route_iface_fail(err, errlen, "interface %s: %s: %s", spec->name, step,
								strerror(errno));
	if (spec->inner_address[0] && (rc = route_nl_addr(nl, index, spec->inner_address)) < 0)
		snprintf(step, sizeof(step), "address %s", spec->inner_address);
	if (!rc && kind == ROUTE_IFACE_VTI &&
		(rc = route_disable_policy(spec->name, strchr(spec->local, ':') != NULL)) < 0)
	{
		snprintf(step, sizeof(step), "disable_policy");
		snprintf(nl->why, sizeof(nl->why), "%s", strerror(-rc));
	}
	if (!rc && (rc = route_nl_up(nl, index)) < 0)
		snprintf(step, sizeof(step), "setting it up");
	for (size_t i = 0; !rc && i < spec->n_routes; i++)
	{
		if ((rc = route_nl_route(nl, index, spec->routes[i], spec->source)) < 0)
			snprintf(step, sizeof(step), "route %s", spec->routes[i]);
	}
	if (rc < 0)
		return route_iface_fail(err, errlen, "interface %s: %s: %s", spec->name, step,
								nl->why);
	return true;
}

/* Create the link of the kind asked for; AUTO falls back from XFRMI to VTI. */
static int route_iface_link(route_nl_t *nl, const route_iface_spec_t *spec,
							route_iface_kind_t *used, char *err, size_t errlen)
{
	int rc = -EOPNOTSUPP;

	if (spec->kind != ROUTE_IFACE_VTI)
	{
		*used = ROUTE_IFACE_XFRMI;
		rc = route_nl_newlink(nl, spec, ROUTE_IFACE_XFRMI);
	}
	if (rc == -EOPNOTSUPP && spec->kind != ROUTE_IFACE_XFRMI)
	{
		*used = ROUTE_IFACE_VTI;
		rc = route_nl_newlink(nl, spec, ROUTE_IFACE_VTI);
	}
	if (rc == -EOPNOTSUPP)
		snprintf(err, errlen, "interface %s: %s", spec->name, spec->kind == ROUTE_IFACE_AUTO ?
				 "this kernel has neither XFRM interfaces (CONFIG_XFRM_INTERFACE, module "
				 "xfrm_interface) nor VTIs (CONFIG_NET_IPVTI, module ip_vti)" :
				 spec->kind == ROUTE_IFACE_XFRMI ? "this kernel has no XFRM interfaces "
				 "(CONFIG_XFRM_INTERFACE, module xfrm_interface); \"vti\" or \"auto\" may work" :
				 "this kernel has no VTIs (CONFIG_NET_IPVTI, module ip_vti); \"xfrmi\" or "
				 "\"auto\" may work");
	else if (rc < 0)
		snprintf(err, errlen, "interface %s: creating the %s: %s", spec->name,
				 route_iface_kind_name(*used), nl->why);
	return rc;
}

int route_iface_create(const route_iface_spec_t *spec, route_iface_kind_t *used, char *err,
					   size_t errlen)
{
	route_nl_t nl;
	int rc;

	if (!spec->name[0] || !spec->id)
	{
		snprintf(err, errlen, "interface '%s': needs a name and a non-zero id", spec->name);
		return -EINVAL;
	}
	if (!route_iface_clear(spec, err, errlen))
		return -EEXIST;
	if ((rc = route_nl_open(&nl)) < 0)
	{
		snprintf(err, errlen, "interface %s: netlink: %s", spec->name, strerror(-rc));
		return rc;
	}
	rc = route_iface_link(&nl, spec, used, err, errlen);
	if (!rc && !route_iface_configure(&nl, spec, *used, err, errlen))
	{
		rc = -EIO;
		route_iface_delete(spec->name);
	}
	mnl_socket_close(nl.nl);
	return rc;
}

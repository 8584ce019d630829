/*
 * DOC: IP protocol names and numbers, as AWS writes them
 *
 * The one table every part of vpcsim uses: the loader (security group and
 * network ACL rules), the trace's --proto and --batch "proto", and every
 * renderer.  AWS accepts a protocol name or its IANA number, and "-1" for
 * all protocols (EC2 API Reference, IpPermission.IpProtocol: "tcp", "udp",
 * "icmp", "icmpv6" or a number; CreateNetworkAclEntry, Protocol: "-1" means
 * all).  The other names are IANA's keywords (Assigned Internet Protocol
 * Numbers), as the console shows them.
 */
#include <stdint.h>
#include <stdio.h>
#include <strings.h>

#include "vpcsim/net.h"

static const struct {
	const char *name;
	int num;
} net_protos[] = {
	{"all", NET_PROTO_ALL},
	{"icmp", NET_PROTO_ICMP},
	{"tcp", NET_PROTO_TCP},
	{"udp", NET_PROTO_UDP},
	{"gre", 47},
	{"esp", 50},
	{"ah", 51},
	{"icmpv6", NET_PROTO_ICMPV6},
	{"sctp", 132},
};

#define NET_N_PROTOS (sizeof(net_protos) / sizeof(net_protos[0]))

int net_proto_parse(const char *s, int *out)
{
	if (!s || !out)
		return -1;
	for (size_t i = 0; i < NET_N_PROTOS; i++)
		if (strcasecmp(s, net_protos[i].name) == 0) {
			*out = net_protos[i].num;
			return 0;
		}
	if (s[0] == '-' && s[1] == '1' && s[2] == '\0') {
		*out = NET_PROTO_ALL;
		return 0;
	}
	/* 0-255, decimal, no sign, no leading junk: "6", "047" */
	int v = 0, digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || ++digits > 3)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (digits == 0 || v > 255)
		return -1;
	*out = v;
	return 0;
}

const char *net_proto_name(int proto)
{
	for (size_t i = 0; i < NET_N_PROTOS; i++)
		if (net_protos[i].num == proto)
			return net_protos[i].name;
	return NULL;
}

const char *net_proto_text(int proto, char buf[NET_PROTO_STRLEN])
{
	const char *n = net_proto_name(proto);
	if (n)
		return n;
	snprintf(buf, NET_PROTO_STRLEN, "%d", proto);
	return buf;
}

/*
 * DOC: the VPC data-plane trace -- protocol and direction names
 *
 * The names trace.h gives protocols and directions, for the CLI and the
 * renderers.  The trace itself: trace_ctx.c (the context), trace_run.c
 * (trace_run()), trace_walk.c (the graph of components it drives).
 */
#include <stdio.h>
#include <string.h>

#include "trace/trace.h"

/* ---- protocol names ---- */

const char *trace_proto_text(uint8_t proto, char buf[8])
{
	const char *n = acl_proto_name(proto);
	if (n)
		return n;
	snprintf(buf, 8, "%u", (unsigned)proto);
	return buf;
}

int trace_proto_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcmp(s, "tcp"))
		return ACL_PROTO_TCP;
	if (!strcmp(s, "udp"))
		return ACL_PROTO_UDP;
	if (!strcmp(s, "icmp"))
		return ACL_PROTO_ICMP;
	if (!strcmp(s, "icmpv6"))
		return ACL_PROTO_ICMPV6;
	if (!*s || strlen(s) > 3)
		return -1;
	int v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v <= 255 ? v : -1;
}

const char *trace_dir_name(enum trace_dir d)
{
	switch (d) {
	case TRACE_DIR_INGRESS:
		return "ingress";
	case TRACE_DIR_EGRESS:
		return "egress";
	case TRACE_DIR_NONE:
		break;
	}
	return NULL;
}

/*
 * DOC: the VPC data-plane trace -- protocol and direction names
 *
 * The names trace.h gives protocols and directions, for the CLI and the
 * renderers.  The trace itself: trace_ctx.c (the context), trace_run.c
 * (trace_run()), trace_walk.c (the graph of components it drives).
 */
#include <stdio.h>
#include <string.h>

#include "base/names.h"
#include "vpcsim/trace.h"

/* ---- protocol names ---- */

const char *trace_proto_text(uint8_t proto, char buf[8])
{
	return net_proto_text(proto, buf);
}

int trace_proto_parse(const char *s)
{
	/* A flow has one protocol: "all" / "-1" name no packet. */
	int p;
	if (net_proto_parse(s, &p) != 0 || p == NET_PROTO_ALL)
		return -1;
	return p;
}

NAMES_DEFINE(trace_dir_name, enum trace_dir, TRACE_DIRS, NULL)

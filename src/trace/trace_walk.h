/*
 * DOC: the driver of the path engine (trace_walk.c), as trace_run() uses it
 *
 * @t is a fresh run (trace_int.h) on the path to fill; neither function
 * allocates.
 */
#ifndef VPCSIM_TRACE_TRACE_WALK_H
#define VPCSIM_TRACE_TRACE_WALK_H

#include "trace/trace_int.h"

/* Walk @p from component @start (trace_node.h) to an end: t->arrived
 * when it was delivered.  What the two below, and packet replay, run. */
void trace_walk(struct tr_run *t, struct tr_next start, struct acl_pkt p);
/* The forward path of @p from ENI @src (NULL: a host outside the snapshot,
 * on a site or the internet).  Leaves in t->st where the reply starts. */
void trace_walk_forward(struct tr_run *t, const struct model_eni *src, struct acl_pkt p);
/* Whether the forward path left a reply to walk. */
bool trace_walk_has_reply(const struct tr_state *st);
/* The reply: the forward packet as it arrived, ends and ports swapped (the
 * ICMP echo reply), from where the forward path ended. */
void trace_walk_reply(struct tr_run *t);

#endif

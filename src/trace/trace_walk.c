/*
 * DOC: the driver of the path engine
 *
 * One loop, trace_walk(), runs the graph of trace_node.h: it hands the
 * packet to the handler of the component it is at, which writes the next
 * component, until a handler writes an end.  The forward walk and the
 * reply run through the same loop (and so will packet replay); only where
 * they start differs.  The two guards against routes that go round in circles live
 * here, for every component:
 *
 *  - a step limit: entering a route table (a subnet's or a transit
 *    gateway's) is a route lookup; more than TR_MAX_ROUTE_STEPS in one
 *    direction is a ROUTING_LOOP;
 *  - loop detection: a middlebox the packet already passed, met again in
 *    the same direction, is a ROUTING_LOOP.
 *
 * Nothing is allocated: the packet lives in the loop's frame, the path in
 * the caller's result.
 */
#include <stdlib.h>

#include "trace/trace_walk.h"

#include "trace/trace_node.h"

/* Route lookups per direction before the walk is called a loop. */
#define TR_MAX_ROUTE_STEPS 16

/* What the driver checks before a handler runs, on one of its ports. */
enum tr_guard {
	TR_G_NONE = 0,
	TR_G_LOOKUP, /* a route lookup: counted against TR_MAX_ROUTE_STEPS */
	TR_G_LOOP,   /* coming back to the same component is a loop */
};

struct tr_node {
	tr_node_fn fn;
	uint8_t guard; /* enum tr_guard */
	uint8_t port;  /* the port it applies to */
};

/* The handlers, by component kind. */
static const struct tr_node tr_nodes[TR_K_COUNT] = {
	[TR_K_ENI] = {trace_node_eni, TR_G_LOOP, TR_P_TRANSIT},
	[TR_K_SUBNET] = {trace_node_subnet, TR_G_NONE, 0},
	[TR_K_RTB] = {trace_node_rtb, TR_G_LOOKUP, TR_P_SUBNET},
	[TR_K_VPC] = {trace_node_vpc, TR_G_NONE, 0},
	[TR_K_IGW] = {trace_node_igw, TR_G_NONE, 0},
	[TR_K_EIGW] = {trace_node_eigw, TR_G_NONE, 0},
	[TR_K_NATGW] = {trace_node_natgw, TR_G_NONE, 0},
	[TR_K_VPCE] = {trace_node_vpce, TR_G_NONE, 0},
	[TR_K_PCX] = {trace_node_pcx, TR_G_NONE, 0},
	[TR_K_INTERNET] = {trace_node_internet, TR_G_NONE, 0},
	[TR_K_SERVICE] = {trace_node_service, TR_G_NONE, 0},
	[TR_K_UNSUPPORTED] = {trace_node_unsupported, TR_G_NONE, 0},
	[TR_K_LB] = {trace_node_lb, TR_G_NONE, 0},
	[TR_K_PRIVATELINK] = {trace_node_privatelink, TR_G_NONE, 0},
	[TR_K_GWLB] = {trace_node_gwlb, TR_G_NONE, 0},
	[TR_K_APPLIANCE] = {trace_node_appliance, TR_G_NONE, 0},
	[TR_K_TGW] = {trace_node_tgw, TR_G_NONE, 0},
	[TR_K_TGW_ATT] = {trace_node_tgw_att, TR_G_NONE, 0},
	[TR_K_TGW_RTB] = {trace_node_tgw_rtb, TR_G_LOOKUP, TR_P_IN},
	[TR_K_VGW] = {trace_node_vgw, TR_G_NONE, 0},
	[TR_K_VPN] = {trace_node_vpn, TR_G_NONE, 0},
	[TR_K_VIF] = {trace_node_vif, TR_G_NONE, 0},
	[TR_K_DXGW] = {trace_node_dxgw, TR_G_NONE, 0},
	[TR_K_SITE] = {trace_node_site, TR_G_NONE, 0},
};

/* Whether component @obj was met before on this walk; remembers it when
 * not (the first TR_MAX_SEEN). */
static bool tr_revisit(struct tr_run *t, const void *obj)
{
	for (uint32_t i = 0; i < t->n_mbox; i++)
		if (t->mbox[i] == obj)
			return true;
	if (t->n_mbox < TR_MAX_SEEN)
		t->mbox[t->n_mbox++] = obj;
	return false;
}

/* Whether the walk may enter @n (a guarded port: its obj is a model entity). */
static bool tr_guard_ok(struct tr_run *t, enum tr_guard g, const struct tr_next *n)
{
	const struct model_obj *o = n->obj;
	if (g == TR_G_LOOKUP && ++t->steps > TR_MAX_ROUTE_STEPS) {
		trace_expl_add(t, "ROUTING_LOOP", trace_comp_obj(o), TRACE_DIR_NONE,
			       "more than %d route lookups: the routes form a loop",
			       TR_MAX_ROUTE_STEPS);
		return false;
	}
	if (g == TR_G_LOOP && tr_revisit(t, o)) {
		trace_expl_add(t, "ROUTING_LOOP", trace_comp_obj(o), TRACE_DIR_NONE,
			       "the packet comes back to %s: the routes form a loop", o->id);
		return false;
	}
	return true;
}

void trace_walk(struct tr_run *t, struct tr_next n, struct acl_pkt p)
{
	while (n.kind != TR_K_END) {
		if (n.kind >= TR_K_COUNT)
			abort(); /* a handler returned a component no handler takes */
		const struct tr_node *nd = &tr_nodes[n.kind];
		if (nd->guard && n.port == nd->port && !tr_guard_ok(t, nd->guard, &n))
			return;
		nd->fn(t, &n, &p);
	}
	t->arrived = n.port == TR_STOP_DELIVERED;
}

void trace_walk_forward(struct tr_run *t, const struct model_eni *src, struct acl_pkt p)
{
	/* Amazon DNS, instance metadata, Time Sync, DHCP (node_svc.c) */
	const struct trace_svc *svc = trace_svc_of(src, &p);
	struct tr_next n = svc ? tr_go(TR_K_SERVICE, TR_P_HOST, svc, src) :
			   src ? tr_go(TR_K_ENI, TR_P_SEND, src, NULL) :
				 tr_go(TR_K_SITE, TR_P_ORIGIN, NULL, NULL);
	trace_walk(t, n, p);
}

bool trace_walk_has_reply(const struct tr_state *st)
{
	return st->reply_at.kind != TR_K_END;
}

void trace_walk_reply(struct tr_run *t)
{
	const struct tr_state *st = t->st;
	if (!trace_walk_has_reply(st))
		return;
	struct acl_pkt p = st->end_pkt;
	p.src = st->end_pkt.dst;
	p.dst = st->end_pkt.src;
	p.sport = st->end_pkt.dport;
	p.dport = st->end_pkt.sport;
	p.via = NULL;
	if (p.proto == ACL_PROTO_ICMP) {
		p.icmp_type = 0; /* echo reply */
		p.icmp_code = 0;
	} else if (p.proto == ACL_PROTO_ICMPV6) {
		p.icmp_type = 129;
		p.icmp_code = 0;
	}
	trace_walk(t, st->reply_at, p);
}

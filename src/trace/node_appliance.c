/*
 * DOC: path engine handler -- an appliance the snapshot describes
 *
 * An instance listed in vpcsim's "Appliances" key (model.h, struct
 * model_appliance) passes packets on as its entry says instead of as
 * vpcsim would guess (route_vpc_appliance_out()):
 *
 *  - its rules, first match deciding, allow or drop a new flow (no rule
 *    matching: allowed); a reply of a flow it passed is let through, as a
 *    stateful firewall does;
 *  - its routes (longest prefix first) choose the interface a packet
 *    leaves by; a destination no route of its holds leaves as
 *    route_vpc_appliance_out() says;
 *  - source NAT on an interface: what leaves by it has the interface's
 *    address (or the one given) as its source, and the reply to that
 *    address is translated back and sent on to the original source;
 *  - the ports it answers on itself (Listens), checked where a flow is
 *    addressed to one of its interfaces (node_vpc.c).
 * The interface it leaves by then applies its source/destination check
 * (for a source not its own) and its security groups, as AWS does for any
 * interface (VPC_NAT_Instance.html).
 */
#include <stdio.h>
#include <string.h>

#include "trace/trace_node.h"

/* The interface of @ap's instance its own routes send @dst out of, else
 * the router's choice (vpc_route.h). */
static const struct model_eni *app_out(const struct tr_run *t, const struct model_appliance *ap,
				       const struct model_eni *in, const struct net_addr *dst)
{
	const struct model_eni *best = NULL;
	int best_len = -1;
	for (uint32_t i = 0; i < ap->n_routes; i++) {
		const struct model_app_route *r = &ap->routes[i];
		if (!r->eni || r->eni->instance != ap->instance || !r->eni->subnet ||
		    r->dst.pfx.addr.af != dst->af || !net_prefix_contains(&r->dst.pfx, dst))
			continue;
		if ((int)r->dst.pfx.len > best_len) {
			best = r->eni;
			best_len = (int)r->dst.pfx.len;
		}
	}
	return best ? best : route_vpc_appliance_out(t->c->rv, in, dst);
}

static bool cidr_any_or(const struct model_cidr *c, const struct net_addr *a)
{
	return c->pfx.addr.af == NET_AF_NONE ||
	       (c->pfx.addr.af == a->af && net_prefix_contains(&c->pfx, a));
}

/* The first rule of @ap that matches @p, or NULL; its index in *at. */
static const struct model_app_rule *app_rule(const struct model_appliance *ap,
					     const struct acl_pkt *p, uint32_t *at)
{
	for (uint32_t i = 0; i < ap->n_rules; i++) {
		const struct model_app_rule *r = &ap->rules[i];
		if (r->proto >= 0 && r->proto != p->proto)
			continue;
		if (r->has_ports && (!trace_has_ports(p) || p->dport < r->from || p->dport > r->to))
			continue;
		if (!cidr_any_or(&r->src, &p->src) || !cidr_any_or(&r->dst, &p->dst))
			continue;
		*at = i;
		return r;
	}
	return NULL;
}

bool trace_appliance_listens(const struct model_appliance *ap, const struct acl_pkt *p)
{
	if (!ap->n_listens)
		return true; /* nothing said: it answers */
	for (uint32_t i = 0; i < ap->n_listens; i++) {
		const struct model_app_listen *l = &ap->listens[i];
		if ((l->proto < 0 || l->proto == p->proto) &&
		    (!trace_has_ports(p) || !l->port || l->port == p->dport))
			return true;
	}
	return false;
}

/* Out of interface @out (the packet entered by @in). */
static struct tr_next *app_leave(struct tr_run *t, struct tr_next *n, const struct model_eni *in,
				 const struct model_eni *out, struct acl_pkt *p)
{
	if (out != in && out->source_dest_check && !trace_eni_has_addr(out, &p->src)) {
		char a[NET_PREFIX_STRLEN];
		trace_expl_add(t, "ENI_SOURCE_DEST_CHECK_RESTRICTION", trace_comp_obj(&out->obj),
			       TRACE_DIR_EGRESS,
			       "source/destination check is enabled on %s: it drops traffic from "
			       "%s, "
			       "which is not its own address",
			       out->obj.id, trace_addr_text(t, &p->src, a));
	}
	trace_sg_check(t, out, true, p, false);
	return tr_put(n, TR_K_SUBNET, TR_P_OUT, out->subnet, NULL);
}

struct tr_next *trace_node_appliance(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model_appliance *ap = n->obj;
	const struct model_eni *in = n->from;
	struct tr_state *st = t->st;
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&ap->obj), p);
	h->kind = TRACE_D_GATEWAY;
	h->subnet = in->subnet;
	if (n->port == TR_P_IN) {
		/* the reply to its source NAT address: back to the original source */
		trace_hop_xlate(h, p, false, &st->app_orig_src, st->app_orig_sport);
		return app_leave(t, n, in, app_out(t, ap, in, &p->dst), p);
	}
	char pr[8], a[NET_PREFIX_STRLEN], b[NET_PREFIX_STRLEN];
	if (!t->reply) {
		uint32_t at = 0;
		const struct model_app_rule *r = app_rule(ap, p, &at);
		if (r && !r->allow)
			return tr_drop(
				t, n, h, "APPLIANCE_RULES_RESTRICTION", TRACE_DIR_NONE,
				"rule %u of appliance %s (Appliances) drops %s from %s to %s",
				(unsigned)at + 1, ap->instance_id, trace_proto_text(p->proto, pr),
				trace_addr_text(t, &p->src, a), trace_addr_text(t, &p->dst, b));
		h->note = r ? "its rule allows the flow (Appliances)" :
			      "no rule of it matches: allowed (Appliances)";
	} else {
		/* a stateful firewall passes the replies of the flows it passed,
		 * nothing else: a reply routed through another one is dropped */
		bool passed = false;
		for (uint32_t i = 0; ap->instance && i < ap->instance->n_enis && !passed; i++)
			passed = ap->instance->enis[i] && trace_seen(t, ap->instance->enis[i]);
		if (!passed)
			return tr_drop(t, n, h, "APPLIANCE_RULES_RESTRICTION", TRACE_DIR_NONE,
				       "appliance %s holds no state for this reply: the flow went "
				       "out "
				       "through another path (asymmetric routing)",
				       ap->instance_id);
		h->stateful = true;
		h->note = "the reply of a flow it passed";
	}
	const struct model_eni *out = app_out(t, ap, in, &p->dst);
	if (!t->reply && ap->snat_eni == out && out->n_ips) {
		const struct net_addr *addr = ap->snat_addr.af ? &ap->snat_addr : &out->ips[0].priv;
		st->app = ap;
		st->app_addr = *addr;
		st->app_orig_src = p->src;
		st->app_orig_sport = p->sport;
		trace_hop_xlate(h, p, true, addr, p->sport);
	}
	return app_leave(t, n, in, out, p);
}

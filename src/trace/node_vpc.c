/*
 * DOC: path engine handlers -- inside a VPC
 *
 * The network interface (a host sending, the packet arriving, a middlebox
 * passing it on), the subnet boundary with its network ACL, the route
 * table (a subnet's, or an internet gateway's gateway route table) and the
 * VPC router's local delivery and internet edge.  Filters (security
 * groups, network ACLs, source/destination check) that block record an
 * explanation and let the packet go on, so that every blocking setting on
 * the path is named; routing failures end the walk.
 *
 * AWS pages behind the rules: vpc-security-groups.html (stateful),
 * vpc-network-acls.html (stateless, subnet boundary only),
 * VPC_Route_Tables.html, gateway-route-tables.html (ingress routing),
 * VPC_NAT_Instance.html (source/destination check),
 * reachability/explanation-codes.html.
 */
#include <stdio.h>
#include <string.h>

#include "trace/trace_node.h"

#define TR_MTU_VPCE 8500 /* an interface endpoint (PrivateLink quotas) */

/* ---- network interface ---- */

/* An instance that is not running neither sends nor answers (the ENI stays
 * in its subnet; ec2 instance lifecycle).  Records BAD_STATE on the ENI. */
static bool eni_instance_down(struct tr_run *t, const struct model_eni *e, enum trace_dir dir)
{
	const struct model_instance *i = e->instance;
	if (!i || !i->state || !strcmp(i->state, "running"))
		return false;
	trace_expl_add(t, "BAD_STATE", trace_comp_obj(&e->obj), dir,
		       "instance %s is %s, not running: it %s", i->obj.id, i->state,
		       dir == TRACE_DIR_EGRESS ? "sends nothing" : "does not answer");
	return true;
}

/* The components that answer for the network interfaces they own
 * (requester-managed ENIs): a packet addressed to one is the owner's,
 * entered on TR_P_ADDRESSED with the ENI as `from`.  Owners not listed
 * (interface endpoints) answer as hosts. */
static const uint8_t eni_owner_node[MODEL_KIND_COUNT] = {
	[MODEL_NATGW] = TR_K_NATGW,
	[MODEL_LB] = TR_K_LB,
};

/* The packet reaches ENI @d, from subnet @from (NULL: from outside the VPC). */
static struct tr_next *eni_arrive(struct tr_run *t, struct tr_next *n, const struct model_eni *d,
				  const struct model_subnet *from, struct acl_pkt *p)
{
	if (d->subnet != from)
		trace_nacl_check(t, d->subnet, false, p);
	/* an ENI a managed component owns: addressed to that component */
	const struct model_obj *owner = d->owner;
	if (owner && (unsigned)owner->kind < MODEL_KIND_COUNT && eni_owner_node[owner->kind])
		return tr_put(n, eni_owner_node[owner->kind], TR_P_ADDRESSED, owner, d);
	if (trace_eni_has_addr(d, &p->dst)) {
		struct trace_hop *h = trace_sg_check(t, d, false, p, true);
		if (eni_instance_down(t, d, TRACE_DIR_INGRESS))
			return tr_stop(n, TR_STOP_DROPPED);
		const struct model_appliance *ap = d->instance ? d->instance->appliance : NULL;
		if (ap && t->reply && t->st->app == ap && net_addr_eq(&p->dst, &t->st->app_addr)) {
			/* the reply to its source NAT address */
			h->action = "allowed";
			return tr_put(n, TR_K_APPLIANCE, TR_P_IN, ap, d);
		}
		if (ap && !t->reply && !trace_appliance_listens(ap, p)) {
			char pr[8];
			return tr_drop(t, n, h, "TARGET_PORT_RESTRICTION", TRACE_DIR_INGRESS,
				       "appliance %s answers %s port %u on none of its Listens "
				       "(Appliances)",
				       ap->instance_id, trace_proto_text(p->proto, pr),
				       (unsigned)p->dport);
		}
		if (owner && owner->kind == MODEL_VPCE && !t->reply)
			/* what an interface endpoint carries: MTU 8500, a larger
			 * packet dropped, no path MTU discovery, TCP's MSS clamped
			 * (privatelink/vpc-limits-endpoints.html) */
			trace_mtu_strict(t, h, TR_MTU_VPCE);
		if (owner && owner->kind == MODEL_VPCE && !t->reply &&
		    MODEL_AS(const struct model_vpce, owner)->svc) {
			/* an endpoint of a service the snapshot holds: PrivateLink
			 * carries the connection on to the provider's NLB */
			if (strcmp(h->action, "denied") != 0)
				h->action = "allowed";
			return tr_put(n, TR_K_PRIVATELINK, TR_P_IN, owner, d);
		}
		if (owner && owner->kind == MODEL_VPCE && !t->reply && !t->blocked) {
			/* an interface endpoint: the AWS service behind it answers
			 * on its own TCP ports only, even where its security group
			 * allows more (a flow its group refuses says so already) */
			const struct model_vpce *e = MODEL_AS(const struct model_vpce, owner);
			bool ok;
			const char *ports = trace_aws_service_ports(e->service_name, p->dport, &ok);
			char pr[8];
			if (ports && p->proto != ACL_PROTO_TCP)
				return tr_drop(t, n, h, "PROTOCOL_RESTRICTION", TRACE_DIR_INGRESS,
					       "%s (interface endpoint %s) answers %s only, not %s",
					       e->service_name, e->obj.id, ports,
					       trace_proto_text(p->proto, pr));
			if (ports && !ok)
				return tr_drop(t, n, h, "TARGET_PORT_RESTRICTION",
					       TRACE_DIR_INGRESS,
					       "%s (interface endpoint %s) answers on %s only, not "
					       "port %u",
					       e->service_name, e->obj.id, ports,
					       (unsigned)p->dport);
		}
		return tr_delivered(t, n, tr_go(TR_K_ENI, TR_P_SEND, d, NULL), p);
	}
	/* A middlebox: routed to this ENI, addressed elsewhere. */
	return tr_put(n, TR_K_ENI, TR_P_TRANSIT, d, NULL);
}

/* Source/destination check on @e drops a packet that is neither from nor
 * to one of its addresses (VPC_NAT_Instance.html). */
static void eni_src_dst_check(struct tr_run *t, const struct model_eni *e, enum trace_dir dir,
			      const struct net_addr *a)
{
	if (!e->source_dest_check)
		return;
	char b[NET_PREFIX_STRLEN];
	trace_expl_add(t, "ENI_SOURCE_DEST_CHECK_RESTRICTION", trace_comp_obj(&e->obj), dir,
		       "source/destination check is enabled on %s: it drops traffic %s %s, which "
		       "is not its own address (disable it on a NAT instance or appliance)",
		       e->obj.id, dir == TRACE_DIR_INGRESS ? "for" : "from",
		       trace_addr_text(t, a, b));
}

/* Middlebox @d (the driver has ruled out a loop) passes the packet on. */
static struct tr_next *eni_transit(struct tr_run *t, struct tr_next *n, const struct model_eni *d,
				   struct acl_pkt *p)
{
	trace_sg_check(t, d, false, p, false);
	eni_src_dst_check(t, d, TRACE_DIR_INGRESS, &p->dst);
	const struct model_appliance *ap = d->instance ? d->instance->appliance : NULL;
	if (ap) /* what it does is in the snapshot */
		return tr_put(n, TR_K_APPLIANCE, TR_P_TRANSIT, ap, d);
	const struct model_eni *out = route_vpc_appliance_out(t->c->rv, d, &p->dst);
	if (out != d) {
		trace_info_add(t, "PATH_THROUGH_APPLIANCE_NOT_CHECKED", trace_comp_obj(&d->obj),
			       "appliance %s takes the packet in on %s and sends it out of %s, the "
			       "interface whose subnet leads to the destination; what its own "
			       "software does (policy, NAT) is not in the snapshot and is not "
			       "checked",
			       d->instance->obj.id, d->obj.id, out->obj.id);
		if (!trace_eni_has_addr(out, &p->src))
			eni_src_dst_check(t, out, TRACE_DIR_EGRESS, &p->src);
	}
	trace_sg_check(t, out, true, p, false);
	return tr_put(n, TR_K_SUBNET, TR_P_OUT, out->subnet, NULL);
}

struct tr_next *trace_node_eni(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model_eni *e = n->obj;
	switch (n->port) {
	case TR_P_ARRIVE:
		return eni_arrive(t, n, e, n->from, p);
	case TR_P_TRANSIT:
		return eni_transit(t, n, e, p);
	default: /* TR_P_SEND: the host sends */
		break;
	}
	if (eni_instance_down(t, e, TRACE_DIR_EGRESS))
		return tr_stop(n, TR_STOP_DROPPED);
	trace_sg_check(t, e, true, p, false);
	return tr_put(n, TR_K_SUBNET, TR_P_OUT, e->subnet, NULL);
}

/* ---- subnet boundary ---- */

/* The packet leaves subnet @s (from an ENI or a NAT gateway in it). */
struct tr_next *trace_node_subnet(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model_subnet *s = n->obj;
	if (!s) {
		/* The sender (the last hop: an ENI or a NAT gateway) names a
		 * subnet the snapshot does not hold, e.g. a partial collection. */
		const struct trace_path *pa = t->path;
		struct trace_comp c = pa->n_hops ? pa->hops[pa->n_hops - 1].comp :
						   trace_comp_id(trace_internet_id, "internet");
		trace_expl_add(t, "UNASSOCIATED_COMPONENT", c, TRACE_DIR_NONE,
			       "%s is in no subnet of the snapshot: its route table and network "
			       "ACL are unknown",
			       c.id);
		return tr_stop(n, TR_STOP_HALTED);
	}
	const struct tr_state *st = t->st;
	if (t->reply && st->lb_preserve && !st->lb_back && s == st->lb_target_subnet) {
		/* a target answering a client whose address a Network Load
		 * Balancer preserved: the load balancer tracks the flow and
		 * carries the reply whatever the route table says; the subnet's
		 * network ACL sees the client's address (node_lb.c) */
		if (s != st->lb_eni->subnet)
			trace_nacl_check(t, s, true, p);
		return tr_put(n, TR_K_LB, TR_P_ADDRESSED, st->lb, st->lb_eni);
	}
	const struct model_eni *d = model_eni_by_private_ip_in(t->c->m, s->vpc, &p->dst);
	if (d && d->subnet == s) /* inside one subnet: no route table, no network ACL */
		return tr_put(n, TR_K_ENI, TR_P_ARRIVE, d, s);
	trace_nacl_check(t, s, true, p);
	return tr_put(n, TR_K_RTB, TR_P_SUBNET, s, NULL);
}

/* ---- route tables ---- */

/* A route's destination as written: its CIDR, or its prefix list. */
static const char *rtb_route_text(const struct model_route *r)
{
	return r->dst.text ? r->dst.text : r->dst_pl_id ? r->dst_pl_id : "?";
}

/* Route targets: the component a route leads to, by the route's target
 * type and the kind of object its id resolved to (an egress-only IGW id
 * may name either kind of internet gateway, a gateway id a gateway or GWLB
 * endpoint).  The component is entered on TR_P_ROUTED, from the subnet
 * whose table chose the route; a pair not listed leads somewhere vpcsim
 * does not follow.  The local route and network interface targets are
 * rtb_target()'s own. */
static const uint8_t rtb_target_node[TGT_UNKNOWN + 1][MODEL_KIND_COUNT] = {
	[TGT_IGW] = {[MODEL_IGW] = TR_K_IGW, [MODEL_EIGW] = TR_K_EIGW, [MODEL_VPCE] = TR_K_VPCE},
	[TGT_EIGW] = {[MODEL_EIGW] = TR_K_EIGW, [MODEL_IGW] = TR_K_EIGW},
	[TGT_NATGW] = {[MODEL_NATGW] = TR_K_NATGW},
	[TGT_PCX] = {[MODEL_PCX] = TR_K_PCX},
	[TGT_VPCE] = {[MODEL_VPCE] = TR_K_VPCE},
	[TGT_TGW] = {[MODEL_TGW] = TR_K_TGW},
	[TGT_VGW] = {[MODEL_VGW] = TR_K_VGW},
};

/* Where route @r of subnet @s's table sends the packet (the route table's
 * hop is @h). */
static struct tr_next *rtb_target(struct tr_run *t, struct tr_next *n, const struct model_subnet *s,
				  const struct model_route *r, struct trace_hop *h,
				  const char *dst_text)
{
	const struct model_obj *o = r->target_obj;
	if (r->target == TGT_LOCAL)
		return tr_put(n, TR_K_VPC, TR_P_LOCAL, s->vpc, s);
	if (r->target == TGT_ENI || r->target == TGT_INSTANCE) {
		const struct model_eni *e = route_vpc_target_eni(r);
		if (e && e->subnet)
			return tr_put(n, TR_K_ENI, TR_P_ARRIVE, e, s);
		return tr_drop(t, n, h, "BAD_STATE_ROUTE", TRACE_DIR_NONE,
			       "route %s -> %s: the target has no network interface in a subnet",
			       dst_text, r->target_id ? r->target_id : "?");
	}
	uint8_t k = (unsigned)r->target <= TGT_UNKNOWN && (unsigned)o->kind < MODEL_KIND_COUNT ?
			    rtb_target_node[r->target][o->kind] :
			    TR_K_END;
	if (k != TR_K_END)
		return tr_put(n, k, TR_P_ROUTED, o, s);
	return tr_put(n, TR_K_UNSUPPORTED, TR_P_NONE, r, NULL);
}

/* A hop at route table @rtb with its lookup of p.dst (route/vpc_route.h):
 * the route taken in h->route (NULL: none) and the ones that lost. */
static struct trace_hop *rtb_lookup(struct tr_run *t, const struct model_rtb *rtb,
				    const struct acl_pkt *p)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&rtb->obj), p);
	h->kind = TRACE_D_ROUTE;
	h->rtb = rtb;
	struct route_match mt;
	h->route = route_vpc_lookup(t->c->rv, rtb, &p->dst, &mt, h->lost, TRACE_MAX_LOST);
	h->n_lost = mt.n_lost;
	h->n_lost_total = mt.n_lost_total;
	h->route_pfx = mt.pfx;
	return h;
}

/* Subnet @s's route table (the driver counts the lookup against loops). */
static struct tr_next *rtb_subnet(struct tr_run *t, struct tr_next *n, const struct model_subnet *s,
				  struct acl_pkt *p)
{
	char a[NET_PREFIX_STRLEN];
	if (!s->vpc) {
		struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&s->obj), p);
		return tr_drop(t, n, h, "UNASSOCIATED_COMPONENT", TRACE_DIR_NONE,
			       "subnet %s belongs to a VPC that is not in the snapshot (%s)",
			       s->obj.id, s->vpc_id ? s->vpc_id : "no VpcId");
	}
	const struct model_rtb *rtb = s->rtb;
	if (!rtb) {
		struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&s->obj), p);
		return tr_drop(t, n, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "subnet %s has no route table", s->obj.id);
	}
	struct trace_hop *h = rtb_lookup(t, rtb, p);
	h->subnet = s;
	const struct model_route *r = h->route;
	if (!r) {
		return tr_drop(t, n, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "route table %s has no route for %s", rtb->obj.id,
			       trace_addr_text(t, &p->dst, a));
	}
	const char *dst_text = rtb_route_text(r);
	if (r->blackhole || (r->target != TGT_LOCAL && !r->target_obj)) {
		return tr_drop(t, n, h, "BAD_STATE_ROUTE", TRACE_DIR_NONE,
			       "route %s -> %s in %s is a blackhole: its target %s", dst_text,
			       r->target_id ? r->target_id : "?", rtb->obj.id,
			       r->blackhole ? "is gone" : "is not in the snapshot");
	}
	return rtb_target(t, n, s, r, h, dst_text);
}

static bool eni_has_public_v4(const struct model_eni *e)
{
	for (uint32_t i = 0; i < e->n_ips; i++)
		if (e->ips[i].pub.af == NET_AF_INET)
			return true;
	return false;
}

/* Ingress routing: the gateway route table @edge of the internet gateway
 * the packet entered VPC @v through. */
static struct tr_next *rtb_gateway(struct tr_run *t, struct tr_next *n,
				   const struct model_rtb *edge, const struct model_vpc *v,
				   struct acl_pkt *p)
{
	char a[NET_PREFIX_STRLEN];
	struct trace_hop *r = rtb_lookup(t, edge, p);
	const struct model_route *rt = r->route;
	if (rt && !rt->blackhole && (rt->target == TGT_ENI || rt->target == TGT_INSTANCE)) {
		const struct model_eni *e = route_vpc_target_eni(rt);
		if (e && e->subnet && p->dst.af == NET_AF_INET && !eni_has_public_v4(e)) {
			/* gateway-route-tables.html: for traffic through an internet
			 * gateway, the target network interface must have a public
			 * IP address */
			return tr_drop(t, n, r, "INGRESS_RTB_NO_PUBLIC_IP", TRACE_DIR_INGRESS,
				       "gateway route table %s sends %s (route %s) to %s, which "
				       "has no public IPv4 address: the appliance cannot receive "
				       "traffic from the internet",
				       edge->obj.id, trace_addr_text(t, &p->dst, a),
				       rtb_route_text(rt), e->obj.id);
		}
		if (e && e->subnet)
			return tr_put(n, TR_K_ENI, TR_P_ARRIVE, e, NULL);
	}
	/* gateway-route-tables.html: a gateway route table of an internet
	 * gateway sends traffic to the local route, a network interface or
	 * a Gateway Load Balancer endpoint, nowhere else. */
	const struct model_obj *to = rt ? rt->target_obj : NULL;
	if (rt && !rt->blackhole && to && to->kind == MODEL_VPCE &&
	    MODEL_AS(const struct model_vpce, to)->type == VPCE_GWLB)
		return tr_put(n, TR_K_VPCE, TR_P_ROUTED, to, NULL);
	if (!rt) {
		return tr_drop(t, n, r, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_INGRESS,
			       "gateway route table %s has no route for %s", edge->obj.id,
			       trace_addr_text(t, &p->dst, a));
	}
	const char *rdst = rtb_route_text(rt);
	if (rt->target != TGT_LOCAL) {
		/* The table redirects the traffic somewhere that cannot take
		 * it: a target that is gone (an appliance terminated), an
		 * interface in no subnet, or a kind of target a gateway route
		 * table does not support. */
		char why[96];
		if (rt->blackhole || !to)
			snprintf(why, sizeof(why), "its target %s is gone (blackhole)",
				 rt->target_id ? rt->target_id : "?");
		else if (to->kind == MODEL_ENI || to->kind == MODEL_INSTANCE)
			snprintf(why, sizeof(why), "its target %s is in no subnet of the snapshot",
				 to->id ? to->id : "?");
		else
			snprintf(why, sizeof(why),
				 "its target %s is a %s, which a gateway route table "
				 "cannot send to",
				 to->id ? to->id : "?", model_kind_name(to->kind));
		return tr_drop(t, n, r, "INGRESS_RTB_TRAFFIC_REDIRECTION", TRACE_DIR_INGRESS,
			       "gateway route table %s redirects %s (route %s): %s", edge->obj.id,
			       trace_addr_text(t, &p->dst, a), rdst, why);
	}
	return tr_put(n, TR_K_VPC, TR_P_LOCAL, v, NULL);
}

struct tr_next *trace_node_rtb(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	if (n->port == TR_P_GATEWAY)
		return rtb_gateway(t, n, n->obj, n->from, p);
	return rtb_subnet(t, n, n->obj, p);
}

/* ---- the VPC router ---- */

/* The packet is in VPC @v, addressed inside it (the local route, or arrival
 * through a gateway or a peering), from subnet @from (NULL: outside). */
static struct tr_next *vpc_local(struct tr_run *t, struct tr_next *n, const struct model_vpc *v,
				 const struct model_subnet *from, struct acl_pkt *p)
{
	char a[NET_PREFIX_STRLEN];
	/* the address within @v: another VPC may reuse @v's CIDR */
	const struct model_eni *d = model_eni_by_private_ip_in(t->c->m, v, &p->dst);
	if (d && d->subnet && (d->vpc == v || !d->vpc))
		return tr_put(n, TR_K_ENI, TR_P_ARRIVE, d, from);
	if (!v) {
		trace_expl_add(t, "UNASSOCIATED_COMPONENT",
			       trace_comp_id(t->reply ? t->res->src_text : t->res->dst_text, "hos"
											     "t"),
			       TRACE_DIR_NONE, "the destination's VPC is not in the snapshot");
		return tr_stop(n, TR_STOP_HALTED);
	}
	const struct model_natgw *nat = trace_nat_of(t->c, &p->dst);
	if (nat && nat->vpc == v && net_addr_eq(&p->dst, &nat->addrs[0].priv)) {
		if (nat->subnet != from)
			trace_nacl_check(t, nat->subnet, false, p);
		return tr_put(n, TR_K_NATGW, TR_P_ADDRESSED, nat, NULL);
	}
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&v->obj), p);
	return tr_drop(t, n, h, "NO_POSSIBLE_DESTINATION", TRACE_DIR_NONE,
		       "no network interface of %s has the address %s", v->obj.id,
		       trace_addr_text(t, &p->dst, a));
}

/* The packet comes from the internet to VPC @v: through its internet
 * gateway, or for IPv6 as the reply of a connection that left through its
 * egress-only internet gateway. */
static struct tr_next *vpc_edge(struct tr_run *t, struct tr_next *n, const struct model_vpc *v,
				struct acl_pkt *p)
{
	char a[NET_PREFIX_STRLEN];
	const struct model_igw *eigw = trace_vpc_eigw(t->c, v);
	const struct model_igw *g = v->igw;
	if (p->dst.af == NET_AF_INET6) {
		if (t->reply && t->st->eigw && t->st->eigw == eigw)
			return tr_put(n, TR_K_EIGW, TR_P_IN, eigw, v);
		if (g)
			return tr_put(n, TR_K_IGW, TR_P_IN, g, v);
		if (eigw) /* it drops what was not initiated from the VPC */
			return tr_put(n, TR_K_EIGW, TR_P_IN, eigw, v);
	} else if (g) {
		return tr_put(n, TR_K_IGW, TR_P_IN, g, v);
	}
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&v->obj), p);
	return tr_drop(t, n, h, "NO_PATH", TRACE_DIR_INGRESS,
		       "%s has no internet gateway: nothing on the internet "
		       "reaches %s",
		       v->obj.id, trace_addr_text(t, &p->dst, a));
}

struct tr_next *trace_node_vpc(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	if (n->port == TR_P_EDGE)
		return vpc_edge(t, n, n->obj, p);
	return vpc_local(t, n, n->obj, n->from, p);
}

/*
 * DOC: the hop-by-hop walk of a trace
 *
 * Each function handles the packet at one kind of place (an ENI, a subnet
 * boundary, a route table, a gateway) and hands it to the next, so the C
 * call chain is the path.  Filters (security groups, network ACLs, source/
 * destination check) that block record an explanation and let the packet
 * go on, so that every blocking setting on the path is named; routing
 * failures end the walk.
 *
 * AWS pages behind the rules: vpc-security-groups.html (stateful),
 * vpc-network-acls.html (stateless, subnet boundary only),
 * VPC_Route_Tables.html, VPC_Internet_Gateway.html (1:1 NAT),
 * egress-only-internet-gateway.html, vpc-nat-gateway.html,
 * peering/vpc-peering-basics.html (no transitive or edge-to-edge routing),
 * vpc-endpoints-s3.html (gateway endpoints), VPC_NAT_Instance.html
 * (source/destination check), reachability/explanation-codes.html.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "trace/trace_int.h"

/* Route lookups per direction before the walk is called a loop. */
#define TR_MAX_ROUTE_STEPS 16

/* ---- routing ---- */

static void tr_leave(struct tr_run *t, const struct model_subnet *s, struct acl_pkt p);
static void tr_local(struct tr_run *t, const struct model_vpc *v, struct acl_pkt p,
		     const struct model_subnet *from);
static void tr_internet(struct tr_run *t, struct acl_pkt p);

/* A packet addressed to a NAT gateway's own address. */
static void tr_nat_addressed(struct tr_run *t, const struct model_natgw *nat, struct acl_pkt p)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&nat->obj), &p);
	char a[NET_PREFIX_STRLEN];
	if (t->reply && t->st->nat == nat && net_addr_eq(&p.dst, &t->st->nat_addr)) {
		h->kind = TRACE_D_XLATE;
		h->action = "translated";
		h->xlate_src = false;
		h->xlate_from = p.dst;
		h->xlate_to = t->st->nat_orig_src;
		h->xport_from = p.dport;
		h->xport_to = t->st->nat_orig_sport;
		p.dst = t->st->nat_orig_src;
		if (trace_has_ports(&p))
			p.dport = t->st->nat_orig_sport;
		h->pkt = p;
		tr_leave(t, nat->subnet, p);
		return;
	}
	trace_hop_drop(t, h, "NGW_UNSOLICITED_TRAFFIC", TRACE_DIR_INGRESS,
		       "NAT gateway %s accepts no connection from outside: only replies to "
		       "connections "
		       "it translated for its own VPC pass (packet to %s)",
		       nat->obj.id, trace_addr_text(&p.dst, a));
}

/* Route target: a NAT gateway.  SNAT to its private address; the subnet's
 * route table then takes the packet (to the IGW for a public NAT). */
static void tr_nat_route(struct tr_run *t, const struct model_natgw *nat, struct acl_pkt p,
			 const struct model_subnet *from)
{
	if (nat->subnet != from)
		trace_nacl_check(t, nat->subnet, false, &p);
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&nat->obj), &p);
	char a[NET_PREFIX_STRLEN];
	if (nat->state && strcmp(nat->state, "available")) {
		trace_hop_drop(t, h, "BAD_STATE", TRACE_DIR_NONE,
			       "NAT gateway %s is %s, not available", nat->obj.id, nat->state);
		return;
	}
	if (t->reply) {
		trace_hop_drop(t, h, "NGW_UNSOLICITED_TRAFFIC", TRACE_DIR_EGRESS,
			       "the reply is routed to NAT gateway %s, which never saw the "
			       "connection "
			       "(it was not initiated through it) and drops the packet",
			       nat->obj.id);
		return;
	}
	/* Sources of other VPCs may use it through a transit gateway
	 * (tgw/transit-gateway-nat-igw.html, centralized egress), not
	 * through a peering, a VPN or Direct Connect. */
	if (!trace_in_vpc(nat->vpc, &p.src) && t->tgw_vpc != nat->vpc) {
		trace_hop_drop(t, h, "NGW_REQUIRES_SOURCE_IN_VPC", TRACE_DIR_NONE,
			       "NAT gateway %s serves only sources in its own VPC or coming "
			       "through a transit gateway; %s is neither (peering, VPN and "
			       "Direct Connect traffic cannot use it)",
			       nat->obj.id, trace_addr_text(&p.src, a));
		return;
	}
	if (!trace_has_ports(&p) && p.proto != ACL_PROTO_ICMP) {
		trace_hop_drop(t, h, "PROTOCOL_RESTRICTION", TRACE_DIR_NONE,
			       "NAT gateway %s translates TCP, UDP and ICMP only", nat->obj.id);
		return;
	}
	const struct model_natgw_addr *na = NULL;
	for (uint32_t i = 0; i < nat->n_addrs && !na; i++)
		if (nat->addrs[i].primary && nat->addrs[i].priv.af == p.src.af)
			na = &nat->addrs[i];
	for (uint32_t i = 0; i < nat->n_addrs && !na; i++)
		if (nat->addrs[i].priv.af == p.src.af)
			na = &nat->addrs[i];
	if (!na) {
		trace_hop_drop(t, h, "BAD_STATE", TRACE_DIR_NONE,
			       "NAT gateway %s has no private address for this address family",
			       nat->obj.id);
		return;
	}
	t->st->nat = nat;
	t->st->nat_addr = na->priv;
	t->st->nat_orig_src = p.src;
	t->st->nat_orig_sport = p.sport;
	h->kind = TRACE_D_XLATE;
	h->action = "translated";
	h->xlate_src = true;
	h->xlate_from = p.src;
	h->xlate_to = na->priv;
	h->xport_from = h->xport_to = p.sport; /* vpcsim keeps the port; AWS picks 1024-65535 */
	p.src = na->priv;
	h->pkt = p;
	tr_leave(t, nat->subnet, p);
}

static void tr_igw_out(struct tr_run *t, const struct model_igw *g, const struct model_vpc *v,
		       struct acl_pkt p)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&g->obj), &p);
	char a[NET_PREFIX_STRLEN];
	if (!trace_igw_attached(g, v)) {
		trace_hop_drop(t, h, "BAD_STATE_ATTACHMENT", TRACE_DIR_NONE,
			       "internet gateway %s is not attached to %s", g->obj.id, v->obj.id);
		return;
	}
	if (trace_in_vpc(v, &p.dst)) {
		trace_hop_drop(t, h, "IGW_DESTINATION_ADDRESS_IN_VPC_CIDRS", TRACE_DIR_EGRESS,
			       "%s is inside %s: an internet gateway does not route it",
			       trace_addr_text(&p.dst, a), v->obj.id);
		return;
	}
	h->kind = TRACE_D_GATEWAY;
	if (p.src.af == NET_AF_INET) {
		/* 1:1 NAT between the private address and its public IP / EIP */
		const struct net_addr *pub = trace_pub_of(t->c, &p.src);
		if (!pub) {
			trace_hop_drop(t, h, "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
				       TRACE_DIR_EGRESS,
				       "%s has no public IPv4 address or Elastic IP: internet "
				       "gateway %s "
				       "cannot translate it",
				       trace_addr_text(&p.src, a), g->obj.id);
			return;
		}
		h->kind = TRACE_D_XLATE;
		h->action = "translated";
		h->xlate_src = true;
		h->xlate_from = p.src;
		h->xlate_to = *pub;
		h->xport_from = h->xport_to = p.sport;
		p.src = *pub;
		h->pkt = p;
	}
	tr_internet(t, p);
}

static void tr_eigw_out(struct tr_run *t, const struct model_igw *g, const struct model_vpc *v,
			struct acl_pkt p)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&g->obj), &p);
	h->kind = TRACE_D_GATEWAY;
	if (!trace_igw_attached(g, v)) {
		trace_hop_drop(t, h, "BAD_STATE_ATTACHMENT", TRACE_DIR_NONE,
			       "egress-only internet gateway %s is not attached to %s", g->obj.id,
			       v->obj.id);
		return;
	}
	if (p.dst.af != NET_AF_INET6) {
		trace_hop_drop(t, h, "PROTOCOL_RESTRICTION", TRACE_DIR_EGRESS,
			       "egress-only internet gateway %s carries IPv6 only", g->obj.id);
		return;
	}
	if (t->reply) {
		/* The connection came in from outside: an egress-only IGW only
		 * passes connections initiated from the VPC. */
		trace_hop_drop(t, h, "EIGW_INBOUND_RESTRICTION", TRACE_DIR_EGRESS,
			       "egress-only internet gateway %s never saw this connection go out "
			       "(it was "
			       "initiated from outside) and drops the reply",
			       g->obj.id);
		return;
	}
	t->st->eigw = g;
	tr_internet(t, p);
}

static void tr_pcx(struct tr_run *t, const struct model_pcx *x, const struct model_vpc *v,
		   struct acl_pkt p)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&x->obj), &p);
	h->kind = TRACE_D_PEERING;
	char a[NET_PREFIX_STRLEN];
	if (!x->status || strcmp(x->status, "active")) {
		trace_hop_drop(t, h, "BAD_STATE", TRACE_DIR_NONE,
			       "peering connection %s is %s, not active", x->obj.id,
			       x->status ? x->status : "in an unknown state");
		return;
	}
	const struct model_pcx_side *peer = NULL;
	if (x->requester.vpc == v ||
	    (x->requester.vpc_id && !strcmp(x->requester.vpc_id, v->obj.id)))
		peer = &x->accepter;
	else if (x->accepter.vpc == v ||
		 (x->accepter.vpc_id && !strcmp(x->accepter.vpc_id, v->obj.id)))
		peer = &x->requester;
	if (!peer) {
		trace_hop_drop(t, h, "BAD_STATE_ROUTE", TRACE_DIR_NONE,
			       "peering connection %s does not join %s", x->obj.id, v->obj.id);
		return;
	}
	h->peer_vpc_id = peer->vpc_id;
	bool in = trace_in_cidrs(peer->cidrs, peer->n_cidrs, &p.dst) ||
		  trace_in_cidrs(peer->cidrs6, peer->n_cidrs6, &p.dst) ||
		  trace_in_vpc(peer->vpc, &p.dst);
	if (!in) {
		/* Not transitive, no edge-to-edge routing: the peer's IGW, NAT
		 * gateway, endpoints and VPN are not reachable through it. */
		trace_hop_drop(t, h, "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", TRACE_DIR_NONE,
			       "%s is not in the CIDRs of peer VPC %s: peering is not transitive "
			       "and gives no "
			       "use of the peer's gateways or endpoints",
			       trace_addr_text(&p.dst, a), peer->vpc_id ? peer->vpc_id : "?");
		return;
	}
	if (!peer->vpc) {
		h->action = "reached";
		trace_expl_add(t, "UNKNOWN_DESTINATION", h->comp, TRACE_DIR_NONE,
			       "peer VPC %s is not in the snapshot",
			       peer->vpc_id ? peer->vpc_id : "?");
		return;
	}
	tr_local(t, peer->vpc, p, NULL);
}

static void tr_vpce(struct tr_run *t, const struct model_vpce *e, struct acl_pkt p)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&e->obj), &p);
	h->kind = TRACE_D_GATEWAY;
	if (e->type == VPCE_GWLB) {
		h->action = "reached";
		trace_expl_add(t, "PATH_THROUGH_GWLB_NOT_CHECKED", h->comp, TRACE_DIR_NONE,
			       "the path continues through the Gateway Load Balancer behind %s, "
			       "which this "
			       "version does not follow",
			       e->obj.id);
		return;
	}
	if (e->type != VPCE_GATEWAY) {
		trace_hop_drop(t, h, "UNSUPPORTED_COMPONENT", TRACE_DIR_NONE,
			       "interface endpoint %s is not a route target (RouteNotSupported)",
			       e->obj.id);
		return;
	}
	/* Gateway endpoints carry TCP and ICMP echo only (vpce-gateway.html). */
	if (p.proto != ACL_PROTO_TCP &&
	    !(p.proto == ACL_PROTO_ICMP && (p.icmp_type == 8 || p.icmp_type == 0))) {
		char pr[8];
		trace_hop_drop(t, h, "VPCE_GATEWAY_PROTOCOL_RESTRICTION", TRACE_DIR_NONE,
			       "gateway endpoint %s carries TCP and ICMP echo only, not %s",
			       e->obj.id, trace_proto_text(p.proto, pr));
		return;
	}
	struct trace_hop *s = trace_hop_add(t, trace_comp_id(e->service_name, "aws-service"), &p);
	s->kind = TRACE_D_SERVICE;
	s->action = "delivered";
	t->arrived = true;
	if (!t->reply) {
		t->st->end = TR_END_SERVICE;
		t->st->end_vpce = e;
		t->st->end_pkt = p;
	}
}

static void tr_unsupported(struct tr_run *t, const struct model_route *r, const struct acl_pkt *p)
{
	struct trace_comp c = r->target_obj ?
				      trace_comp_obj(r->target_obj) :
				      trace_comp_id(r->target_id, model_target_name(r->target));
	struct trace_hop *h = trace_hop_add(t, c, p);
	h->action = "reached";
	trace_expl_add(t, "UNSUPPORTED_COMPONENT", c, TRACE_DIR_NONE,
		       "the route leads to %s, which vpcsim does not follow", c.id);
}

static const struct model_eni *tr_target_eni(const struct model_route *r)
{
	const struct model_obj *o = r->target_obj;
	if (!o)
		return NULL;
	if (o->kind == MODEL_ENI)
		return MODEL_AS(const struct model_eni, o);
	if (o->kind == MODEL_INSTANCE) {
		const struct model_instance *i = MODEL_AS(const struct model_instance, o);
		return i->n_enis && i->enis ? i->enis[0] : NULL;
	}
	return NULL;
}

static void tr_arrive(struct tr_run *t, const struct model_eni *d, struct acl_pkt p,
		      const struct model_subnet *from);

/* An instance that is not running neither sends nor answers (the ENI stays
 * in its subnet; ec2 instance lifecycle).  Records BAD_STATE on the ENI. */
static bool tr_instance_down(struct tr_run *t, const struct model_eni *e, enum trace_dir dir)
{
	const struct model_instance *i = e->instance;
	if (!i || !i->state || !strcmp(i->state, "running"))
		return false;
	trace_expl_add(t, "BAD_STATE", trace_comp_obj(&e->obj), dir,
		       "instance %s is %s, not running: it %s", i->obj.id, i->state,
		       dir == TRACE_DIR_EGRESS ? "sends nothing" : "does not answer");
	return true;
}

static void tr_route(struct tr_run *t, const struct model_subnet *s, struct acl_pkt p)
{
	char a[NET_PREFIX_STRLEN], b[NET_PREFIX_STRLEN];
	if (++t->steps > TR_MAX_ROUTE_STEPS) {
		trace_expl_add(t, "ROUTING_LOOP", trace_comp_obj(&s->obj), TRACE_DIR_NONE,
			       "more than %d route lookups: the routes form a loop",
			       TR_MAX_ROUTE_STEPS);
		return;
	}
	if (!s->vpc) {
		struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&s->obj), &p);
		trace_hop_drop(t, h, "UNASSOCIATED_COMPONENT", TRACE_DIR_NONE,
			       "subnet %s belongs to a VPC that is not in the snapshot (%s)",
			       s->obj.id, s->vpc_id ? s->vpc_id : "no VpcId");
		return;
	}
	const struct model_rtb *rtb = s->rtb;
	if (!rtb) {
		struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&s->obj), &p);
		trace_hop_drop(t, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "subnet %s has no route table", s->obj.id);
		return;
	}
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&rtb->obj), &p);
	h->kind = TRACE_D_ROUTE;
	h->rtb = rtb;
	h->subnet = s;
	struct route_match mt;
	const struct model_route *r =
		route_vpc_lookup(t->c->rv, rtb, &p.dst, &mt, h->lost, TRACE_MAX_LOST);
	h->n_lost = mt.n_lost;
	h->n_lost_total = mt.n_lost_total;
	if (!r) {
		trace_hop_drop(t, h, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_NONE,
			       "route table %s has no route for %s", rtb->obj.id,
			       trace_addr_text(&p.dst, a));
		return;
	}
	h->route = r;
	h->route_pfx = mt.pfx;
	const char *dst_text = r->dst.text ? r->dst.text : r->dst_pl_id ? r->dst_pl_id : "?";
	if (r->blackhole || (r->target != TGT_LOCAL && !r->target_obj)) {
		trace_hop_drop(t, h, "BAD_STATE_ROUTE", TRACE_DIR_NONE,
			       "route %s -> %s in %s is a blackhole: its target %s", dst_text,
			       r->target_id ? r->target_id : "?", rtb->obj.id,
			       r->blackhole ? "is gone" : "is not in the snapshot");
		return;
	}
	const struct model_obj *o = r->target_obj;
	switch (r->target) {
	case TGT_LOCAL:
		tr_local(t, s->vpc, p, s);
		return;
	case TGT_IGW:
		if (o->kind == MODEL_IGW) {
			tr_igw_out(t, MODEL_AS(const struct model_igw, o), s->vpc, p);
			return;
		}
		if (o->kind == MODEL_EIGW) {
			tr_eigw_out(t, MODEL_AS(const struct model_igw, o), s->vpc, p);
			return;
		}
		if (o->kind == MODEL_VPCE) {
			tr_vpce(t, MODEL_AS(const struct model_vpce, o), p);
			return;
		}
		break;
	case TGT_EIGW:
		if (o->kind == MODEL_EIGW || o->kind == MODEL_IGW) {
			tr_eigw_out(t, MODEL_AS(const struct model_igw, o), s->vpc, p);
			return;
		}
		break;
	case TGT_NATGW:
		if (o->kind == MODEL_NATGW) {
			tr_nat_route(t, MODEL_AS(const struct model_natgw, o), p, s);
			return;
		}
		break;
	case TGT_PCX:
		if (o->kind == MODEL_PCX) {
			tr_pcx(t, MODEL_AS(const struct model_pcx, o), s->vpc, p);
			return;
		}
		break;
	case TGT_VPCE:
		if (o->kind == MODEL_VPCE) {
			tr_vpce(t, MODEL_AS(const struct model_vpce, o), p);
			return;
		}
		break;
	case TGT_TGW:
		if (o->kind == MODEL_TGW) {
			trace_hy_tgw_from_vpc(t, MODEL_AS(const struct model_tgw, o), s, p);
			return;
		}
		break;
	case TGT_VGW:
		if (o->kind == MODEL_VGW) {
			trace_hy_vgw_from_vpc(t, MODEL_AS(const struct model_vgw, o), s, p);
			return;
		}
		break;
	case TGT_ENI:
	case TGT_INSTANCE: {
		const struct model_eni *e = tr_target_eni(r);
		if (e && e->subnet) {
			tr_arrive(t, e, p, s);
			return;
		}
		trace_hop_drop(t, h, "BAD_STATE_ROUTE", TRACE_DIR_NONE,
			       "route %s -> %s: the target has no network interface in a subnet",
			       dst_text, r->target_id ? r->target_id : "?");
		return;
	}
	default:
		break;
	}
	(void)b;
	tr_unsupported(t, r, &p);
}

/* The packet leaves subnet @s (from an ENI or a NAT gateway in it). */
static void tr_leave(struct tr_run *t, const struct model_subnet *s, struct acl_pkt p)
{
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
		return;
	}
	const struct model_eni *d = model_eni_by_private_ip(t->c->m, &p.dst);
	if (d && d->subnet == s) {
		/* Inside one subnet: no route table, no network ACL. */
		tr_arrive(t, d, p, s);
		return;
	}
	trace_nacl_check(t, s, true, &p);
	tr_route(t, s, p);
}

/* The packet reaches ENI @d, from subnet @from (NULL: from outside the VPC). */
static void tr_arrive(struct tr_run *t, const struct model_eni *d, struct acl_pkt p,
		      const struct model_subnet *from)
{
	if (d->subnet != from)
		trace_nacl_check(t, d->subnet, false, &p);
	const struct model_natgw *nat = trace_eni_nat(d);
	if (nat) {
		tr_nat_addressed(t, nat, p);
		return;
	}
	if (trace_eni_has_addr(d, &p.dst)) {
		trace_sg_check(t, d, false, &p, true);
		if (tr_instance_down(t, d, TRACE_DIR_INGRESS))
			return;
		trace_arrive_eni_end(t, d, &p);
		return;
	}
	/* A middlebox: routed to this ENI, addressed elsewhere. */
	for (uint32_t i = 0; i < t->n_mbox; i++)
		if (t->mbox[i] == d) {
			trace_expl_add(t, "ROUTING_LOOP", trace_comp_obj(&d->obj), TRACE_DIR_NONE,
				       "the packet comes back to %s: the routes form a loop",
				       d->obj.id);
			return;
		}
	if (t->n_mbox < TR_MAX_SEEN)
		t->mbox[t->n_mbox++] = d;
	trace_sg_check(t, d, false, &p, false);
	if (d->source_dest_check) {
		char a[NET_PREFIX_STRLEN];
		trace_expl_add(t, "ENI_SOURCE_DEST_CHECK_RESTRICTION", trace_comp_obj(&d->obj),
			       TRACE_DIR_INGRESS,
			       "source/destination check is enabled on %s: it drops traffic for "
			       "%s, which is "
			       "not its own address (disable it on a NAT instance or appliance)",
			       d->obj.id, trace_addr_text(&p.dst, a));
	}
	trace_sg_check(t, d, true, &p, false);
	tr_leave(t, d->subnet, p);
}

/* The packet is in VPC @v, addressed inside it (the local route, or arrival
 * through a gateway or a peering). */
static void tr_local(struct tr_run *t, const struct model_vpc *v, struct acl_pkt p,
		     const struct model_subnet *from)
{
	char a[NET_PREFIX_STRLEN];
	const struct model_eni *d = model_eni_by_private_ip(t->c->m, &p.dst);
	if (d && d->subnet && (d->vpc == v || !d->vpc)) {
		tr_arrive(t, d, p, from);
		return;
	}
	if (!v) {
		trace_expl_add(t, "UNASSOCIATED_COMPONENT",
			       trace_comp_id(t->reply ? t->res->src_text : t->res->dst_text, "host"),
			       TRACE_DIR_NONE, "the destination's VPC is not in the snapshot");
		return;
	}
	const struct model_natgw *nat = trace_nat_of(t->c, &p.dst);
	if (nat && nat->vpc == v && net_addr_eq(&p.dst, &nat->addrs[0].priv)) {
		if (nat->subnet != from)
			trace_nacl_check(t, nat->subnet, false, &p);
		tr_nat_addressed(t, nat, p);
		return;
	}
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&v->obj), &p);
	trace_hop_drop(t, h, "NO_POSSIBLE_DESTINATION", TRACE_DIR_NONE,
		       "no network interface of %s has the address %s", v->obj.id,
		       trace_addr_text(&p.dst, a));
}

/* The packet enters VPC @v from the internet. */
static void tr_enter_vpc(struct tr_run *t, const struct model_vpc *v, struct acl_pkt p)
{
	char a[NET_PREFIX_STRLEN];
	const struct model *m = t->c->m;
	const struct model_igw *eigw =
		v >= m->vpcs && v < m->vpcs + m->n_vpcs ? t->c->vpc_eigw[v - m->vpcs] : NULL;
	const struct model_igw *g = v->igw;
	struct trace_hop *h;
	if (p.dst.af == NET_AF_INET6) {
		if (t->reply && t->st->eigw && t->st->eigw == eigw) {
			h = trace_hop_add(t, trace_comp_obj(&eigw->obj), &p);
			h->kind = TRACE_D_GATEWAY;
			h->stateful = true;
			h->note = "reply of a connection initiated from the VPC";
		} else if (g) {
			h = trace_hop_add(t, trace_comp_obj(&g->obj), &p);
			h->kind = TRACE_D_GATEWAY;
		} else if (eigw) {
			h = trace_hop_add(t, trace_comp_obj(&eigw->obj), &p);
			trace_hop_drop(t, h, "EIGW_INBOUND_RESTRICTION", TRACE_DIR_INGRESS,
				       "egress-only internet gateway %s drops connections "
				       "initiated from "
				       "outside the VPC",
				       eigw->obj.id);
			return;
		} else {
			h = trace_hop_add(t, trace_comp_obj(&v->obj), &p);
			trace_hop_drop(t, h, "NO_PATH", TRACE_DIR_INGRESS,
				       "%s has no internet gateway: nothing on the internet "
				       "reaches %s",
				       v->obj.id, trace_addr_text(&p.dst, a));
			return;
		}
	} else {
		if (!g) {
			h = trace_hop_add(t, trace_comp_obj(&v->obj), &p);
			trace_hop_drop(t, h, "NO_PATH", TRACE_DIR_INGRESS,
				       "%s has no internet gateway: nothing on the internet "
				       "reaches %s",
				       v->obj.id, trace_addr_text(&p.dst, a));
			return;
		}
		h = trace_hop_add(t, trace_comp_obj(&g->obj), &p);
		const struct net_addr *priv = trace_priv_of(t->c, &p.dst);
		if (!priv) {
			trace_hop_drop(t, h, "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
				       TRACE_DIR_INGRESS,
				       "%s is not associated with a private address",
				       trace_addr_text(&p.dst, a));
			return;
		}
		h->kind = TRACE_D_XLATE;
		h->action = "translated";
		h->xlate_src = false;
		h->xlate_from = p.dst;
		h->xlate_to = *priv;
		h->xport_from = h->xport_to = p.dport;
		p.dst = *priv;
		h->pkt = p;
	}
	/* Ingress routing: a gateway route table associated with the IGW. */
	const struct model_rtb *edge =
		g && g >= m->igws && g < m->igws + m->n_igws ? t->c->igw_edge[g - m->igws] : NULL;
	if (edge && h->comp.id == g->obj.id) {
		struct trace_hop *r = trace_hop_add(t, trace_comp_obj(&edge->obj), &p);
		r->kind = TRACE_D_ROUTE;
		r->rtb = edge;
		struct route_match mt;
		const struct model_route *rt =
			route_vpc_lookup(t->c->rv, edge, &p.dst, &mt, r->lost, TRACE_MAX_LOST);
		r->n_lost = mt.n_lost;
		r->n_lost_total = mt.n_lost_total;
		r->route = rt;
		r->route_pfx = mt.pfx;
		if (rt && !rt->blackhole && (rt->target == TGT_ENI || rt->target == TGT_INSTANCE)) {
			const struct model_eni *e = tr_target_eni(rt);
			if (e && e->subnet) {
				tr_arrive(t, e, p, NULL);
				return;
			}
		}
		/* gateway-route-tables.html: a gateway route table of an internet
		 * gateway sends traffic to the local route, a network interface or
		 * a Gateway Load Balancer endpoint, nowhere else. */
		const struct model_obj *to = rt ? rt->target_obj : NULL;
		if (rt && !rt->blackhole && to && to->kind == MODEL_VPCE &&
		    MODEL_AS(const struct model_vpce, to)->type == VPCE_GWLB) {
			tr_vpce(t, MODEL_AS(const struct model_vpce, to), p);
			return;
		}
		const char *rdst = !rt           ? "?" :
				   rt->dst.text  ? rt->dst.text :
				   rt->dst_pl_id ? rt->dst_pl_id :
						   "?";
		if (!rt) {
			trace_hop_drop(t, r, "NO_ROUTE_TO_DESTINATION", TRACE_DIR_INGRESS,
				       "gateway route table %s has no route for %s", edge->obj.id,
				       trace_addr_text(&p.dst, a));
			return;
		}
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
				snprintf(why, sizeof(why),
					 "its target %s is in no subnet of the snapshot",
					 to->id ? to->id : "?");
			else
				snprintf(why, sizeof(why),
					 "its target %s is a %s, which a gateway route table "
					 "cannot send to",
					 to->id ? to->id : "?", model_kind_name(to->kind));
			trace_hop_drop(t, r, "INGRESS_RTB_TRAFFIC_REDIRECTION", TRACE_DIR_INGRESS,
				       "gateway route table %s redirects %s (route %s): %s",
				       edge->obj.id, trace_addr_text(&p.dst, a), rdst, why);
			return;
		}
	}
	tr_local(t, v, p, NULL);
}

/* The packet is on the internet, heading for p.dst. */
static void tr_internet(struct tr_run *t, struct acl_pkt p)
{
	const struct model *m = t->c->m;
	char a[NET_PREFIX_STRLEN];
	const struct model_vpc *v = NULL;
	if (p.dst.af == NET_AF_INET) {
		const struct model_eni *e = model_eni_by_public_ip(m, &p.dst);
		const struct model_natgw *nat = trace_nat_of(t->c, &p.dst);
		if (e)
			v = e->vpc;
		else if (nat && trace_priv_of(t->c, &p.dst))
			v = nat->vpc;
	} else {
		const struct model_eni *e = model_eni_by_private_ip(m, &p.dst);
		if (e)
			v = e->vpc;
	}
	if (v) {
		tr_enter_vpc(t, v, p);
		return;
	}
	struct trace_path *pa = t->path;
	struct trace_hop *h;
	if (pa->n_hops && pa->hops[pa->n_hops - 1].comp.id == trace_internet_id) {
		/* straight from an internet host: one hop, not two */
		h = &pa->hops[pa->n_hops - 1];
	} else {
		h = trace_hop_add(t, trace_comp_id(trace_internet_id, "internet"), &p);
		h->kind = TRACE_D_OUTSIDE;
	}
	if (!net_addr_is_public(&p.dst)) {
		h->action = "dropped";
		const struct model_eni *e = model_eni_by_private_ip(m, &p.dst);
		if (e)
			trace_expl_add(t, "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
				       trace_comp_obj(&e->obj), TRACE_DIR_INGRESS,
				       "%s is a private address of %s, which has no public IP: the "
				       "internet "
				       "cannot reach it",
				       trace_addr_text(&p.dst, a), e->obj.id);
		else
			trace_expl_add(t, "NO_POSSIBLE_DESTINATION", h->comp, TRACE_DIR_NONE,
				       "%s is not a public address: the internet does not route it",
				       trace_addr_text(&p.dst, a));
		return;
	}
	h->action = "delivered";
	trace_arrive_outside(t, &p);
}

/* ---- entry points ---- */

void trace_route_subnet(struct tr_run *t, const struct model_subnet *s, struct acl_pkt p)
{
	tr_route(t, s, p);
}

void trace_enter_local(struct tr_run *t, const struct model_vpc *v, struct acl_pkt p)
{
	tr_local(t, v, p, NULL);
}

void trace_walk_from_eni(struct tr_run *t, const struct model_eni *eni, struct acl_pkt p)
{
	if (tr_instance_down(t, eni, TRACE_DIR_EGRESS))
		return;
	trace_sg_check(t, eni, true, &p, false);
	tr_leave(t, eni->subnet, p);
}

void trace_walk_from_outside(struct tr_run *t, struct acl_pkt p)
{
	char a[NET_PREFIX_STRLEN];
	/* A site with links (a VPN or VIF it advertises over) is on-premises;
	 * a site without any only names internet hosts. */
	const struct model_site *site = trace_site_of(t->c->m, &p.src);
	bool linked = false;
	for (uint32_t i = 0; site && i < site->n_adv; i++)
		linked |= site->adv[i].via != NULL;
	if (site && (linked || !net_addr_is_public(&p.src))) {
		trace_hy_from_site(t, site, p);
		return;
	}
	if (net_addr_is_public(&p.src)) {
		struct trace_hop *h =
			trace_hop_add(t, trace_comp_id(trace_internet_id, "internet"), &p);
		h->kind = TRACE_D_OUTSIDE;
		h->action = "sent";
		tr_internet(t, p);
		return;
	}
	struct trace_hop *h = trace_hop_add(t, trace_comp_id(t->res->src_text, "host"), &p);
	h->kind = TRACE_D_OUTSIDE;
	h->action = "sent";
	trace_expl_add(t, "NO_PATH", h->comp, TRACE_DIR_NONE,
		       "%s is not public and in no site's CIDRs: describe its network under "
		       "Sites to trace it through a VPN or Direct Connect",
		       trace_addr_text(&p.src, a));
}

void trace_walk_reply(struct tr_run *t)
{
	const struct tr_state *st = t->st;
	struct acl_pkt p = st->end_pkt;
	p.src = st->end_pkt.dst;
	p.dst = st->end_pkt.src;
	p.sport = st->end_pkt.dport;
	p.dport = st->end_pkt.sport;
	if (p.proto == ACL_PROTO_ICMP) {
		p.icmp_type = 0; /* echo reply */
		p.icmp_code = 0;
	} else if (p.proto == ACL_PROTO_ICMPV6) {
		p.icmp_type = 129;
		p.icmp_code = 0;
	}
	switch (st->end) {
	case TR_END_ENI:
		trace_walk_from_eni(t, st->end_eni, p);
		return;
	case TR_END_OUTSIDE: {
		struct trace_hop *h =
			trace_hop_add(t, trace_comp_id(trace_internet_id, "internet"), &p);
		h->kind = TRACE_D_OUTSIDE;
		h->action = "sent";
		tr_internet(t, p);
		return;
	}
	case TR_END_SITE:
		if (st->end_site) {
			trace_hy_from_site(t, st->end_site, p);
		} else {
			struct trace_hop *h =
				trace_hop_add(t, trace_comp_id(t->res->dst_text, "host"), &p);
			h->kind = TRACE_D_OUTSIDE;
			h->action = "sent";
			trace_expl_add(t, "NO_PATH", h->comp, TRACE_DIR_NONE,
				       "the host is in no site's CIDRs, so its route back is unknown: "
				       "describe its network under Sites");
		}
		return;
	case TR_END_SERVICE: {
		const struct model_vpce *e = st->end_vpce;
		struct trace_hop *h =
			trace_hop_add(t, trace_comp_id(e->service_name, "aws-service"), &p);
		h->kind = TRACE_D_SERVICE;
		h->action = "sent";
		h = trace_hop_add(t, trace_comp_obj(&e->obj), &p);
		h->kind = TRACE_D_GATEWAY;
		if (e->vpc)
			tr_local(t, e->vpc, p, NULL);
		return;
	}
	case TR_END_NONE:
		break;
	}
}

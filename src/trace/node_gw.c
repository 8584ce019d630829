/*
 * DOC: path engine handlers -- the gateways of a VPC, and the internet
 *
 * The internet gateway (1:1 NAT between private addresses and public IPs,
 * both ways, then ingress routing), the egress-only internet gateway
 * (IPv6 out, replies in), the NAT gateway (source NAT for its VPC and
 * transit gateway sources; replies translated back), the VPC endpoint as a
 * route target, the peering connection, the internet itself, and a route
 * target vpcsim does not follow.
 *
 * AWS pages: VPC_Internet_Gateway.html (1:1 NAT),
 * egress-only-internet-gateway.html, vpc-nat-gateway.html,
 * tgw/transit-gateway-nat-igw.html (centralized egress),
 * peering/vpc-peering-basics.html (no transitive or edge-to-edge routing),
 * vpce-gateway.html (gateway endpoints), reachability/explanation-codes.html.
 */
#include <stdio.h>
#include <string.h>

#include "trace/trace_node.h"

/* ---- internet gateway ---- */

/* EC2 User Guide, network_mtu.html: traffic that leaves a VPC through an
 * internet gateway (or an egress-only one) is limited to 1500 bytes; a VPC
 * peering connection carries jumbo frames within a Region (the VPC's 9001)
 * and, between Regions, 8500 bytes ("MTU limit 8500 bytes: traffic over an
 * inter-Region VPC peering connection"; it was 1500). */
#define TR_NAT_PORT_MIN  1024 /* a NAT gateway's lowest source port */
#define TR_MTU_INTERNET  1500
#define TR_MTU_PCX_INTER 8500

static struct tr_next *igw_out(struct tr_run *t, struct tr_next *n, const struct model_igw *g,
			       const struct model_vpc *v, struct acl_pkt *p)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&g->obj), p);
	char a[NET_PREFIX_STRLEN];
	if (!trace_igw_attached(g, v)) {
		return tr_drop(t, n, h, "BAD_STATE_ATTACHMENT", TRACE_DIR_NONE,
			       "internet gateway %s is not attached to %s", g->obj.id, v->obj.id);
	}
	if (trace_in_vpc(v, &p->dst)) {
		return tr_drop(t, n, h, "IGW_DESTINATION_ADDRESS_IN_VPC_CIDRS", TRACE_DIR_EGRESS,
			       "%s is inside %s: an internet gateway does not route it",
			       trace_addr_text(t, &p->dst, a), v->obj.id);
	}
	/* explanation-codes.html: an internet gateway rejects outbound
	 * traffic to private (RFC 1918) and shared (RFC 6598) addresses */
	if (net_addr_is_rfc1918(&p->dst) || net_addr_is_rfc6598(&p->dst)) {
		bool shared = net_addr_is_rfc6598(&p->dst);
		return tr_drop(t, n, h,
			       shared ? "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS" :
					"IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS",
			       TRACE_DIR_EGRESS,
			       "%s is a %s address: internet gateway %s does not send it to the "
			       "internet",
			       trace_addr_text(t, &p->dst, a),
			       shared ? "shared (RFC 6598)" : "private (RFC 1918)", g->obj.id);
	}
	h->kind = TRACE_D_GATEWAY;
	if (p->src.af == NET_AF_INET) {
		/* 1:1 NAT between the private address and its public IP / EIP */
		const struct net_addr *pub = trace_pub_of(t->c, &p->src);
		const struct model_natgw *nat = pub ? NULL : trace_nat_of(t->c, &p->src);
		if (nat && nat->private_nat) {
			/* nat-gateway-basics.html: "you can route traffic from
			 * the private NAT gateway to an internet gateway, but
			 * the internet gateway drops the traffic" */
			return tr_drop(t, n, h, "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
				       TRACE_DIR_EGRESS,
				       "%s is the address of private NAT gateway %s "
				       "(ConnectivityType "
				       "private), which has no Elastic IP: internet gateway %s "
				       "drops "
				       "its traffic (a private NAT gateway reaches other VPCs and "
				       "on-premises networks through a transit gateway or a "
				       "virtual "
				       "private gateway, not the internet)",
				       trace_addr_text(t, &p->src, a), nat->obj.id, g->obj.id);
		}
		if (!pub) {
			return tr_drop(t, n, h, "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
				       TRACE_DIR_EGRESS,
				       "%s has no public IPv4 address or Elastic IP: internet "
				       "gateway %s "
				       "cannot translate it",
				       trace_addr_text(t, &p->src, a), g->obj.id);
		}
		trace_hop_xlate(h, p, true, pub, p->sport); /* 1:1 NAT, port kept */
	}
	trace_mtu(t, h, TR_MTU_INTERNET);
	return tr_put(n, TR_K_INTERNET, TR_P_IN, NULL, NULL);
}

/* From the internet into VPC @v (vpc_edge chose this gateway). */
static struct tr_next *igw_in(struct tr_run *t, struct tr_next *n, const struct model_igw *g,
			      const struct model_vpc *v, struct acl_pkt *p)
{
	char a[NET_PREFIX_STRLEN];
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&g->obj), p);
	if (p->dst.af == NET_AF_INET6) {
		h->kind = TRACE_D_GATEWAY;
	} else {
		const struct net_addr *priv = trace_priv_of(t->c, &p->dst);
		if (!priv) {
			return tr_drop(t, n, h, "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
				       TRACE_DIR_INGRESS,
				       "%s is not associated with a private address",
				       trace_addr_text(t, &p->dst, a));
		}
		trace_hop_xlate(h, p, false, priv, p->dport);
	}
	trace_mtu(t, h, TR_MTU_INTERNET);
	/* Ingress routing: a gateway route table associated with the IGW. */
	const struct model_rtb *edge = trace_igw_edge(t->c, g);
	if (edge)
		return tr_put(n, TR_K_RTB, TR_P_GATEWAY, edge, v);
	return tr_put(n, TR_K_VPC, TR_P_LOCAL, v, NULL);
}

struct tr_next *trace_node_igw(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	if (n->port == TR_P_IN)
		return igw_in(t, n, n->obj, n->from, p);
	const struct model_subnet *s = n->from; /* TR_P_ROUTED */
	return igw_out(t, n, n->obj, s->vpc, p);
}

/* ---- egress-only internet gateway ---- */

static struct tr_next *eigw_out(struct tr_run *t, struct tr_next *n, const struct model_igw *g,
				const struct model_vpc *v, struct acl_pkt *p)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&g->obj), p);
	h->kind = TRACE_D_GATEWAY;
	if (!trace_igw_attached(g, v)) {
		return tr_drop(t, n, h, "BAD_STATE_ATTACHMENT", TRACE_DIR_NONE,
			       "egress-only internet gateway %s is not attached to %s", g->obj.id,
			       v->obj.id);
	}
	if (p->dst.af != NET_AF_INET6) {
		return tr_drop(t, n, h, "PROTOCOL_RESTRICTION", TRACE_DIR_EGRESS,
			       "egress-only internet gateway %s carries IPv6 only", g->obj.id);
	}
	if (t->reply) {
		/* The connection came in from outside: an egress-only IGW only
		 * passes connections initiated from the VPC. */
		return tr_drop(t, n, h, "EIGW_INBOUND_RESTRICTION", TRACE_DIR_EGRESS,
			       "egress-only internet gateway %s never saw this connection go out "
			       "(it was "
			       "initiated from outside) and drops the reply",
			       g->obj.id);
	}
	if (trace_fwd_passed(t))
		t->st->eigw = g;
	trace_mtu(t, h, TR_MTU_INTERNET);
	return tr_put(n, TR_K_INTERNET, TR_P_IN, NULL, NULL);
}

/* From the internet into VPC @v: only the reply of a connection that
 * left through this gateway passes. */
static struct tr_next *eigw_in(struct tr_run *t, struct tr_next *n, const struct model_igw *g,
			       const struct model_vpc *v, struct acl_pkt *p)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&g->obj), p);
	if (t->reply && t->st->eigw && t->st->eigw == g) {
		h->kind = TRACE_D_GATEWAY;
		h->stateful = true;
		h->note = "reply of a connection initiated from the VPC";
		trace_mtu(t, h, TR_MTU_INTERNET);
		return tr_put(n, TR_K_VPC, TR_P_LOCAL, v, NULL);
	}
	return tr_drop(t, n, h, "EIGW_INBOUND_RESTRICTION", TRACE_DIR_INGRESS,
		       "egress-only internet gateway %s drops connections "
		       "initiated from "
		       "outside the VPC",
		       g->obj.id);
}

struct tr_next *trace_node_eigw(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	if (n->port == TR_P_IN)
		return eigw_in(t, n, n->obj, n->from, p);
	const struct model_subnet *s = n->from; /* TR_P_ROUTED */
	return eigw_out(t, n, n->obj, s->vpc, p);
}

/* ---- NAT gateway ---- */

/*
 * NAT64 (nat-gateway-nat64-dns64.html, "Configure DNS64 and NAT64"; the
 * EnableDns64 subnet attribute of ModifySubnetAttribute: DNS64 answers
 * "synthetic IPv6 addresses for IPv4-only destinations" and a NAT gateway
 * translates them): a public or private NAT gateway takes an IPv6 packet
 * to 64:ff9b::/96 and sends it as IPv4 from its private IPv4 address to
 * the address the last 32 bits embed (RFC 6052); the reply's IPv4 source
 * goes back into 64:ff9b::/96.  ICMP echo maps to ICMPv6 echo and back
 * (RFC 7915 4.2, 5.2).
 */
static const char nat64_out_note[] = "NAT64: IPv6 to IPv4, the destination is the IPv4 address in "
				     "the last 32 bits of its "
				     "64:ff9b::/96 address";
static const char nat64_back_note[] = "NAT64: IPv4 back to IPv6, the source becomes its "
				      "64:ff9b::/96 address";

static void nat64_to_v4(struct trace_hop *h, struct acl_pkt *p, const struct net_addr *v4dst)
{
	p->dst = *v4dst;
	if (p->proto == ACL_PROTO_ICMPV6) {
		p->proto = ACL_PROTO_ICMP;
		p->icmp_type = p->icmp_type == 128 ? 8 : p->icmp_type == 129 ? 0 : p->icmp_type;
	}
	h->note = nat64_out_note;
	h->pkt = *p;
}

static void nat64_to_v6(struct trace_hop *h, struct acl_pkt *p)
{
	struct net_addr src6;
	net_addr_nat64_embed(&p->src, &src6);
	p->src = src6;
	if (p->proto == ACL_PROTO_ICMP) {
		p->proto = ACL_PROTO_ICMPV6;
		p->icmp_type = p->icmp_type == 0 ? 129 : p->icmp_type == 8 ? 128 : p->icmp_type;
	}
	h->note = nat64_back_note;
	h->pkt = *p;
}

/* A packet addressed to a NAT gateway's own address. */
static struct tr_next *nat_addressed(struct tr_run *t, struct tr_next *n,
				     const struct model_natgw *nat, struct acl_pkt *p)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&nat->obj), p);
	char a[NET_PREFIX_STRLEN];
	bool ours = t->reply && t->st->nat == nat && net_addr_eq(&p->dst, &t->st->nat_addr);
	if (ours && !t->st->nat_held) {
		return tr_drop(t, n, h, "NGW_UNSOLICITED_TRAFFIC", TRACE_DIR_INGRESS,
			       "NAT gateway %s holds no translation for this reply: the forward "
			       "packet was dropped before it reached the gateway",
			       nat->obj.id);
	}
	if (ours) {
		trace_hop_xlate(h, p, false, &t->st->nat_orig_src, t->st->nat_orig_sport);
		if (t->st->nat64)
			nat64_to_v6(h, p);
		return tr_put(n, TR_K_SUBNET, TR_P_OUT, nat->subnet, NULL);
	}
	return tr_drop(t, n, h, "NGW_UNSOLICITED_TRAFFIC", TRACE_DIR_INGRESS,
		       "NAT gateway %s accepts no connection from outside: only replies to "
		       "connections "
		       "it translated for its own VPC pass (packet to %s)",
		       nat->obj.id, trace_addr_text(t, &p->dst, a));
}

/*
 * The replies to @p, which NAT gateway @nat (hop @h) has just sent out, come
 * back to whichever of 1024-65535 the gateway picked: the network ACL of its
 * subnet must admit them all inbound (nat-gateway-troubleshooting.html,
 * the recommended ACL rules for a NAT subnet).  vpcsim's trace keeps the
 * port, so it cannot fail on another one: said, when the ACL denies some.
 */
static void nat_reply_ports(struct tr_run *t, const struct model_natgw *nat,
			    const struct trace_hop *h, const struct acl_pkt *p)
{
	const struct model_subnet *s = nat->subnet;
	if (t->reply || !trace_has_ports(p) || !s || !s->nacl)
		return;
	struct acl_pkt rp = *p;
	rp.src = p->dst;
	rp.dst = p->src;
	rp.sport = p->dport;
	uint16_t port;
	struct acl_nacl_match mt;
	if (!acl_nacl_denies_in_range(t->c->acl, s->nacl, false, &rp, TR_NAT_PORT_MIN, 65535, &port,
				      &mt))
		return;
	char a[NET_PREFIX_STRLEN], rule[24];
	if (mt.entry)
		snprintf(rule, sizeof(rule), "rule %d", (int)mt.entry->rule_number);
	else
		snprintf(rule, sizeof(rule), "its catch-all rule");
	trace_info_add(t, "REMAP_EPHEMERAL_PORT", h->comp,
		       "NAT gateway %s picks its source port from 1024-65535, but network ACL "
		       "%s of its subnet %s denies replies from %s to port %u (%s): a "
		       "connection through the gateway fails whenever it picks such a port "
		       "(the NAT subnet's ACL must admit 1024-65535 inbound)",
		       nat->obj.id, s->nacl->obj.id, s->obj.id, trace_addr_text(t, &rp.src, a),
		       (unsigned)port, rule);
}

/* Route target: a NAT gateway.  SNAT to its private address; the subnet's
 * route table then takes the packet (to the IGW for a public NAT). */
static struct tr_next *nat_routed(struct tr_run *t, struct tr_next *n,
				  const struct model_natgw *nat, const struct model_subnet *from,
				  struct acl_pkt *p)
{
	if (nat->subnet != from)
		trace_nacl_check(t, nat->subnet, false, p);
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&nat->obj), p);
	char a[NET_PREFIX_STRLEN];
	if (nat->state && strcmp(nat->state, "available")) {
		return tr_drop(t, n, h, "BAD_STATE", TRACE_DIR_NONE,
			       "NAT gateway %s is %s, not available", nat->obj.id, nat->state);
	}
	if (t->reply) {
		return tr_drop(t, n, h, "NGW_UNSOLICITED_TRAFFIC", TRACE_DIR_EGRESS,
			       "the reply is routed to NAT gateway %s, which never saw the "
			       "connection "
			       "(it was not initiated through it) and drops the packet",
			       nat->obj.id);
	}
	/* Sources of other VPCs may use it through a transit gateway
	 * (tgw/transit-gateway-nat-igw.html, centralized egress), not
	 * through a peering, a VPN or Direct Connect. */
	if (!trace_in_vpc(nat->vpc, &p->src) && t->tgw_vpc != nat->vpc) {
		return tr_drop(t, n, h, "NGW_REQUIRES_SOURCE_IN_VPC", TRACE_DIR_NONE,
			       "NAT gateway %s serves only sources in its own VPC or coming "
			       "through a transit gateway; %s is neither (peering, VPN and "
			       "Direct Connect traffic cannot use it)",
			       nat->obj.id, trace_addr_text(t, &p->src, a));
	}
	struct net_addr v4dst;
	bool nat64 = p->src.af == NET_AF_INET6 && net_addr_nat64_extract(&p->dst, &v4dst);
	if (!trace_has_ports(p) && p->proto != (nat64 ? ACL_PROTO_ICMPV6 : ACL_PROTO_ICMP)) {
		return tr_drop(t, n, h, "PROTOCOL_RESTRICTION", TRACE_DIR_NONE,
			       "NAT gateway %s translates TCP, UDP and ICMP only", nat->obj.id);
	}
	uint8_t af = nat64 ? NET_AF_INET : p->src.af;
	const struct model_natgw_addr *na = NULL;
	for (uint32_t i = 0; i < nat->n_addrs && !na; i++)
		if (nat->addrs[i].primary && nat->addrs[i].priv.af == af)
			na = &nat->addrs[i];
	for (uint32_t i = 0; i < nat->n_addrs && !na; i++)
		if (nat->addrs[i].priv.af == af)
			na = &nat->addrs[i];
	if (!na) {
		return tr_drop(t, n, h, "BAD_STATE", TRACE_DIR_NONE,
			       "NAT gateway %s has no private address for this address family",
			       nat->obj.id);
	}
	t->st->nat = nat;
	t->st->nat_held = trace_fwd_passed(t);
	t->st->nat_addr = na->priv;
	t->st->nat_orig_src = p->src;
	t->st->nat_orig_sport = p->sport;
	/* A NAT gateway's source ports are 1024-65535 (nat-gateway
	 * troubleshooting, "ephemeral ports"): vpcsim keeps a port in that
	 * range (AWS picks one) and remaps a lower one to 1024 + the port, to
	 * stay deterministic. */
	bool remap = trace_has_ports(p) && p->sport < TR_NAT_PORT_MIN;
	uint16_t sport = remap ? (uint16_t)(TR_NAT_PORT_MIN + p->sport) : p->sport;
	trace_hop_xlate(h, p, true, &na->priv, sport);
	t->st->nat64 = nat64;
	if (nat64)
		nat64_to_v4(h, p, &v4dst);
	if (remap)
		trace_info_add(t, "REMAP_EPHEMERAL_PORT", h->comp,
			       "NAT gateway %s uses source ports 1024-65535: source port %u is "
			       "remapped (here to %u) between the gateway and the destination; the "
			       "client gets its own port back",
			       nat->obj.id, (unsigned)h->xport_from, (unsigned)p->sport);
	nat_reply_ports(t, nat, h, p);
	return tr_put(n, TR_K_SUBNET, TR_P_OUT, nat->subnet, NULL);
}

struct tr_next *trace_node_natgw(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	if (n->port == TR_P_ADDRESSED)
		return nat_addressed(t, n, n->obj, p);
	return nat_routed(t, n, n->obj, n->from, p);
}

/* ---- VPC endpoint ---- */

/* ROUTED: a route (a subnet's or a gateway route table's) leads to
 * endpoint @e; IN: the service answers back through it. */
struct tr_next *trace_node_vpce(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model_vpce *e = n->obj;
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&e->obj), p);
	h->kind = TRACE_D_GATEWAY;
	if (n->port == TR_P_IN) {
		if (e->vpc)
			return tr_put(n, TR_K_VPC, TR_P_LOCAL, e->vpc, NULL);
		return tr_stop(n, TR_STOP_HALTED);
	}
	if (e->type == VPCE_GWLB) {
		h->subnet = e->n_enis && e->enis && e->enis[0] ? e->enis[0]->subnet : NULL;
		return tr_put(n, TR_K_GWLB, TR_P_ROUTED, e, n->from);
	}
	if (e->type != VPCE_GATEWAY) {
		return tr_drop(t, n, h, "UNSUPPORTED_COMPONENT", TRACE_DIR_NONE,
			       "interface endpoint %s is not a route target (RouteNotSupported)",
			       e->obj.id);
	}
	/* Gateway endpoints carry TCP and ICMP echo only (vpce-gateway.html). */
	if (p->proto != ACL_PROTO_TCP &&
	    !(p->proto == ACL_PROTO_ICMP && (p->icmp_type == 8 || p->icmp_type == 0))) {
		char pr[8];
		return tr_drop(t, n, h, "VPCE_GATEWAY_PROTOCOL_RESTRICTION", TRACE_DIR_NONE,
			       "gateway endpoint %s carries TCP and ICMP echo only, not %s",
			       e->obj.id, trace_proto_text(p->proto, pr));
	}
	return tr_put(n, TR_K_SERVICE, TR_P_IN, e, NULL);
}

/* ---- peering connection ---- */

/* A route of subnet @n->from leads over peering @n->obj into the peer VPC. */
struct tr_next *trace_node_pcx(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model_pcx *x = n->obj;
	const struct model_subnet *s = n->from;
	const struct model_vpc *v = s->vpc;
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&x->obj), p);
	h->kind = TRACE_D_PEERING;
	char a[NET_PREFIX_STRLEN];
	if (!x->status || strcmp(x->status, "active")) {
		return tr_drop(t, n, h, "BAD_STATE", TRACE_DIR_NONE,
			       "peering connection %s is %s, not active", x->obj.id,
			       x->status ? x->status : "in an unknown state");
	}
	const struct model_pcx_side *peer = NULL;
	if (x->requester.vpc == v ||
	    (x->requester.vpc_id && !strcmp(x->requester.vpc_id, v->obj.id)))
		peer = &x->accepter;
	else if (x->accepter.vpc == v ||
		 (x->accepter.vpc_id && !strcmp(x->accepter.vpc_id, v->obj.id)))
		peer = &x->requester;
	if (!peer) {
		return tr_drop(t, n, h, "BAD_STATE_ROUTE", TRACE_DIR_NONE,
			       "peering connection %s does not join %s", x->obj.id, v->obj.id);
	}
	h->peer_vpc_id = peer->vpc_id;
	const struct model_pcx_side *self = peer == &x->accepter ? &x->requester : &x->accepter;
	bool inter = self->region && peer->region && strcmp(self->region, peer->region) != 0;
	if (inter) /* within a Region the VPC's own 9001 holds */
		trace_mtu(t, h, TR_MTU_PCX_INTER);
	bool in = trace_in_cidrs(peer->cidrs, peer->n_cidrs, &p->dst) ||
		  trace_in_cidrs(peer->cidrs6, peer->n_cidrs6, &p->dst) ||
		  trace_in_vpc(peer->vpc, &p->dst);
	if (!in) {
		/* Not transitive, no edge-to-edge routing: the peer's IGW, NAT
		 * gateway, endpoints and VPN are not reachable through it. */
		return tr_drop(t, n, h, "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR", TRACE_DIR_NONE,
			       "%s is not in the CIDRs of peer VPC %s: peering is not transitive "
			       "and gives no "
			       "use of the peer's gateways or endpoints",
			       trace_addr_text(t, &p->dst, a), peer->vpc_id ? peer->vpc_id : "?");
	}
	if (!peer->vpc) {
		return tr_reached(t, n, h, "UNKNOWN_DESTINATION",
				  "peer VPC %s is not in the snapshot",
				  peer->vpc_id ? peer->vpc_id : "?");
	}
	return tr_put(n, TR_K_VPC, TR_P_LOCAL, peer->vpc, NULL);
}

/* ---- the internet ---- */

/* IN: the packet is on the internet, heading for p.dst; SEND: a host on
 * the internet sends it. */
struct tr_next *trace_node_internet(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model *m = t->c->m;
	char a[NET_PREFIX_STRLEN];
	struct trace_path *pa = t->path;
	struct trace_hop *h;
	if (n->port == TR_P_SEND) {
		h = trace_hop_add(t, trace_comp_id(trace_internet_id, "internet"), p);
		h->kind = TRACE_D_OUTSIDE;
		h->action = "sent";
	}
	const struct model_vpc *v = NULL;
	if (p->dst.af == NET_AF_INET) {
		const struct model_eni *e = model_eni_by_public_ip(m, &p->dst);
		const struct model_natgw *nat = trace_nat_of(t->c, &p->dst);
		if (e)
			v = e->vpc;
		else if (nat && trace_priv_of(t->c, &p->dst))
			v = nat->vpc;
	} else {
		const struct model_eni *e = model_eni_by_private_ip(m, &p->dst);
		if (e)
			v = e->vpc;
	}
	if (v)
		return tr_put(n, TR_K_VPC, TR_P_EDGE, v, NULL);
	if (pa->n_hops && pa->hops[pa->n_hops - 1].comp.id == trace_internet_id) {
		/* straight from an internet host: one hop, not two */
		h = &pa->hops[pa->n_hops - 1];
	} else {
		h = trace_hop_add(t, trace_comp_id(trace_internet_id, "internet"), p);
		h->kind = TRACE_D_OUTSIDE;
	}
	if (!net_addr_is_public(&p->dst)) {
		h->action = "dropped";
		const struct model_eni *e = model_eni_by_private_ip(m, &p->dst);
		const struct net_addr *pub = e ? trace_pub_of(t->c, &p->dst) : NULL;
		char b[NET_PREFIX_STRLEN];
		if (pub)
			trace_expl_add(t, "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
				       trace_comp_obj(&e->obj), TRACE_DIR_INGRESS,
				       "%s is the private address of %s: the internet reaches it "
				       "only at its public address %s",
				       trace_addr_text(t, &p->dst, a), e->obj.id,
				       net_addr_fmt(pub, b));
		else if (e)
			trace_expl_add(t, "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS",
				       trace_comp_obj(&e->obj), TRACE_DIR_INGRESS,
				       "%s is a private address of %s, which has no public IP: the "
				       "internet cannot reach it",
				       trace_addr_text(t, &p->dst, a), e->obj.id);
		else
			trace_expl_add(t, "NO_POSSIBLE_DESTINATION", h->comp, TRACE_DIR_NONE,
				       "%s is not a public address: the internet does not route it",
				       trace_addr_text(t, &p->dst, a));
		return tr_stop(n, TR_STOP_DROPPED);
	}
	h->action = "delivered";
	return tr_delivered(t, n, tr_go(TR_K_INTERNET, TR_P_SEND, NULL, NULL), p);
}

/* ---- what vpcsim does not follow ---- */

/* Route @n->obj leads to a target type this version does not model. */
struct tr_next *trace_node_unsupported(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model_route *r = n->obj;
	struct trace_comp c = r->target_obj ?
				      trace_comp_obj(r->target_obj) :
				      trace_comp_id(r->target_id, model_target_name(r->target));
	struct trace_hop *h = trace_hop_add(t, c, p);
	return tr_reached(t, n, h, "UNSUPPORTED_COMPONENT",
			  "the route leads to %s, which vpcsim does not follow", c.id);
}

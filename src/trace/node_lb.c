/*
 * DOC: path engine handler -- a load balancer node
 *
 * A connection addressed to a node of an Application or Network Load
 * Balancer (one of its network interfaces) ends there and a new one
 * starts from the node to a target (ELB User Guides: ALB and NLB
 * "How Elastic Load Balancing works", listeners, listener rules, target
 * groups, "Client IP preservation"):
 *
 *  1. the node's security groups (an ALB's; an NLB's when it has them)
 *     filter the connection as at any interface;
 *  2. a listener on the destination port and protocol takes it, or the
 *     load balancer refuses it (ELBV2_LISTENERS_MISMATCH);
 *  3. an ALB's rules by priority decide on the HTTP request (the trace's
 *     --host, --path, --header, --method): forward to weighted target
 *     groups, or answer itself (redirect, fixed-response); an NLB's
 *     listener forwards to its target group;
 *  4. the node picks a target (elb_target.h: enabled zones, cross-zone
 *     load balancing, health, fail open) by flow hash, as a real node picks
 *     one per connection;
 *  5. the new connection goes from the node to the target's address and
 *     the target group's port (or the target's own); its source is the
 *     node's address, or the client's where the NLB preserves it -- which
 *     the target's security group and network ACL then see;
 *  6. the reply returns through the same node, which gives the client its
 *     answer from the address and port it connected to.  With the client's
 *     address preserved the target answers the client's address, and the
 *     load balancer still carries the reply (it tracks the flow), after the
 *     target subnet's network ACL has seen it (trace_node_subnet()).
 *
 * Gateway Load Balancers are reached through their endpoints, Classic
 * Load Balancers are not modelled: the trace says so.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "elb/elb_listener.h"
#include "elb/elb_target.h"
#include "trace/trace_node.h"

/* Targets of one group a node weighs in one trace (AWS allows 1,000
 * registered targets per group for most target types: load-balancer-limits). */
#define TR_LB_MAX_TARGETS 1024
/* HTTP headers a trace may give an ALB. */
#define TR_LB_MAX_HEADERS 16
#define TR_LB_HEADER_LEN  256

/* Subnet @x (or, without one, zone name @xaz) and interface @b in one
 * Availability Zone: by zone id where both subnets give it (a zone name
 * means different zones in different accounts), else by name. */
static bool lb_same_zone(const struct model_subnet *x, const char *xaz, const struct model_eni *b)
{
	const struct model_subnet *y = b->subnet;
	if (x && y && x->az_id && y->az_id)
		return !strcmp(x->az_id, y->az_id);
	const char *za = x && x->az ? x->az : xaz, *zb = y && y->az ? y->az : b->az;
	return za && zb && !strcmp(za, zb);
}

static const char *lb_name(const struct model_lb *lb)
{
	return lb->obj.name ? lb->obj.name : lb->obj.id;
}

static const char *health_text(enum elb_health h, const char *given)
{
	return h == ELB_HEALTH_NOT_REPORTED ? "not reported" : given ? given : "?";
}

/* The request the ALB's rules see: what the trace was given, else what a
 * client using the load balancer's DNS name would send. */
struct lb_http {
	struct alb_request req;
	struct alb_kv hdr[TR_LB_MAX_HEADERS];
	char buf[TR_LB_MAX_HEADERS][TR_LB_HEADER_LEN];
};

static void lb_request(const struct tr_run *t, const struct model_lb *lb, const struct acl_pkt *p,
		       struct lb_http *x)
{
	const struct trace_query *q = t->q;
	memset(&x->req, 0, sizeof(x->req));
	x->req.host = q && q->http_host ? q->http_host : lb->dns_name;
	x->req.path = q && q->http_path ? q->http_path : "/";
	x->req.method = q && q->http_method ? q->http_method : "GET";
	x->req.src = p->src;
	uint32_t n = 0;
	for (uint32_t i = 0; q && i < q->n_http_headers && n < TR_LB_MAX_HEADERS; i++) {
		const char *h = q->http_headers[i];
		const char *sep = h ? strpbrk(h, ":=") : NULL;
		if (!sep)
			continue;
		size_t len = (size_t)(sep - h);
		if (len >= TR_LB_HEADER_LEN)
			len = TR_LB_HEADER_LEN - 1;
		memcpy(x->buf[n], h, len);
		x->buf[n][len] = '\0';
		const char *v = sep + 1;
		while (*v == ' ')
			v++;
		x->hdr[n].key = x->buf[n];
		x->hdr[n].value = v;
		n++;
	}
	x->req.headers = x->hdr;
	x->req.n_headers = n;
}

/* The target group the listener sends the connection to: @ls's rules
 * (an ALB's) or its default forward.  NULL with the walk ended when there
 * is none, or when the ALB answers itself (*answered). */
static const struct model_tg *lb_target_group(struct tr_run *t, struct tr_next *n,
					      const struct model_lb *lb,
					      const struct model_lb_listener *ls,
					      struct trace_hop *h, const struct acl_pkt *p,
					      bool *answered)
{
	*answered = false;
	uint32_t hash = trace_flow_hash(p, false);
	bool bad = false;
	const struct elb_listener_rules *rules =
		elb_kind_of(lb) == ELB_KIND_ALB ? trace_lb_rules(t->c, lb, ls, &bad) : NULL;
	if (bad) {
		tr_reached(t, n, h, "UNSUPPORTED_COMPONENT",
			   "the rules of listener %u of %s could not be compiled (see check)",
			   (unsigned)ls->port, lb_name(lb));
		return NULL;
	}
	const char *arn = NULL;
	if (rules) {
		struct lb_http x;
		lb_request(t, lb, p, &x);
		uint32_t tried = 0;
		const struct model_lb_rule *r = elb_listener_rules_match(rules, &x.req, &tried);
		h->lb_rule = r;
		const struct model_lb_action *a = r ? elb_rule_action(r) : NULL;
		h->lb_action = a;
		if (!a) {
			tr_drop(t, n, h, "ELBV2_LISTENER_REQUIRES_TG_ACCEPT", TRACE_DIR_NONE,
				"no rule of listener %u of %s takes the request (host %s, path %s) "
				"and it has no default rule",
				(unsigned)ls->port, lb_name(lb), x.req.host ? x.req.host : "-",
				x.req.path);
			return NULL;
		}
		if (strcmp(a->type, "forward") != 0) {
			/* redirect, fixed-response: the ALB answers, nothing goes on */
			*answered = true;
			h->action = "delivered";
			h->note = !strcmp(a->type, "redirect") ? "the rule redirects: the load "
								 "balancer answers itself" :
								 "the rule returns a fixed "
								 "response: the load balancer "
								 "answers "
								 "itself";
			return NULL;
		}
		const struct model_lb_fwd *f = elb_forward_pick(a->tgs, a->n_tgs, hash);
		if (!f) {
			tr_drop(t, n, h, "ELBV2_LISTENER_REQUIRES_TG_ACCEPT", TRACE_DIR_NONE,
				"the rule that takes the request forwards to no target group of "
				"weight above 0");
			return NULL;
		}
		if (f->tg)
			return f->tg;
		arn = f->tg_arn;
	} else if (ls->n_tgs) {
		arn = ls->tg_arns[hash % ls->n_tgs];
	} else {
		tr_drop(t, n, h, "ELBV2_LISTENER_REQUIRES_TG_ACCEPT", TRACE_DIR_NONE,
			"listener %u of %s forwards to no target group", (unsigned)ls->port,
			lb_name(lb));
		return NULL;
	}
	const struct model_obj *o = arn ? model_find_kind(t->c->m, MODEL_TG, arn) : NULL;
	if (!o) {
		tr_reached(t, n, h, "UNKNOWN_DESTINATION",
			   "target group %s of listener %u is not in the snapshot (TargetGroups)",
			   arn ? arn : "?", (unsigned)ls->port);
		return NULL;
	}
	return MODEL_AS(const struct model_tg, o);
}

/* Why the node has no target to pick: the verdicts on @n_targets picks. */
static struct tr_next *lb_no_target(struct tr_run *t, struct tr_next *n, const struct model_lb *lb,
				    const struct model_tg *tg, const struct elb_pick *pk,
				    uint32_t n_targets, const char *zone, struct trace_hop *h)
{
	uint32_t other = 0, unused = 0;
	for (uint32_t i = 0; i < n_targets; i++) {
		other += pk[i].verdict == ELB_SKIP_OTHER_ZONE;
		unused += pk[i].verdict == ELB_SKIP_ZONE_UNUSED;
	}
	const char *g = tg->obj.name ? tg->obj.name : tg->obj.id;
	/* explanation-codes.html: ELBV2_LISTENER_HAS_NO_TG is a listener whose
	 * target groups have no targets; ELBV2_LISTENER_REQUIRES_TG_ACCEPT one
	 * with no target group that takes the traffic (above) */
	if (!n_targets)
		return tr_drop(t, n, h, "ELBV2_LISTENER_HAS_NO_TG", TRACE_DIR_NONE,
			       "target group %s has no registered target", g);
	if (other)
		return tr_drop(t, n, h,
			       elb_kind_of(lb) == ELB_KIND_CLB ? "ELB_NOT_CROSSZONE" :
								 "ELBV2_NO_TARGETS_IN_AZ",
			       TRACE_DIR_NONE,
			       "the node of %s in %s has no target of %s in its zone and "
			       "cross-zone load balancing is off: %u target%s in other zones get%s "
			       "nothing from it",
			       lb_name(lb), zone ? zone : "?", g, (unsigned)other,
			       other == 1 ? "" : "s", other == 1 ? "s" : "");
	if (unused == n_targets)
		return tr_drop(t, n, h, "ELB_INSTALLED_AZ_RESTRICTION", TRACE_DIR_NONE,
			       "every target of %s is in an Availability Zone %s does not have "
			       "enabled",
			       g, lb_name(lb));
	if (elb_kind_of(lb) == ELB_KIND_CLB)
		return tr_drop(t, n, h, "ELBV2_NO_TARGETS_IN_AZ", TRACE_DIR_NONE,
			       "no instance of %s this node may use is InService: a Classic Load "
			       "Balancer routes only to healthy instances, it does not fail open "
			       "(classic/elb-healthchecks.html)",
			       lb_name(lb));
	return tr_drop(t, n, h, "ELBV2_NO_TARGETS_IN_AZ", TRACE_DIR_NONE,
		       "no target of %s this node may use is healthy, and there is no fail "
		       "open (a healthy target elsewhere, or the rest draining or initial)",
		       g);
}

/*
 * The target @lb's node in @zone gives a new connection of flow hash @hash
 * from target group @tg (elb_pick_targets() into @pk, TR_LB_MAX_TARGETS
 * entries): recorded on hop @h; NULL with the walk ended when no target
 * may get it.
 */
static const struct elb_pick *lb_pick(struct tr_run *t, struct tr_next *n,
				      const struct model_lb *lb, const struct model_tg *tg,
				      const char *zone, uint32_t hash, struct elb_pick *pk,
				      struct trace_hop *h)
{
	bool cross = elb_cross_zone(lb, elb_attr(tg->attrs, tg->n_attrs,
						 "load_balancing.cross_zone.enabled"));
	struct model_tg cut = *tg;
	if (cut.n_targets > TR_LB_MAX_TARGETS)
		cut.n_targets = TR_LB_MAX_TARGETS;
	uint32_t nr = elb_pick_targets(lb, &cut, zone, cross, pk);
	h->lb_n_targets = nr;
	if (!nr) {
		lb_no_target(t, n, lb, tg, pk, cut.n_targets, zone, h);
		return NULL;
	}
	uint32_t want = hash % nr, seen = 0;
	const struct elb_pick *pick = NULL;
	for (uint32_t i = 0; i < cut.n_targets && !pick; i++)
		if (pk[i].verdict == ELB_ROUTED || pk[i].verdict == ELB_ROUTED_FAIL_OPEN)
			if (seen++ == want)
				pick = &pk[i];
	h->lb_target = pick->target;
	h->lb_target_health = health_text(pick->health, pick->target->health);
	return pick;
}

/* The address and interface of target @x of @tg (eni NULL: an IP target
 * outside the snapshot's interfaces, reached by routing).  False with the
 * walk ended when the target is not one vpcsim follows. */
static bool lb_target_addr(struct tr_run *t, struct tr_next *n, const struct model_tg *tg,
			   const struct model_tg_target *x, struct trace_hop *h,
			   struct net_addr *addr, const struct model_eni **eni)
{
	const char *type = tg->target_type ? tg->target_type : "instance";
	if (strcmp(type, "ip") != 0 && strcmp(type, "instance") != 0) {
		tr_reached(t, n, h, "UNSUPPORTED_COMPONENT",
			   "target group %s has %s targets: the path into them is not followed",
			   tg->obj.id, type);
		return false;
	}
	if (!elb_target_addr(t->c->m, tg, x, addr, eni)) {
		tr_reached(t, n, h, "UNKNOWN_DESTINATION",
			   "target %s of %s is not in the snapshot, or has no address of the "
			   "target group's family",
			   x->id ? x->id : "?", tg->obj.id);
		return false;
	}
	return true;
}

/* Forward: the connection reaches node @eni of @lb (@pl: through
 * PrivateLink, from an interface endpoint of the load balancer's service). */
static struct tr_next *lb_forward(struct tr_run *t, struct tr_next *n, const struct model_lb *lb,
				  const struct model_eni *eni, struct acl_pkt *p, bool pl)
{
	/* EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic (on by
	 * default): whether the groups filter what PrivateLink brings */
	if (eni && lb->n_sgs && !(pl && lb->pl_sg_off))
		trace_sg_check(t, eni, false, p, false);
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&lb->obj), p);
	h->kind = TRACE_D_LB;
	h->subnet = eni ? eni->subnet : NULL; /* the node's */
	enum elb_kind k = elb_kind_of(lb);
	char pr[8];
	if (k != ELB_KIND_ALB && k != ELB_KIND_NLB && k != ELB_KIND_CLB)
		return tr_reached(t, n, h, "UNSUPPORTED_COMPONENT",
				  "load balancer %s (type %s) is not addressed: it is reached "
				  "through its endpoints",
				  lb_name(lb), lb->type ? lb->type : "unknown");
	/* Classic Load Balancers have codes of their own
	 * (reachability/explanation-codes.html) */
	const char *mismatch = k == ELB_KIND_CLB ? "ELB_LISTENERS_MISMATCH" :
						   "ELBV2_LISTENERS_MISMATCH";
	if (!eni || !eni->subnet)
		return tr_reached(t, n, h, "UNASSOCIATED_COMPONENT",
				  "the node of %s is in no subnet of the snapshot", lb_name(lb));
	if (lb->state && strcmp(lb->state, "active") && strcmp(lb->state, "active_impaired"))
		return tr_drop(t, n, h, "BAD_STATE", TRACE_DIR_NONE,
			       "load balancer %s is %s, not active", lb_name(lb), lb->state);
	const struct model_lb_listener *ls =
		trace_has_ports(p) ? elb_listener_for(lb, p->proto, p->dport) : NULL;
	if (!ls) {
		if (!trace_has_ports(p))
			return tr_drop(t, n, h, mismatch, TRACE_DIR_INGRESS,
				       "%s listens on TCP or UDP ports only, not %s", lb_name(lb),
				       trace_proto_text(p->proto, pr));
		return tr_drop(t, n, h, mismatch, TRACE_DIR_INGRESS,
			       "%s has no %s listener on port %u (%u listener%s in the snapshot)",
			       lb_name(lb), trace_proto_text(p->proto, pr), (unsigned)p->dport,
			       (unsigned)lb->n_listeners, lb->n_listeners == 1 ? "" : "s");
	}
	h->lb_listener = ls;
	bool answered;
	const struct model_tg *tg = lb_target_group(t, n, lb, ls, h, p, &answered);
	if (answered)
		return tr_delivered(t, n, tr_go(TR_K_LB, TR_P_SEND, lb, eni), p);
	if (!tg)
		return n; /* lb_target_group() ended the walk */
	h->lb_tg = tg;

	const char *zone = eni->subnet->az ? eni->subnet->az : eni->az;
	struct elb_pick pk[TR_LB_MAX_TARGETS];
	const struct elb_pick *pick = lb_pick(t, n, lb, tg, zone, trace_flow_hash(p, false), pk, h);
	if (!pick)
		return n; /* lb_pick() ended the walk */
	const struct model_tg_target *x = pick->target;
	if (pick->verdict == ELB_ROUTED_FAIL_OPEN)
		trace_info_add(t, "ELB_FAIL_OPEN", h->comp,
			       "no target of %s is healthy: %s routes to the unhealthy ones (fail "
			       "open)",
			       tg->obj.name ? tg->obj.name : tg->obj.id, lb_name(lb));

	struct net_addr to;
	const struct model_eni *te;
	if (!lb_target_addr(t, n, tg, x, h, &to, &te))
		return n;
	uint16_t tport = (uint16_t)(x->port ? x->port : tg->port ? tg->port : p->dport);
	h->xport_to = tport; /* shown even when the walk ends below */
	bool from_attr = false;
	/* PrivateLink: the targets see the load balancer's address whatever
	 * the attribute (NLB guide, "Client IP preservation"; the consumer's
	 * addresses may overlap the provider's) */
	/* an IPv6 client of a dualstack load balancer reaches IPv4 targets (and
	 * the other way round): the node connects from its own address of the
	 * target's family, the client's cannot be kept (NLB guide,
	 * edit-target-group-attributes.html, "Client IP preservation": an
	 * IPv4 target of an IPv6 client sees the load balancer's IPv4 address;
	 * load-balancer-ip-address-type.html) */
	bool cross = to.af != p->dst.af;
	bool keep = !pl && !cross && elb_preserve_client_ip(lb, tg, p->proto, &from_attr);
	h->lb_client_ip = keep;
	if (!pl && !cross && k == ELB_KIND_NLB && !from_attr && !tg->n_attrs &&
	    p->proto == ACL_PROTO_TCP)
		trace_info_add(t,
			       keep ? "ASSUMPTION_PRESERVE_CLIENT_IP_IS_ENABLED" :
				      "ASSUMPTION_PRESERVE_CLIENT_IP_IS_DISABLED",
			       h->comp,
			       "the snapshot has no attributes of target group %s "
			       "(TargetGroupAttributes): client IP preservation is taken as "
			       "AWS's default for %s targets, %s",
			       tg->obj.id, tg->target_type ? tg->target_type : "instance",
			       keep ? "on" : "off");
	const struct model_eni *client = model_eni_by_private_ip(t->c->m, &p->src);
	if (keep && te &&
	    (client == te || (client && te->instance && client->instance == te->instance))) {
		return tr_drop(t, n, h, "ELBV2_SOURCE_ADDRESS_PRESERVATION", TRACE_DIR_NONE,
			       "%s picks the client itself (%s) as the target while client IP "
			       "preservation is on: the target sees its own address as the "
			       "source and the connection fails (NLB troubleshooting, "
			       "hairpinning)",
			       lb_name(lb), x->id ? x->id : "?");
	}

	struct tr_state *st = t->st;
	st->lb = lb;
	st->lb_eni = eni;
	st->lb_vip = p->dst;
	st->lb_vip_port = p->dport;
	st->lb_client = p->src;
	st->lb_client_port = p->sport;
	st->lb_preserve = keep;
	st->lb_target_subnet = te ? te->subnet : NULL;

	trace_hop_note_xlate(h, p, false, &to, tport);
	const char *pp2 = elb_attr(tg->attrs, tg->n_attrs, "proxy_protocol_v2.enabled");
	if (k == ELB_KIND_ALB)
		h->note = "the target gets the client's address in X-Forwarded-For";
	else if (k == ELB_KIND_CLB)
		h->note = "a Classic Load Balancer connects from its node (X-Forwarded-For on HTTP "
			  "listeners); its subnet's network ACL applies even to a target in the "
			  "same subnet";
	else if (pp2 && !strcmp(pp2, "true"))
		h->note = "proxy protocol v2: the target gets the client's address and port in a "
			  "header before the data, and must expect it";
	if (!keep) { /* the node connects from its own address, of the target's family */
		if (to.af == NET_AF_INET6 ? !eni->n_ips6 : !eni->n_ips)
			return tr_reached(t, n, h, "UNKNOWN_DESTINATION",
					  "the node of %s in %s has no %s address to reach target "
					  "%s from",
					  lb_name(lb), eni->subnet ? eni->subnet->obj.id : "?",
					  to.af == NET_AF_INET6 ? "IPv6" : "IPv4",
					  x->id ? x->id : "?");
		p->src = to.af == NET_AF_INET6 ? eni->ips6[0] : eni->ips[0].priv;
	}
	if (keep && lb->n_sgs)
		p->via = eni; /* the target's rules may name the NLB's groups */
	p->dst = to;
	p->dport = tport;
	h->pkt = *p;
	if (lb->n_sgs)
		trace_sg_check(t, eni, true, p, false);
	if (k == ELB_KIND_CLB && te && te->subnet == eni->subnet)
		trace_nacl_check(t, eni->subnet, true, p); /* ELB_ACL_RESTRICTION's case */
	return tr_put(n, TR_K_SUBNET, TR_P_OUT, eni->subnet, NULL);
}

/* The reply reaches node @eni: the client gets it from the address and
 * port it connected to. */
static struct tr_next *lb_reply(struct tr_run *t, struct tr_next *n, const struct model_lb *lb,
				const struct model_eni *eni, struct acl_pkt *p)
{
	struct tr_state *st = t->st;
	if (eni && lb->n_sgs)
		trace_sg_check(t, eni, false, p, false);
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&lb->obj), p);
	h->kind = TRACE_D_LB;
	if (st->lb != lb || !eni || !eni->subnet)
		return tr_drop(t, n, h, "ELBV2_LISTENERS_MISMATCH", TRACE_DIR_INGRESS,
			       "%s tracks no connection this packet answers", lb_name(lb));
	st->lb_back = true;
	trace_hop_note_xlate(h, p, true, &st->lb_vip, st->lb_vip_port);
	h->lb_client_ip = st->lb_preserve;
	p->src = st->lb_vip;
	p->dst = st->lb_client;
	p->sport = st->lb_vip_port;
	p->dport = st->lb_client_port;
	p->via = NULL;
	h->pkt = *p;
	if (st->lb_vpce_eni) {
		/* back through PrivateLink: the consumer gets it from the
		 * endpoint it connected to */
		h->note = "back through PrivateLink to the interface endpoint";
		return tr_put(n, TR_K_ENI, TR_P_SEND, st->lb_vpce_eni, NULL);
	}
	if (lb->n_sgs)
		trace_sg_check(t, eni, true, p, false);
	return tr_put(n, TR_K_SUBNET, TR_P_OUT, eni->subnet, NULL);
}

struct tr_next *trace_node_lb(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model_lb *lb = n->obj;
	const struct model_eni *eni = n->from;
	if (n->port == TR_P_SEND) {
		/* the answer of an ALB that answered itself */
		if (eni && lb->n_sgs)
			trace_sg_check(t, eni, true, p, false);
		return tr_put(n, TR_K_SUBNET, TR_P_OUT, eni ? eni->subnet : NULL, NULL);
	}
	if (t->reply)
		return lb_reply(t, n, lb, eni, p);
	return lb_forward(t, n, lb, eni, p, n->port == TR_P_PRIVATELINK);
}

/* ---- Gateway Load Balancer ----
 *
 * A route to a Gateway Load Balancer endpoint (GWLB guide, "Getting
 * started", "Inspection"): the endpoint sends the packet over PrivateLink
 * to its service's GWLB node in the endpoint's zone, which picks an
 * appliance by the flow's 5-tuple -- the same one for both directions
 * (flow stickiness) -- and sends it the packet inside GENEVE on UDP 6081,
 * so the appliance's security group and its subnet's network ACL must let
 * that in from the node.  The appliance returns the packet to the GWLB and
 * the endpoint, and it goes on from the endpoint's subnet, its route table
 * choosing the next hop; the GWLB's MTU is 8500.  What the appliance
 * decides (its own policy) is not in the snapshot: PATH_THROUGH_GWLB_NOT_
 * CHECKED says so, and the packet is taken as returned unchanged.  An
 * endpoint of a service outside the snapshot is passed the same way, said.
 */
#define TR_GENEVE_PORT 6081
#define TR_MTU_GWLB    8500

struct tr_next *trace_node_gwlb(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model_vpce *e = n->obj;
	const struct model_eni *ep = e->n_enis && e->enis ? e->enis[0] : NULL;
	const struct model_subnet *es = ep ? ep->subnet : NULL;
	if (!es && e->n_subnets && e->subnet_ids[0]) {
		/* a GWLB endpoint is in one subnet (SubnetIds) */
		const struct model_obj *so =
			model_find_kind(t->c->m, MODEL_SUBNET, e->subnet_ids[0]);
		es = so ? MODEL_AS(const struct model_subnet, so) : NULL;
	}
	struct trace_hop *last = t->path->n_hops ? &t->path->hops[t->path->n_hops - 1] : NULL;
	if (!es || !last)
		return last ? tr_reached(t, n, last, "UNASSOCIATED_COMPONENT",
					 "Gateway Load Balancer endpoint %s: its network "
					 "interface is in no subnet of the snapshot",
					 e->obj.id) :
			      tr_stop(n, TR_STOP_HALTED);
	if (e->state && strcasecmp(e->state, "available"))
		return tr_drop(t, n, last, "BAD_STATE", TRACE_DIR_NONE,
			       "Gateway Load Balancer endpoint %s is %s, not available", e->obj.id,
			       e->state);
	const struct model_vpce_svc *svc = e->svc;
	const struct model_lb *lb = NULL;
	for (uint32_t i = 0; svc && svc->gwlb && i < svc->n_lbs && !lb; i++)
		lb = svc->lbs[i];
	if (!lb) {
		trace_mtu(t, last, TR_MTU_GWLB);
		trace_info_add(t, "PATH_THROUGH_GWLB_NOT_CHECKED", last->comp,
			       "the endpoint's service %s and its appliances are not in the "
			       "snapshot: "
			       "not checked; the packet is taken as returned unchanged to %s",
			       e->service_name ? e->service_name : "?", es->obj.id);
		return tr_put(n, TR_K_SUBNET, TR_P_OUT, es, NULL);
	}
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&lb->obj), p);
	h->kind = TRACE_D_LB;
	trace_mtu(t, h, TR_MTU_GWLB);
	const char *zone = es->az;
	const struct model_eni *node = NULL;
	for (uint32_t i = 0; i < lb->n_enis && !node; i++)
		if (lb_same_zone(es, zone, lb->enis[i]))
			node = lb->enis[i];
	if (!node)
		return tr_drop(t, n, h, "ELB_INSTALLED_AZ_RESTRICTION", TRACE_DIR_NONE,
			       "Gateway Load Balancer %s has no node in %s, the zone of endpoint "
			       "%s",
			       lb_name(lb), zone ? zone : "?", e->obj.id);
	h->subnet = node->subnet;
	const struct model_lb_listener *ls = lb->n_listeners ? &lb->listeners[0] : NULL;
	h->lb_listener = ls;
	const struct model_obj *o = ls && ls->n_tgs && ls->tg_arns[0] ?
					    model_find_kind(t->c->m, MODEL_TG, ls->tg_arns[0]) :
					    NULL;
	if (!o)
		return tr_drop(t, n, h, "ELBV2_LISTENER_HAS_NO_TG", TRACE_DIR_NONE,
			       "Gateway Load Balancer %s forwards to no target group of the "
			       "snapshot",
			       lb_name(lb));
	const struct model_tg *tg = MODEL_AS(const struct model_tg, o);
	h->lb_tg = tg;
	/* the symmetric hash: the reply meets the same appliance */
	struct elb_pick pk[TR_LB_MAX_TARGETS];
	const struct elb_pick *pick = lb_pick(t, n, lb, tg, zone, trace_flow_hash(p, true), pk, h);
	if (!pick)
		return n;
	const struct model_tg_target *x = pick->target;
	h->xport_to = TR_GENEVE_PORT;
	h->action = "forwarded";
	h->note = "to the appliance inside GENEVE (UDP 6081); the packet itself is unchanged";
	struct net_addr to;
	const struct model_eni *te;
	/* GENEVE runs over IPv4 between the node and the appliance whatever
	 * the client traffic's family (gateway-load-balancers.html) */
	if (!lb_target_addr(t, n, tg, x, h, &to, &te))
		return n;
	if (te && node->n_ips) {
		/* the GENEVE packet from the node to the appliance, and back:
		 * network ACLs are stateless, each way is checked where it
		 * crosses a subnet's border (the security group tracks it) */
		struct acl_pkt g = {.src = node->ips[0].priv,
				    .dst = to,
				    .proto = ACL_PROTO_UDP,
				    .sport = TR_GENEVE_PORT,
				    .dport = TR_GENEVE_PORT};
		bool apart = te->subnet != node->subnet;
		if (apart) {
			trace_nacl_check(t, node->subnet, true, &g);
			trace_nacl_check(t, te->subnet, false, &g);
		}
		trace_sg_check(t, te, false, &g, false);
		struct acl_pkt back = g;
		back.src = g.dst;
		back.dst = g.src;
		if (apart) {
			trace_nacl_check(t, te->subnet, true, &back);
			trace_nacl_check(t, node->subnet, false, &back);
		}
	}
	trace_info_add(t, "PATH_THROUGH_GWLB_NOT_CHECKED", h->comp,
		       "appliance %s behind %s gets the packet and is taken to return it "
		       "unchanged: its own policy is not in the snapshot",
		       x->id ? x->id : "?", lb_name(lb));
	return tr_put(n, TR_K_SUBNET, TR_P_OUT, es, NULL);
}

/* ---- PrivateLink ----
 *
 * A connection to an interface endpoint of an endpoint service the
 * snapshot holds (describe-vpc-endpoint-service-configurations) goes to
 * the service's Network Load Balancer node in the endpoint's Availability
 * Zone (PrivateLink guide, "Concepts": the endpoint network interface is
 * the entry point; the service must be available in that zone) -- if the
 * endpoint is available: one whose connection awaits the provider's
 * acceptance or was rejected carries nothing.
 */
struct tr_next *trace_node_privatelink(struct tr_run *t, struct tr_next *n, struct acl_pkt *p)
{
	const struct model_vpce *e = n->obj;
	const struct model_eni *in = n->from;
	const struct model_vpce_svc *svc = e->svc;
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&e->obj), p);
	h->kind = TRACE_D_GATEWAY;
	h->subnet = in->subnet;
	if (e->state && strcasecmp(e->state, "available"))
		return tr_drop(t, n, h, "BAD_STATE", TRACE_DIR_NONE,
			       "interface endpoint %s is %s, not available%s", e->obj.id, e->state,
			       !strcasecmp(e->state, "pendingAcceptance") ? ": the service's owner "
									    "has not accepted the "
									    "connection" :
									    "");
	if (svc->state && strcasecmp(svc->state, "Available"))
		return tr_drop(t, n, h, "BAD_STATE", TRACE_DIR_NONE,
			       "endpoint service %s is %s, not available", svc->obj.id, svc->state);
	const struct model_lb *lb = NULL;
	for (uint32_t i = 0; i < svc->n_lbs && !lb; i++)
		lb = svc->lbs[i];
	if (svc->gwlb || !lb)
		return tr_reached(t, n, h,
				  svc->gwlb ? "UNSUPPORTED_COMPONENT" : "UNKNOWN_DESTINATION",
				  "endpoint service %s: %s", svc->obj.id,
				  svc->gwlb ? "a Gateway Load Balancer service is reached by "
					      "routes "
					      "to its endpoints, not addressed" :
					      "its Network Load Balancer is not in the snapshot");
	const char *az = in->subnet && in->subnet->az ? in->subnet->az : in->az;
	const struct model_eni *node = NULL;
	for (uint32_t i = 0; i < lb->n_enis && !node; i++)
		if (lb_same_zone(in->subnet, in->az, lb->enis[i]))
			node = lb->enis[i];
	if (!node)
		return tr_drop(t, n, h, "VPCE_SERVICE_NOT_INSTALLED_IN_AZ", TRACE_DIR_NONE,
			       "load balancer %s of endpoint service %s has no node in %s, the "
			       "zone "
			       "of %s",
			       lb_name(lb), svc->obj.id, az ? az : "?", in->obj.id);
	h->action = "forwarded";
	h->note = "PrivateLink: to the service's Network Load Balancer node in this zone";
	t->st->lb_vpce_eni = in;
	return tr_put(n, TR_K_LB, TR_P_PRIVATELINK, lb, node);
}

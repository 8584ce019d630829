/*
 * DOC: trace hops: recording hops and explanations, and the filters
 *
 * The pieces every step of the walk uses: appending a hop or an
 * explanation to the path being traced, naming components, and the two
 * filters -- security groups (stateful: a reply passes an ENI that saw the
 * forward packet) and network ACLs (stateless: every packet is checked,
 * with its real ports).  The matching itself is trace/acl.c's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "trace/trace_int.h"

const char trace_internet_id[] = "internet";

/* ---- recording ---- */

struct trace_comp trace_comp_obj(const struct model_obj *o)
{
	struct trace_comp c = {o->id ? o->id : "?", model_kind_name(o->kind), o->name};
	if (!c.name && o->kind == MODEL_ENI) {
		/* an unnamed ENI reads better by its instance's name */
		const struct model_eni *e = MODEL_AS(const struct model_eni, o);
		if (e->instance)
			c.name = e->instance->obj.name;
		else if (e->owner) /* NAT gateway, endpoint, load balancer */
			c.name = e->owner->name ? e->owner->name : e->owner->id;
	}
	return c;
}

struct trace_comp trace_comp_id(const char *id, const char *type)
{
	struct trace_comp c = {id ? id : "?", type, NULL};
	return c;
}

struct trace_hop *trace_hop_add(struct tr_run *t, struct trace_comp comp, const struct acl_pkt *p)
{
	struct trace_path *pa = t->path;
	struct trace_hop *h;
	if (pa->n_hops < TRACE_MAX_HOPS) {
		h = &pa->hops[pa->n_hops++];
	} else {
		pa->truncated = true;
		h = &t->scratch;
	}
	memset(h, 0, sizeof(*h));
	h->seq = pa->n_hops;
	h->comp = comp;
	h->action = "forwarded";
	h->pkt = *p;
	return h;
}

static void expl_vadd(struct tr_run *t, bool info, const char *code, struct trace_comp comp,
		      enum trace_dir dir, const char *fmt, va_list ap)
{
	struct trace_path *pa = t->path;
	if (!info)
		t->blocked = true;
	if (pa->n_expl >= TRACE_MAX_EXPL) {
		pa->truncated = true;
		return;
	}
	struct trace_expl *e = &pa->expl[pa->n_expl++];
	e->code = code;
	e->comp = comp;
	e->dir = dir;
	e->info = info;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
}

void trace_expl_add(struct tr_run *t, const char *code, struct trace_comp comp, enum trace_dir dir,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	expl_vadd(t, false, code, comp, dir, fmt, ap);
	va_end(ap);
}

void trace_info_add(struct tr_run *t, const char *code, struct trace_comp comp, const char *fmt,
		    ...)
{
	/* the same note twice on one path (a long path through several
	 * zones) says nothing new */
	for (uint32_t i = 0; i < t->path->n_expl; i++)
		if (t->path->expl[i].info && !strcmp(t->path->expl[i].code, code) &&
		    !strcmp(t->path->expl[i].comp.id, comp.id))
			return;
	va_list ap;
	va_start(ap, fmt);
	expl_vadd(t, true, code, comp, TRACE_DIR_NONE, fmt, ap);
	va_end(ap);
}

void trace_mtu(struct tr_run *t, struct trace_hop *h, uint32_t mtu)
{
	h->mtu = mtu;
	if (mtu && (!t->path->mtu || mtu < t->path->mtu)) {
		t->path->mtu = mtu;
		t->path->mtu_comp = h->comp;
	}
}

void trace_hop_drop(struct tr_run *t, struct trace_hop *h, const char *code, enum trace_dir dir,
		    const char *fmt, ...)
{
	char msg[sizeof(((struct trace_expl *)0)->msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	h->action = "dropped";
	trace_expl_add(t, code, h->comp, dir, "%s", msg);
}

const char *trace_addr_text(const struct net_addr *a, char *buf)
{
	return a->af ? net_addr_fmt(a, buf) : "?";
}

bool trace_has_ports(const struct acl_pkt *p)
{
	return p->proto == ACL_PROTO_TCP || p->proto == ACL_PROTO_UDP;
}

bool trace_seen(const struct tr_run *t, const struct model_eni *e)
{
	for (uint32_t i = 0; i < t->st->n_seen; i++)
		if (t->st->seen[i] == e)
			return true;
	return false;
}

void trace_remember(struct tr_run *t, const struct model_eni *e)
{
	if (!trace_seen(t, e) && t->st->n_seen < TR_MAX_SEEN)
		t->st->seen[t->st->n_seen++] = e;
}

bool trace_eni_has_addr(const struct model_eni *e, const struct net_addr *a)
{
	if (a->af == NET_AF_INET) {
		for (uint32_t i = 0; i < e->n_ips; i++)
			if (net_addr_eq(&e->ips[i].priv, a))
				return true;
	} else {
		for (uint32_t i = 0; i < e->n_ips6; i++)
			if (net_addr_eq(&e->ips6[i], a))
				return true;
	}
	return false;
}

bool trace_in_cidrs(const struct model_cidr *c, uint32_t n, const struct net_addr *a)
{
	for (uint32_t i = 0; i < n; i++)
		if (c[i].pfx.addr.af == a->af && net_prefix_contains(&c[i].pfx, a))
			return true;
	return false;
}

bool trace_in_vpc(const struct model_vpc *v, const struct net_addr *a)
{
	return v && (trace_in_cidrs(v->cidrs, v->n_cidrs, a) ||
		     trace_in_cidrs(v->cidrs6, v->n_cidrs6, a));
}

bool trace_igw_attached(const struct model_igw *g, const struct model_vpc *v)
{
	for (uint32_t i = 0; i < g->n_vpcs; i++)
		if ((g->vpcs && g->vpcs[i] == v) ||
		    (g->vpc_ids && g->vpc_ids[i] && v->obj.id && !strcmp(g->vpc_ids[i], v->obj.id)))
			return true;
	return false;
}

const struct model_natgw *trace_eni_nat(const struct model_eni *e)
{
	if (e->owner && e->owner->kind == MODEL_NATGW)
		return MODEL_AS(const struct model_natgw, e->owner);
	return NULL;
}

/* ---- arrival ---- */

void trace_arrive_eni_end(struct tr_run *t, const struct model_eni *d, const struct acl_pkt *p)
{
	t->arrived = true;
	if (!t->reply) {
		t->st->end = TR_END_ENI;
		t->st->end_eni = d;
		t->st->end_pkt = *p;
	}
}

void trace_arrive_outside(struct tr_run *t, const struct acl_pkt *p)
{
	t->arrived = true;
	if (!t->reply) {
		t->st->end = TR_END_OUTSIDE;
		t->st->end_pkt = *p;
	}
}

/* ---- filters ---- */

void trace_sg_check(struct tr_run *t, const struct model_eni *eni, bool egress,
		    const struct acl_pkt *p, bool deliver)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&eni->obj), p);
	h->kind = TRACE_D_SG;
	h->dir = egress ? TRACE_DIR_EGRESS : TRACE_DIR_INGRESS;
	h->action = deliver ? "delivered" : "allowed";
	if (t->reply && trace_seen(t, eni)) {
		h->stateful = true;
		h->note = "return traffic of an allowed connection: security groups are stateful";
		return;
	}
	if (!t->reply)
		trace_remember(t, eni);
	struct acl_sg_match mt;
	if (acl_sg_allows(t->c->acl, eni, egress, p, &mt)) {
		h->sg = mt.sg;
		h->sg_rule = mt.rule;
		return;
	}
	h->action = "denied";
	char groups[96] = "", a[NET_PREFIX_STRLEN], b[NET_PREFIX_STRLEN], pr[8];
	size_t off = 0;
	for (uint32_t i = 0; i < eni->n_sgs && eni->sg_ids && off < sizeof(groups); i++) {
		int n = snprintf(groups + off, sizeof(groups) - off, "%s%s", i ? ", " : "",
				 eni->sg_ids[i] ? eni->sg_ids[i] : "?");
		if (n < 0)
			break;
		off += (size_t)n;
	}
	char port[16] = "";
	if (trace_has_ports(p))
		snprintf(port, sizeof(port), " port %u", (unsigned)p->dport);
	trace_expl_add(t, "ENI_SG_RULES_MISMATCH", h->comp, h->dir,
		       "no %s rule of the security groups of %s (%s) allows %s from %s to %s%s",
		       egress ? "outbound" : "inbound", eni->obj.id, eni->n_sgs ? groups : "none",
		       trace_proto_text(p->proto, pr), trace_addr_text(&p->src, a),
		       trace_addr_text(&p->dst, b), port);
}

void trace_nacl_check(struct tr_run *t, const struct model_subnet *s, bool egress,
		      const struct acl_pkt *p)
{
	if (!s || !s->nacl)
		return;
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&s->nacl->obj), p);
	h->kind = TRACE_D_NACL;
	h->dir = egress ? TRACE_DIR_EGRESS : TRACE_DIR_INGRESS;
	h->subnet = s;
	h->nacl = s->nacl;
	struct acl_nacl_match mt;
	bool ok = acl_nacl_allows(t->c->acl, s->nacl, egress, p, &mt);
	h->nacl_entry = mt.entry;
	h->action = ok ? "allowed" : "denied";
	if (ok)
		return;
	char rule[16], a[NET_PREFIX_STRLEN], b[NET_PREFIX_STRLEN], pr[8];
	if (mt.entry)
		snprintf(rule, sizeof(rule), "%d", (int)mt.entry->rule_number);
	else
		snprintf(rule, sizeof(rule), "*");
	char port[16] = "";
	if (trace_has_ports(p))
		snprintf(port, sizeof(port), " port %u", (unsigned)p->dport);
	trace_expl_add(t, "SUBNET_ACL_RESTRICTION", h->comp, h->dir,
		       "network ACL %s of %s denies %s %s from %s to %s%s (rule %s)",
		       s->nacl->obj.id, s->obj.id, egress ? "outbound" : "inbound",
		       trace_proto_text(p->proto, pr), trace_addr_text(&p->src, a),
		       trace_addr_text(&p->dst, b), port, rule);
}

/* ---- Amazon-provided services on the host ----
 *
 * The Amazon DNS server (the VPC's primary CIDR base + 2, and
 * 169.254.169.253), the instance metadata service (169.254.169.254), the
 * Amazon Time Sync Service (169.254.169.123) and DHCP are answered by the
 * host the instance runs on: the packet never crosses the subnet boundary
 * or the VPC router.  Network ACLs do not filter this traffic
 * (vpc-network-acls.html, "Network ACL basics"), and neither do security
 * groups: "these services [security groups, network ACLs, AWS Network
 * Firewall] ... do not apply to DNS queries provided by Route 53 Resolver"
 * (AWS Networking & Content Delivery blog, "Secure your Amazon VPC DNS
 * resolution with Amazon Route 53 Resolver DNS Firewall"), which a test
 * with a security group without outbound rules confirms for base + 2
 * (dev.classmethod.jp, "security-group-outbound-rule-cannot-filter-traffic-
 * to-amazon-dns-server").  vpcsim treats metadata, Time Sync and DHCP, the
 * other host-local services of that ACL list, the same way.  The IPv6
 * addresses on Nitro instances are fd00:ec2::253 / ::254 / ::123
 * (whitepaper "IPv6 on AWS", "Supporting Amazon VPC services").
 */

struct trace_svc {
	const char *id, *name;
	uint32_t v4;    /* fixed IPv4 address, host order (0: none) */
	const char *v6; /* fixed IPv6 address (NULL: none) */
	bool vpc_base2; /* also the VPC's primary CIDR base + 2 */
	bool tcp, udp;  /* protocols it answers */
	uint16_t port;
	const char *sg_note, *nacl_note;
};

#define TR_V4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static const struct trace_svc trace_svcs[] = {
	{"amazon-dns", "Amazon DNS server (Route 53 Resolver)", TR_V4(169, 254, 169, 253),
	 "fd00:ec2::253", true, true, true, 53,
	 "not filtered: security groups do not apply to traffic to or from the Amazon DNS server",
	 "not evaluated: network ACLs do not filter traffic to or from the Amazon DNS server"},
	{"instance-metadata", "instance metadata service (IMDS)", TR_V4(169, 254, 169, 254),
	 "fd00:ec2::254", false, true, false, 80,
	 "not filtered: security groups do not apply to instance metadata traffic",
	 "not evaluated: network ACLs do not filter instance metadata traffic"},
	{"amazon-time-sync", "Amazon Time Sync Service", TR_V4(169, 254, 169, 123), "fd00:ec2::123",
	 false, false, true, 123,
	 "not filtered: security groups do not apply to Amazon Time Sync Service traffic",
	 "not evaluated: network ACLs do not filter Amazon Time Sync Service traffic"},
	{"amazon-dhcp", "Amazon DHCP", TR_V4(255, 255, 255, 255), NULL, false, false, true, 67,
	 "not filtered: security groups do not apply to DHCP traffic",
	 "not evaluated: network ACLs do not filter DHCP traffic"},
};

/* Cheap first: every trace asks, few are addressed to these services. */
static bool trace_svc_at(const struct trace_svc *v, const struct model_eni *src,
			 const struct net_addr *a)
{
	if (a->af == NET_AF_INET6) {
		struct net_addr x;
		return v->v6 && net_addr_parse(v->v6, &x) == 0 && net_addr_eq(&x, a);
	}
	if (a->af != NET_AF_INET)
		return false;
	uint32_t ip = net_addr_v4(a);
	if (ip == v->v4)
		return true;
	if (!v->vpc_base2 || !src->vpc || !src->vpc->n_cidrs)
		return false;
	const struct net_prefix *pri = &src->vpc->cidrs[0].pfx; /* the primary CIDR */
	if (pri->addr.af != NET_AF_INET || pri->len > 30)
		return false;
	uint32_t mask = pri->len ? ~(uint32_t)0 << (32 - pri->len) : 0;
	return ip == (net_addr_v4(&pri->addr) & mask) + 2;
}

const struct trace_svc *trace_svc_of(const struct model_eni *src, const struct acl_pkt *p)
{
	if (!src)
		return NULL;
	for (size_t i = 0; i < sizeof(trace_svcs) / sizeof(trace_svcs[0]); i++)
		if (trace_svc_at(&trace_svcs[i], src, &p->dst))
			return &trace_svcs[i];
	return NULL;
}

static const char trace_svc_host_note[] = "answered on the instance's host: the packet crosses no "
					  "subnet boundary or router";

static struct trace_comp trace_svc_comp(const struct trace_svc *v)
{
	struct trace_comp c = {v->id, "aws-service", v->name};
	return c;
}

/* The host's side of one direction: the ENI hop and, when the subnet has
 * one, its network ACL, both passed without evaluation. */
static void trace_svc_host(struct tr_run *t, const struct model_eni *eni, const struct trace_svc *v,
			   const struct acl_pkt *p, bool egress)
{
	struct trace_hop *h = NULL;
	if (egress) {
		h = trace_hop_add(t, trace_comp_obj(&eni->obj), p);
		h->dir = TRACE_DIR_EGRESS;
		h->action = "allowed";
		h->note = v->sg_note;
	}
	const struct model_subnet *s = eni->subnet;
	if (s && s->nacl) {
		struct trace_hop *n = trace_hop_add(t, trace_comp_obj(&s->nacl->obj), p);
		n->dir = egress ? TRACE_DIR_EGRESS : TRACE_DIR_INGRESS;
		n->action = "skipped";
		n->subnet = s;
		n->nacl = s->nacl;
		n->note = v->nacl_note;
	}
	if (!egress) {
		h = trace_hop_add(t, trace_comp_obj(&eni->obj), p);
		h->dir = TRACE_DIR_INGRESS;
		h->action = "delivered";
		h->note = v->sg_note;
	}
}

void trace_walk_svc(struct tr_run *t, const struct model_eni *eni, const struct trace_svc *v,
		    struct acl_pkt p)
{
	char pr[8];
	trace_svc_host(t, eni, v, &p, true);
	struct trace_hop *d = trace_hop_add(t, trace_svc_comp(v), &p);
	d->kind = TRACE_D_SERVICE;
	d->note = trace_svc_host_note;
	if (v->vpc_base2 && eni->vpc && !eni->vpc->dns_support) {
		trace_hop_drop(t, d, "VPC_DNS_SUPPORT_DISABLED", TRACE_DIR_NONE,
			       "%s has enableDnsSupport off: the Amazon DNS server does not answer",
			       eni->vpc->obj.id);
		return;
	}
	if (!((p.proto == ACL_PROTO_TCP && v->tcp) || (p.proto == ACL_PROTO_UDP && v->udp))) {
		trace_hop_drop(t, d, "PROTOCOL_RESTRICTION", TRACE_DIR_NONE,
			       "the %s answers %s only, not %s", v->name,
			       v->tcp && v->udp ? "TCP and UDP" :
			       v->tcp           ? "TCP" :
						  "UDP",
			       trace_proto_text(p.proto, pr));
		return;
	}
	if (p.dport != v->port) {
		trace_hop_drop(t, d, "TARGET_PORT_RESTRICTION", TRACE_DIR_NONE,
			       "the %s answers on port %u only, not %u", v->name, (unsigned)v->port,
			       (unsigned)p.dport);
		return;
	}
	d->action = "delivered";
	t->arrived = true;

	/* The answer, on the same host path; st->end stays TR_END_NONE: the
	 * reply is walked here, not by trace_walk_reply(). */
	struct trace_result *r = t->res;
	struct tr_run u;
	memset(&u, 0, sizeof(u));
	u.c = t->c;
	u.res = r;
	u.st = t->st;
	u.reply = true;
	u.path = &r->ret;
	r->ret.evaluated = true;
	struct acl_pkt q = p;
	q.src = p.dst;
	q.dst = p.src;
	q.sport = p.dport;
	q.dport = p.sport;
	struct trace_hop *s = trace_hop_add(&u, trace_svc_comp(v), &q);
	s->kind = TRACE_D_SERVICE;
	s->note = trace_svc_host_note;
	s->action = "sent";
	trace_svc_host(&u, eni, v, &q, false);
	u.arrived = true;
	r->ret.reachable = !u.blocked;
}

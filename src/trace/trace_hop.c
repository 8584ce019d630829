/*
 * DOC: trace hops: recording hops and explanations, and the filters
 *
 * The layer every handler of the walk (node_*.c) stands on: appending a
 * hop or an explanation to the path being traced, naming components, the
 * two filters -- security groups (stateful: a reply passes an ENI whose
 * groups allowed the forward packet, when nothing before had dropped it)
 * and network ACLs (stateless: every packet is
 * checked, with its real ports) -- and lookups in the effective routes.
 * The matching itself is trace/acl.c's, the routes route/rib.c's.  Calls
 * nothing of the walk above it.
 */
#include <stdarg.h>
#include <stddef.h>
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
	/* Everything but the route losers, two fifths of the hop: only the
	 * n_lost that route_vpc_lookup() writes are ever read. */
	size_t lost_end = offsetof(struct trace_hop, lost) + sizeof(h->lost);
	memset(h, 0, offsetof(struct trace_hop, lost));
	memset((char *)h + lost_end, 0, sizeof(*h) - lost_end);
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

void trace_expl_vadd(struct tr_run *t, const char *code, struct trace_comp comp, enum trace_dir dir,
		     const char *fmt, va_list ap)
{
	expl_vadd(t, false, code, comp, dir, fmt, ap);
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

static void hop_mtu(struct tr_run *t, struct trace_hop *h, uint32_t mtu, bool strict)
{
	h->mtu = mtu;
	if (mtu && (!t->path->mtu || mtu < t->path->mtu)) {
		t->path->mtu = mtu;
		t->path->mtu_comp = h->comp;
		t->path->mtu_strict = strict;
	}
}

void trace_mtu(struct tr_run *t, struct trace_hop *h, uint32_t mtu)
{
	hop_mtu(t, h, mtu, false);
}

void trace_mtu_strict(struct tr_run *t, struct trace_hop *h, uint32_t mtu)
{
	hop_mtu(t, h, mtu, true);
}

void trace_hop_vdrop(struct tr_run *t, struct trace_hop *h, const char *code, enum trace_dir dir,
		     const char *fmt, va_list ap)
{
	/* formatted once, straight into the explanation */
	h->action = "dropped";
	expl_vadd(t, false, code, h->comp, dir, fmt, ap);
}

void trace_hop_drop(struct tr_run *t, struct trace_hop *h, const char *code, enum trace_dir dir,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	trace_hop_vdrop(t, h, code, dir, fmt, ap);
	va_end(ap);
}

const char *trace_addr_text(const struct tr_run *t, const struct net_addr *a, char *buf)
{
	/* most messages name the flow's own ends, which trace_run() has
	 * formatted already: inet_ntop() is a third of a trace otherwise */
	const struct trace_result *r = t->res;
	if (!a->af)
		return "?";
	if (net_addr_eq(a, &r->flow.src))
		return r->src_text;
	if (net_addr_eq(a, &r->flow.dst))
		return r->dst_text;
	return net_addr_fmt(a, buf);
}

bool trace_has_ports(const struct acl_pkt *p)
{
	return p->proto == ACL_PROTO_TCP || p->proto == ACL_PROTO_UDP;
}

void trace_hop_note_xlate(struct trace_hop *h, const struct acl_pkt *p, bool src,
			  const struct net_addr *to, uint16_t port)
{
	h->xlate_src = src;
	h->xlate_from = src ? p->src : p->dst;
	h->xlate_to = *to;
	h->xport_from = src ? p->sport : p->dport;
	h->xport_to = port;
}

void trace_hop_xlate(struct trace_hop *h, struct acl_pkt *p, bool src, const struct net_addr *to,
		     uint16_t port)
{
	h->kind = TRACE_D_XLATE;
	h->action = "translated";
	trace_hop_note_xlate(h, p, src, to, port);
	bool ports = trace_has_ports(p);
	if (src) {
		p->src = *to;
		if (ports)
			p->sport = port;
	} else {
		p->dst = *to;
		if (ports)
			p->dport = port;
	}
	h->pkt = *p;
}

bool trace_fwd_passed(const struct tr_run *t)
{
	return !t->reply && !t->blocked;
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

/* ---- filters ---- */

struct trace_hop *trace_sg_check(struct tr_run *t, const struct model_eni *eni, bool egress,
				 const struct acl_pkt *p, bool deliver)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(&eni->obj), p);
	h->kind = TRACE_D_SG;
	h->dir = egress ? TRACE_DIR_EGRESS : TRACE_DIR_INGRESS;
	h->action = deliver ? "delivered" : "allowed";
	if (t->reply && trace_seen(t, eni)) {
		h->stateful = true;
		h->note = "return traffic of an allowed connection: security groups are stateful";
		return h;
	}
	struct acl_sg_match mt;
	if (acl_sg_allows(t->c->acl, eni, egress, p, &mt)) {
		h->sg = mt.sg;
		h->sg_rule = mt.rule;
		/* a connection is tracked only where the packet really passed */
		if (trace_fwd_passed(t))
			trace_remember(t, eni);
		return h;
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
		       trace_proto_text(p->proto, pr), trace_addr_text(t, &p->src, a),
		       trace_addr_text(t, &p->dst, b), port);
	const struct model_sg_rule *lost = egress ? NULL :
						    acl_sg_ref_unsupported(t->c->acl, eni, p);
	if (lost)
		trace_expl_add(t, "SG_REFERENCING_SUPPORT", h->comp, h->dir,
			       "an inbound rule references %s, a group of the source, whose VPC "
			       "is attached to the same transit gateway: security group "
			       "referencing is off on the transit gateway or one of the two VPC "
			       "attachments, so the group is not known here "
			       "(tgw-vpc-attachments.html)",
			       lost->peer_id ? lost->peer_id : "?");
	return h;
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
		       trace_proto_text(p->proto, pr), trace_addr_text(t, &p->src, a),
		       trace_addr_text(t, &p->dst, b), port, rule);
}

/* ---- model helpers ---- */

/* Appliance mode keeps a flow and its reply in one AZ by this hash
 * (trace_int.h); ECMP picks among equal routes by it. */
uint32_t trace_flow_hash(const struct acl_pkt *p, bool sym)
{
	const struct net_addr *a = &p->src, *b = &p->dst;
	uint16_t pa = p->sport, pb = p->dport;
	if (sym && net_addr_cmp(a, b) > 0) {
		a = &p->dst;
		b = &p->src;
		pa = p->dport;
		pb = p->sport;
	}
	uint32_t h = 2166136261u;
	const uint8_t *x[2] = {a->b, b->b};
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < 16; i++)
			h = (h ^ x[k][i]) * 16777619u;
	uint8_t tail[5] = {p->proto, (uint8_t)(pa >> 8), (uint8_t)pa, (uint8_t)(pb >> 8),
			   (uint8_t)pb};
	for (int i = 0; i < 5; i++)
		h = (h ^ tail[i]) * 16777619u;
	return h;
}

const struct model_site *trace_site_of(const struct model *m, const struct net_addr *a)
{
	const struct model_site *best = NULL;
	uint8_t best_len = 0;
	for (uint32_t i = 0; i < m->n_sites; i++)
		for (uint32_t c = 0; c < m->sites[i].n_cidrs; c++) {
			const struct net_prefix *p = &m->sites[i].cidrs[c].pfx;
			if (net_prefix_contains(p, a) && (!best || p->len > best_len)) {
				best = &m->sites[i];
				best_len = p->len;
			}
		}
	return best;
}

/* A hop that looks up @owner's effective routes for p.dst; ECMP picks by
 * flow hash.  Returns the route (NULL: none; the hop is not dropped). */
const struct rib_route *trace_rib_hop_in(struct tr_run *t, const struct model_obj *owner,
					 const struct rib *table, const struct acl_pkt *p,
					 struct trace_hop **hop)
{
	struct trace_hop *h = trace_hop_add(t, trace_comp_obj(owner), p);
	*hop = h;
	h->kind = TRACE_D_RIB;
	h->rib = table;
	const struct rib_route *e[8];
	uint32_t n = 0;
	const struct rib_route *r = rib_lookup(h->rib, &p->dst, e, 8, &n);
	if (r && n > 1)
		r = e[trace_flow_hash(p, false) % n];
	h->rib_route = r;
	h->n_ecmp = n;
	return r;
}

const struct rib_route *trace_rib_hop(struct tr_run *t, const struct model_obj *owner,
				      const struct acl_pkt *p, struct trace_hop **hop)
{
	return trace_rib_hop_in(t, owner, rib_of(t->c->rib, owner), p, hop);
}

/*
 * The TCP ports an AWS service answers on, from its endpoint service name
 * ("com.amazonaws.REGION.NAME"): HTTPS 443 for the AWS APIs (PrivateLink
 * guide, "Access an AWS service using an interface VPC endpoint"); S3 and
 * DynamoDB also HTTP 80; Amazon SES SMTP 25, 465, 587, 2465, 2587; CodeCommit
 * Git 22 (SSH) and 443.  NULL for a name that is not an AWS service's (an
 * endpoint service of another account, "com.amazonaws.vpce.REGION...": its
 * ports are its load balancer's listeners).
 */
const char *trace_aws_service_ports(const char *service_name, uint16_t port, bool *ok)
{
	static const struct {
		const char *name;
		const char *text;
		uint16_t ports[5];
	} svcs[] = {
		{"s3", "TCP 443 and 80", {443, 80}},
		{"dynamodb", "TCP 443 and 80", {443, 80}},
		{"email-smtp", "TCP 25, 465, 587, 2465 and 2587", {25, 465, 587, 2465, 2587}},
		{"git-codecommit", "TCP 22 and 443", {22, 443}},
	};
	static const char prefix[] = "com.amazonaws.";
	*ok = true;
	if (!service_name || strncmp(service_name, prefix, sizeof(prefix) - 1) != 0)
		return NULL;
	const char *rest = service_name + sizeof(prefix) - 1;
	if (strncmp(rest, "vpce.", 5) == 0)
		return NULL;
	const char *name = strchr(rest, '.'); /* past the Region */
	name = name ? name + 1 : rest;
	for (size_t i = 0; i < sizeof(svcs) / sizeof(svcs[0]); i++) {
		if (strcmp(name, svcs[i].name) != 0)
			continue;
		*ok = false;
		for (size_t k = 0; k < 5 && svcs[i].ports[k]; k++)
			*ok |= svcs[i].ports[k] == port;
		return svcs[i].text;
	}
	*ok = port == 443;
	return "TCP 443";
}

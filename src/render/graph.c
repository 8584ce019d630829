/*
 * DOC: render -- the model as a graph description (vpcsim/graph.h)
 *
 * One pass per kind of entity over the model, in the model's order (the
 * snapshot's), so the description -- and the DOT text written from it --
 * is the same for the same snapshot.  Clusters nest account > region >
 * VPC > Availability Zone > subnet; an edge may end at a cluster (a VPC),
 * drawn to the cluster's first node with Graphviz's lhead/ltail so it stops
 * at the VPC's border.  The trace overlay maps each hop's component to the
 * node that stands for it (an ENI to its instance or to the NAT gateway,
 * endpoint or load balancer it serves; a network ACL or route table to the
 * subnet it was met in; a TGW route table or attachment to its TGW) and
 * joins consecutive hops at one node into one numbered edge.
 *
 * Writing (dot, svg, html) is graph_write.c, json graph_json.c.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/hmap.h"
#include "render/graph_int.h"
#include "vpcsim/error.h"
#include "vpcsim/report.h"

/* ---- labels: DOT-escaped text built piece by piece ---- */

void gr_sb_putc(struct gr_sb *b, char c)
{
	if (b->oom)
		return;
	if (b->len + 2 > b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 128;
		char *n = realloc(b->buf, cap);
		if (!n) {
			b->oom = true;
			return;
		}
		b->buf = n;
		b->cap = cap;
	}
	b->buf[b->len++] = c;
	b->buf[b->len] = '\0';
}

void gr_sb_raw(struct gr_sb *b, const char *s)
{
	while (*s)
		gr_sb_putc(b, *s++);
}

/* @n bytes of @s quoted for a DOT string, and "..." when @cut. */
static void gr_sb_dotq(struct gr_sb *b, const char *s, size_t n, bool cut)
{
	for (size_t i = 0; i < n && s[i]; i++) {
		if (s[i] == '"' || s[i] == '\\')
			gr_sb_putc(b, '\\');
		gr_sb_putc(b, s[i]);
	}
	if (cut)
		gr_sb_raw(b, "...");
}

/* How much of @s to keep: at most @max bytes (0: all), cut at a UTF-8
 * character boundary; *cut says whether something was left out. */
static size_t gr_keep(const char *s, size_t max, bool *cut)
{
	size_t n = strlen(s);
	*cut = max && n > max;
	if (*cut) {
		n = max;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return n;
}

/* @s with control characters and bytes that are not UTF-8 escaped as the
 * text output escapes them (report_text_esc()), then quoted for a DOT
 * string: a Name tag can neither break the DOT syntax nor reach the SVG
 * as a control character (which XML forbids).  At most @max bytes of @s
 * (0: all). */
void gr_sb_text(struct gr_sb *b, const char *s, size_t max)
{
	if (!s)
		return;
	bool cut;
	size_t n = gr_keep(s, max, &cut);
	char *part = malloc(n + 1), *esc = malloc(4 * n + 1);
	if (!part || !esc) {
		free(part);
		free(esc);
		b->oom = true;
		return;
	}
	memcpy(part, s, n);
	part[n] = '\0';
	report_text_esc(part, esc, 4 * n + 1);
	gr_sb_dotq(b, esc, strlen(esc), cut);
	free(part);
	free(esc);
}

static void gr_sb_fmt(struct gr_sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void gr_sb_fmt(struct gr_sb *b, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	gr_sb_text(b, buf, 0);
}

/* A line break inside a DOT label: centred (\n) or left-justified (\l). */
static void gr_sb_nl(struct gr_sb *b, bool left)
{
	gr_sb_raw(b, left ? "\\l" : "\\n");
}

static char *gr_sb_done(struct graph *g, struct gr_sb *b)
{
	char *s = b->oom ? NULL : arena_strdup(g->arena, b->buf ? b->buf : "");
	free(b->buf);
	*b = (struct gr_sb){0};
	if (!s)
		g->oom = true;
	return s;
}

/* ---- the description ---- */

static void *gr_grow(struct graph *g, void **arr, uint32_t *n, uint32_t *cap, size_t size)
{
	if (*n == *cap) {
		uint32_t c = *cap ? 2 * *cap : 16;
		void *a = realloc(*arr, (size_t)c * size);
		if (!a) {
			g->oom = true;
			return NULL;
		}
		*arr = a;
		*cap = c;
	}
	void *p = (char *)*arr + (size_t)(*n)++ * size;
	memset(p, 0, size);
	return p;
}

static bool gr_index(struct graph *g, const char *id, bool cluster, uint32_t i)
{
	struct gr_ref *r = arena_alloc(g->arena, sizeof(*r));
	if (!r || hmap_put_str(g->by_id, id, r, NULL)) {
		g->oom = true;
		return false;
	}
	r->cluster = cluster;
	r->i = i;
	return true;
}

static const struct gr_ref *gr_find(const struct graph *g, const char *id)
{
	return id ? hmap_get_str(g->by_id, id) : NULL;
}

/* The cluster of @key, made with @label (consumed) under @parent when new. */
static int gr_cluster(struct graph *g, const char *key, const char *id, char *label,
		      const char *kind, int parent)
{
	void *v = hmap_get_str(g->cluster_keys, key);
	if (v)
		return (int)((uintptr_t)v - 1);
	struct gr_cluster *c =
		gr_grow(g, (void **)&g->clusters, &g->n_clusters, &g->cap_clusters, sizeof(*c));
	char *k = arena_strdup(g->arena, key);
	if (!c || !k)
		return g->oom = true, -1;
	int i = (int)(g->n_clusters - 1);
	c->id = id ? arena_strdup(g->arena, id) : NULL;
	c->label = label;
	c->kind = kind;
	c->parent = parent;
	if (hmap_put_str(g->cluster_keys, k, (void *)(uintptr_t)(i + 1), NULL) || (id && !c->id))
		return g->oom = true, -1;
	if (c->id && !gr_find(g, c->id))
		gr_index(g, c->id, true, (uint32_t)i);
	return i;
}

/* The account cluster @o belongs to. */
static int gr_account(struct graph *g, const struct model_obj *o)
{
	const char *acct = o->account ? o->account : "";
	char key[300], id[300];
	struct gr_sb b = {0};

	snprintf(key, sizeof(key), "account\n%s", acct);
	snprintf(id, sizeof(id), "account-%s", *acct ? acct : "unknown");
	gr_sb_fmt(&b, "AWS account %s", *acct ? acct : "(not given)");
	return gr_cluster(g, key, id, gr_sb_done(g, &b), "account", -1);
}

/* The account and region clusters @o belongs to: the region's index. */
static int gr_region(struct graph *g, const struct model_obj *o)
{
	const char *acct = o->account ? o->account : "";
	const char *reg = o->region ? o->region : "";
	char key[300], id[300];
	struct gr_sb b = {0};
	int a = gr_account(g, o);

	snprintf(key, sizeof(key), "region\n%s\n%s", acct, reg);
	snprintf(id, sizeof(id), "region-%s-%s", *acct ? acct : "unknown", *reg ? reg : "unknown");
	gr_sb_fmt(&b, "Region %s", *reg ? reg : "(not given)");
	return gr_cluster(g, key, id, gr_sb_done(g, &b), "region", a);
}

/* Outside AWS: on-premises sites, customer gateways, the internet. */
static int gr_outside(struct graph *g)
{
	struct gr_sb b = {0};
	gr_sb_text(&b, "On-premises networks and the internet", 0);
	return gr_cluster(g, "outside", "outside", gr_sb_done(g, &b), "outside", -1);
}

static struct gr_node *gr_node(struct graph *g, const char *id, const char *kind, int cluster,
			       char *label)
{
	if (!id || gr_find(g, id))
		return NULL; /* drawn once */
	struct gr_node *n = gr_grow(g, (void **)&g->nodes, &g->n_nodes, &g->cap_nodes, sizeof(*n));
	if (!n)
		return NULL;
	n->id = arena_strdup(g->arena, id);
	n->kind = kind;
	n->cluster = cluster;
	n->label = label;
	if (!n->id || !label) {
		g->oom = true;
		return NULL;
	}
	gr_index(g, n->id, false, g->n_nodes - 1);
	return n;
}

/* A node labelled "@title\n@id\n(@name)" plus @extra lines (may be NULL). */
static struct gr_node *gr_obj_node(struct graph *g, const struct model_obj *o, const char *title,
				   int cluster, const char *extra)
{
	if (gr_find(g, o->id))
		return NULL;
	struct gr_sb b = {0};
	gr_sb_text(&b, title, 0);
	gr_sb_nl(&b, false);
	gr_sb_text(&b, o->id, 0);
	if (o->name && strcmp(o->name, o->id)) {
		gr_sb_nl(&b, false);
		gr_sb_text(&b, o->name, 60);
	}
	if (extra && *extra) {
		gr_sb_nl(&b, false);
		gr_sb_text(&b, extra, 120);
	}
	return gr_node(g, o->id, model_kind_name(o->kind), cluster, gr_sb_done(g, &b));
}

static void gr_edge(struct graph *g, const char *from, const char *to, const char *kind,
		    const char *label)
{
	if (!from || !to || !gr_find(g, from) || !gr_find(g, to) || !strcmp(from, to))
		return;
	/* one edge per pair and kind */
	char key[600];
	snprintf(key, sizeof(key), "%s\n%s\n%s", from, to, kind);
	if (hmap_get_str(g->edge_keys, key))
		return;
	struct gr_edge *e = gr_grow(g, (void **)&g->edges, &g->n_edges, &g->cap_edges, sizeof(*e));
	char *k = arena_strdup(g->arena, key);
	if (!e || !k || hmap_put_str(g->edge_keys, k, e, NULL)) {
		g->oom = true;
		return;
	}
	struct gr_sb b = {0};
	gr_sb_text(&b, label, 80);
	e->from = arena_strdup(g->arena, from);
	e->to = arena_strdup(g->arena, to);
	e->kind = kind;
	e->label = gr_sb_done(g, &b);
	if (!e->from || !e->to)
		g->oom = true;
}

/* ---- what is drawn: the focus ---- */

static bool gr_vpc_in(const struct gr_build *gb, const struct model_vpc *v)
{
	uint32_t i;
	return v && model_index_of(gb->m, MODEL_VPC, v, &i) && gb->vpc_in[i];
}

static bool gr_tgw_in(const struct gr_build *gb, const struct model_tgw *t)
{
	uint32_t i;
	return t && model_index_of(gb->m, MODEL_TGW, t, &i) && gb->tgw_in[i];
}

static void gr_mark_vpc(struct gr_build *gb, const struct model_vpc *v)
{
	uint32_t i;
	if (v && model_index_of(gb->m, MODEL_VPC, v, &i))
		gb->vpc_in[i] = true;
}

static void gr_mark_tgw(struct gr_build *gb, const struct model_tgw *t)
{
	uint32_t i;
	if (t && model_index_of(gb->m, MODEL_TGW, t, &i))
		gb->tgw_in[i] = true;
}

static int gr_focus(struct gr_build *gb, const char *focus, char *err, size_t errlen)
{
	const struct model *m = gb->m;
	if (!focus) {
		memset(gb->vpc_in, 1, m->n_vpcs);
		memset(gb->tgw_in, 1, m->n_tgws);
		gb->all = true;
		return 0;
	}
	const struct model_obj *o = model_find_kind(m, MODEL_VPC, focus);
	if (!o)
		o = model_find_kind(m, MODEL_TGW, focus);
	if (!o) {
		o = model_find(m, focus);
		if (err)
			snprintf(err, errlen,
				 o ? "--focus %s is a %s, not a VPC or transit gateway" :
				     "--focus %s: no such resource in the snapshot",
				 focus, o ? model_kind_name(o->kind) : "");
		return o ? VS_EINVAL : VS_ENOTFOUND;
	}
	if (o->kind == MODEL_VPC) {
		const struct model_vpc *v = MODEL_AS(const struct model_vpc, o);
		gr_mark_vpc(gb, v);
		for (uint32_t i = 0; i < m->n_pcxs; i++) {
			const struct model_pcx *p = &m->pcxs[i];
			if (p->requester.vpc == v)
				gr_mark_vpc(gb, p->accepter.vpc);
			else if (p->accepter.vpc == v)
				gr_mark_vpc(gb, p->requester.vpc);
		}
		for (uint32_t i = 0; i < m->n_tgw_atts; i++) {
			const struct model_tgw_att *a = &m->tgw_atts[i];
			if (a->type == TGW_ATT_VPC && a->resource == &v->obj)
				gr_mark_tgw(gb, a->tgw);
		}
		return 0;
	}
	const struct model_tgw *t = MODEL_AS(const struct model_tgw, o);
	gr_mark_tgw(gb, t);
	for (uint32_t i = 0; i < m->n_tgw_atts; i++) {
		const struct model_tgw_att *a = &m->tgw_atts[i];
		if (a->tgw != t || !a->resource)
			continue;
		if (a->resource->kind == MODEL_VPC)
			gr_mark_vpc(gb, MODEL_AS(const struct model_vpc, a->resource));
		else if (a->resource->kind == MODEL_TGW)
			gr_mark_tgw(gb, MODEL_AS(const struct model_tgw, a->resource));
	}
	return 0;
}

/* ---- VPCs and what is inside them ---- */

static bool gr_subnet_public(const struct model_subnet *s)
{
	const struct model_rtb *r = s->rtb;
	for (uint32_t i = 0; r && i < r->n_routes; i++) {
		const struct model_route *rt = &r->routes[i];
		if (rt->target != TGT_IGW || rt->blackhole)
			continue;
		const struct net_prefix *p = &rt->dst.pfx;
		if ((p->addr.af == NET_AF_INET || p->addr.af == NET_AF_INET6) && p->len == 0)
			return true;
	}
	return false;
}

static void gr_cidrs(struct gr_sb *b, const struct model_cidr *c, uint32_t n, bool *first)
{
	for (uint32_t i = 0; i < n; i++) {
		if (!c[i].text)
			continue;
		gr_sb_raw(b, *first ? "" : ", ");
		gr_sb_text(b, c[i].text, 0);
		*first = false;
	}
}

static void gr_vpcs(struct gr_build *gb)
{
	struct graph *g = gb->g;
	const struct model *m = gb->m;
	for (uint32_t i = 0; i < m->n_vpcs; i++) {
		const struct model_vpc *v = &m->vpcs[i];
		if (!gb->vpc_in[i])
			continue;
		int reg = gr_region(g, &v->obj);
		struct gr_sb b = {0};
		bool first = true;
		gr_sb_text(&b, "VPC ", 0);
		gr_sb_text(&b, v->obj.id, 0);
		if (v->obj.name) {
			gr_sb_raw(&b, " (");
			gr_sb_text(&b, v->obj.name, 60);
			gr_sb_raw(&b, ")");
		}
		gr_sb_nl(&b, false);
		gr_cidrs(&b, v->cidrs, v->n_cidrs, &first);
		gr_cidrs(&b, v->cidrs6, v->n_cidrs6, &first);
		gb->vpc_cl[i] = gr_cluster(g, v->obj.id, v->obj.id, gr_sb_done(g, &b), "vpc", reg);
		for (uint32_t j = 0; j < v->n_subnets; j++) {
			const struct model_subnet *s = v->subnets[j];
			const char *az = s->az ? s->az : "(zone not given)";
			char key[300];
			snprintf(key, sizeof(key), "az\n%s\n%s", v->obj.id, az);
			char azid[300];
			snprintf(azid, sizeof(azid), "az-%s-%s", v->obj.id, az);
			gr_sb_text(&b, "Availability Zone ", 0);
			gr_sb_text(&b, az, 0);
			int azc = gr_cluster(g, key, azid, gr_sb_done(g, &b), "az", gb->vpc_cl[i]);
			bool pub = gr_subnet_public(s);
			gr_sb_text(&b, pub ? "Public subnet " : "Private subnet ", 0);
			gr_sb_text(&b, s->obj.id, 0);
			if (s->obj.name) {
				gr_sb_nl(&b, false);
				gr_sb_text(&b, s->obj.name, 60);
			}
			int sc = gr_cluster(g, s->obj.id, s->obj.id, gr_sb_done(g, &b),
					    pub ? "subnet public" : "subnet private", azc);
			/* the subnet's CIDRs: the node edges to the subnet end at */
			first = true;
			if (s->cidr.text)
				gr_cidrs(&b, &s->cidr, 1, &first);
			gr_cidrs(&b, s->cidrs6, s->n_cidrs6, &first);
			if (s->rtb) {
				gr_sb_nl(&b, false);
				gr_sb_text(&b, s->rtb->obj.id, 0);
			}
			char nid[300];
			snprintf(nid, sizeof(nid), "info-%s", s->obj.id);
			struct gr_node *n = gr_node(g, nid, "subnet-info", sc, gr_sb_done(g, &b));
			if (n)
				n->subnet_info = true;
		}
	}
}

/* The cluster of the subnet @s when drawn, else of its VPC @v, else -1. */
static int gr_place(const struct gr_build *gb, const struct model_subnet *s,
		    const struct model_vpc *v)
{
	const struct gr_ref *r = s ? gr_find(gb->g, s->obj.id) : NULL;
	if (r && r->cluster)
		return (int)r->i;
	uint32_t i;
	if (v && model_index_of(gb->m, MODEL_VPC, v, &i) && gb->vpc_in[i])
		return gb->vpc_cl[i];
	return -1;
}

static const char *gr_internet(struct gr_build *gb)
{
	struct graph *g = gb->g;
	if (!gr_find(g, "internet")) {
		struct gr_sb b = {0};
		gr_sb_text(&b, "Internet", 0);
		gr_node(g, "internet", "internet", gr_outside(g), gr_sb_done(g, &b));
	}
	return "internet";
}

/* Internet gateways (or egress-only ones, the same model type): each
 * drawn once, in the first of its VPCs on the graph, with its edge out. */
static void gr_igws(struct gr_build *gb, const struct model_igw *gws, uint32_t n, const char *what,
		    const char *edge_label)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct model_igw *w = &gws[i];
		for (uint32_t j = 0; j < w->n_vpcs; j++) {
			int c = gr_place(gb, NULL, w->vpcs[j]);
			if (c < 0)
				continue;
			gr_obj_node(gb->g, &w->obj, what, c, NULL);
			gr_edge(gb->g, w->obj.id, gr_internet(gb), "internet", edge_label);
			break;
		}
	}
}

static void gr_vpc_members(struct gr_build *gb)
{
	struct graph *g = gb->g;
	const struct model *m = gb->m;
	char extra[256];

	gr_igws(gb, m->igws, m->n_igws, "Internet gateway", "");
	gr_igws(gb, m->eigws, m->n_eigws, "Egress-only internet gateway", "IPv6 out");
	for (uint32_t i = 0; i < m->n_vgws; i++) {
		const struct model_vgw *w = &m->vgws[i];
		for (uint32_t j = 0; j < w->n_vpcs; j++) {
			int c = gr_place(gb, NULL, w->vpcs[j]);
			if (c < 0)
				continue;
			if (!gr_find(g, w->obj.id)) {
				snprintf(extra, sizeof(extra), "ASN %u", (unsigned)w->asn);
				gr_obj_node(g, &w->obj, "Virtual private gateway", c, extra);
			}
			gr_edge(g, w->obj.id, w->vpcs[j]->obj.id, "vgw-attachment", "");
		}
	}
	for (uint32_t i = 0; i < m->n_vpces; i++) {
		const struct model_vpce *e = &m->vpces[i];
		int c = gr_place(gb, NULL, e->vpc);
		if (c < 0)
			continue;
		const char *t = e->type == VPCE_GATEWAY   ? "Gateway endpoint" :
				e->type == VPCE_INTERFACE ? "Interface endpoint" :
							    "Gateway Load Balancer endpoint";
		gr_obj_node(g, &e->obj, t, c, e->service_name);
	}
	for (uint32_t i = 0; i < m->n_natgws; i++) {
		const struct model_natgw *n = &m->natgws[i];
		int c = gr_place(gb, n->subnet, n->vpc);
		if (c < 0)
			continue;
		char pub[NET_PREFIX_STRLEN] = "";
		for (uint32_t j = 0; j < n->n_addrs; j++)
			if (n->addrs[j].pub.af != NET_AF_NONE) {
				net_addr_fmt(&n->addrs[j].pub, pub);
				break;
			}
		gr_obj_node(g, &n->obj, n->private_nat ? "NAT gateway (private)" : "NAT gateway", c,
			    pub);
	}
	for (uint32_t i = 0; i < m->n_instances; i++) {
		const struct model_instance *in = &m->instances[i];
		int c = gr_place(gb, in->subnet, in->vpc);
		if (c < 0)
			continue;
		extra[0] = '\0';
		if (in->private_ip.af != NET_AF_NONE)
			net_addr_fmt(&in->private_ip, extra);
		if (in->public_ip.af != NET_AF_NONE) {
			char p[NET_PREFIX_STRLEN];
			size_t l = strlen(extra);
			snprintf(extra + l, sizeof(extra) - l, "%spublic %s", l ? ", " : "",
				 net_addr_fmt(&in->public_ip, p));
		}
		gr_obj_node(g, &in->obj,
			    in->appliance || !in->source_dest_check ? "EC2 appliance" :
								      "EC2 instance",
			    c, extra);
	}
	/* AWS-managed resources (RDS, OpenSearch, ElastiCache, Lambda, EFS) in
	 * the subnet of their first interface */
	for (unsigned k = 0; k < MODEL_KIND_COUNT; k++)
		for (uint32_t i = 0; model_kind_managed((enum model_kind)k) &&
				     i < model_count(m, (enum model_kind)k);
		     i++) {
			const struct model_managed *d = MODEL_AS(
				const struct model_managed, model_get(m, (enum model_kind)k, i));
			const struct model_eni *e = d->n_enis ? d->enis[0] : NULL;
			int c = gr_place(gb, e ? e->subnet : NULL, e ? e->vpc : NULL);
			if (c < 0)
				continue;
			gr_obj_node(g, &d->obj, d->service ? d->service : "AWS-managed", c,
				    d->engine);
		}
	for (uint32_t i = 0; i < m->n_lbs; i++) {
		const struct model_lb *l = &m->lbs[i];
		int c = gr_place(gb, NULL, l->vpc);
		if (c < 0)
			continue;
		const char *t = !l->type                        ? "Load balancer" :
				!strcmp(l->type, "application") ? "Application Load Balancer" :
				!strcmp(l->type, "network")     ? "Network Load Balancer" :
				!strcmp(l->type, "gateway")     ? "Gateway Load Balancer" :
								  "Classic Load Balancer";
		gr_obj_node(g, &l->obj, t, c, l->scheme);
	}
	/* interfaces that are neither an instance's nor a service's */
	for (uint32_t i = 0; i < m->n_enis; i++) {
		const struct model_eni *e = &m->enis[i];
		if (e->instance || e->owner || e->requester_managed ||
		    (e->type && strcmp(e->type, "interface")))
			continue;
		int c = gr_place(gb, e->subnet, e->vpc);
		if (c < 0)
			continue;
		extra[0] = '\0';
		if (e->n_ips)
			net_addr_fmt(&e->ips[0].priv, extra);
		gr_obj_node(g, &e->obj, "Network interface", c, extra);
	}
}

/* The node a load balancer target stands for: an instance, or the owner
 * of the interface holding an IP target's address. */
static const char *gr_target_node(const struct gr_build *gb, const char *id)
{
	if (gr_find(gb->g, id))
		return id;
	struct net_addr a;
	if (net_addr_parse(id, &a) != 0)
		return NULL;
	const struct model_eni *e = model_eni_by_private_ip(gb->m, &a);
	if (!e)
		return NULL;
	if (e->instance)
		return e->instance->obj.id;
	return e->owner ? e->owner->id : e->obj.id;
}

static void gr_lb_targets(struct gr_build *gb)
{
	const struct model *m = gb->m;
	for (uint32_t i = 0; i < m->n_tgs; i++) {
		const struct model_tg *t = &m->tgs[i];
		for (uint32_t j = 0; j < t->n_lbs; j++) {
			if (!gr_find(gb->g, t->lb_arns[j]))
				continue;
			for (uint32_t k = 0; k < t->n_targets; k++) {
				char lbl[160];
				snprintf(lbl, sizeof(lbl), "%s :%u", t->obj.name ? t->obj.name : "",
					 (unsigned)t->targets[k].port);
				gr_edge(gb->g, t->lb_arns[j], gr_target_node(gb, t->targets[k].id),
					"lb-target", lbl);
			}
		}
	}
}

/* ---- between VPCs, and out to the sites ---- */

/* A peering of a drawn VPC with one the snapshot does not hold (another
 * account's, another Region's collection): the peer is drawn as a VPC node
 * of its own, in its account and Region, with the CIDRs the peering
 * describes, so the connection is not lost from the picture. */
static void gr_pcx_external(struct gr_build *gb, const struct model_pcx *p)
{
	struct graph *g = gb->g;
	const struct model_pcx_side *in = gr_vpc_in(gb, p->requester.vpc) ? &p->requester :
					  gr_vpc_in(gb, p->accepter.vpc)  ? &p->accepter :
									    NULL;
	const struct model_pcx_side *out = in == &p->requester ? &p->accepter : &p->requester;
	if (!in || out->vpc || !out->vpc_id)
		return;
	struct model_obj o = {.kind = MODEL_VPC,
			      .id = out->vpc_id,
			      .account = out->owner ? out->owner : p->obj.account,
			      .region = out->region ? out->region : p->obj.region};
	struct gr_sb b = {0};
	gr_sb_text(&b, "VPC (not in the snapshot)", 0);
	gr_sb_nl(&b, true);
	gr_sb_text(&b, out->vpc_id, 0);
	for (uint32_t k = 0; k < out->n_cidrs; k++) {
		gr_sb_nl(&b, true);
		gr_sb_text(&b, out->cidrs[k].text, 0);
	}
	gr_node(g, out->vpc_id, "vpc-external", gr_region(g, &o), gr_sb_done(g, &b));
	gr_edge(g, in->vpc->obj.id, out->vpc_id, "peering", p->obj.id);
}

static const char *gr_label_of(const struct model_obj *o)
{
	return o->name ? o->name : o->id;
}

static void gr_hybrid(struct gr_build *gb)
{
	struct graph *g = gb->g;
	const struct model *m = gb->m;
	char extra[256];

	for (uint32_t i = 0; i < m->n_tgws; i++) {
		const struct model_tgw *t = &m->tgws[i];
		if (!gb->tgw_in[i])
			continue;
		snprintf(extra, sizeof(extra), "ASN %u", (unsigned)t->asn);
		gr_obj_node(g, &t->obj, "Transit gateway", gr_region(g, &t->obj), extra);
	}
	for (uint32_t i = 0; i < m->n_pcxs; i++) {
		const struct model_pcx *p = &m->pcxs[i];
		if (gr_vpc_in(gb, p->requester.vpc) && gr_vpc_in(gb, p->accepter.vpc))
			gr_edge(g, p->requester.vpc->obj.id, p->accepter.vpc->obj.id, "peering",
				p->obj.id);
		else
			gr_pcx_external(gb, p);
	}
	/* VPN connections on a drawn VGW or TGW */
	for (uint32_t i = 0; i < m->n_vpns; i++) {
		const struct model_vpn *v = &m->vpns[i];
		const char *gw = v->vgw && gr_find(g, v->vgw->obj.id) ? v->vgw->obj.id :
				 v->tgw && gr_tgw_in(gb, v->tgw)      ? v->tgw->obj.id :
									NULL;
		if (!gw && !gb->all)
			continue;
		gr_obj_node(g, &v->obj, "Site-to-Site VPN", gr_region(g, &v->obj),
			    v->static_only ? "static routes" : "BGP");
		gr_edge(g, gw, v->obj.id, "vpn", "");
		if (v->cgw) {
			snprintf(extra, sizeof(extra), "ASN %u", (unsigned)v->cgw->asn);
			gr_obj_node(g, &v->cgw->obj, "Customer gateway", gr_outside(g), extra);
			gr_edge(g, v->obj.id, v->cgw->obj.id, "vpn", "");
		}
	}
	/* Direct Connect gateways associated with a drawn gateway */
	for (uint32_t i = 0; i < m->n_dxgws; i++) {
		const struct model_dxgw *d = &m->dxgws[i];
		bool near = gb->all;
		for (uint32_t j = 0; j < d->n_assocs; j++)
			if (d->assocs[j].gateway && gr_find(g, d->assocs[j].gateway->id))
				near = true;
		for (uint32_t j = 0; j < m->n_tgw_atts; j++)
			if (m->tgw_atts[j].resource == &d->obj && gr_tgw_in(gb, m->tgw_atts[j].tgw))
				near = true;
		if (!near)
			continue;
		snprintf(extra, sizeof(extra), "ASN %u", (unsigned)d->asn);
		/* a global resource: in its account, outside the regions */
		gr_obj_node(g, &d->obj, "Direct Connect gateway", gr_account(g, &d->obj), extra);
		for (uint32_t j = 0; j < d->n_assocs; j++)
			if (d->assocs[j].gateway && d->assocs[j].gateway->kind == MODEL_VGW)
				gr_edge(g, d->assocs[j].gateway->id, d->obj.id, "dx",
					"association");
	}
	/* TGW attachments: to VPCs, VPNs, DX gateways, peer TGWs */
	for (uint32_t i = 0; i < m->n_tgw_atts; i++) {
		const struct model_tgw_att *a = &m->tgw_atts[i];
		if (!a->tgw || !gr_tgw_in(gb, a->tgw) || !a->resource)
			continue;
		gr_edge(g, a->tgw->obj.id, a->resource->id,
			a->type == TGW_ATT_VPC ? "tgw-attachment" : "tgw-link",
			gr_label_of(&a->obj));
	}
	for (uint32_t i = 0; i < m->n_vifs; i++) {
		const struct model_vif *v = &m->vifs[i];
		const char *gw = v->dxgw && gr_find(g, v->dxgw->obj.id) ? v->dxgw->obj.id :
				 v->vgw && gr_find(g, v->vgw->obj.id)   ? v->vgw->obj.id :
									  NULL;
		if (!gw && !gb->all)
			continue;
		const char *t = v->type == VIF_PRIVATE ? "Private VIF" :
				v->type == VIF_PUBLIC  ? "Public VIF" :
							 "Transit VIF";
		snprintf(extra, sizeof(extra), "VLAN %u, MTU %u", (unsigned)v->vlan,
			 (unsigned)v->mtu);
		gr_obj_node(g, &v->obj, t, gr_region(g, &v->obj), extra);
		gr_edge(g, gw, v->obj.id, "dx", "");
	}
	/* sites: reached over the drawn VPNs (through their customer gateway)
	 * and VIFs they advertise over */
	for (uint32_t i = 0; i < m->n_sites; i++) {
		const struct model_site *s = &m->sites[i];
		bool near = gb->all;
		for (uint32_t j = 0; j < s->n_adv; j++)
			if (s->adv[j].via && gr_find(g, s->adv[j].via->id))
				near = true;
		if (!near)
			continue;
		struct gr_sb b = {0};
		bool first = true;
		gr_sb_text(&b, "Site ", 0);
		gr_sb_text(&b, s->obj.id, 0);
		if (s->obj.name) {
			gr_sb_nl(&b, false);
			gr_sb_text(&b, s->obj.name, 60);
		}
		gr_sb_nl(&b, false);
		gr_cidrs(&b, s->cidrs, s->n_cidrs, &first);
		gr_node(g, s->obj.id, "site", gr_outside(g), gr_sb_done(g, &b));
		for (uint32_t j = 0; j < s->n_adv; j++) {
			const struct model_obj *via = s->adv[j].via;
			if (!via)
				continue;
			const char *from = via->id;
			if (via->kind == MODEL_VPN) {
				const struct model_vpn *v = MODEL_AS(const struct model_vpn, via);
				if (v->cgw && gr_find(g, v->cgw->obj.id))
					from = v->cgw->obj.id;
			}
			gr_edge(g, from, s->obj.id, "site", "");
		}
	}
}

/* ---- the trace overlay ---- */

/* The site whose host or address space holds @id (a HostId or address). */
static const char *gr_site_of(const struct model *m, const char *id)
{
	struct net_addr a;
	bool is_addr = net_addr_parse(id, &a) == 0;
	for (uint32_t i = 0; i < m->n_sites; i++) {
		const struct model_site *s = &m->sites[i];
		for (uint32_t j = 0; j < s->n_hosts; j++)
			if (!strcmp(s->hosts[j].id, id) ||
			    (is_addr && net_addr_eq(&s->hosts[j].ip, &a)))
				return s->obj.id;
		for (uint32_t j = 0; is_addr && j < s->n_cidrs; j++)
			if (net_prefix_contains(&s->cidrs[j].pfx, &a))
				return s->obj.id;
	}
	return NULL;
}

static const char *gr_subnet_anchor(struct gr_build *gb, const struct model_subnet *s)
{
	if (!s)
		return NULL;
	snprintf(gb->anchor_buf, sizeof(gb->anchor_buf), "info-%s", s->obj.id);
	return gr_find(gb->g, gb->anchor_buf) ? gb->anchor_buf : NULL;
}

/* The node hop @h is drawn at, or NULL: it stays at the previous one (a
 * security group, a peering connection). */
static const char *gr_hop_anchor(struct gr_build *gb, const struct trace_hop *h)
{
	const struct model *m = gb->m;
	const char *id = h->comp.id;
	if (!strcmp(h->comp.type, "internet"))
		return gr_internet(gb);
	if (!strcmp(h->comp.type, "host")) {
		const char *s = gr_site_of(m, id);
		return s && gr_find(gb->g, s) ? s : gr_internet(gb);
	}
	const struct model_obj *o = model_find(m, id);
	if (!o)
		return NULL;
	switch (o->kind) {
	case MODEL_ENI: {
		const struct model_eni *e = MODEL_AS(const struct model_eni, o);
		if (e->instance && gr_find(gb->g, e->instance->obj.id))
			return e->instance->obj.id;
		if (e->owner && gr_find(gb->g, e->owner->id))
			return e->owner->id;
		if (gr_find(gb->g, id))
			return id;
		return gr_subnet_anchor(gb, e->subnet);
	}
	case MODEL_SUBNET:
		return gr_subnet_anchor(gb, MODEL_AS(const struct model_subnet, o));
	case MODEL_NACL:
	case MODEL_RTB:
		return gr_subnet_anchor(gb, h->subnet);
	case MODEL_TGW_ATT: {
		const struct model_tgw_att *a = MODEL_AS(const struct model_tgw_att, o);
		if (h->subnet && gr_subnet_anchor(gb, h->subnet))
			return gb->anchor_buf;
		return a->tgw && gr_find(gb->g, a->tgw->obj.id) ? a->tgw->obj.id : NULL;
	}
	case MODEL_TGW_RTB: {
		const struct model_tgw_rtb *r = MODEL_AS(const struct model_tgw_rtb, o);
		return r->tgw && gr_find(gb->g, r->tgw->obj.id) ? r->tgw->obj.id : NULL;
	}
	default:
		if (gr_find(gb->g, id)) {
			const struct gr_ref *r = gr_find(gb->g, id);
			return r->cluster ? NULL : id;
		}
		return NULL;
	}
}

static bool gr_hop_blocked(const struct trace_hop *h)
{
	return !strcmp(h->action, "denied") || !strcmp(h->action, "dropped");
}

/* A hop's number as the picture shows it: "4" forward, "r4" on the return
 * path (whose hops are numbered from 1 again). */
static const char *gr_hop_no(const struct trace_hop *h, bool ret, char buf[16])
{
	snprintf(buf, 16, "%s%u", ret ? "r" : "", (unsigned)h->seq);
	return buf;
}

/* One line of the legend: "N. component action: what decided". */
static void gr_hop_line(struct gr_sb *b, const struct trace_hop *h, bool ret)
{
	char *detail = NULL;
	size_t dl = 0;
	FILE *f = open_memstream(&detail, &dl);
	if (f) {
		trace_hop_detail_text(h, f);
		fclose(f);
	}
	char head[300], no[16];
	snprintf(head, sizeof(head), "%s. %s %s%s", gr_hop_no(h, ret, no), h->comp.id, h->action,
		 detail && *detail ? ": " : "");
	gr_sb_text(b, head, 0);
	/* the text renderer escaped the detail already: only DOT quoting
	 * is left */
	if (detail) {
		bool cut;
		size_t n = gr_keep(detail, 110, &cut);
		gr_sb_dotq(b, detail, n, cut);
	}
	gr_sb_nl(b, true);
	free(detail);
}

/* A trace edge carries only its hops' numbers ("4", "1-3"; "r1-r3" on the
 * return path) and, when one of them is blocked, the explanation code: the
 * hops' full text is in the legend (gr_trace), so labels do not cover the
 * boxes they cross. */
static void gr_trace_edge(struct gr_build *gb, const char *from, const char *to,
			  const struct trace_hop *hops, uint32_t n, const struct trace_path *pa,
			  bool ret)
{
	struct graph *g = gb->g;
	struct gr_edge *e = gr_grow(g, (void **)&g->edges, &g->n_edges, &g->cap_edges, sizeof(*e));
	if (!e)
		return;
	struct gr_sb b = {0};
	const struct trace_hop *first = NULL; /* the edge's first blocked hop */
	for (uint32_t i = 0; i < n && !first; i++)
		if (gr_hop_blocked(&hops[i]))
			first = &hops[i];
	bool blocked = first != NULL;
	char nums[40], a[16], z[16];
	if (n > 1)
		snprintf(nums, sizeof(nums), "%s-%s", gr_hop_no(&hops[0], ret, a),
			 gr_hop_no(&hops[n - 1], ret, z));
	else
		snprintf(nums, sizeof(nums), "%s", gr_hop_no(&hops[0], ret, a));
	gr_sb_text(&b, nums, 0);
	if (blocked) {
		/* the code of that hop's own component, else the path's first */
		const struct trace_expl *x = NULL;
		for (uint32_t i = 0; i < pa->n_expl && !x; i++)
			if (!pa->expl[i].info && !strcmp(pa->expl[i].comp.id, first->comp.id))
				x = &pa->expl[i];
		for (uint32_t i = 0; i < pa->n_expl && !x; i++)
			if (!pa->expl[i].info)
				x = &pa->expl[i];
		if (x) {
			char line[96];
			snprintf(line, sizeof(line), " x %s", x->code);
			gr_sb_text(&b, line, 0);
		}
	}
	e->from = arena_strdup(g->arena, from);
	e->to = arena_strdup(g->arena, to);
	e->kind = "trace";
	e->label = gr_sb_done(g, &b);
	e->trace = true;
	e->ret = ret;
	e->blocked = blocked;
	e->trace_no = ++g->n_trace;
	if (!e->from || !e->to) {
		g->oom = true;
		return;
	}
	struct gr_ref *r = (struct gr_ref *)gr_find(g, to);
	if (r && !r->cluster) {
		g->nodes[r->i].on_trace = true;
		if (blocked)
			g->nodes[r->i].blocked = true;
	}
	r = (struct gr_ref *)gr_find(g, from);
	if (r && !r->cluster)
		g->nodes[r->i].on_trace = true;
}

/* The legend's lines for path @pa: every hop, then, when blocked, what
 * blocked it. */
static void gr_legend_path(struct gr_sb *b, const struct trace_path *pa, bool ret)
{
	for (uint32_t i = 0; i < pa->n_hops; i++)
		gr_hop_line(b, &pa->hops[i], ret);
	for (uint32_t i = 0; !pa->reachable && i < pa->n_expl; i++) {
		const struct trace_expl *x = &pa->expl[i];
		if (x->info)
			continue;
		char xl[TRACE_MSG_LEN + 80];
		snprintf(xl, sizeof(xl), "! %s: %s", x->code, x->msg);
		gr_sb_text(b, xl, 140);
		gr_sb_nl(b, true);
	}
}

/* The edges of path @pa: one into each node a group of consecutive hops is
 * drawn at, the first from node @start (NULL: the first group's node, which
 * then gets no edge of its own). */
static void gr_trace_path(struct gr_build *gb, const struct trace_path *pa, const char *start,
			  bool ret)
{
	char prev_buf[512], cur_buf[512];
	const char *prev = start, *cur = NULL;
	uint32_t first = 0;
	for (uint32_t i = 0; i <= pa->n_hops; i++) {
		const char *a = i < pa->n_hops ? gr_hop_anchor(gb, &pa->hops[i]) : NULL;
		if (i < pa->n_hops && (!a || (cur && !strcmp(a, cur))))
			continue;
		if (cur || i == pa->n_hops) {
			if (!cur)
				cur = prev; /* no hop was drawn anywhere */
			if (i > first && prev && cur)
				gr_trace_edge(gb, prev, cur, &pa->hops[first], i - first, pa, ret);
			if (cur) {
				snprintf(prev_buf, sizeof(prev_buf), "%s", cur);
				prev = prev_buf;
			}
			first = i;
		}
		if (a) {
			snprintf(cur_buf, sizeof(cur_buf), "%s", a);
			cur = cur_buf;
		}
	}
}

/* The trace over the diagram: a legend node ("trace-start") with the flow,
 * the verdict and every hop, the forward path from it, and, when the
 * forward path arrived, the return path: the way back may
 * differ (another route table of a transit gateway, another link). */
static void gr_trace(struct gr_build *gb, const struct trace_result *t)
{
	struct graph *g = gb->g;
	const struct trace_path *pa = &t->fwd, *rp = &t->ret;
	/* not the reply trace_run() follows past a forward block: what it
	 * would meet is text output's, not the picture's */
	bool back = pa->reachable && rp->evaluated && rp->n_hops;
	char pr[8], line[300];
	struct gr_sb b = {0};

	snprintf(line, sizeof(line), "trace %s %s -> %s", trace_proto_text(t->flow.proto, pr),
		 t->src_text, t->dst_text);
	gr_sb_text(&b, line, 0);
	gr_sb_nl(&b, false);
	snprintf(line, sizeof(line), "from %s to %s", t->from ? t->from : "?", t->to ? t->to : "?");
	gr_sb_text(&b, line, 0);
	gr_sb_nl(&b, false);
	gr_sb_text(&b,
		   t->reachable   ? "reachable both ways" :
		   !pa->reachable ? "forward path blocked" :
				    "the reply does not get back",
		   0);
	gr_sb_nl(&b, true);
	gr_legend_path(&b, pa, false);
	if (back) {
		gr_sb_text(&b, rp->reachable ? "return (r):" : "return (r), blocked:", 0);
		gr_sb_nl(&b, true);
		gr_legend_path(&b, rp, true);
	}
	gr_node(g, "trace-start", "trace-start", -1, gr_sb_done(g, &b));
	gr_trace_path(gb, pa, "trace-start", false);
	if (back)
		gr_trace_path(gb, rp, NULL, true);
}

/* ---- the whole ---- */

int graph_build(const struct model *m, const struct graph_opts *o, struct graph **out, char *err,
		size_t errlen)
{
	static const struct graph_opts none = {0};
	if (!o)
		o = &none;
	*out = NULL;
	struct graph *g = calloc(1, sizeof(*g));
	struct gr_build gb = {.m = m, .g = g};
	int rc = VS_ENOMEM;
	if (!g)
		return VS_ENOMEM;
	g->arena = arena_new();
	g->by_id = hmap_new(256);
	g->cluster_keys = hmap_new(64);
	g->edge_keys = hmap_new(256);
	gb.vpc_in = calloc(m->n_vpcs + 1, 1);
	gb.tgw_in = calloc(m->n_tgws + 1, 1);
	gb.vpc_cl = calloc(m->n_vpcs + 1, sizeof(int));
	if (!g->arena || !g->by_id || !g->cluster_keys || !g->edge_keys || !gb.vpc_in ||
	    !gb.tgw_in || !gb.vpc_cl)
		goto out;
	rc = gr_focus(&gb, o->focus, err, errlen);
	if (rc)
		goto out;
	if (o->title) {
		struct gr_sb b = {0};
		gr_sb_text(&b, o->title, 200);
		g->title = gr_sb_done(g, &b);
		g->title_raw = arena_strdup(g->arena, o->title);
	}
	gr_vpcs(&gb);
	gr_vpc_members(&gb);
	gr_lb_targets(&gb);
	gr_hybrid(&gb);
	/* a VPC without subnets still shows: a placeholder inside it */
	for (uint32_t i = 0; i < m->n_vpcs; i++) {
		if (!gb.vpc_in[i])
			continue;
		bool has = false;
		for (uint32_t j = 0; j < g->n_nodes && !has; j++)
			for (int c = g->nodes[j].cluster; c >= 0 && !has; c = g->clusters[c].parent)
				has = c == gb.vpc_cl[i];
		if (!has) {
			char id[300];
			struct gr_sb b = {0};
			snprintf(id, sizeof(id), "empty-%s", m->vpcs[i].obj.id);
			gr_sb_text(&b, "(no subnets)", 0);
			gr_node(g, id, "placeholder", gb.vpc_cl[i], gr_sb_done(g, &b));
		}
	}
	if (o->trace)
		gr_trace(&gb, o->trace);
	rc = g->oom ? VS_ENOMEM : 0;
out:
	free(gb.vpc_in);
	free(gb.tgw_in);
	free(gb.vpc_cl);
	if (rc) {
		graph_free(g);
		return rc;
	}
	*out = g;
	return 0;
}

void graph_free(struct graph *g)
{
	if (!g)
		return;
	free(g->clusters);
	free(g->nodes);
	free(g->edges);
	hmap_free(g->by_id);
	hmap_free(g->cluster_keys);
	hmap_free(g->edge_keys);
	arena_free(g->arena);
	free(g);
}

bool graph_lookup(const struct graph *g, const char *id, struct graph_item *it)
{
	const struct gr_ref *r = gr_find(g, id);
	if (!r)
		return false;
	if (it) {
		if (r->cluster) {
			const struct gr_cluster *c = &g->clusters[r->i];
			*it = (struct graph_item){true, false, false, c->kind, c->label};
		} else {
			const struct gr_node *n = &g->nodes[r->i];
			*it = (struct graph_item){false, n->on_trace, n->blocked, n->kind,
						  n->label};
		}
	}
	return true;
}

uint32_t graph_trace_edges(const struct graph *g)
{
	return g->n_trace;
}

bool graph_trace_edge_blocked(const struct graph *g, uint32_t i)
{
	for (uint32_t j = 0; j < g->n_edges; j++)
		if (g->edges[j].trace && g->edges[j].trace_no == i + 1)
			return g->edges[j].blocked;
	return false;
}

int graph_format_parse(const char *s)
{
	if (!s)
		return -1;
	if (!strcasecmp(s, "dot"))
		return GRAPH_DOT;
	if (!strcasecmp(s, "svg"))
		return GRAPH_SVG;
	if (!strcasecmp(s, "html"))
		return GRAPH_HTML;
	if (!strcasecmp(s, "json"))
		return GRAPH_JSON;
	return -1;
}

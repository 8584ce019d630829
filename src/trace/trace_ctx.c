/*
 * DOC: the trace context -- what every trace needs, compiled once
 *
 * trace_ctx_build() compiles from the model: the effective routes
 * (route/rib.h), the VPC route tables (route/vpc_route.h), the ACLs
 * (trace/acl.h), and the address maps the internet gateway's 1:1 NAT uses
 * (private <-> public, from the ENIs' associations, Elastic IPs and NAT
 * gateway addresses), the egress-only IGW of each VPC and the gateway
 * route table of each internet gateway.  Afterwards it is read-only: the
 * lookups below are safe from any number of threads.
 *
 * Beside trace_hop.c at the bottom of the walk: it calls nothing of trace/
 * but the ACL builder (acl.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elb/elb_listener.h"
#include "trace/trace_int.h"
#include "vpcsim/error.h"

/* ---- address maps ---- */

static size_t tr_key_len(const struct net_addr *a)
{
	return a->af == NET_AF_INET ? 5 : a->af == NET_AF_INET6 ? 17 : 0;
}

static int tr_put(struct hmap *h, const struct net_addr *key, const void *val)
{
	size_t len = tr_key_len(key);
	if (!len || hmap_get(h, key, len))
		return 0;
	return hmap_put(h, key, len, (void *)(uintptr_t)val, NULL);
}

static const void *tr_get(const struct hmap *h, const struct net_addr *a)
{
	size_t len = tr_key_len(a);
	return len ? hmap_get(h, a, len) : NULL;
}

const struct net_addr *trace_pub_of(const struct trace_ctx *c, const struct net_addr *priv)
{
	return tr_get(c->priv2pub, priv);
}

const struct net_addr *trace_priv_of(const struct trace_ctx *c, const struct net_addr *pub)
{
	return tr_get(c->pub2priv, pub);
}

const struct model_natgw *trace_nat_of(const struct trace_ctx *c, const struct net_addr *a)
{
	return tr_get(c->nat_addr, a);
}

/* A private address and the public one the internet gateway maps it to. */
static int tr_put_1to1(struct trace_ctx *c, const struct net_addr *priv, const struct net_addr *pub)
{
	int rc = tr_put(c->priv2pub, priv, pub);
	return rc ? rc : tr_put(c->pub2priv, pub, priv);
}

static int tr_build_maps(struct trace_ctx *c)
{
	const struct model *m = c->m;
	int rc = 0;
	for (uint32_t i = 0; i < m->n_enis && !rc; i++) {
		const struct model_eni *e = &m->enis[i];
		for (uint32_t j = 0; j < e->n_ips && !rc; j++) {
			const struct model_eni_ip *ip = &e->ips[j];
			if (ip->pub.af != NET_AF_INET || ip->priv.af != NET_AF_INET)
				continue;
			rc = tr_put_1to1(c, &ip->priv, &ip->pub);
		}
	}
	/* Elastic IPs the ENIs do not show (describe-addresses only). */
	for (uint32_t i = 0; i < m->n_eips && !rc; i++) {
		const struct model_eip *e = &m->eips[i];
		if (e->public_ip.af != NET_AF_INET || e->private_ip.af != NET_AF_INET)
			continue;
		rc = tr_put_1to1(c, &e->private_ip, &e->public_ip);
	}
	for (uint32_t i = 0; i < m->n_natgws && !rc; i++) {
		const struct model_natgw *n = &m->natgws[i];
		for (uint32_t j = 0; j < n->n_addrs && !rc; j++) {
			const struct model_natgw_addr *a = &n->addrs[j];
			rc = tr_put(c->nat_addr, &a->priv, n);
			if (!rc && a->pub.af == NET_AF_INET && !n->private_nat) {
				rc = tr_put(c->nat_addr, &a->pub, n);
				if (!rc)
					rc = tr_put_1to1(c, &a->priv, &a->pub);
			}
		}
	}
	return rc;
}

struct tr_att_key {
	const void *tgw, *res;
	uintptr_t type;
};

/* A live attachment wins over one that is not (the first live one of a
 * key, else the last of it), as AWS routes over the attachment that is up. */
static int tr_build_tgw_atts(struct trace_ctx *c)
{
	const struct model *m = c->m;
	c->att_keys = calloc(m->n_tgw_atts + 1, sizeof(*c->att_keys));
	c->tgw_att = hmap_new(m->n_tgw_atts + 8);
	if (!c->att_keys || !c->tgw_att)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_tgw_atts; i++) {
		const struct model_tgw_att *a = &m->tgw_atts[i];
		struct tr_att_key *k = &c->att_keys[i];
		k->tgw = a->tgw;
		k->res = a->resource;
		k->type = (uintptr_t)a->type;
		const struct model_tgw_att *cur = hmap_get(c->tgw_att, k, sizeof(*k));
		if ((!cur || !rib_att_live(cur)) &&
		    hmap_put(c->tgw_att, k, sizeof(*k), (void *)(uintptr_t)a, NULL))
			return VS_ENOMEM;
	}
	return 0;
}

const struct model_tgw_att *trace_tgw_att_for(const struct trace_ctx *c, const struct model_tgw *g,
					      enum model_tgw_att_type type,
					      const struct model_obj *res)
{
	struct tr_att_key k;
	memset(&k, 0, sizeof(k));
	k.tgw = g;
	k.res = res;
	k.type = (uintptr_t)type;
	return hmap_get(c->tgw_att, &k, sizeof(k));
}

static void tr_build_gateways(struct trace_ctx *c)
{
	const struct model *m = c->m;
	for (uint32_t i = 0; i < m->n_eigws; i++) {
		const struct model_igw *g = &m->eigws[i];
		for (uint32_t j = 0; j < g->n_vpcs; j++) {
			const struct model_vpc *v = g->vpcs ? g->vpcs[j] : NULL;
			uint32_t k;
			if (model_index_of(m, MODEL_VPC, v, &k) && !c->vpc_eigw[k])
				c->vpc_eigw[k] = g;
		}
	}
	for (uint32_t i = 0; i < m->n_rtbs; i++) {
		const struct model_rtb *r = &m->rtbs[i];
		for (uint32_t j = 0; j < r->n_edges; j++) {
			const struct model_obj *o = r->edges ? r->edges[j] : NULL;
			if (!o || o->kind != MODEL_IGW)
				continue;
			const struct model_igw *g = MODEL_AS(const struct model_igw, o);
			uint32_t k;
			if (model_index_of(m, MODEL_IGW, g, &k) && !c->igw_edge[k])
				c->igw_edge[k] = r;
		}
	}
}

/* Every ALB listener's rules; a listener whose rules do not compile keeps
 * NULL (the loader has reported them) and is told apart by its n_rules. */
static int tr_build_lb_rules(struct trace_ctx *c)
{
	const struct model *m = c->m;
	uint32_t n = 0;
	c->lb_rule_base = calloc(m->n_lbs + 1, sizeof(*c->lb_rule_base));
	if (!c->lb_rule_base)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_lbs; i++) {
		c->lb_rule_base[i] = n;
		n += m->lbs[i].n_listeners;
	}
	c->lb_rules = calloc(n + 1, sizeof(*c->lb_rules));
	if (!c->lb_rules)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_lbs; i++)
		for (uint32_t k = 0; k < m->lbs[i].n_listeners; k++) {
			int rc = elb_listener_rules_build(&m->lbs[i].listeners[k],
							  &c->lb_rules[c->lb_rule_base[i] + k],
							  NULL, 0);
			if (rc == VS_ENOMEM)
				return rc;
		}
	return 0;
}

const struct model_rtb *trace_igw_edge(const struct trace_ctx *c, const struct model_igw *g)
{
	uint32_t i;
	return model_index_of(c->m, MODEL_IGW, g, &i) ? c->igw_edge[i] : NULL;
}

const struct model_igw *trace_vpc_eigw(const struct trace_ctx *c, const struct model_vpc *v)
{
	uint32_t i;
	return model_index_of(c->m, MODEL_VPC, v, &i) ? c->vpc_eigw[i] : NULL;
}

const struct elb_listener_rules *trace_lb_rules(const struct trace_ctx *c,
						const struct model_lb *lb,
						const struct model_lb_listener *ls, bool *bad)
{
	uint32_t i;
	*bad = false;
	if (!model_index_of(c->m, MODEL_LB, lb, &i) || ls < lb->listeners ||
	    ls >= lb->listeners + lb->n_listeners)
		return NULL;
	const struct elb_listener_rules *r =
		c->lb_rules[c->lb_rule_base[i] + (uint32_t)(ls - lb->listeners)];
	*bad = !r && ls->n_rules;
	return r;
}

/* @s without a trailing dot, lowercased into @buf (@cap bytes); false
 * when it does not fit. */
static bool tr_dns_key(const char *s, char *buf, size_t cap)
{
	size_t n = strlen(s);
	if (n && s[n - 1] == '.')
		n--;
	if (n >= cap)
		return false;
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	buf[n] = '\0';
	return true;
}

static int tr_build_lb_names(struct trace_ctx *c)
{
	const struct model *m = c->m;
	size_t room = 1;
	for (uint32_t i = 0; i < m->n_lbs; i++)
		room += m->lbs[i].dns_name ? strlen(m->lbs[i].dns_name) + 1 : 0;
	c->lb_dns = hmap_new(m->n_lbs + 1);
	c->lb_name = hmap_new(m->n_lbs + 1);
	c->lb_dns_keys = malloc(room);
	if (!c->lb_dns || !c->lb_name || !c->lb_dns_keys)
		return VS_ENOMEM;
	size_t off = 0;
	for (uint32_t i = 0; i < m->n_lbs; i++) {
		const struct model_lb *lb = &m->lbs[i];
		void *v = (void *)(uintptr_t)lb;
		if (lb->dns_name && tr_dns_key(lb->dns_name, c->lb_dns_keys + off, room - off)) {
			char *k = c->lb_dns_keys + off;
			off += strlen(k) + 1;
			if (!hmap_get_str(c->lb_dns, k) && hmap_put_str(c->lb_dns, k, v, NULL))
				return VS_ENOMEM;
		}
		if (lb->obj.name && !hmap_get_str(c->lb_name, lb->obj.name) &&
		    hmap_put_str(c->lb_name, lb->obj.name, v, NULL))
			return VS_ENOMEM;
	}
	return 0;
}

const struct model_lb *trace_lb_named(const struct trace_ctx *c, const char *s)
{
	char k[256];
	const struct model_lb *lb = tr_dns_key(s, k, sizeof(k)) ? hmap_get_str(c->lb_dns, k) : NULL;
	return lb ? lb : hmap_get_str(c->lb_name, s);
}

/* The names of trace_named_find(), in one pass that measures (@c->named
 * NULL) and one that fills. */
struct tr_named_fill {
	struct trace_ctx *c;
	size_t room, off;
	uint32_t n;
};

static int tr_named_put(struct tr_named_fill *f, const char *name, const struct model_obj *o,
			enum trace_named_how how)
{
	if (!name || !*name || strchr(name, '*'))
		return 0;
	struct trace_ctx *c = f->c;
	if (!c->named) {
		f->room += strlen(name) + 1;
		f->n++;
		return 0;
	}
	char *k = c->named_keys + f->off;
	if (!tr_dns_key(name, k, f->room - f->off) || hmap_get_str(c->named_map, k))
		return 0;
	f->off += strlen(k) + 1;
	struct trace_named *t = &c->named[f->n++];
	t->obj = o;
	t->how = how;
	return hmap_put_str(c->named_map, k, t, NULL) ? VS_ENOMEM : 0;
}

static int tr_named_pass(struct tr_named_fill *f)
{
	const struct model *m = f->c->m;
	int rc = 0;
	for (uint32_t k = 0; k < MODEL_KIND_COUNT && !rc; k++) {
		if (!model_kind_managed((enum model_kind)k))
			continue;
		for (uint32_t i = 0; i < model_count(m, (enum model_kind)k) && !rc; i++) {
			const struct model_managed *r = MODEL_AS(
				const struct model_managed, model_get(m, (enum model_kind)k, i));
			rc = tr_named_put(f, r->arn, &r->obj, TRACE_NAMED_SELF);
			for (uint32_t j = 0; j < r->n_names && !rc; j++)
				rc = tr_named_put(f, r->names[j].name, &r->obj,
						  r->names[j].role == MANAGED_NAME_READER ?
							  TRACE_NAMED_READER :
							  TRACE_NAMED_SELF);
			if (rc || !r->fs_id)
				continue;
			/* the file system's DNS name (mounting-fs-mount-cmd-dns-name.html) */
			char fs[320];
			snprintf(fs, sizeof(fs), "%s.efs.%s.amazonaws.com", r->fs_id,
				 r->obj.region ? r->obj.region : "");
			rc = tr_named_put(f, r->fs_id, &r->obj, TRACE_NAMED_FS);
			if (!rc && r->obj.region)
				rc = tr_named_put(f, fs, &r->obj, TRACE_NAMED_FS);
		}
	}
	for (uint32_t i = 0; i < m->n_svc_details && !rc; i++) {
		const struct model_svc_detail *d = &m->svc_details[i];
		rc = tr_named_put(f, d->obj.id, &d->obj, TRACE_NAMED_SERVICE);
		if (!rc)
			rc = tr_named_put(f, d->service_id, &d->obj, TRACE_NAMED_SERVICE);
		if (!rc)
			rc = tr_named_put(f, d->private_dns, &d->obj, TRACE_NAMED_SERVICE);
	}
	/* an endpoint's service name, even when ServiceDetails does not list it */
	for (uint32_t i = 0; i < m->n_vpces && !rc; i++)
		if (m->vpces[i].type == VPCE_INTERFACE)
			rc = tr_named_put(f, m->vpces[i].service_name, &m->vpces[i].obj,
					  TRACE_NAMED_SERVICE);
	return rc;
}

static int tr_build_named(struct trace_ctx *c)
{
	struct tr_named_fill f = {.c = c, .room = 1};
	tr_named_pass(&f);
	c->named_map = hmap_new((size_t)f.n + 1);
	c->named = calloc((size_t)f.n + 1, sizeof(*c->named));
	c->named_keys = malloc(f.room);
	if (!c->named_map || !c->named || !c->named_keys)
		return VS_ENOMEM;
	f.off = 0;
	f.n = 0;
	return tr_named_pass(&f);
}

const struct trace_named *trace_named_find(const struct trace_ctx *c, const char *s)
{
	char k[256];
	return c->named_map && tr_dns_key(s, k, sizeof(k)) ? hmap_get_str(c->named_map, k) : NULL;
}

int trace_ctx_build(const struct model *m, struct trace_ctx **out)
{
	return trace_ctx_build_opts(m, NULL, out);
}

int trace_ctx_build_opts(const struct model *m, const struct rib_opts *ro, struct trace_ctx **out)
{
	if (!m || !out)
		return VS_EINVAL;
	*out = NULL;
	struct trace_ctx *c = calloc(1, sizeof(*c));
	if (!c)
		return VS_ENOMEM;
	c->m = m;
	int rc = rib_build(m, ro, &c->rib);
	if (!rc)
		rc = route_vpc_build(m, c->rib, &c->rv);
	if (!rc)
		rc = acl_build(m, &c->acl);
	if (!rc) {
		c->priv2pub = hmap_new(m->n_enis + m->n_eips + 8);
		c->pub2priv = hmap_new(m->n_enis + m->n_eips + 8);
		c->nat_addr = hmap_new(2 * (size_t)m->n_natgws + 8);
		c->vpc_eigw = calloc(m->n_vpcs + 1, sizeof(*c->vpc_eigw));
		c->igw_edge = calloc(m->n_igws + 1, sizeof(*c->igw_edge));
		if (!c->priv2pub || !c->pub2priv || !c->nat_addr || !c->vpc_eigw || !c->igw_edge)
			rc = VS_ENOMEM;
	}
	if (!rc)
		rc = tr_build_maps(c);
	if (!rc)
		rc = tr_build_lb_rules(c);
	if (!rc)
		rc = tr_build_tgw_atts(c);
	if (!rc)
		rc = tr_build_lb_names(c);
	if (!rc)
		rc = tr_build_named(c);
	if (rc) {
		trace_ctx_free(c);
		return rc;
	}
	tr_build_gateways(c);
	*out = c;
	return 0;
}

void trace_ctx_free(struct trace_ctx *c)
{
	if (!c)
		return;
	route_vpc_free(c->rv);
	rib_free(c->rib);
	acl_free(c->acl);
	hmap_free(c->priv2pub);
	hmap_free(c->pub2priv);
	hmap_free(c->nat_addr);
	free(c->vpc_eigw);
	free(c->igw_edge);
	if (c->lb_rules && c->lb_rule_base) {
		uint32_t n = c->m->n_lbs ? c->lb_rule_base[c->m->n_lbs - 1] +
						   c->m->lbs[c->m->n_lbs - 1].n_listeners :
					   0;
		for (uint32_t i = 0; i < n; i++)
			elb_listener_rules_free(c->lb_rules[i]);
	}
	hmap_free(c->tgw_att);
	hmap_free(c->lb_dns);
	hmap_free(c->lb_name);
	free(c->lb_dns_keys);
	hmap_free(c->named_map);
	free(c->named);
	free(c->named_keys);
	free(c->att_keys);
	free(c->lb_rules);
	free(c->lb_rule_base);
	free(c);
}

const struct model *trace_ctx_model(const struct trace_ctx *c)
{
	return c ? c->m : NULL;
}

/*
 * DOC: VPC route table selection -- builder and lookup
 *
 * Builder: each route of a table becomes one entry per prefix it covers (a
 * prefix-list route one per list entry), canonicalised, and the entries of
 * each family are sorted by prefix length (longest first), then class
 * (local, static, prefix list, propagated), then position in the table.  A
 * lookup is then one scan that stops at the first usable entry; the scan
 * continues only to name the losers when the caller asks for them.
 *
 * AWS: VPC User Guide, "Route priority" (VPC_Route_Tables.html) and
 * "Routing for a middlebox appliance" (route-table-options.html).
 */
#include "vpcsim/vpc_route.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "vpcsim/error.h"

struct route_ent {
	struct net_prefix pfx;
	uint8_t cls; /* enum route_class */
	uint32_t order;
	const struct model_route *r;
};

struct route_tbl {
	struct route_ent *e4, *e6;
	uint32_t n4, n6;
};

struct route_vpc {
	const struct model *m;
	struct route_tbl *tbls; /* one per m->rtbs[i] */
	uint32_t n_tbls;
	struct route_ent *ents; /* every entry, one allocation */
};

static bool route_prefix_ok(const struct net_prefix *p)
{
	if (p->addr.af == NET_AF_INET)
		return p->len <= 32;
	if (p->addr.af == NET_AF_INET6)
		return p->len <= 128;
	return false;
}

static int route_ent_cmp(const void *a, const void *b)
{
	const struct route_ent *x = a, *y = b;
	if (x->pfx.len != y->pfx.len)
		return x->pfx.len > y->pfx.len ? -1 : 1;
	if (x->cls != y->cls)
		return x->cls < y->cls ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return 0;
}

/* A computed propagated route the table already holds as AWS reported it. */
static bool route_reported(const struct model_rtb *rtb, const struct model_route *x)
{
	for (uint32_t i = 0; i < rtb->n_routes; i++) {
		const struct model_route *r = &rtb->routes[i];
		if (r->origin == ROUTE_ORIGIN_PROPAGATED && r->target_id && x->target_id &&
		    !strcmp(r->target_id, x->target_id) && net_prefix_eq(&r->dst.pfx, &x->dst.pfx))
			return true;
	}
	return false;
}

/* The routes of table @t: its own, then (when @rs) what VGW propagation adds. */
static const struct model_route *route_at(const struct model_rtb *rtb, const struct model_route *extra,
					  uint32_t i)
{
	return i < rtb->n_routes ? &rtb->routes[i] : &extra[i - rtb->n_routes];
}

int route_vpc_build(const struct model *m, const struct rib_set *rs, struct route_vpc **out)
{
	if (!m || !out)
		return VS_EINVAL;
	*out = NULL;
	struct route_vpc *rv = calloc(1, sizeof(*rv));
	if (!rv)
		return VS_ENOMEM;
	rv->m = m;
	rv->n_tbls = m->n_rtbs;
	size_t total = 0;
	for (uint32_t t = 0; t < m->n_rtbs; t++) {
		uint32_t nx = 0;
		rib_vpc_propagated(rs, &m->rtbs[t], &nx);
		total += nx;
		for (uint32_t i = 0; i < m->rtbs[t].n_routes; i++)
			total += model_dst_n_prefixes(&m->rtbs[t].routes[i].dst,
						      m->rtbs[t].routes[i].dst_pl);
	}
	rv->tbls = calloc(m->n_rtbs ? m->n_rtbs : 1, sizeof(*rv->tbls));
	rv->ents = calloc(total ? total : 1, sizeof(*rv->ents));
	if (!rv->tbls || !rv->ents) {
		route_vpc_free(rv);
		return VS_ENOMEM;
	}
	struct route_ent *next = rv->ents;
	for (uint32_t t = 0; t < m->n_rtbs; t++) {
		const struct model_rtb *rtb = &m->rtbs[t];
		struct route_tbl *tb = &rv->tbls[t];
		uint32_t nx = 0;
		const struct model_route *extra = rib_vpc_propagated(rs, rtb, &nx);
		/* IPv4 entries first, then IPv6, each block contiguous. */
		for (int pass = 0; pass < 2; pass++) {
			uint8_t af = pass ? NET_AF_INET6 : NET_AF_INET;
			struct route_ent *start = next;
			uint32_t order = 0;
			for (uint32_t i = 0; i < rtb->n_routes + nx; i++) {
				const struct model_route *r = route_at(rtb, extra, i);
				if (i >= rtb->n_routes && route_reported(rtb, r))
					continue;
				uint32_t np = model_dst_n_prefixes(&r->dst, r->dst_pl);
				for (uint32_t k = 0; k < np; k++) {
					const struct net_prefix *p = model_dst_prefix(&r->dst, r->dst_pl, k);
					if (p->addr.af != af || !route_prefix_ok(p))
						continue;
					next->pfx = *p;
					net_prefix_canonicalize(&next->pfx);
					next->cls = (uint8_t)route_vpc_class(r);
					next->order = order++;
					next->r = r;
					next++;
				}
			}
			uint32_t n = (uint32_t)(next - start);
			qsort(start, n, sizeof(*start), route_ent_cmp);
			if (pass) {
				tb->e6 = start;
				tb->n6 = n;
			} else {
				tb->e4 = start;
				tb->n4 = n;
			}
		}
	}
	*out = rv;
	return 0;
}

void route_vpc_free(struct route_vpc *rv)
{
	if (!rv)
		return;
	free(rv->tbls);
	free(rv->ents);
	free(rv);
}

const struct model_route *route_vpc_lookup(const struct route_vpc *rv, const struct model_rtb *rtb,
					   const struct net_addr *dst, struct route_match *match,
					   struct route_loser *lost, uint32_t max_lost)
{
	struct route_match dummy;
	if (!match)
		match = &dummy;
	memset(match, 0, sizeof(*match));
	if (!rv || !rtb || !dst || !rv->m->rtbs || rtb < rv->m->rtbs ||
	    rtb >= rv->m->rtbs + rv->n_tbls)
		return NULL;
	const struct route_tbl *tb = &rv->tbls[rtb - rv->m->rtbs];
	const struct route_ent *ents;
	uint32_t n;
	if (dst->af == NET_AF_INET) {
		ents = tb->e4;
		n = tb->n4;
	} else if (dst->af == NET_AF_INET6) {
		ents = tb->e6;
		n = tb->n6;
	} else {
		return NULL;
	}

	/* The local route that covers @dst, if any: it beats every matching
	 * route except a more specific middlebox route. */
	const struct route_ent *local = NULL;
	for (uint32_t i = 0; i < n; i++)
		if (ents[i].cls == ROUTE_CLASS_LOCAL && net_prefix_contains(&ents[i].pfx, dst)) {
			local = &ents[i];
			break;
		}

	const struct route_ent *win = NULL;
	for (uint32_t i = 0; i < n && !win; i++) {
		const struct route_ent *e = &ents[i];
		if (!net_prefix_contains(&e->pfx, dst))
			continue;
		if (!local || e == local ||
		    (e->pfx.len > local->pfx.len && route_vpc_may_override_local(e->r)))
			win = e;
	}
	if (!win)
		return NULL;
	match->route = win->r;
	match->pfx = win->pfx;

	if (lost && max_lost) {
		for (uint32_t i = 0; i < n; i++) {
			const struct route_ent *e = &ents[i];
			if (e == win || e->r == win->r || !net_prefix_contains(&e->pfx, dst))
				continue;
			/* a prefix-list route counts once, by its longest entry */
			bool seen = false;
			for (uint32_t j = 0; j < i && !seen; j++)
				seen = ents[j].r == e->r && net_prefix_contains(&ents[j].pfx, dst);
			if (seen)
				continue;
			match->n_lost_total++;
			if (lost && match->n_lost < max_lost) {
				struct route_loser *l = &lost[match->n_lost++];
				l->route = e->r;
				l->pfx = e->pfx;
				l->why = e->pfx.len < win->pfx.len ? ROUTE_REASON_MORE_SPECIFIC :
								     ROUTE_REASON_HIGHER_PRIORITY;
			}
		}
	}
	return win->r;
}

/*
 * DOC: VPC route table selection -- builder and lookup
 *
 * Builder: each route of a table becomes one entry per prefix it covers (a
 * prefix-list route one per list entry), canonicalised; the entries sharing
 * a prefix form a group, ordered by class (local, static, prefix list,
 * propagated), then position in the table.  The groups' prefixes go into
 * one longest-prefix-match table (net/lpm.h, both families).  The groups
 * that contain an address are exactly the best group and its covers, so
 * everything a lookup decides -- the local route that applies, the winner
 * -- is a property of the best group, computed once per group here; a
 * lookup is one LPM probe, and walks the cover chain only to name the
 * losers when the caller asks for them.
 *
 * AWS: VPC User Guide, "Route priority" (VPC_Route_Tables.html) and
 * "Routing for a middlebox appliance" (route-table-options.html).
 */
#include "vpcsim/vpc_route.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "net/lpm.h"
#include "vpcsim/error.h"

struct route_ent {
	struct net_prefix pfx;
	uint8_t cls; /* enum route_class */
	bool multi;  /* its route has other entries in the table (prefix list) */
	uint32_t order;
	const struct model_route *r;
};

/* The entries of one prefix, and what a lookup whose longest match is
 * this prefix decides. */
struct route_grp {
	uint32_t first, n; /* tb->e[first .. first+n) */
	uint32_t win;      /* the winning entry, or NET_LPM_NONE (no usable route) */
	/* the winner's route and prefix, copied so that a lookup without
	 * losers reads the group alone */
	const struct model_route *win_r;
	struct net_prefix win_pfx;
};

struct route_tbl {
	struct route_ent *e; /* sorted by prefix, then class, then order */
	struct route_grp *g; /* one per prefix; the LPM's values index it */
	uint32_t n_e, n_g;
	struct net_lpm *lpm;
};

struct route_vpc {
	const struct model *m;
	struct route_tbl *tbls; /* one per m->rtbs[i] */
	uint32_t n_tbls;
	struct route_ent *ents; /* every entry, one allocation */
	struct route_grp *grps; /* every group, one allocation */
};

static int route_ent_cmp(const void *a, const void *b)
{
	const struct route_ent *x = a, *y = b;
	int c = net_addr_cmp(&x->pfx.addr, &y->pfx.addr);
	if (c)
		return c;
	if (x->pfx.len != y->pfx.len)
		return x->pfx.len < y->pfx.len ? -1 : 1;
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
static const struct model_route *route_at(const struct model_rtb *rtb,
					  const struct model_route *extra, uint32_t i)
{
	return i < rtb->n_routes ? &rtb->routes[i] : &extra[i - rtb->n_routes];
}

static int route_tbl_compile(struct route_tbl *tb, struct route_grp *grps);

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
	rv->grps = calloc(total ? total : 1, sizeof(*rv->grps));
	if (!rv->tbls || !rv->ents || !rv->grps) {
		route_vpc_free(rv);
		return VS_ENOMEM;
	}
	struct route_ent *next = rv->ents;
	struct route_grp *next_g = rv->grps;
	for (uint32_t t = 0; t < m->n_rtbs; t++) {
		const struct model_rtb *rtb = &m->rtbs[t];
		struct route_tbl *tb = &rv->tbls[t];
		uint32_t nx = 0;
		const struct model_route *extra = rib_vpc_propagated(rs, rtb, &nx);
		tb->e = next;
		uint32_t order = 0;
		for (uint32_t i = 0; i < rtb->n_routes + nx; i++) {
			const struct model_route *r = route_at(rtb, extra, i);
			if (i >= rtb->n_routes && route_reported(rtb, r))
				continue;
			struct route_ent *first = next;
			uint32_t np = model_dst_n_prefixes(&r->dst, r->dst_pl);
			for (uint32_t k = 0; k < np; k++) {
				const struct net_prefix *p =
					model_dst_prefix(&r->dst, r->dst_pl, k);
				if (!net_prefix_valid(p))
					continue;
				next->pfx = *p;
				net_prefix_canonicalize(&next->pfx);
				next->cls = (uint8_t)route_vpc_class(r);
				next->order = order++;
				next->r = r;
				next++;
			}
			for (struct route_ent *e = first; next - first > 1 && e < next; e++)
				e->multi = true;
		}
		tb->n_e = (uint32_t)(next - tb->e);
		qsort(tb->e, tb->n_e, sizeof(*tb->e), route_ent_cmp);
		int err = route_tbl_compile(tb, next_g);
		if (err) {
			route_vpc_free(rv);
			return err;
		}
		next_g += tb->n_g;
	}
	*out = rv;
	return 0;
}

void route_vpc_free(struct route_vpc *rv)
{
	if (!rv)
		return;
	for (uint32_t t = 0; rv->tbls && t < rv->n_tbls; t++)
		net_lpm_free(rv->tbls[t].lpm);
	free(rv->tbls);
	free(rv->ents);
	free(rv->grps);
	free(rv);
}

/*
 * The prefix groups of @tb, its LPM, and each group's winner: for an
 * address whose longest match is group g, the matching entries are those
 * of g and of its covers, longest prefix first; among them the first
 * local-class entry is the local route that applies, and the winner is the
 * first entry that is that local route, or more specific than it and
 * allowed to override it (route_vpc_may_override_local()), or any entry
 * when no local route applies.
 */
static int route_tbl_compile(struct route_tbl *tb, struct route_grp *grps)
{
	tb->g = grps;
	tb->n_g = 0;
	for (uint32_t i = 0; i < tb->n_e;) {
		uint32_t j = i + 1;
		while (j < tb->n_e && net_prefix_eq(&tb->e[j].pfx, &tb->e[i].pfx))
			j++;
		tb->g[tb->n_g++] = (struct route_grp){.first = i, .n = j - i, .win = NET_LPM_NONE};
		i = j;
	}
	struct net_lpm_entry le_stack[16];
	struct net_lpm_entry *le = tb->n_g <= 16 ? le_stack : malloc(tb->n_g * sizeof(*le));
	if (!le)
		return VS_ENOMEM;
	for (uint32_t g = 0; g < tb->n_g; g++) {
		le[g].pfx = tb->e[tb->g[g].first].pfx;
		le[g].value = g;
	}
	int err = net_lpm_build(le, tb->n_g, &tb->lpm);
	if (le != le_stack)
		free(le);
	if (err)
		return err;
	for (uint32_t g = 0; g < tb->n_g; g++) {
		const struct route_ent *local = NULL;
		for (uint32_t c = g; c != NET_LPM_NONE && !local; c = net_lpm_cover(tb->lpm, c))
			for (uint32_t i = 0; i < tb->g[c].n && !local; i++)
				if (tb->e[tb->g[c].first + i].cls == ROUTE_CLASS_LOCAL)
					local = &tb->e[tb->g[c].first + i];
		for (uint32_t c = g; c != NET_LPM_NONE && tb->g[g].win == NET_LPM_NONE;
		     c = net_lpm_cover(tb->lpm, c))
			for (uint32_t i = 0; i < tb->g[c].n; i++) {
				const struct route_ent *e = &tb->e[tb->g[c].first + i];
				if (!local || e == local ||
				    (e->pfx.len > local->pfx.len &&
				     route_vpc_may_override_local(e->r))) {
					tb->g[g].win = tb->g[c].first + i;
					tb->g[g].win_r = e->r;
					tb->g[g].win_pfx = e->pfx;
					break;
				}
			}
	}
	return 0;
}

/* Routes with several entries already counted as losers by a lookup: a
 * prefix-list route counts once, by its longest matching entry.  Linear in
 * the few such routes; past ROUTE_SEEN_MAX of them, the cover chain walked
 * so far is searched instead. */
#define ROUTE_SEEN_MAX 32

struct route_seen {
	const struct model_route *r[ROUTE_SEEN_MAX];
	uint32_t n;
	bool overflow;
};

/* Has @e's route (one with several entries) been met on the chain from
 * group @g0 before @e?  Records it when not. */
static bool route_seen_before(const struct route_tbl *tb, struct route_seen *sn, uint32_t g0,
			      const struct route_ent *e)
{
	for (uint32_t i = 0; i < sn->n; i++)
		if (sn->r[i] == e->r)
			return true;
	if (sn->overflow) {
		for (uint32_t c = g0; c != NET_LPM_NONE; c = net_lpm_cover(tb->lpm, c))
			for (uint32_t i = 0; i < tb->g[c].n; i++) {
				const struct route_ent *x = &tb->e[tb->g[c].first + i];
				if (x == e)
					return false;
				if (x->r == e->r)
					return true;
			}
		return false;
	}
	if (sn->n < ROUTE_SEEN_MAX)
		sn->r[sn->n++] = e->r;
	else
		sn->overflow = true; /* e->r is then found by the chain search */
	return false;
}

const struct model_route *route_vpc_lookup(const struct route_vpc *rv, const struct model_rtb *rtb,
					   const struct net_addr *dst, struct route_match *match,
					   struct route_loser *lost, uint32_t max_lost)
{
	struct route_match dummy;
	if (!match)
		match = &dummy;
	memset(match, 0, sizeof(*match));
	uint32_t t;
	if (!rv || !dst || !model_index_of(rv->m, MODEL_RTB, rtb, &t) || t >= rv->n_tbls)
		return NULL;
	const struct route_tbl *tb = &rv->tbls[t];
	uint32_t g0;
	if (net_lpm_lookup(tb->lpm, dst, &g0) != 0 || tb->g[g0].win == NET_LPM_NONE)
		return NULL;
	const struct route_grp *best = &tb->g[g0];
	match->route = best->win_r;
	match->pfx = best->win_pfx;
	if (!lost || !max_lost)
		return best->win_r;
	const struct route_ent *win = &tb->e[best->win];
	struct route_seen sn = {.n = 0, .overflow = false};
	for (uint32_t c = g0; c != NET_LPM_NONE; c = net_lpm_cover(tb->lpm, c))
		for (uint32_t i = 0; i < tb->g[c].n; i++) {
			const struct route_ent *e = &tb->e[tb->g[c].first + i];
			if (e == win || e->r == win->r)
				continue;
			if (e->multi && route_seen_before(tb, &sn, g0, e))
				continue;
			match->n_lost_total++;
			if (match->n_lost < max_lost) {
				struct route_loser *l = &lost[match->n_lost++];
				l->route = e->r;
				l->pfx = e->pfx;
				l->why = e->pfx.len < win->pfx.len ? ROUTE_REASON_MORE_SPECIFIC :
								     ROUTE_REASON_HIGHER_PRIORITY;
			}
		}
	return win->r;
}

/*
 * DOC: the interfaces of AWS-managed resources
 *
 * One rule for every struct model_managed (model.h): an interface fits a
 * resource when it matches every criterion the resource gives -- the
 * interface it names, the description or InterfaceType its service gives
 * its interfaces, one of its subnets, its zone, exactly its security
 * groups.  Candidates are found per subnet in the interfaces sorted by
 * subnet id, so the pass costs a sort of the interfaces and a binary
 * search per subnet, not resources times interfaces.
 *
 * A resource with an interface per node (multi) owns every fit; a resource
 * with one interface (an RDS instance) owns it only when exactly one fits,
 * and several fitting is the ambiguity the trace reports.  Lambda's
 * Hyperplane interfaces are shared by every function with the same subnet
 * and groups (configuration-vpc.html), so they get no owner.  An
 * ElastiCache replication group answers at its primary's interfaces and
 * its reader endpoint at the replicas'.
 */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "load/load_internal.h"
#include "vpcsim/error.h"

/* The managed kinds in the order they take interfaces: the ones naming
 * their interfaces first, then by description, then by type. */
static const enum model_kind rm_kinds[] = {MODEL_EFS_MT, MODEL_OS_DOMAIN, MODEL_CACHE_CLUSTER,
					   MODEL_DB, MODEL_LAMBDA};

static bool rm_has(const char *const *v, uint32_t n, const char *s)
{
	for (uint32_t i = 0; v && s && i < n; i++)
		if (v[i] && !strcmp(v[i], s))
			return true;
	return false;
}

static bool rm_fits(const struct model_managed *r, const struct model_eni *e)
{
	if (e->owner && e->owner != &r->obj)
		return false;
	if (r->eni_id && strcmp(e->obj.id, r->eni_id) != 0)
		return false;
	if (r->eni_desc && (!e->description || strcmp(e->description, r->eni_desc) != 0))
		return false;
	if (r->eni_type && (!e->type || strcmp(e->type, r->eni_type) != 0))
		return false;
	if (r->n_subnets && !rm_has(r->subnet_ids, r->n_subnets, e->subnet_id))
		return false;
	if (r->az && e->az && strcmp(r->az, e->az) != 0)
		return false;
	if (r->sgs_given) {
		/* the same set: as many groups, each of the ENI's among the resource's */
		if (e->n_sgs != r->n_sgs)
			return false;
		for (uint32_t g = 0; g < e->n_sgs; g++)
			if (!rm_has(r->sg_ids, r->n_sgs, e->sg_ids ? e->sg_ids[g] : NULL))
				return false;
	}
	return true;
}

struct rm_index {
	struct model_eni **by_subnet; /* ENIs with a subnet, by subnet id */
	uint32_t n;
};

static int rm_subnet_cmp(const void *a, const void *b)
{
	const struct model_eni *x = *(const struct model_eni *const *)a;
	const struct model_eni *y = *(const struct model_eni *const *)b;
	int d = strcmp(x->subnet_id, y->subnet_id);
	return d ? d : (x < y ? -1 : x > y);
}

/* The first index of @subnet's interfaces in @ix (== ix->n when none). */
static uint32_t rm_lower(const struct rm_index *ix, const char *subnet)
{
	uint32_t lo = 0, hi = ix->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->by_subnet[mid]->subnet_id, subnet) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Fills @out (unless NULL) with the interfaces that fit @r, each once;
 * returns their count. */
static uint32_t rm_each_fit(struct model *m, const struct rm_index *ix, struct model_managed *r,
			    struct model_eni **out)
{
	uint32_t n = 0;
	if (r->no_vpc)
		return 0;
	if (r->eni_id) {
		struct model_eni *e = (struct model_eni *)model_find_kind(m, MODEL_ENI, r->eni_id);
		if (e && rm_fits(r, e)) {
			if (out)
				out[n] = e;
			n++;
		}
		return n;
	}
	for (uint32_t s = 0; s < r->n_subnets; s++) {
		const char *sid = r->subnet_ids[s];
		if (!sid || rm_has(r->subnet_ids, s, sid))
			continue; /* listed twice: its interfaces are counted once */
		for (uint32_t k = rm_lower(ix, sid); k < ix->n; k++) {
			struct model_eni *e = ix->by_subnet[k];
			if (strcmp(e->subnet_id, sid) != 0)
				break;
			if (!rm_fits(r, e))
				continue;
			if (out)
				out[n] = e;
			n++;
		}
	}
	return n;
}

static int rm_resolve(struct ld_ctx *c, const struct rm_index *ix, struct model_managed *r)
{
	if (r->subnet_group) {
		const struct model_obj *g =
			model_find_kind(c->m, MODEL_CACHE_SUBNET_GROUP, r->subnet_group);
		const struct model_cache_subnet_group *sg =
			g ? MODEL_AS(const struct model_cache_subnet_group, g) : NULL;
		if (sg) {
			r->subnet_ids = sg->subnet_ids;
			r->n_subnets = sg->n_subnets;
			r->vpc_id = sg->vpc_id;
		}
		/* without its subnet group the subnets are unknown: nothing fits */
		r->no_vpc = !sg || !sg->n_subnets;
	}
	uint32_t n = rm_each_fit(c->m, ix, r, NULL);
	r->n_enis = 0;
	if (!n)
		return 0;
	if (!(r->enis = arena_calloc(c->arena, n, sizeof(*r->enis))))
		return VS_ENOMEM;
	r->n_enis = rm_each_fit(c->m, ix, r, r->enis);
	if (r->shared || (!r->multi && r->n_enis != 1))
		return 0;
	for (uint32_t i = 0; i < r->n_enis; i++)
		if (!r->enis[i]->owner)
			r->enis[i]->owner = &r->obj;
	return 0;
}

/* A replication group: its primary member's interfaces (all members'
 * when no single primary is given), the other members' for its reader. */
static int rm_rg(struct ld_ctx *c, struct model_managed *g)
{
	uint32_t n = 0, nr = 0;
	for (int pass = 0; pass < 2; pass++) {
		n = nr = 0;
		for (uint32_t i = 0; i < g->n_members; i++) {
			const struct model_obj *o =
				model_find_kind(c->m, MODEL_CACHE_CLUSTER, g->member_ids[i]);
			if (!o)
				continue;
			const struct model_managed *cl = MODEL_AS(const struct model_managed, o);
			if (!g->vpc_id)
				g->vpc_id = cl->vpc_id;
			bool primary = !g->primary_id || !strcmp(g->primary_id, cl->obj.id);
			for (uint32_t k = 0; k < cl->n_enis; k++) {
				if (primary && pass)
					g->enis[n] = cl->enis[k];
				else if (pass)
					g->reader_enis[nr] = cl->enis[k];
				if (primary)
					n++;
				else
					nr++;
			}
		}
		if (pass)
			break;
		if ((n && !(g->enis = arena_calloc(c->arena, n, sizeof(*g->enis)))) ||
		    (nr && !(g->reader_enis = arena_calloc(c->arena, nr, sizeof(*g->enis)))))
			return VS_ENOMEM;
	}
	g->n_enis = n;
	g->n_reader_enis = nr;
	return 0;
}

int resolve_managed(struct ld_ctx *c)
{
	struct model *m = c->m;
	uint32_t total = 0;
	for (size_t k = 0; k < sizeof(rm_kinds) / sizeof(rm_kinds[0]); k++)
		total += model_count(m, rm_kinds[k]);
	if (!total && !m->n_cache_rgs)
		return 0;
	struct rm_index ix = {.by_subnet = malloc(((size_t)m->n_enis + 1) * sizeof(void *))};
	if (!ix.by_subnet)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < m->n_enis; i++)
		if (m->enis[i].subnet_id)
			ix.by_subnet[ix.n++] = &m->enis[i];
	qsort(ix.by_subnet, ix.n, sizeof(void *), rm_subnet_cmp);
	int rc = 0;
	for (size_t k = 0; k < sizeof(rm_kinds) / sizeof(rm_kinds[0]) && !rc; k++)
		for (uint32_t i = 0; i < model_count(m, rm_kinds[k]) && !rc; i++)
			rc = rm_resolve(c, &ix,
					(struct model_managed *)model_get(m, rm_kinds[k], i));
	for (uint32_t i = 0; i < m->n_cache_rgs && !rc; i++)
		rc = rm_rg(c, &m->cache_rgs[i]);
	free(ix.by_subnet);
	return rc;
}

/*
 * DOC: Direct Connect prefix quota (dx_quota.h): distinct prefixes per VIF
 * and family, by sorting every announcement once (O(A log A), O(A) when
 * each VIF's announcements come in order: route/pfx_sort.h).
 */
#include "route/dx_quota.h"

#include <stdlib.h>

#include "route/pfx_sort.h"

#include "vpcsim/error.h"

/* The VIF an announcement goes over, as an index into m->vifs, or -1. */
static int64_t dxq_vif_of(const struct model *m, const struct model_site_adv *a)
{
	const struct model_obj *o =
		a->via ? a->via : (a->via_id ? model_find_kind(m, MODEL_VIF, a->via_id) : NULL);
	if (!o || o->kind != MODEL_VIF)
		return -1;
	uint32_t i;
	return model_index_of(m, MODEL_VIF, o, &i) ? (int64_t)i : -1;
}

int route_dx_prefix_counts(const struct model *m, struct route_dx_count *out)
{
	if (!m || (m->n_vifs && !out))
		return VS_EINVAL;
	for (uint32_t i = 0; i < m->n_vifs; i++)
		out[i] = (struct route_dx_count){0, 0};
	size_t cap = 0, n = 0;
	for (uint32_t s = 0; s < m->n_sites; s++)
		cap += m->sites[s].n_adv;
	if (!cap || !m->n_vifs)
		return 0;
	if (cap > UINT32_MAX)
		return VS_ENOMEM;
	struct pfx_key *v = malloc(2 * cap * sizeof(*v));
	if (!v)
		return VS_ENOMEM;
	for (uint32_t s = 0; s < m->n_sites; s++)
		for (uint32_t k = 0; k < m->sites[s].n_adv; k++) {
			const struct model_site_adv *a = &m->sites[s].adv[k];
			int64_t vi = dxq_vif_of(m, a);
			if (vi < 0 || a->prefix.pfx.addr.af == NET_AF_NONE)
				continue;
			struct net_prefix p = a->prefix.pfx;
			net_prefix_canonicalize(&p);
			v[n] = pfx_key_of((uint64_t)vi, &p, (uint32_t)n);
			n++;
		}
	pfx_keys_sort(v, v + cap, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && pfx_key_same(&v[i], &v[i - 1]))
			continue; /* a prefix announced twice is one route */
		if (v[i].af == NET_AF_INET6)
			out[v[i].grp].v6++;
		else
			out[v[i].grp].v4++;
	}
	free(v);
	return 0;
}

uint32_t route_dx_prefix_limit(const struct model_vif *v, uint32_t private_limit)
{
	if (v && v->type == VIF_PUBLIC)
		return ROUTE_DX_PUBLIC_PREFIX_LIMIT;
	return private_limit ? private_limit : ROUTE_DX_PREFIX_LIMIT;
}

/*
 * DOC: Direct Connect and VPN route quotas (dx_quota.h): distinct prefixes
 * per VIF or VPN connection and family, by sorting every announcement once
 * (O(A log A), O(A) when each link's announcements come in order:
 * route/pfx_sort.h).
 */
#include "route/dx_quota.h"

#include <stdlib.h>

#include "route/pfx_sort.h"

#include "vpcsim/error.h"

/* The link of @kind (MODEL_VIF, MODEL_VPN) an announcement goes over, as
 * an index into the model's array of that kind, or -1. */
static int64_t dxq_link_of(const struct model *m, enum model_kind kind,
			   const struct model_site_adv *a)
{
	const struct model_obj *o =
		a->via ? a->via : (a->via_id ? model_find_kind(m, kind, a->via_id) : NULL);
	if (!o || o->kind != kind)
		return -1;
	uint32_t i;
	return model_index_of(m, kind, o, &i) ? (int64_t)i : -1;
}

/* Distinct prefixes per link of @kind (@n of them) and family, into @out. */
static int dxq_counts(const struct model *m, enum model_kind kind, uint32_t n_links,
		      struct route_dx_count *out)
{
	for (uint32_t i = 0; i < n_links; i++)
		out[i] = (struct route_dx_count){0, 0};
	size_t cap = 0, n = 0;
	for (uint32_t s = 0; s < m->n_sites; s++)
		cap += m->sites[s].n_adv;
	if (!cap || !n_links)
		return 0;
	if (cap > UINT32_MAX)
		return VS_ENOMEM;
	struct pfx_key *v = malloc(2 * cap * sizeof(*v));
	if (!v)
		return VS_ENOMEM;
	for (uint32_t s = 0; s < m->n_sites; s++)
		for (uint32_t k = 0; k < m->sites[s].n_adv; k++) {
			const struct model_site_adv *a = &m->sites[s].adv[k];
			int64_t li = dxq_link_of(m, kind, a);
			if (li < 0 || a->prefix.pfx.addr.af == NET_AF_NONE)
				continue;
			struct net_prefix p = a->prefix.pfx;
			net_prefix_canonicalize(&p);
			v[n] = pfx_key_of((uint64_t)li, &p, (uint32_t)n);
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

int route_dx_prefix_counts(const struct model *m, struct route_dx_count *out)
{
	if (!m || (m->n_vifs && !out))
		return VS_EINVAL;
	return dxq_counts(m, MODEL_VIF, m->n_vifs, out);
}

int route_vpn_prefix_counts(const struct model *m, struct route_dx_count *out)
{
	if (!m || (m->n_vpns && !out))
		return VS_EINVAL;
	return dxq_counts(m, MODEL_VPN, m->n_vpns, out);
}

uint32_t route_dx_prefix_limit(const struct model_vif *v, uint32_t private_limit)
{
	if (v && v->type == VIF_PUBLIC)
		return ROUTE_DX_PUBLIC_PREFIX_LIMIT;
	return private_limit ? private_limit : ROUTE_DX_PREFIX_LIMIT;
}

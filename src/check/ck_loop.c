/*
 * DOC: routing loops between middlebox appliances
 *
 * ROUTING_LOOP (warning; Reachability Analyzer's code, which `trace` gives
 * the same flow): a route sends a prefix to an appliance's network
 * interface, the route table of that interface's subnet sends it to
 * another appliance, and so on back to one already passed, each of them
 * forwarding (source/destination checking off, as an appliance must:
 * VPC_NAT_Instance.html#EIP_Disable_SrcDestCheck).  AWS accepts
 * every route of such a chain one by one (middlebox routing,
 * route-table-options.html), so it is a design finding, not an API error:
 * packets for that prefix circle until their TTL runs out.
 *
 * Followed with the route engine the trace uses (route/vpc_route.h, and
 * its route_vpc_appliance_out() for appliances with several interfaces), for
 * the first address of each prefix routed to an ENI or instance; a chain
 * is followed for at most CK_LOOP_MAX appliances, and each loop (the same
 * appliances, the same prefix) is reported once.
 */
#include <stdlib.h>
#include <string.h>

#include "check/ck_internal.h"
#include "vpcsim/error.h"

#define CK_LOOP_MAX 16

struct ck_loop_seen {
	const struct model_eni *first; /* the loop's lowest ENI, as its key */
	struct net_prefix pfx;
};

/* The loop's ENIs in order, written as "eni-a -> eni-b -> eni-a". */
static void loop_text(const struct model_eni *const *chain, uint32_t from, uint32_t n, char *buf,
		      size_t len)
{
	size_t off = 0;
	buf[0] = '\0';
	for (uint32_t i = from; i <= n && off < len; i++) {
		const struct model_eni *e = chain[i < n ? i : from];
		int w = snprintf(buf + off, len - off, "%s%s", i > from ? " -> " : "", e->obj.id);
		if (w < 0)
			break;
		off += (size_t)w;
	}
}

static int loop_from(const struct route_vpc *rv, const struct model_rtb *rtb,
		     const struct model_route *r, struct ck_loop_seen **seen, size_t *n_seen,
		     struct diag_list *d)
{
	const struct model_eni *chain[CK_LOOP_MAX + 1];
	struct net_prefix pfx = r->dst.pfx;
	struct net_addr dst;
	uint32_t n = 0;

	net_prefix_canonicalize(&pfx);
	dst = pfx.addr;
	for (const struct model_eni *e = route_vpc_target_eni(r); e && n < CK_LOOP_MAX;) {
		for (uint32_t i = 0; i < n; i++) {
			if (chain[i] != e)
				continue;
			/* a loop: chain[i..n-1]; its key is its lowest ENI */
			const struct model_eni *key = chain[i];
			for (uint32_t k = i; k < n; k++)
				if (strcmp(chain[k]->obj.id, key->obj.id) < 0)
					key = chain[k];
			for (size_t s = 0; s < *n_seen; s++)
				if ((*seen)[s].first == key && net_prefix_eq(&(*seen)[s].pfx, &pfx))
					return 0;
			struct ck_loop_seen *ns = realloc(*seen, (*n_seen + 1) * sizeof(**seen));
			if (!ns)
				return VS_ENOMEM;
			*seen = ns;
			ns[(*n_seen)++] = (struct ck_loop_seen){key, pfx};
			char path[256], pb[NET_PREFIX_STRLEN];
			loop_text(chain, i, n, path, sizeof(path));
			return ck_report(d, DIAG_WARNING, "ROUTING_LOOP", &rtb->obj,
					 "Packets for %s routed by %s to %s loop between "
					 "appliances: "
					 "%s.",
					 net_prefix_fmt(&pfx, pb), rtb->obj.id,
					 r->target_id ? r->target_id : "?", path);
		}
		chain[n++] = e;
		/* An interface with source/destination checking on drops what
		 * is not addressed to it (the trace says so): no loop.  An
		 * appliance with several interfaces sends it out of the one
		 * route_vpc_appliance_out() picks, as the trace does. */
		const struct model_eni *out = route_vpc_appliance_out(rv, e, &dst);
		if (e->source_dest_check || out->source_dest_check || !out->subnet ||
		    !out->subnet->rtb)
			return 0;
		const struct model_route *next =
			route_vpc_lookup(rv, out->subnet->rtb, &dst, NULL, NULL, 0);
		if (!next || next->blackhole)
			return 0;
		e = route_vpc_target_eni(next);
	}
	return 0;
}

int ck_loop(const struct model *m, const struct check_opts *o, struct diag_list *d)
{
	struct route_vpc *rv = NULL;
	struct ck_loop_seen *seen = NULL;
	size_t n_seen = 0;
	int rc;

	(void)o;
	if ((rc = route_vpc_build(m, NULL, &rv)) != 0)
		return rc;
	for (uint32_t t = 0; t < m->n_rtbs && rc >= 0; t++) {
		const struct model_rtb *rtb = &m->rtbs[t];
		for (uint32_t k = 0; k < rtb->n_routes && rc >= 0; k++) {
			const struct model_route *r = &rtb->routes[k];
			if ((r->target != TGT_ENI && r->target != TGT_INSTANCE) || r->blackhole ||
			    r->dst.pfx.addr.af == NET_AF_NONE)
				continue;
			rc = loop_from(rv, rtb, r, &seen, &n_seen, d);
		}
	}
	free(seen);
	route_vpc_free(rv);
	return rc < 0 ? rc : 0;
}

/*
 * DOC: the Direct Connect per-session prefix quota, counted once
 *
 * AWS accepts at most 100 prefixes per BGP session and address family on a
 * private or transit virtual interface, and 1,000 on a public one; one
 * more and it takes the session down (Direct Connect User Guide,
 * limits.html, "Routes per Border Gateway Protocol (BGP) session").  What
 * counts is the routes the session holds, not the announcements: BGP keeps
 * one route per prefix from a peer, a second announcement of a prefix
 * replacing the first (RFC 4271 3.1, implicit withdraw).  So the count is
 * of distinct (canonical) prefixes, whichever site announced them.
 *
 * `check` (DX_PREFIX_QUOTA_EXCEEDED) and the effective routes (route/rib.h:
 * the session is down) both ask this module, so they never disagree.
 * Pure functions of the model; thread-safe.
 */
#ifndef VPCSIM_ROUTE_DX_QUOTA_H
#define VPCSIM_ROUTE_DX_QUOTA_H

#include <stdint.h>

#include "vpcsim/model.h"

/* AWS's quotas (limits.html). */
#define ROUTE_DX_PREFIX_LIMIT        100  /* private and transit VIFs, per family */
#define ROUTE_DX_PUBLIC_PREFIX_LIMIT 1000 /* public VIFs, per family */
#define ROUTE_VPN_VGW_ROUTE_LIMIT    100  /* BGP over a VPN on a VGW (vpn-limits.html) */

/* Distinct prefixes announced over one VIF, per address family. */
struct route_dx_count {
	uint32_t v4, v6;
};

/*
 * Count, for every VIF of @m, the distinct prefixes the `Sites` announce
 * over it: @out[i] for m->vifs[i] (the caller's array of m->n_vifs).  An
 * announcement whose `Via` is not a VIF of the model, or whose prefix did
 * not parse, counts nowhere.  0, VS_EINVAL (NULL argument with VIFs) or
 * VS_ENOMEM.
 */
int route_dx_prefix_counts(const struct model *m, struct route_dx_count *out);

/*
 * The same count per VPN connection of @m: @out[i] for m->vpns[i].  AWS's
 * Site-to-Site VPN quotas (vpn-limits.html): "Dynamic routes advertised
 * from a customer gateway device to a Site-to-Site VPN connection on a
 * virtual private gateway: 100" (not adjustable).  `check` warns over it
 * (VPN_ROUTE_QUOTA_EXCEEDED); that page does not say what AWS does with
 * the routes past it, so the effective routes do not change.
 */
int route_vpn_prefix_counts(const struct model *m, struct route_dx_count *out);

/* The quota of @v's session: ROUTE_DX_PUBLIC_PREFIX_LIMIT on a public VIF,
 * else @private_limit (0 = ROUTE_DX_PREFIX_LIMIT; a raised quota). */
uint32_t route_dx_prefix_limit(const struct model_vif *v, uint32_t private_limit);

#endif

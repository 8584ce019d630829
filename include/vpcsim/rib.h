/*
 * DOC: effective routes of the hybrid network (route information bases)
 *
 * rib_build() computes, once per model, what every routing domain of the
 * network ends up with after propagation and best-path selection:
 *
 *   - each transit gateway route table (static and blackhole routes,
 *     prefix-list references, propagations from VPC, VPN, DX gateway and
 *     peering attachments);
 *   - each virtual private gateway (its VPCs, VPN static routes, BGP routes
 *     from sites over VPN tunnels and Direct Connect VIFs);
 *   - each Direct Connect gateway, two tables: the routes learned from
 *     sites over its VIFs, and the prefixes of its VGW/TGW associations
 *     (the allowed prefixes), one per direction;
 *   - each on-premises site (`Sites`: its own CIDRs and what AWS advertises
 *     back over each VPN and VIF it uses);
 *   - the routes a VGW propagates into VPC route tables.
 *
 * Sites' advertisements enter through the VPN connection or VIF they name
 * (AS_PATH = the site's ASN repeated 1 + AsPathPrepend times, MED,
 * communities).  A VIF whose session is down (VIF state not "available",
 * every BGP peer down, or more prefixes than the per-session quota) brings
 * nothing; a VPN whose tunnels are all down brings nothing.  Routes already
 * in the snapshot (TGW routes of type "propagated", VPC routes with origin
 * EnableVgwRoutePropagation) stay candidates next to the computed ones.
 *
 * Every candidate is kept with its verdict (bgp.h): the winners form the
 * forwarding table that rib_lookup() searches; `vpcsim routes --all` shows
 * the losers and why they lost.  The RIBs point into the model, which must
 * outlive them; after rib_build() everything is read-only and thread-safe.
 */
#ifndef VPCSIM_RIB_H
#define VPCSIM_RIB_H

#include <stdbool.h>
#include <stdint.h>

#include "vpcsim/bgp.h"
#include "vpcsim/model.h"
#include "vpcsim/names.h"

/* What a route's next hop is. */
#define RIB_NHS(X)                                                  \
	X(RIB_NH_NONE, "blackhole")                                 \
	/* delivered here: the VPC (VGW), the site's own network */ \
	X(RIB_NH_LOCAL, "local")                                    \
	/* a transit gateway attachment (nh = the attachment) */    \
	X(RIB_NH_TGW_ATT, "attachment")                             \
	/* a VPN connection (nh = the VPN) */                       \
	X(RIB_NH_VPN, "vpn")                                        \
	/* a Direct Connect virtual interface */                    \
	X(RIB_NH_VIF, "vif")                                        \
	/* DX gateway -> associated VGW */                          \
	X(RIB_NH_VGW, "vgw")                                        \
	/* DX gateway -> associated TGW */                          \
	X(RIB_NH_TGW, "tgw")                                        \
	/* VGW / TGW side: over a DX gateway */                     \
	X(RIB_NH_DXGW, "dxgw")                                      \
	/* VPC route table: the route's own target (vpc_route) */   \
	X(RIB_NH_TARGET, "target")

enum rib_nh {
	RIB_NHS(VS_NAMES_ENUM)
};

struct rib_route {             /* fields ordered for size: one per candidate */
	struct bgp_route attr; /* prefix, origin, local pref, AS_PATH, MED */
	enum rib_nh nh_kind;
	enum bgp_reason why; /* verdict; BGP_BEST / BGP_ECMP are installed */
	const struct model_obj
		*nh; /* attachment, VPN, VIF, VGW, TGW, DX gateway; NULL for blackhole/local */
	const struct model_obj *via;         /* the VPN/VIF a learned route came over, else NULL */
	const struct model_site *site;       /* the site that originated it, else NULL */
	const struct model_route *vpc_route; /* VPC route tables: the route (may be computed) */
	const char *from;     /* where it came from, for people: "static", "vpc-0abc", "dc1", ... */
	const char *down_why; /* static text when down */
	bool observed;        /* read from the snapshot as AWS reported it (not computed) */
	bool blackhole;
	bool down; /* candidate withdrawn: session down (not selectable) */
};

/* One routing domain's table: every candidate, sorted by address family,
 * address, prefix length, then installed first, then verdict. */
struct rib {
	const struct model_obj *owner;
	const char *label; /* which of an owner's tables, for people; NULL when it has one */
	enum bgp_policy policy;
	struct rib_route *routes;
	uint32_t n_routes;
	struct rib_fib *fib; /* private: compiled lookup of the installed routes */
};

struct rib_set;

struct rib_opts {
	uint32_t dx_prefix_limit; /* per BGP session and address family; 0 = AWS's 100 */
	/* VIFs and VPN connections to take down, by id ("what if this link
	 * fails"); unknown ids are ignored */
	const char *const *down_ids;
	uint32_t n_down;
};

/* 0, VS_EINVAL (NULL argument) or VS_ENOMEM.  @o may be NULL. */
int rib_build(const struct model *m, const struct rib_opts *o, struct rib_set **out);
void rib_free(struct rib_set *s); /* NULL is a no-op */

/* The table of one domain; NULL when @owner is not one of the model's VPC
 * route tables / TGW route tables / VGWs / DX gateways / sites. */
const struct rib *rib_of(const struct rib_set *s, const struct model_obj *owner);

/* A DX gateway has two tables: rib_of() gives the routes learned from sites
 * over its VIFs (where traffic to the sites goes); this one the prefixes of
 * its VGW/TGW associations (where traffic from the sites goes). */
const struct rib *rib_dxgw_to_aws(const struct rib_set *s, const struct model_dxgw *g);

/*
 * Longest-prefix match among the installed routes of @r for @dst (one probe
 * of the table's longest-prefix-match table; no allocation).  Returns
 * the best route and, when @ecmp is not NULL, writes up to @max_ecmp
 * installed routes for the same prefix (the best first) and sets *n_ecmp.
 * NULL when nothing matches.
 */
const struct rib_route *rib_lookup(const struct rib *r, const struct net_addr *dst,
				   const struct rib_route **ecmp, uint32_t max_ecmp,
				   uint32_t *n_ecmp);

/* Every candidate of @r whose prefix covers @dst (for "why did this lose"),
 * in table order (shortest prefix first); returns the count written (at
 * most @max).  Visits the matching prefixes only, never the whole table. */
uint32_t rib_matches(const struct rib *r, const struct net_addr *dst, const struct rib_route **out,
		     uint32_t max);

/*
 * The routes VGW route propagation adds to VPC route table @rtb (computed
 * from the VGW's installed routes, excluding its own VPC CIDRs), as model
 * routes (origin ROUTE_ORIGIN_PROPAGATED, target TGT_VGW).  *n = 0 when
 * none.  The array belongs to @s.
 */
const struct model_route *rib_vpc_propagated(const struct rib_set *s, const struct model_rtb *rtb,
					     uint32_t *n);

/*
 * What AWS advertises to @site over @via (a VPN connection or VIF of the
 * model), one candidate per prefix and path, AS_PATH with AWS's ASN first:
 * the routes rib_build() gives the site over that link, computed whether
 * or not the site announces anything over it (a live BGP session, before
 * the peer has said anything).  Not marked down when the link is.  *out is
 * the caller's to free(); its AS_PATHs belong to @s.  0, VS_EINVAL (NULL
 * argument, @via not a VPN or VIF of the model) or VS_ENOMEM.  Calls on
 * one @s must not run at once (the AS_PATHs go to @s's arena).
 */
int rib_advertised(const struct rib_set *s, const struct model_site *site,
		   const struct model_obj *via, struct rib_route **out, uint32_t *n);

/* The VIF's session is down and why ("over the 100-prefix quota: 112
 * prefixes", "BGP down", "state down"), or NULL when up. */
const char *rib_vif_down(const struct rib_set *s, const struct model_vif *v);

/* Installed in the forwarding table: the winner or an ECMP sharer, not down. */
static inline bool rib_installed(const struct rib_route *r)
{
	return !r->down && (r->why == BGP_BEST || r->why == BGP_ECMP);
}

/* The VPN connection is down (state, every reported tunnel down, or taken
 * down by the options). */
bool rib_vpn_down(const struct rib_set *s, const struct model_vpn *v);

/* The ASN AWS speaks BGP with over @via, a VIF or a VPN connection: a VIF's
 * DX gateway's amazonSideAsn, else the VIF's own, else its VGW's; a VPN's
 * VGW's or transit gateway's; 64512 (the default of each) when the snapshot
 * gives none.  0 when @via is neither. */
uint32_t rib_link_asn(const struct model_obj *via);

/* A TGW attachment that carries traffic (state available or modifying). */
bool rib_att_live(const struct model_tgw_att *a);

/* Why @r is not installed, for people: why its session is down, else its
 * verdict's sentence (bgp_reason_text()). */
const char *rib_why_text(const struct rib_route *r);

/* "blackhole", "local", "attachment", "vpn", "vif", "vgw", "tgw", "dxgw". */
const char *rib_nh_name(enum rib_nh k);

#endif

/*
 * DOC: best-path selection among routes to one prefix, in AWS's order
 *
 * A pure function: given the candidate routes for one prefix in one
 * routing domain, it says which one wins, which share the win (ECMP), and
 * why each of the others lost.  No model, no allocation, no I/O; the rest
 * of route/ builds the candidates and installs the winners.
 *
 * The orders (AWS-SEMANTICS.md, each from its AWS page):
 *
 * VPC route table (VPC_Route_Tables.html, "Route priority"):
 *     local > static > prefix list > propagated (from a VGW).  No ECMP.
 *
 * Transit gateway route table (tgw/how-transit-gateways-work.html,
 * "Route evaluation order"):
 *     static (incl. VPN static) > prefix-list reference > VPC propagated >
 *     DX gateway propagated > Connect propagated > VPN over private DX >
 *     VPN propagated > TGW peering; then shorter AS_PATH > lower MED >
 *     eBGP over iBGP.  ECMP only among routes of one origin: VPN BGP routes
 *     when the TGW's VpnEcmpSupport is on, Connect routes, and DX gateway
 *     routes with identical AS_PATHs.
 *
 * Virtual private gateway (VPNRoutingTypes.html, "Route priority"):
 *     Direct Connect BGP > VPN static > VPN BGP; then shorter AS_PATH >
 *     lower MED.  No ECMP: one path carries the traffic.
 *
 * Direct Connect gateway, among routes learned over VIFs
 * (directconnect routing-and-bgp.html, "Private and transit virtual
 * interface routing policies"):
 *     higher local preference (communities 7224:7100/7200/7300) > shorter
 *     AS_PATH > lower MED > eBGP over iBGP; equal routes share the load
 *     (ECMP across VIFs).
 *
 * On-premises site router (RFC 4271 9.1.2, the customer's side):
 *     higher local preference > shorter AS_PATH > lower MED > eBGP over
 *     iBGP > Direct Connect over VPN (AWS's recommended design) ; no ECMP.
 *
 * Within every order: MED is compared only between routes from the same
 * neighbouring AS (RFC 4271 9.1.2.2 c; first AS of the AS_PATH, 0 for
 * none), and the last tie-break is the lower `key` (a stable id, e.g. the
 * next hop's id), so the answer never depends on input order.
 *
 * Thread safety: no state, no allocation: safe from any thread on
 * candidates the caller does not change meanwhile.
 */
#ifndef VPCSIM_BGP_H
#define VPCSIM_BGP_H

#include <stdbool.h>
#include <stdint.h>

#include "vpcsim/names.h"
#include "vpcsim/net.h"

/* Where a candidate came from.  Its rank depends on the policy; an origin a
 * policy does not list ranks below all the listed ones. */
#define BGP_ORIGINS(X)                                                          \
	/* VPC local route; a VGW's own VPC CIDRs; a site's own CIDRs */        \
	X(BGP_ORIGIN_LOCAL, "local")                                            \
	/* a static route (VPC CreateRoute, TGW static, VPN static on a TGW) */ \
	X(BGP_ORIGIN_STATIC, "static")                                          \
	/* a prefix-list route / reference */                                   \
	X(BGP_ORIGIN_PREFIX_LIST, "prefix-list")                                \
	/* TGW: propagated from a VPC attachment */                             \
	X(BGP_ORIGIN_VPC, "vpc")                                                \
	/* learned over Direct Connect (VIF / DX gateway) */                    \
	X(BGP_ORIGIN_DX, "direct-connect")                                      \
	/* TGW Connect (GRE + BGP) */                                           \
	X(BGP_ORIGIN_CONNECT, "connect")                                        \
	/* VPN whose outer tunnel rides a private DX */                         \
	X(BGP_ORIGIN_VPN_OVER_DX, "vpn-over-dx")                                \
	/* VGW: a VPN connection's static route */                              \
	X(BGP_ORIGIN_VPN_STATIC, "vpn-static")                                  \
	/* learned over a VPN tunnel's BGP session */                           \
	X(BGP_ORIGIN_VPN_BGP, "vpn-bgp")                                        \
	/* TGW peering attachment (static) */                                   \
	X(BGP_ORIGIN_PEERING, "peering")                                        \
	/* VPC route table: propagated from a VGW */                            \
	X(BGP_ORIGIN_PROPAGATED, "propagated")

enum bgp_origin {
	BGP_ORIGINS(VS_NAMES_ENUM)
	/* not an origin: how many there are */
	BGP_ORIGIN_COUNT
};

enum bgp_policy {
	BGP_POLICY_VPC_RTB = 0,
	BGP_POLICY_TGW,
	BGP_POLICY_VGW,
	BGP_POLICY_DXGW,
	BGP_POLICY_SITE,
};

#define BGP_LOCAL_PREF_DEFAULT 100

/* One candidate route.  All candidates passed together have the same
 * prefix (longest-prefix match happens before, in the lookup). */
struct bgp_route { /* fields ordered for size: one is kept per route */
	struct net_prefix pfx;
	bool ibgp;
	enum bgp_origin origin;
	uint32_t local_pref; /* BGP_LOCAL_PREF_DEFAULT unless set */
	uint32_t as_path_len;
	uint32_t med;            /* 0 when absent */
	const uint32_t *as_path; /* may be NULL when as_path_len is 0 */
	const char *key;         /* final tie-break, lower wins; NULL sorts first */
};

/* The verdict on each candidate. */
enum bgp_reason {
	BGP_BEST = 0,    /* the winner */
	BGP_ECMP,        /* shares the win (equal-cost multipath) */
	BGP_LOST_ORIGIN, /* a higher-priority kind of route won (HIGHER_PRIORITY_ROUTE) */
	BGP_LOST_LOCAL_PREF,
	BGP_LOST_AS_PATH,
	BGP_LOST_MED,
	BGP_LOST_IBGP,
	BGP_LOST_TIEBREAK,
	/* VPC route tables only, set by route/rib.c (never by bgp_select): a
	 * route more specific than the local route whose target may not be
	 * (route_vpc_may_override_local()): the local route carries those
	 * addresses (HIGHER_PRIORITY_ROUTE in the trace) */
	BGP_LOST_LOCAL_ROUTE,
};

struct bgp_opts {
	bool vpn_ecmp; /* TGW VpnEcmpSupport enabled */
};

/*
 * Choose among @n candidates @c under @pol (@o may be NULL: AWS's defaults,
 * i.e. vpn_ecmp on, as for a new transit gateway).
 * Writes a verdict per candidate into @why[0..n-1] and returns the index of
 * the winner, or -1 when n == 0.  A loser's verdict is the step that
 * eliminated it (RFC 4271 9.1.2.2 style, so the result does not depend on
 * the input order).  Returns VS_EINVAL (negative, distinct from -1), with
 * @why untouched, when @c or @why is NULL with n > 0, @pol is not a policy,
 * n > INT_MAX, a candidate has as_path NULL with as_path_len > 0, or the
 * prefixes differ (net_prefix_eq: host bits count).
 */
int bgp_select(enum bgp_policy pol, const struct bgp_route *c, uint32_t n, const struct bgp_opts *o,
	       enum bgp_reason *why);

/* Rank of @origin under @pol: 0 is the most preferred.  Origins a policy
 * treats alike share a rank (TGW: static and VPN static; site: everything
 * learned from AWS, whose Direct Connect-over-VPN preference comes after
 * the BGP attributes). */
unsigned bgp_origin_rank(enum bgp_policy pol, enum bgp_origin origin);

/* "local", "static", "prefix-list", "vpc", "direct-connect", "connect",
 * "vpn-over-dx", "vpn-static", "vpn-bgp", "peering", "propagated". */
const char *bgp_origin_name(enum bgp_origin o);
/* "best", "ecmp", "origin", "local-pref", "as-path", "med", "ibgp", "tiebreak",
 * "local-route". */
const char *bgp_reason_name(enum bgp_reason r);
/* A short sentence for people: "longer AS_PATH". */
const char *bgp_reason_text(enum bgp_reason r);

/* Local preference a DX route gets from its communities: 7224:7100 -> low,
 * 7224:7200 -> medium, 7224:7300 -> high; the highest tag present wins;
 * untagged is medium.  Communities are (high << 16) | low. */
uint32_t bgp_dx_local_pref(const uint32_t *communities, uint32_t n);

#endif

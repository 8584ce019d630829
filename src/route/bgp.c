/*
 * DOC: best-path selection among routes to one prefix, in AWS's order
 *
 * Each policy is one row of bgp_policies[]: a rank per origin and the
 * list of steps it applies, the origin rank first.  bgp_select() runs the
 * steps as RFC 4271 9.1.2.2 does: each step removes the candidates that are
 * worse than the best still in the running, and the step that removes a
 * candidate is its verdict.  The lower `key` decides among the survivors.
 *
 * Elimination rather than "compare each candidate with the best so far":
 * MED is compared only between routes from the same neighbouring AS, so
 * pairwise comparison is not transitive (A beats B on key, C beats A on
 * MED, B beats C on key) and a linear scan would answer differently for
 * different input orders.  Removing, per neighbouring AS, everything above
 * that AS's lowest MED does not depend on the order (RFC 4271 9.1.2.2 c).
 * So a route's verdict is the first step on which it is worse than the
 * winner, except that a route can lose on MED to a route that later loses
 * too (the route that beat it on MED was then the better one of their AS).
 *
 * AWS pages:
 *   VPC route tables, "Route priority":
 *     https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html#route-tables-priority
 *   Transit gateway, "Route evaluation order":
 *     https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
 *   Virtual private gateway, "Route priority":
 *     https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html
 *   Direct Connect, "Private and transit virtual interface routing policies"
 *   and the local preference communities:
 *     https://docs.aws.amazon.com/directconnect/latest/UserGuide/routing-and-bgp.html
 *   TGW VpnEcmpSupport "Enabled by default":
 *     https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayRequestOptions.html
 */
#include "vpcsim/bgp.h"

#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "base/names.h"
#include "vpcsim/error.h"

/* The steps a policy applies, in the order of its list (the origin rank
 * always first).  The `key` tie-break comes after all of them. */
enum bgp_step {
	BGP_STEP_ORIGIN = 0, /* origin rank: lower wins */
	BGP_STEP_LOCAL_PREF, /* higher wins */
	BGP_STEP_AS_PATH,    /* shorter wins */
	BGP_STEP_MED,        /* lower wins, within one neighbouring AS */
	BGP_STEP_IBGP,       /* eBGP over iBGP */
	BGP_STEP_SITE_DX,    /* site: Direct Connect over VPN */
};

/* Listed origins rank below this; an unlisted origin ranks
 * BGP_RANK_UNLISTED + its enum value, below every listed one and still
 * distinct from the other unlisted ones. */
#define BGP_RANK_UNLISTED 16u

/* The tables store a listed origin's rank as RANK(rank) = rank + 1, so
 * that the zero of a designated initializer means "not listed". */
#define RANK(r) ((uint8_t)((r) + 1))

/* One origin per line: clang-format would pack these into columns. */
/* clang-format off */
/*
 * VPC route table: local > static > prefix list > propagated (from a VGW).
 * No BGP attributes: a VPC route table only holds the one route the VGW
 * propagates per prefix.
 */
static const uint8_t bgp_rank_vpc_rtb[BGP_ORIGIN_COUNT] = {
	[BGP_ORIGIN_LOCAL] = RANK(0),
	[BGP_ORIGIN_STATIC] = RANK(1),
	[BGP_ORIGIN_PREFIX_LIST] = RANK(2),
	[BGP_ORIGIN_PROPAGATED] = RANK(3),
};

/*
 * Transit gateway route table, "Route evaluation order": static routes
 * "(for example, Site-to-Site VPN static routes)" first, so a VPN static
 * route ranks with the static ones whichever origin the caller tags it
 * with; then prefix-list references, VPC, DX gateway, Connect, private-IP
 * VPN (over DX), VPN, peering (Cloud WAN).
 */
static const uint8_t bgp_rank_tgw[BGP_ORIGIN_COUNT] = {
	[BGP_ORIGIN_STATIC] = RANK(0),
	[BGP_ORIGIN_VPN_STATIC] = RANK(0),
	[BGP_ORIGIN_PREFIX_LIST] = RANK(1),
	[BGP_ORIGIN_VPC] = RANK(2),
	[BGP_ORIGIN_DX] = RANK(3),
	[BGP_ORIGIN_CONNECT] = RANK(4),
	[BGP_ORIGIN_VPN_OVER_DX] = RANK(5),
	[BGP_ORIGIN_VPN_BGP] = RANK(6),
	[BGP_ORIGIN_PEERING] = RANK(7),
};

/*
 * Virtual private gateway, "Route priority": its own VPC's CIDRs, then
 * Direct Connect BGP > VPN static > VPN BGP, whatever their AS_PATHs;
 * within one kind shorter AS_PATH, lower MED.
 */
static const uint8_t bgp_rank_vgw[BGP_ORIGIN_COUNT] = {
	[BGP_ORIGIN_LOCAL] = RANK(0),
	[BGP_ORIGIN_DX] = RANK(1),
	[BGP_ORIGIN_VPN_STATIC] = RANK(2),
	[BGP_ORIGIN_VPN_BGP] = RANK(3),
};

/*
 * Direct Connect gateway: the routing-and-bgp page orders the routes
 * learned over VIFs (all origin DX) by local preference, AS_PATH, MED.
 * The prefixes its VGW/TGW associations advertise (the allowed prefixes;
 * whichever AWS-side origin the caller gives them) rank above what sites
 * advertise: a DX gateway is not transitive, so a site cannot draw another
 * site's traffic for an AWS prefix.  That ordering is vpcsim's reading,
 * not a sentence of the page.
 */
static const uint8_t bgp_rank_dxgw[BGP_ORIGIN_COUNT] = {
	[BGP_ORIGIN_LOCAL] = RANK(0),
	[BGP_ORIGIN_STATIC] = RANK(1),
	[BGP_ORIGIN_PREFIX_LIST] = RANK(2),
	[BGP_ORIGIN_VPC] = RANK(3),
	[BGP_ORIGIN_DX] = RANK(4),
};

/*
 * On-premises site router (RFC 4271 9.1.2): its own CIDRs first.
 * Everything it learns from AWS, over Direct Connect or over a VPN, shares
 * one rank, so that local preference, AS_PATH, MED and eBGP over iBGP
 * decide first (a site steers with them), and "Direct Connect over VPN"
 * (AWS's recommended design) is only the last step before the key
 * (BGP_STEP_SITE_DX): a shorter AS_PATH over a VPN beats Direct Connect.
 */
static const uint8_t bgp_rank_site[BGP_ORIGIN_COUNT] = {
	[BGP_ORIGIN_LOCAL] = RANK(0),
	[BGP_ORIGIN_DX] = RANK(1),
	[BGP_ORIGIN_VPN_OVER_DX] = RANK(1),
	[BGP_ORIGIN_VPN_STATIC] = RANK(1),
	[BGP_ORIGIN_VPN_BGP] = RANK(1),
};

static const uint8_t bgp_steps_vpc_rtb[] = {BGP_STEP_ORIGIN};

/* TGW, VGW and DX gateway.  Local preference only ever differs among DX
 * routes, and the DX communities are evaluated before AS_PATH
 * (routing-and-bgp.html), so it comes right after the origin. */
static const uint8_t bgp_steps_bgp[] = {
	BGP_STEP_ORIGIN, BGP_STEP_LOCAL_PREF, BGP_STEP_AS_PATH, BGP_STEP_MED, BGP_STEP_IBGP,
};

static const uint8_t bgp_steps_site[] = {
	BGP_STEP_ORIGIN, BGP_STEP_LOCAL_PREF, BGP_STEP_AS_PATH, BGP_STEP_MED, BGP_STEP_IBGP,
	BGP_STEP_SITE_DX,
};

/* clang-format on */

struct bgp_policy_desc {
	const uint8_t *rank;  /* [BGP_ORIGIN_COUNT]: RANK(rank), 0 = not listed */
	const uint8_t *steps; /* enum bgp_step, in order */
	uint8_t n_steps;
};

#define BGP_STEPS(a) (a), (uint8_t)(sizeof(a) / sizeof((a)[0]))

static const struct bgp_policy_desc bgp_policies[] = {
	[BGP_POLICY_VPC_RTB] = {bgp_rank_vpc_rtb, BGP_STEPS(bgp_steps_vpc_rtb)},
	[BGP_POLICY_TGW] = {bgp_rank_tgw, BGP_STEPS(bgp_steps_bgp)},
	[BGP_POLICY_VGW] = {bgp_rank_vgw, BGP_STEPS(bgp_steps_bgp)},
	[BGP_POLICY_DXGW] = {bgp_rank_dxgw, BGP_STEPS(bgp_steps_bgp)},
	[BGP_POLICY_SITE] = {bgp_rank_site, BGP_STEPS(bgp_steps_site)},
};

#define BGP_N_POLICIES (sizeof(bgp_policies) / sizeof(bgp_policies[0]))

/* The verdict of a candidate removed at each step.  The site's "DX over
 * VPN" step is a preference between kinds of route: an origin verdict. */
/* clang-format off */
static const enum bgp_reason bgp_step_reason[] = {
	[BGP_STEP_ORIGIN] = BGP_LOST_ORIGIN,
	[BGP_STEP_LOCAL_PREF] = BGP_LOST_LOCAL_PREF,
	[BGP_STEP_AS_PATH] = BGP_LOST_AS_PATH,
	[BGP_STEP_MED] = BGP_LOST_MED,
	[BGP_STEP_IBGP] = BGP_LOST_IBGP,
	[BGP_STEP_SITE_DX] = BGP_LOST_ORIGIN,
};
/* clang-format on */

unsigned bgp_origin_rank(enum bgp_policy pol, enum bgp_origin origin)
{
	if ((unsigned)pol >= BGP_N_POLICIES || (unsigned)origin >= BGP_ORIGIN_COUNT)
		return BGP_RANK_UNLISTED + BGP_ORIGIN_COUNT;
	uint8_t r = bgp_policies[pol].rank[origin];
	if (r == 0)
		return BGP_RANK_UNLISTED + (unsigned)origin;
	return (unsigned)r - 1;
}

/* First AS of the AS_PATH: the neighbouring AS that MED is scoped to. */
static uint32_t bgp_first_as(const struct bgp_route *r)
{
	return r->as_path_len ? r->as_path[0] : 0;
}

/* The value a total-order step compares; lower is better. */
static uint64_t bgp_step_value(enum bgp_policy pol, enum bgp_step s, const struct bgp_route *r)
{
	switch (s) {
	case BGP_STEP_ORIGIN:
		return bgp_origin_rank(pol, r->origin);
	case BGP_STEP_LOCAL_PREF:
		return (uint64_t)UINT32_MAX - r->local_pref;
	case BGP_STEP_AS_PATH:
		return r->as_path_len;
	case BGP_STEP_MED: /* not a total order: see bgp_drop_med() */
		return r->med;
	case BGP_STEP_IBGP:
		return r->ibgp ? 1 : 0;
	case BGP_STEP_SITE_DX:
		return r->origin == BGP_ORIGIN_DX ? 0 : 1;
	}
	return 0;
}

/* Candidates still in the running carry BGP_BEST in why[]. */
static void bgp_drop_worse(enum bgp_policy pol, enum bgp_step s, const struct bgp_route *c,
			   uint32_t n, enum bgp_reason *why)
{
	uint64_t best = UINT64_MAX;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t v = bgp_step_value(pol, s, &c[i]);
		if (why[i] == BGP_BEST && v < best)
			best = v;
	}
	for (uint32_t i = 0; i < n; i++)
		if (why[i] == BGP_BEST && bgp_step_value(pol, s, &c[i]) > best)
			why[i] = bgp_step_reason[s];
}

/* RFC 4271 9.1.2.2 c: drop a route when another one still running, from
 * the same neighbouring AS, has a lower MED.  The lowest MED of each AS
 * is never dropped, so dropping in place does not depend on the order. */
static void bgp_drop_med(const struct bgp_route *c, uint32_t n, enum bgp_reason *why)
{
	for (uint32_t i = 0; i < n; i++) {
		if (why[i] != BGP_BEST)
			continue;
		for (uint32_t j = 0; j < n; j++) {
			if (j != i && why[j] == BGP_BEST &&
			    bgp_first_as(&c[j]) == bgp_first_as(&c[i]) && c[j].med < c[i].med) {
				why[i] = BGP_LOST_MED;
				break;
			}
		}
	}
}

/* strcmp, with NULL before every string. */
static int bgp_key_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static bool bgp_as_path_eq(const struct bgp_route *a, const struct bgp_route *b)
{
	if (a->as_path_len != b->as_path_len)
		return false;
	return a->as_path_len == 0 ||
	       memcmp(a->as_path, b->as_path, a->as_path_len * sizeof(*a->as_path)) == 0;
}

/*
 * May @r share the win with @best?  Both survived every step before the
 * key.  Never across origins.  TGW: VPN BGP routes when VpnEcmpSupport is
 * on, Connect routes, DX gateway routes with the same AS_PATH
 * (how-transit-gateways-work.html).  DX gateway: equal routes over several
 * VIFs share the load (routing-and-bgp.html).  VGW, VPC route table, site:
 * one path.
 */
static bool bgp_ecmp_ok(enum bgp_policy pol, const struct bgp_opts *o, const struct bgp_route *best,
			const struct bgp_route *r)
{
	if (r->origin != best->origin)
		return false;
	switch (pol) {
	case BGP_POLICY_TGW:
		switch (r->origin) {
		case BGP_ORIGIN_VPN_BGP:
			return o->vpn_ecmp;
		case BGP_ORIGIN_CONNECT:
			return true;
		case BGP_ORIGIN_DX:
			return bgp_as_path_eq(r, best);
		default:
			return false;
		}
	case BGP_POLICY_DXGW:
		return true;
	case BGP_POLICY_VPC_RTB:
	case BGP_POLICY_VGW:
	case BGP_POLICY_SITE:
		break;
	}
	return false;
}

/* Everything bgp_select() checks before it writes anything. */
static int bgp_check(enum bgp_policy pol, const struct bgp_route *c, uint32_t n,
		     const enum bgp_reason *why)
{
	if (c == NULL || why == NULL || (unsigned)pol >= BGP_N_POLICIES || n > INT_MAX)
		return VS_EINVAL;
	for (uint32_t i = 0; i < n; i++) {
		if (c[i].as_path_len > 0 && c[i].as_path == NULL)
			return VS_EINVAL;
		if (!net_prefix_eq(&c[i].pfx, &c[0].pfx))
			return VS_EINVAL;
	}
	return 0;
}

int bgp_select(enum bgp_policy pol, const struct bgp_route *c, uint32_t n, const struct bgp_opts *o,
	       enum bgp_reason *why)
{
	/* AWS's defaults: a new transit gateway has VpnEcmpSupport on. */
	static const struct bgp_opts defaults = {.vpn_ecmp = true};

	if (n == 0)
		return -1;
	int err = bgp_check(pol, c, n, why);
	if (err != 0)
		return err;
	if (o == NULL)
		o = &defaults;

	const struct bgp_policy_desc *p = &bgp_policies[pol];
	for (uint32_t i = 0; i < n; i++)
		why[i] = BGP_BEST;
	for (uint8_t k = 0; k < p->n_steps; k++) {
		enum bgp_step s = (enum bgp_step)p->steps[k];
		if (s == BGP_STEP_MED)
			bgp_drop_med(c, n, why);
		else
			bgp_drop_worse(pol, s, c, n, why);
	}

	/* The lower key among the survivors; on equal keys the first one,
	 * since such candidates are indistinguishable. */
	uint32_t best = UINT32_MAX;
	for (uint32_t i = 0; i < n; i++)
		if (why[i] == BGP_BEST &&
		    (best == UINT32_MAX || bgp_key_cmp(c[i].key, c[best].key) < 0))
			best = i;
	for (uint32_t i = 0; i < n; i++) {
		if (i == best || why[i] != BGP_BEST)
			continue;
		why[i] = bgp_ecmp_ok(pol, o, &c[best], &c[i]) ? BGP_ECMP : BGP_LOST_TIEBREAK;
	}
	return (int)best;
}

NAMES_DEFINE(bgp_origin_name, enum bgp_origin, BGP_ORIGINS, "unknown")

/* Each verdict's name (in the JSON) and its sentence (for people), side by
 * side so that a new verdict gets both. */
static const struct {
	const char *name, *text;
} bgp_reasons[] = {
	[BGP_BEST] = {"best", "the best route: it carries the traffic"},
	[BGP_ECMP] = {"ecmp", "as good as the best route: it shares the traffic (ECMP)"},
	[BGP_LOST_ORIGIN] = {"origin", "a higher-priority kind of route won"},
	[BGP_LOST_LOCAL_PREF] = {"local-pref", "lower local preference (DX community)"},
	[BGP_LOST_AS_PATH] = {"as-path", "longer AS_PATH"},
	[BGP_LOST_MED] = {"med", "higher MED from the same neighbouring AS"},
	[BGP_LOST_IBGP] = {"ibgp", "iBGP route loses to eBGP"},
	[BGP_LOST_TIEBREAK] = {"tiebreak", "equal routes: lower id wins"},
	[BGP_LOST_LOCAL_ROUTE] = {"local-route", "more specific than the local route, which only a "
						 "NAT gateway, network interface or Gateway Load "
						 "Balancer endpoint route may be: the local route "
						 "carries it"},
};

static bool bgp_reason_known(enum bgp_reason r)
{
	return (unsigned)r < sizeof(bgp_reasons) / sizeof(bgp_reasons[0]);
}

const char *bgp_reason_name(enum bgp_reason r)
{
	return bgp_reason_known(r) ? bgp_reasons[r].name : "unknown";
}

const char *bgp_reason_text(enum bgp_reason r)
{
	return bgp_reason_known(r) ? bgp_reasons[r].text : "unknown reason";
}

/*
 * routing-and-bgp.html, "Private and transit virtual interface routing
 * policies": 7224:7100 low, 7224:7200 medium, 7224:7300 high preference.
 * The page lists the three tags; that an untagged route is "medium" is
 * vpcsim's reading, so a site can push a path down (7100) as well as up
 * (7300).  When a route carries several tags the highest one counts.
 */
#define BGP_COMMUNITY(hi, lo) (((uint32_t)(hi) << 16) | (uint32_t)(lo))

uint32_t bgp_dx_local_pref(const uint32_t *communities, uint32_t n)
{
	static const struct {
		uint32_t community;
		uint32_t local_pref;
	} tags[] = {
		{BGP_COMMUNITY(7224, 7100), 100},
		{BGP_COMMUNITY(7224, 7200), 200},
		{BGP_COMMUNITY(7224, 7300), 300},
	};
	uint32_t lp = 0;

	for (uint32_t i = 0; communities != NULL && i < n; i++)
		for (size_t t = 0; t < sizeof(tags) / sizeof(tags[0]); t++)
			if (communities[i] == tags[t].community && tags[t].local_pref > lp)
				lp = tags[t].local_pref;
	return lp ? lp : 200;
}

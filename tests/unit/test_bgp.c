/*
 * DOC: unit tests of src/route/bgp.c: best-path selection in AWS's orders.
 *
 * Pages the expectations come from:
 *   TGW  https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
 *        ("Route evaluation order")
 *   VGW  https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html
 *        ("Route priority")
 *   VPC  https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html#route-tables-priority
 *   DX   https://docs.aws.amazon.com/directconnect/latest/UserGuide/routing-and-bgp.html
 *        (local preference communities, evaluated before AS_PATH)
 *   Site RFC 4271 9.1.2, with AWS's advice to prefer Direct Connect over VPN.
 *
 * Every expectation goes through expect_select(), which runs bgp_select()
 * on every order of the candidates: the verdicts must not depend on it.
 * The behaviours that are only candidates and verdicts are rows of
 * select_cases[] at the end; the functions check what a row cannot say.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vpcsim/bgp.h"
#include "vpcsim/error.h"

#define MAX_CAND 8

/* A candidate for 10.0.0.0/16 with no BGP attributes. */
static struct bgp_route route(enum bgp_origin origin, const char *key)
{
	struct bgp_route r;
	memset(&r, 0, sizeof(r));
	assert_int_equal(net_prefix_parse("10.0.0.0/16", &r.pfx), 0);
	r.origin = origin;
	r.local_pref = BGP_LOCAL_PREF_DEFAULT;
	r.key = key;
	return r;
}

/* Set the AS_PATH of @r to a static array of this expansion's own. */
#define AS_PATH(r, ...)                                                         \
	do {                                                                    \
		static const uint32_t path_[] = {__VA_ARGS__};                  \
		(r).as_path = path_;                                            \
		(r).as_path_len = (uint32_t)(sizeof(path_) / sizeof(path_[0])); \
	} while (0)

/* Next permutation of p[0..n-1] in lexicographic order; false after the last. */
static bool next_perm(uint32_t *p, uint32_t n)
{
	if (n < 2)
		return false;
	uint32_t i = n - 1;
	while (i > 0 && p[i - 1] >= p[i])
		i--;
	if (i == 0)
		return false;
	uint32_t j = n - 1;
	while (p[j] <= p[i - 1])
		j--;
	uint32_t t = p[i - 1];
	p[i - 1] = p[j];
	p[j] = t;
	for (uint32_t a = i, b = n - 1; a < b; a++, b--) {
		t = p[a];
		p[a] = p[b];
		p[b] = t;
	}
	return true;
}

/*
 * bgp_select() over every order of @c[0..n-1] must name candidate
 * @want_best the winner and give candidate i the verdict @want[i].
 */
static void expect_select(enum bgp_policy pol, const struct bgp_route *c, uint32_t n,
			  const struct bgp_opts *o, uint32_t want_best, const enum bgp_reason *want)
{
	assert_true(n <= MAX_CAND);
	uint32_t p[MAX_CAND];
	for (uint32_t i = 0; i < n; i++)
		p[i] = i;
	do {
		struct bgp_route pc[MAX_CAND];
		enum bgp_reason why[MAX_CAND];
		for (uint32_t k = 0; k < n; k++)
			pc[k] = c[p[k]];
		int w = bgp_select(pol, pc, n, o, why);
		assert_true(w >= 0 && (uint32_t)w < n);
		assert_int_equal(p[w], want_best);
		for (uint32_t k = 0; k < n; k++) {
			if (why[k] != want[p[k]])
				fail_msg("candidate %u (%s): got %s, want %s", p[k],
					 c[p[k]].key ? c[p[k]].key : "(null)",
					 bgp_reason_name(why[k]), bgp_reason_name(want[p[k]]));
		}
	} while (next_perm(p, n));
}

#define WANT(...) ((const enum bgp_reason[]){__VA_ARGS__})

static const struct bgp_opts ecmp_on = {.vpn_ecmp = true};
static const struct bgp_opts ecmp_off = {.vpn_ecmp = false};

/* ---- Transit gateway (how-transit-gateways-work.html, "Route evaluation order") ---- */

static void test_tgw_full_evaluation_order(void **state)
{
	(void)state;
	/* static > prefix list > VPC > DX gateway > Connect > VPN over private
	 * DX > VPN > peering. */
	static const enum bgp_origin order[] = {
		BGP_ORIGIN_STATIC,  BGP_ORIGIN_PREFIX_LIST, BGP_ORIGIN_VPC,     BGP_ORIGIN_DX,
		BGP_ORIGIN_CONNECT, BGP_ORIGIN_VPN_OVER_DX, BGP_ORIGIN_VPN_BGP, BGP_ORIGIN_PEERING,
	};
	for (size_t i = 1; i < sizeof(order) / sizeof(order[0]); i++)
		assert_true(bgp_origin_rank(BGP_POLICY_TGW, order[i - 1]) <
			    bgp_origin_rank(BGP_POLICY_TGW, order[i]));
	struct bgp_route c[] = {
		route(BGP_ORIGIN_PEERING, "a"),
		route(BGP_ORIGIN_VPN_OVER_DX, "b"),
		route(BGP_ORIGIN_CONNECT, "c"),
		route(BGP_ORIGIN_PREFIX_LIST, "d"),
	};
	expect_select(BGP_POLICY_TGW, c, 4, NULL, 3,
		      WANT(BGP_LOST_ORIGIN, BGP_LOST_ORIGIN, BGP_LOST_ORIGIN, BGP_BEST));
}

static void test_tgw_vpn_static_route_beats_dx(void **state)
{
	(void)state;
	/* "Static routes (for example, Site-to-Site VPN static routes)" come
	 * first, even against a DX route with a shorter AS_PATH. */
	struct bgp_route c[] = {
		route(BGP_ORIGIN_STATIC, "tgw-attach-vpn"),
		route(BGP_ORIGIN_DX, "tgw-attach-dxgw"),
	};
	expect_select(BGP_POLICY_TGW, c, 2, NULL, 0, WANT(BGP_BEST, BGP_LOST_ORIGIN));
	/* Tagged as a VPN static route, it ranks with the static routes. */
	c[0].origin = BGP_ORIGIN_VPN_STATIC;
	assert_int_equal(bgp_origin_rank(BGP_POLICY_TGW, BGP_ORIGIN_VPN_STATIC),
			 bgp_origin_rank(BGP_POLICY_TGW, BGP_ORIGIN_STATIC));
	expect_select(BGP_POLICY_TGW, c, 2, NULL, 0, WANT(BGP_BEST, BGP_LOST_ORIGIN));
}

static void test_tgw_dx_local_pref_is_compared_before_as_path(void **state)
{
	(void)state;
	/* routing-and-bgp.html: the local preference communities are
	 * evaluated before AS_PATH. */
	static const uint32_t high[] = {(7224u << 16) | 7300};
	struct bgp_route c[] = {
		route(BGP_ORIGIN_DX, "b"),
		route(BGP_ORIGIN_DX, "a"),
	};
	AS_PATH(c[0], 65001, 65001, 65001);
	AS_PATH(c[1], 65002);
	c[0].local_pref = bgp_dx_local_pref(high, 1);
	c[1].local_pref = bgp_dx_local_pref(NULL, 0);
	expect_select(BGP_POLICY_TGW, c, 2, NULL, 0, WANT(BGP_BEST, BGP_LOST_LOCAL_PREF));
}

static void test_out_of_range_origins_never_share_the_traffic(void **state)
{
	(void)state;
	/* Origins outside the enum all rank last, together; they are still
	 * different origins, so even a DX gateway does not spread over them. */
	struct bgp_route c[] = {
		route((enum bgp_origin)40, "a"),
		route((enum bgp_origin)41, "b"),
		route(BGP_ORIGIN_DX, "c"),
	};
	AS_PATH(c[2], 65001, 65001, 65001);
	expect_select(BGP_POLICY_DXGW, c, 3, NULL, 2,
		      WANT(BGP_LOST_ORIGIN, BGP_LOST_ORIGIN, BGP_BEST));
	expect_select(BGP_POLICY_DXGW, c, 2, NULL, 0, WANT(BGP_BEST, BGP_LOST_TIEBREAK));
	assert_string_equal(bgp_origin_name((enum bgp_origin)40), "unknown");
}

/* ---- Direct Connect gateway (routing-and-bgp.html) ---- */

static void test_dxgw_local_pref_community_beats_shorter_as_path(void **state)
{
	(void)state;
	static const uint32_t low[] = {(7224u << 16) | 7100};
	static const uint32_t high[] = {(7224u << 16) | 7300};
	struct bgp_route c[] = {
		route(BGP_ORIGIN_DX, "vif-a"),
		route(BGP_ORIGIN_DX, "vif-b"),
		route(BGP_ORIGIN_DX, "vif-c"),
	};
	AS_PATH(c[0], 65001);
	AS_PATH(c[1], 65001, 65001, 65001);
	AS_PATH(c[2], 65001, 65001);
	c[0].local_pref = bgp_dx_local_pref(low, 1);
	c[1].local_pref = bgp_dx_local_pref(high, 1);
	c[2].local_pref = bgp_dx_local_pref(NULL, 0);
	expect_select(BGP_POLICY_DXGW, c, 3, NULL, 1,
		      WANT(BGP_LOST_LOCAL_PREF, BGP_BEST, BGP_LOST_LOCAL_PREF));
	/* Without the high tag, medium (untagged) beats low despite its path. */
	expect_select(BGP_POLICY_DXGW, (struct bgp_route[]){c[0], c[2]}, 2, NULL, 1,
		      WANT(BGP_LOST_LOCAL_PREF, BGP_BEST));
}

/* ---- On-premises site (RFC 4271 9.1.2; DX over VPN as AWS recommends) ---- */

/* Everything a site learns from AWS that is not Direct Connect. */
static const enum bgp_origin site_vpn_origins[] = {
	BGP_ORIGIN_VPN_BGP,
	BGP_ORIGIN_VPN_STATIC,
	BGP_ORIGIN_VPN_OVER_DX,
};

static void test_site_shorter_as_path_over_vpn_beats_dx(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(site_vpn_origins) / sizeof(site_vpn_origins[0]); i++) {
		struct bgp_route c[] = {
			route(BGP_ORIGIN_DX, "a"),
			route(site_vpn_origins[i], "b"),
		};
		AS_PATH(c[0], 64512, 64512);
		AS_PATH(c[1], 64512);
		assert_int_equal(bgp_origin_rank(BGP_POLICY_SITE, BGP_ORIGIN_DX),
				 bgp_origin_rank(BGP_POLICY_SITE, site_vpn_origins[i]));
		expect_select(BGP_POLICY_SITE, c, 2, NULL, 1, WANT(BGP_LOST_AS_PATH, BGP_BEST));
		/* ... and so do a lower MED from the same AS, and eBGP over iBGP. */
		AS_PATH(c[0], 64512);
		c[0].med = 50;
		expect_select(BGP_POLICY_SITE, c, 2, NULL, 1, WANT(BGP_LOST_MED, BGP_BEST));
		c[0].med = 0;
		c[0].ibgp = true;
		expect_select(BGP_POLICY_SITE, c, 2, NULL, 1, WANT(BGP_LOST_IBGP, BGP_BEST));
	}
}

/* ---- Ranks, keys, order ---- */

static void test_unlisted_origin_ranks_below_listed_ones(void **state)
{
	(void)state;
	/* A VGW does not list Connect: it ranks below VPN BGP. */
	assert_true(bgp_origin_rank(BGP_POLICY_VGW, BGP_ORIGIN_CONNECT) >
		    bgp_origin_rank(BGP_POLICY_VGW, BGP_ORIGIN_VPN_BGP));
	assert_true(bgp_origin_rank(BGP_POLICY_VPC_RTB, BGP_ORIGIN_DX) >
		    bgp_origin_rank(BGP_POLICY_VPC_RTB, BGP_ORIGIN_PROPAGATED));
	/* Two unlisted origins still rank apart. */
	assert_int_not_equal(bgp_origin_rank(BGP_POLICY_VGW, BGP_ORIGIN_CONNECT),
			     bgp_origin_rank(BGP_POLICY_VGW, BGP_ORIGIN_PEERING));
	/* Out-of-range values rank last and do not crash. */
	assert_true(bgp_origin_rank(BGP_POLICY_TGW, BGP_ORIGIN_COUNT) >
		    bgp_origin_rank(BGP_POLICY_TGW, BGP_ORIGIN_PROPAGATED));
	assert_true(bgp_origin_rank((enum bgp_policy)99, BGP_ORIGIN_LOCAL) >
		    bgp_origin_rank(BGP_POLICY_VPC_RTB, BGP_ORIGIN_PROPAGATED));
	assert_int_equal(bgp_origin_rank(BGP_POLICY_VPC_RTB, BGP_ORIGIN_LOCAL), 0);
	assert_int_equal(bgp_origin_rank(BGP_POLICY_TGW, BGP_ORIGIN_STATIC), 0);

	struct bgp_route c[] = {
		route(BGP_ORIGIN_CONNECT, "a"),
		route(BGP_ORIGIN_VPN_BGP, "b"),
	};
	AS_PATH(c[1], 65001, 65001, 65001);
	expect_select(BGP_POLICY_VGW, c, 2, NULL, 1, WANT(BGP_LOST_ORIGIN, BGP_BEST));
}

static void test_identical_candidates_one_wins(void **state)
{
	(void)state;
	struct bgp_route c[] = {
		route(BGP_ORIGIN_STATIC, "same"),
		route(BGP_ORIGIN_STATIC, "same"),
	};
	enum bgp_reason why[2];
	assert_int_equal(bgp_select(BGP_POLICY_TGW, c, 2, NULL, why), 0);
	assert_int_equal(why[0], BGP_BEST);
	assert_int_equal(why[1], BGP_LOST_TIEBREAK);
}

static void test_single_candidate_is_best(void **state)
{
	(void)state;
	struct bgp_route c = route(BGP_ORIGIN_PEERING, NULL);
	enum bgp_reason why = BGP_LOST_MED;
	assert_int_equal(bgp_select(BGP_POLICY_TGW, &c, 1, NULL, &why), 0);
	assert_int_equal(why, BGP_BEST);
}

/* ---- Errors ---- */

static void test_no_candidates_returns_minus_one(void **state)
{
	(void)state;
	assert_int_equal(bgp_select(BGP_POLICY_TGW, NULL, 0, NULL, NULL), -1);
	struct bgp_route c = route(BGP_ORIGIN_STATIC, "a");
	enum bgp_reason why = BGP_LOST_MED;
	assert_int_equal(bgp_select(BGP_POLICY_VGW, &c, 0, NULL, &why), -1);
	assert_int_equal(why, BGP_LOST_MED);
}

static void test_null_arguments_are_einval(void **state)
{
	(void)state;
	assert_int_not_equal(VS_EINVAL, -1);
	assert_true(VS_EINVAL < 0);
	struct bgp_route c = route(BGP_ORIGIN_STATIC, "a");
	enum bgp_reason why = BGP_LOST_MED;
	assert_int_equal(bgp_select(BGP_POLICY_TGW, NULL, 1, NULL, &why), VS_EINVAL);
	assert_int_equal(bgp_select(BGP_POLICY_TGW, &c, 1, NULL, NULL), VS_EINVAL);
	/* An AS_PATH length without the path. */
	c.as_path_len = 2;
	assert_int_equal(bgp_select(BGP_POLICY_TGW, &c, 1, NULL, &why), VS_EINVAL);
	c.as_path_len = 0;
	/* Not a policy. */
	assert_int_equal(bgp_select((enum bgp_policy)42, &c, 1, NULL, &why), VS_EINVAL);
	assert_int_equal(bgp_select(BGP_POLICY_TGW, &c, (uint32_t)INT_MAX + 1, NULL, &why),
			 VS_EINVAL);
	assert_int_equal(why, BGP_LOST_MED); /* untouched */
}

static void test_differing_prefixes_are_einval(void **state)
{
	(void)state;
	static const char *const other[] = {
		"10.0.0.0/17", /* length */
		"10.1.0.0/16", /* address */
		"10.0.0.1/16", /* host bits */
		"::/16",       /* family */
	};
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		struct bgp_route c[] = {
			route(BGP_ORIGIN_STATIC, "a"),
			route(BGP_ORIGIN_STATIC, "b"),
			route(BGP_ORIGIN_STATIC, "c"),
		};
		assert_int_equal(net_prefix_parse(other[i], &c[2].pfx), 0);
		enum bgp_reason why[3] = {BGP_LOST_MED, BGP_LOST_MED, BGP_LOST_MED};
		assert_int_equal(bgp_select(BGP_POLICY_TGW, c, 3, NULL, why), VS_EINVAL);
		for (int k = 0; k < 3; k++)
			assert_int_equal(why[k], BGP_LOST_MED);
	}
}

/* ---- Direct Connect local preference communities (routing-and-bgp.html) ---- */

#define COMM(hi, lo) (((uint32_t)(hi) << 16) | (uint32_t)(lo))

static void test_dx_local_pref_from_communities(void **state)
{
	(void)state;
	const uint32_t low = COMM(7224, 7100), medium = COMM(7224, 7200), high = COMM(7224, 7300);
	assert_int_equal(bgp_dx_local_pref(NULL, 0), 200);
	assert_int_equal(bgp_dx_local_pref(&low, 1), 100);
	assert_int_equal(bgp_dx_local_pref(&medium, 1), 200);
	assert_int_equal(bgp_dx_local_pref(&high, 1), 300);
	/* The highest tag present wins, wherever it is in the list. */
	const uint32_t low_high[] = {low, high};
	const uint32_t high_low[] = {high, low};
	const uint32_t low_medium[] = {low, medium};
	assert_int_equal(bgp_dx_local_pref(low_high, 2), 300);
	assert_int_equal(bgp_dx_local_pref(high_low, 2), 300);
	assert_int_equal(bgp_dx_local_pref(low_medium, 2), 200);
	/* Other communities do not count: scope tags, other ASNs. */
	const uint32_t others[] = {COMM(7224, 9100), COMM(65000, 7300), COMM(7224, 8100), 7300};
	assert_int_equal(bgp_dx_local_pref(others, 4), 200);
	const uint32_t mixed[] = {COMM(7224, 9300), low};
	assert_int_equal(bgp_dx_local_pref(mixed, 2), 100);
	/* A NULL list is untagged, not a crash. */
	assert_int_equal(bgp_dx_local_pref(NULL, 3), 200);
}

/* ---- Names ---- */

static void test_origin_and_reason_names(void **state)
{
	(void)state;
	static const char *const origins[BGP_ORIGIN_COUNT] = {
		"local",       "static",     "prefix-list", "vpc",     "direct-connect", "connect",
		"vpn-over-dx", "vpn-static", "vpn-bgp",     "peering", "propagated",
	};
	for (int o = 0; o < BGP_ORIGIN_COUNT; o++)
		assert_string_equal(bgp_origin_name((enum bgp_origin)o), origins[o]);
	assert_string_equal(bgp_origin_name(BGP_ORIGIN_COUNT), "unknown");

	static const char *const reasons[] = {"best",    "ecmp", "origin", "local-pref",
					      "as-path", "med",  "ibgp",   "tiebreak"};
	for (int r = BGP_BEST; r <= BGP_LOST_TIEBREAK; r++) {
		assert_string_equal(bgp_reason_name((enum bgp_reason)r), reasons[r]);
		const char *t = bgp_reason_text((enum bgp_reason)r);
		assert_non_null(t);
		assert_true(strlen(t) > 0);
		for (int q = BGP_BEST; q < r; q++)
			assert_string_not_equal(t, bgp_reason_text((enum bgp_reason)q));
	}
	assert_string_equal(bgp_reason_text(BGP_LOST_AS_PATH), "longer AS_PATH");
	assert_string_equal(bgp_reason_text(BGP_LOST_ORIGIN), "a higher-priority kind of route "
							      "won");
	assert_string_equal(bgp_reason_name((enum bgp_reason)77), "unknown");
	assert_non_null(bgp_reason_text((enum bgp_reason)77));
}

/*
 * The cases below are only candidates and the verdicts bgp_select() must
 * give them, so they are written as data, one row a behaviour, each row a
 * cmocka test of its own name.
 */

#define AS_PATH_MAX 4
#define MAX_CHECKS  3

/* A candidate as a case writes it: route() and the attributes it sets.  The
 * AS_PATH ends at its first 0 (AS 0 is reserved, RFC 7607, and stands in no
 * path); a local_pref of 0 keeps route()'s default. */
struct cand {
	enum bgp_origin origin;
	const char *key;
	uint32_t path[AS_PATH_MAX];
	uint32_t med;
	uint32_t local_pref;
	bool ibgp;
};

/* expect_select() over the @n candidates from @from on, under @pol. */
struct check {
	enum bgp_policy pol;
	const struct bgp_opts *opts;
	uint32_t from, n, best;
	const enum bgp_reason *want;
};

/* The checks end at the first with no candidates. */
struct select_case {
	const char *name;
	struct cand cand[MAX_CAND];
	struct check check[MAX_CHECKS];
};

static const struct select_case select_cases[] = {
	/* ---- Transit gateway (how-transit-gateways-work.html, "Route evaluation order") ---- */
	{
		.name = "test_tgw_static_beats_vpc_beats_dx_beats_vpn",
		/* Keys chosen so that the key order is the opposite of the origin order. */
		.cand = {{.origin = BGP_ORIGIN_STATIC, .key = "d"},
			 {.origin = BGP_ORIGIN_VPC, .key = "c"},
			 {.origin = BGP_ORIGIN_DX, .key = "b"},
			 {.origin = BGP_ORIGIN_VPN_BGP, .key = "a"}},
		.check = {{BGP_POLICY_TGW, &ecmp_on, 0, 4, 0,
			   WANT(BGP_BEST, BGP_LOST_ORIGIN, BGP_LOST_ORIGIN, BGP_LOST_ORIGIN)},
			  {BGP_POLICY_TGW, &ecmp_on, 1, 3, 0,
			   WANT(BGP_BEST, BGP_LOST_ORIGIN, BGP_LOST_ORIGIN)},
			  {BGP_POLICY_TGW, &ecmp_on, 2, 2, 0, WANT(BGP_BEST, BGP_LOST_ORIGIN)}},
	},
	{
		.name = "test_tgw_same_origin_shorter_as_path_wins",
		/* a's path is 65001 prepended twice. */
		.cand = {{.origin = BGP_ORIGIN_VPN_BGP, .key = "a", .path = {65001, 65001, 65001}},
			 {.origin = BGP_ORIGIN_VPN_BGP, .key = "b", .path = {65001}},
			 {.origin = BGP_ORIGIN_VPN_BGP, .key = "c", .path = {65002, 65100}}},
		.check = {{BGP_POLICY_TGW, &ecmp_on, 0, 3, 1,
			   WANT(BGP_LOST_AS_PATH, BGP_BEST, BGP_LOST_AS_PATH)}},
	},
	{
		.name = "test_tgw_lower_med_wins_within_one_neighbour_as",
		.cand = {{.origin = BGP_ORIGIN_DX, .key = "a", .path = {65001, 65100}, .med = 200},
			 {.origin = BGP_ORIGIN_DX, .key = "b", .path = {65001, 65100}, .med = 100}},
		.check = {{BGP_POLICY_TGW, NULL, 0, 2, 1, WANT(BGP_LOST_MED, BGP_BEST)}},
	},
	{
		.name = "test_med_not_compared_across_neighbour_ases",
		/* c's MED of 5 would beat both, but it comes from another AS: the
		 * key decides between b (best MED of AS 65001) and c.  Same under
		 * the VGW and, with the routes over DX, the DX gateway policies. */
		.cand = {{.origin = BGP_ORIGIN_VPN_BGP, .key = "a", .path = {65001}, .med = 200},
			 {.origin = BGP_ORIGIN_VPN_BGP, .key = "b", .path = {65001}, .med = 100},
			 {.origin = BGP_ORIGIN_VPN_BGP, .key = "c", .path = {65002}, .med = 5},
			 {.origin = BGP_ORIGIN_DX, .key = "a", .path = {65001}, .med = 200},
			 {.origin = BGP_ORIGIN_DX, .key = "b", .path = {65001}, .med = 100},
			 {.origin = BGP_ORIGIN_DX, .key = "c", .path = {65002}, .med = 5}},
		.check = {{BGP_POLICY_TGW, &ecmp_off, 0, 3, 1,
			   WANT(BGP_LOST_MED, BGP_BEST, BGP_LOST_TIEBREAK)},
			  {BGP_POLICY_VGW, NULL, 0, 3, 1,
			   WANT(BGP_LOST_MED, BGP_BEST, BGP_LOST_TIEBREAK)},
			  {BGP_POLICY_DXGW, NULL, 3, 3, 1, WANT(BGP_LOST_MED, BGP_BEST, BGP_ECMP)}},
	},
	{
		.name = "test_med_of_empty_as_paths_is_compared",
		/* An empty AS_PATH has neighbouring AS 0: two such routes compare MED. */
		.cand = {{.origin = BGP_ORIGIN_VPN_BGP, .key = "a", .med = 100},
			 {.origin = BGP_ORIGIN_VPN_BGP, .key = "b", .med = 0}},
		.check = {{BGP_POLICY_VGW, NULL, 0, 2, 1, WANT(BGP_LOST_MED, BGP_BEST)}},
	},
	{
		.name = "test_med_cycle_does_not_depend_on_input_order",
		/* Pairwise: a beats b (key), c beats a (MED), b beats c (key) -- a
		 * cycle.  RFC 4271 9.1.2.2 removes a on MED first, then b wins on
		 * the key, whatever the order of the input. */
		.cand = {{.origin = BGP_ORIGIN_VPN_BGP, .key = "a", .path = {65001}, .med = 100},
			 {.origin = BGP_ORIGIN_VPN_BGP, .key = "b", .path = {65002}, .med = 0},
			 {.origin = BGP_ORIGIN_VPN_BGP, .key = "c", .path = {65001}, .med = 50}},
		.check = {{BGP_POLICY_VGW, NULL, 0, 3, 1,
			   WANT(BGP_LOST_MED, BGP_BEST, BGP_LOST_TIEBREAK)}},
	},
	{
		.name = "test_tgw_ebgp_beats_ibgp",
		.cand = {{.origin = BGP_ORIGIN_CONNECT, .key = "a", .path = {65001}, .ibgp = true},
			 {.origin = BGP_ORIGIN_CONNECT, .key = "b", .path = {65001}}},
		.check = {{BGP_POLICY_TGW, NULL, 0, 2, 1, WANT(BGP_LOST_IBGP, BGP_BEST)}},
	},
	{
		.name = "test_verdict_is_the_first_worse_criterion",
		/* b is worse on AS_PATH, MED and iBGP: it lost on AS_PATH. */
		.cand = {{.origin = BGP_ORIGIN_DX, .key = "b", .path = {65001}},
			 {.origin = BGP_ORIGIN_DX,
			  .key = "a",
			  .path = {65001, 65001},
			  .med = 10,
			  .ibgp = true}},
		.check = {{BGP_POLICY_TGW, NULL, 0, 2, 0, WANT(BGP_BEST, BGP_LOST_AS_PATH)}},
	},
	{
		.name = "test_tgw_vpn_ecmp_follows_vpn_ecmp_support",
		.cand = {{.origin = BGP_ORIGIN_VPN_BGP, .key = "vpn-1", .path = {65001}},
			 {.origin = BGP_ORIGIN_VPN_BGP, .key = "vpn-2", .path = {65001}},
			 /* longer: not part of the set */
			 {.origin = BGP_ORIGIN_VPN_BGP, .key = "vpn-3", .path = {65001, 65001}}},
		.check = {{BGP_POLICY_TGW, &ecmp_on, 0, 3, 0,
			   WANT(BGP_BEST, BGP_ECMP, BGP_LOST_AS_PATH)},
			  {BGP_POLICY_TGW, &ecmp_off, 0, 3, 0,
			   WANT(BGP_BEST, BGP_LOST_TIEBREAK, BGP_LOST_AS_PATH)},
			  /* NULL options: AWS's default, VpnEcmpSupport enabled. */
			  {BGP_POLICY_TGW, NULL, 0, 3, 0,
			   WANT(BGP_BEST, BGP_ECMP, BGP_LOST_AS_PATH)}},
	},
	{
		.name = "test_tgw_vpn_static_routes_are_not_ecmp",
		/* ECMP is for BGP-learned VPN routes only. */
		.cand = {{.origin = BGP_ORIGIN_STATIC, .key = "vpn-1"},
			 {.origin = BGP_ORIGIN_STATIC, .key = "vpn-2"}},
		.check = {{BGP_POLICY_TGW, &ecmp_on, 0, 2, 0, WANT(BGP_BEST, BGP_LOST_TIEBREAK)}},
	},
	{
		.name = "test_tgw_dx_ecmp_only_with_identical_as_path",
		/* dxgw-3: same length, other path.  Then the winner is the lowest
		 * key; identity is against the winner's path. */
		.cand = {{.origin = BGP_ORIGIN_DX, .key = "dxgw-1", .path = {65001, 65010}},
			 {.origin = BGP_ORIGIN_DX, .key = "dxgw-2", .path = {65001, 65010}},
			 {.origin = BGP_ORIGIN_DX, .key = "dxgw-3", .path = {65001, 65020}},
			 {.origin = BGP_ORIGIN_DX, .key = "dxgw-9", .path = {65001, 65010}},
			 {.origin = BGP_ORIGIN_DX, .key = "dxgw-2", .path = {65001, 65010}},
			 {.origin = BGP_ORIGIN_DX, .key = "dxgw-3", .path = {65001, 65020}}},
		.check = {{BGP_POLICY_TGW, NULL, 0, 3, 0,
			   WANT(BGP_BEST, BGP_ECMP, BGP_LOST_TIEBREAK)},
			  {BGP_POLICY_TGW, NULL, 3, 3, 1,
			   WANT(BGP_ECMP, BGP_BEST, BGP_LOST_TIEBREAK)}},
	},
	{
		.name = "test_tgw_connect_routes_share_the_load",
		.cand = {{.origin = BGP_ORIGIN_CONNECT, .key = "peer-1", .path = {65001}},
			 {.origin = BGP_ORIGIN_CONNECT, .key = "peer-2", .path = {65002}}},
		.check = {{BGP_POLICY_TGW, &ecmp_off, 0, 2, 0, WANT(BGP_BEST, BGP_ECMP)}},
	},
	{
		.name = "test_tgw_no_ecmp_across_origins",
		/* A static route and a VPN static route share a rank; they still
		 * never share the traffic.  Then equal BGP attributes over DX and
		 * VPN: the origin decides. */
		.cand = {{.origin = BGP_ORIGIN_STATIC, .key = "a"},
			 {.origin = BGP_ORIGIN_VPN_STATIC, .key = "b"},
			 {.origin = BGP_ORIGIN_VPN_BGP, .key = "a", .path = {65001}},
			 {.origin = BGP_ORIGIN_DX, .key = "b", .path = {65001}},
			 {.origin = BGP_ORIGIN_DX, .key = "c", .path = {65001}}},
		.check = {{BGP_POLICY_TGW, &ecmp_on, 0, 2, 0, WANT(BGP_BEST, BGP_LOST_TIEBREAK)},
			  {BGP_POLICY_TGW, &ecmp_on, 2, 3, 1,
			   WANT(BGP_LOST_ORIGIN, BGP_BEST, BGP_ECMP)}},
	},
	/* ---- Virtual private gateway (VPNRoutingTypes.html, "Route priority") ---- */
	{
		.name = "test_vgw_dx_beats_vpn_static_beats_vpn_bgp",
		/* The kind of route decides before AS_PATH: the DX path is the longest. */
		.cand = {{.origin = BGP_ORIGIN_VPN_BGP, .key = "a", .path = {65001}},
			 {.origin = BGP_ORIGIN_VPN_STATIC, .key = "b"},
			 {.origin = BGP_ORIGIN_DX, .key = "c", .path = {65001, 65001, 65001}}},
		.check = {{BGP_POLICY_VGW, NULL, 0, 3, 2,
			   WANT(BGP_LOST_ORIGIN, BGP_LOST_ORIGIN, BGP_BEST)},
			  {BGP_POLICY_VGW, NULL, 0, 2, 1, WANT(BGP_LOST_ORIGIN, BGP_BEST)}},
	},
	{
		.name = "test_vgw_own_vpc_cidr_ranks_first",
		.cand = {{.origin = BGP_ORIGIN_DX, .key = "a"},
			 {.origin = BGP_ORIGIN_LOCAL, .key = "b"}},
		.check = {{BGP_POLICY_VGW, NULL, 0, 2, 1, WANT(BGP_LOST_ORIGIN, BGP_BEST)}},
	},
	{
		.name = "test_vgw_has_no_ecmp",
		/* One tunnel carries the traffic, even with equal routes and the
		 * ECMP option on; over VPN and over DX alike. */
		.cand = {{.origin = BGP_ORIGIN_VPN_BGP, .key = "vpn-b", .path = {65001}},
			 {.origin = BGP_ORIGIN_VPN_BGP, .key = "vpn-a", .path = {65001}},
			 {.origin = BGP_ORIGIN_DX, .key = "vpn-b", .path = {65001}},
			 {.origin = BGP_ORIGIN_DX, .key = "vpn-a", .path = {65001}}},
		.check = {{BGP_POLICY_VGW, &ecmp_on, 0, 2, 1, WANT(BGP_LOST_TIEBREAK, BGP_BEST)},
			  {BGP_POLICY_VGW, &ecmp_on, 2, 2, 1, WANT(BGP_LOST_TIEBREAK, BGP_BEST)}},
	},
	/* ---- Direct Connect gateway (routing-and-bgp.html) ---- */
	{
		.name = "test_dxgw_equal_routes_share_the_load",
		.cand = {{.origin = BGP_ORIGIN_DX, .key = "vif-a", .path = {65001}},
			 {.origin = BGP_ORIGIN_DX, .key = "vif-b", .path = {65002}},
			 {.origin = BGP_ORIGIN_DX, .key = "vif-c", .path = {65001, 65001}}},
		.check = {{BGP_POLICY_DXGW, &ecmp_off, 0, 3, 0,
			   WANT(BGP_BEST, BGP_ECMP, BGP_LOST_AS_PATH)}},
	},
	{
		.name = "test_dxgw_ebgp_beats_ibgp",
		.cand = {{.origin = BGP_ORIGIN_DX, .key = "vif-a", .ibgp = true},
			 {.origin = BGP_ORIGIN_DX, .key = "vif-b"}},
		.check = {{BGP_POLICY_DXGW, NULL, 0, 2, 1, WANT(BGP_LOST_IBGP, BGP_BEST)}},
	},
	{
		.name = "test_dxgw_aws_side_prefixes_outrank_site_routes",
		.cand = {{.origin = BGP_ORIGIN_DX, .key = "a", .local_pref = 300},
			 {.origin = BGP_ORIGIN_VPC, .key = "b"}},
		.check = {{BGP_POLICY_DXGW, NULL, 0, 2, 1, WANT(BGP_LOST_ORIGIN, BGP_BEST)}},
	},
	/* ---- On-premises site (RFC 4271 9.1.2; DX over VPN as AWS recommends) ---- */
	{
		.name = "test_site_local_pref_beats_as_path",
		.cand = {{.origin = BGP_ORIGIN_DX, .key = "a", .path = {64512}},
			 {.origin = BGP_ORIGIN_VPN_BGP,
			  .key = "b",
			  .path = {64512, 64512, 64512},
			  .local_pref = 200}},
		.check = {{BGP_POLICY_SITE, NULL, 0, 2, 1, WANT(BGP_LOST_LOCAL_PREF, BGP_BEST)}},
	},
	{
		.name = "test_site_dx_beats_vpn_when_all_else_is_equal",
		/* The VPN routes have the lower keys: DX wins on kind, not on key. */
		.cand = {{.origin = BGP_ORIGIN_VPN_BGP, .key = "a", .path = {64512}},
			 {.origin = BGP_ORIGIN_VPN_STATIC, .key = "b", .path = {64512}},
			 {.origin = BGP_ORIGIN_VPN_OVER_DX, .key = "c", .path = {64512}},
			 {.origin = BGP_ORIGIN_DX, .key = "d", .path = {64512}}},
		.check = {{BGP_POLICY_SITE, NULL, 0, 4, 3,
			   WANT(BGP_LOST_ORIGIN, BGP_LOST_ORIGIN, BGP_LOST_ORIGIN, BGP_BEST)}},
	},
	{
		.name = "test_site_own_cidrs_rank_first",
		.cand = {{.origin = BGP_ORIGIN_DX, .key = "a", .local_pref = 300},
			 {.origin = BGP_ORIGIN_LOCAL, .key = "b"}},
		.check = {{BGP_POLICY_SITE, NULL, 0, 2, 1, WANT(BGP_LOST_ORIGIN, BGP_BEST)}},
	},
	{
		.name = "test_site_has_no_ecmp",
		.cand = {{.origin = BGP_ORIGIN_DX, .key = "vif-b"},
			 {.origin = BGP_ORIGIN_DX, .key = "vif-a"}},
		.check = {{BGP_POLICY_SITE, &ecmp_on, 0, 2, 1, WANT(BGP_LOST_TIEBREAK, BGP_BEST)}},
	},
	/* ---- VPC route table (VPC_Route_Tables.html, "Route priority") ---- */
	{
		.name = "test_vpc_rtb_local_static_prefix_list_propagated",
		.cand = {{.origin = BGP_ORIGIN_PROPAGATED, .key = "a"},
			 {.origin = BGP_ORIGIN_PREFIX_LIST, .key = "b"},
			 {.origin = BGP_ORIGIN_STATIC, .key = "c"},
			 {.origin = BGP_ORIGIN_LOCAL, .key = "d"}},
		.check = {{BGP_POLICY_VPC_RTB, NULL, 0, 4, 3,
			   WANT(BGP_LOST_ORIGIN, BGP_LOST_ORIGIN, BGP_LOST_ORIGIN, BGP_BEST)},
			  {BGP_POLICY_VPC_RTB, NULL, 0, 3, 2,
			   WANT(BGP_LOST_ORIGIN, BGP_LOST_ORIGIN, BGP_BEST)},
			  {BGP_POLICY_VPC_RTB, NULL, 0, 2, 1, WANT(BGP_LOST_ORIGIN, BGP_BEST)}},
	},
	{
		.name = "test_vpc_rtb_ignores_bgp_attributes",
		/* Only the kind of route and then the key: b's better attributes
		 * do not count, and equal routes never share the traffic. */
		.cand = {{.origin = BGP_ORIGIN_PROPAGATED,
			  .key = "a",
			  .path = {65001, 65001},
			  .med = 100,
			  .ibgp = true},
			 {.origin = BGP_ORIGIN_PROPAGATED, .key = "b", .local_pref = 300}},
		.check = {{BGP_POLICY_VPC_RTB, &ecmp_on, 0, 2, 0,
			   WANT(BGP_BEST, BGP_LOST_TIEBREAK)}},
	},
	/* ---- Ranks, keys, order ---- */
	{
		.name = "test_lower_key_wins_and_null_key_sorts_first",
		/* strcmp order: "vpn-10" < "vpn-2". */
		.cand = {{.origin = BGP_ORIGIN_STATIC, .key = "vpn-2"},
			 {.origin = BGP_ORIGIN_STATIC, .key = "vpn-10"},
			 {.origin = BGP_ORIGIN_STATIC, .key = NULL}},
		.check = {{BGP_POLICY_VPC_RTB, NULL, 0, 2, 1, WANT(BGP_LOST_TIEBREAK, BGP_BEST)},
			  {BGP_POLICY_VPC_RTB, NULL, 0, 3, 2,
			   WANT(BGP_LOST_TIEBREAK, BGP_LOST_TIEBREAK, BGP_BEST)}},
	},
	{
		.name = "test_verdicts_do_not_depend_on_input_order",
		/* Eight candidates, one losing on each criterion: all 40320 orders.
		 * The losers' keys sort before the winner's, so none of them loses
		 * on the key by accident. */
		.cand = {{.origin = BGP_ORIGIN_DX,
			  .key = "m",
			  .path = {65001, 65010},
			  .local_pref = 300}, /* best */
			 /* identical path: ECMP */
			 {.origin = BGP_ORIGIN_DX,
			  .key = "n",
			  .path = {65001, 65010},
			  .local_pref = 300},
			 /* equal length, other path: tie-break */
			 {.origin = BGP_ORIGIN_DX,
			  .key = "o",
			  .path = {65001, 65020},
			  .local_pref = 300},
			 /* higher MED from the same AS */
			 {.origin = BGP_ORIGIN_DX,
			  .key = "d",
			  .path = {65001, 65010},
			  .med = 10,
			  .local_pref = 300},
			 /* shortest path, lower local preference */
			 {.origin = BGP_ORIGIN_DX, .key = "e", .path = {65001}, .local_pref = 200},
			 {.origin = BGP_ORIGIN_DX,
			  .key = "f",
			  .path = {65001, 65010, 65010},
			  .local_pref = 300},
			 /* a VPN route */
			 {.origin = BGP_ORIGIN_VPN_BGP,
			  .key = "g",
			  .path = {65001},
			  .local_pref = 300},
			 {.origin = BGP_ORIGIN_DX,
			  .key = "h",
			  .path = {65001, 65010},
			  .local_pref = 300,
			  .ibgp = true}},
		.check = {{BGP_POLICY_TGW, &ecmp_on, 0, 8, 0,
			   WANT(BGP_BEST, BGP_ECMP, BGP_LOST_TIEBREAK, BGP_LOST_MED,
				BGP_LOST_LOCAL_PREF, BGP_LOST_AS_PATH, BGP_LOST_ORIGIN,
				BGP_LOST_IBGP)}},
	},
};

#define N_SELECT_CASES (sizeof(select_cases) / sizeof(select_cases[0]))

/* The cmocka test of one row of select_cases[], which arrives as *state. */
static void test_select_case(void **state)
{
	const struct select_case *sc = *state;
	struct bgp_route c[MAX_CAND];
	for (uint32_t i = 0; i < MAX_CAND; i++) {
		const struct cand *d = &sc->cand[i];
		c[i] = route(d->origin, d->key);
		while (c[i].as_path_len < AS_PATH_MAX && d->path[c[i].as_path_len] != 0)
			c[i].as_path_len++;
		/* No AS_PATH is NULL, as AS_PATH() leaves it. */
		c[i].as_path = c[i].as_path_len ? d->path : NULL;
		c[i].med = d->med;
		if (d->local_pref)
			c[i].local_pref = d->local_pref;
		c[i].ibgp = d->ibgp;
	}
	for (uint32_t k = 0; k < MAX_CHECKS && sc->check[k].n > 0; k++) {
		const struct check *ck = &sc->check[k];
		assert_true(ck->from + ck->n <= MAX_CAND);
		expect_select(ck->pol, c + ck->from, ck->n, ck->opts, ck->best, ck->want);
	}
}

int main(void)
{
	static const struct CMUnitTest others[] = {
		cmocka_unit_test(test_tgw_full_evaluation_order),
		cmocka_unit_test(test_tgw_vpn_static_route_beats_dx),
		cmocka_unit_test(test_tgw_dx_local_pref_is_compared_before_as_path),
		cmocka_unit_test(test_out_of_range_origins_never_share_the_traffic),
		cmocka_unit_test(test_dxgw_local_pref_community_beats_shorter_as_path),
		cmocka_unit_test(test_site_shorter_as_path_over_vpn_beats_dx),
		cmocka_unit_test(test_unlisted_origin_ranks_below_listed_ones),
		cmocka_unit_test(test_identical_candidates_one_wins),
		cmocka_unit_test(test_single_candidate_is_best),
		cmocka_unit_test(test_no_candidates_returns_minus_one),
		cmocka_unit_test(test_null_arguments_are_einval),
		cmocka_unit_test(test_differing_prefixes_are_einval),
		cmocka_unit_test(test_dx_local_pref_from_communities),
		cmocka_unit_test(test_origin_and_reason_names),
	};
	struct CMUnitTest tests[N_SELECT_CASES + sizeof(others) / sizeof(others[0])];
	for (size_t i = 0; i < N_SELECT_CASES; i++)
		tests[i] = (struct CMUnitTest){.name = select_cases[i].name,
					       .test_func = test_select_case,
					       .initial_state = (void *)&select_cases[i]};
	memcpy(tests + N_SELECT_CASES, others, sizeof(others));
	return cmocka_run_group_tests(tests, NULL, NULL);
}

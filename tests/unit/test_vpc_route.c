/*
 * DOC: unit tests of src/route/vpc_route.c: AWS's route priority for VPC
 * route tables (VPC User Guide, VPC_Route_Tables.html "Route priority";
 * route-table-options.html for middlebox routes more specific than local).
 *
 * Models are built by hand: one VPC route table whose routes each test
 * writes, so a test states exactly the table it is about.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net_fixture.h"

#include "base/arena.h"
#include "vpcsim/model.h"
#include "vpcsim/vpc_route.h"

struct fixture {
	struct model *m;
	struct model_rtb *rtb;
	struct model_pl *pl;
};

/*
 * cmocka setup: in *state a model with one route table of up to 16 routes
 * and one prefix list.  The fixture itself lives in the model's arena, so
 * fx_teardown() frees it whole with the model, also after a failed
 * assertion.
 */
static int fx_setup(void **state)
{
	struct model *m = calloc(1, sizeof(*m));
	assert_non_null(m);
	m->arena = arena_new();
	m->rtbs = calloc(1, sizeof(*m->rtbs));
	m->n_rtbs = 1;
	m->pls = calloc(1, sizeof(*m->pls));
	m->n_pls = 1;
	struct fixture *f = arena_calloc(m->arena, 1, sizeof(*f));
	f->m = m;
	f->rtb = &m->rtbs[0];
	f->rtb->obj.kind = MODEL_RTB;
	f->rtb->obj.id = "rtb-1";
	f->rtb->routes = arena_calloc(m->arena, 16, sizeof(struct model_route));
	f->pl = &m->pls[0];
	f->pl->obj.kind = MODEL_PL;
	f->pl->obj.id = "pl-1";
	f->pl->cidrs = arena_calloc(m->arena, 4, sizeof(struct model_cidr));
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fixture *f = *state;
	model_free(f->m);
	return 0;
}

static struct model_route *fx_route(struct fixture *f, const char *dst, enum model_target t,
				    const char *target_id, enum model_route_origin origin)
{
	struct model_route *r = &f->rtb->routes[f->rtb->n_routes++];
	if (!strncmp(dst, "pl-", 3)) {
		r->dst_pl_id = dst;
		r->dst_pl = f->pl;
	} else {
		assert_int_equal(net_prefix_parse(dst, &r->dst.pfx), 0);
		r->dst.text = dst;
	}
	r->target = t;
	r->target_id = target_id;
	r->origin = origin;
	return r;
}

static void fx_pl_add(struct fixture *f, const char *cidr)
{
	assert_int_equal(net_prefix_parse(cidr, &f->pl->cidrs[f->pl->n_cidrs].pfx), 0);
	f->pl->cidrs[f->pl->n_cidrs++].text = cidr;
}

static const struct model_route *fx_lookup(struct fixture *f, const char *dst,
					   struct route_match *mt, struct route_loser *lost,
					   uint32_t max)
{
	struct route_vpc *rv = NULL;
	assert_int_equal(route_vpc_build(f->m, NULL, &rv), 0);
	struct net_addr a = A(dst);
	const struct model_route *r = route_vpc_lookup(rv, f->rtb, &a, mt, lost, max);
	route_vpc_free(rv);
	return r;
}

/* Looking @dst up picks @winner, which beat exactly one route, @loser, for
 * @why; the match, for what else a test checks of it. */
static struct route_match expect_one_loser(struct fixture *f, const char *dst,
					   const struct model_route *winner,
					   const struct model_route *loser, enum route_reason why)
{
	struct route_match mt;
	struct route_loser lost[4];
	assert_ptr_equal(fx_lookup(f, dst, &mt, lost, 4), winner);
	assert_int_equal(mt.n_lost, 1);
	assert_ptr_equal(lost[0].route, loser);
	assert_int_equal(lost[0].why, why);
	return mt;
}

static void test_longest_prefix_wins_and_names_the_loser(void **state)
{
	struct fixture *f = *state;
	fx_route(f, "10.0.0.0/16", TGT_LOCAL, "local", ROUTE_ORIGIN_TABLE);
	struct model_route *wide = fx_route(f, "0.0.0.0/0", TGT_IGW, "igw-1", ROUTE_ORIGIN_STATIC);
	struct model_route *narrow =
		fx_route(f, "8.8.0.0/16", TGT_NATGW, "nat-1", ROUTE_ORIGIN_STATIC);
	struct route_match mt =
		expect_one_loser(f, "8.8.8.8", narrow, wide, ROUTE_REASON_MORE_SPECIFIC);
	assert_int_equal(mt.pfx.len, 16);
	assert_string_equal(route_reason_code(ROUTE_REASON_MORE_SPECIFIC), "MORE_SPECIFIC_ROUTE");
	assert_ptr_equal(fx_lookup(f, "9.9.9.9", &mt, NULL, 0), wide);
}

static void test_static_beats_propagated_for_the_same_prefix(void **state)
{
	struct fixture *f = *state;
	/* propagated written first: file order must not matter */
	struct model_route *prop =
		fx_route(f, "192.168.0.0/16", TGT_VGW, "vgw-1", ROUTE_ORIGIN_PROPAGATED);
	struct model_route *stat =
		fx_route(f, "192.168.0.0/16", TGT_PCX, "pcx-1", ROUTE_ORIGIN_STATIC);
	expect_one_loser(f, "192.168.1.1", stat, prop, ROUTE_REASON_HIGHER_PRIORITY);
	assert_string_equal(route_reason_code(ROUTE_REASON_HIGHER_PRIORITY), "HIGHER_PRIORITY_"
									     "ROUTE");
}

static void test_static_beats_prefix_list_beats_propagated(void **state)
{
	struct fixture *f = *state;
	fx_pl_add(f, "172.16.0.0/12");
	struct model_route *prop =
		fx_route(f, "172.16.0.0/12", TGT_VGW, "vgw-1", ROUTE_ORIGIN_PROPAGATED);
	struct model_route *pl = fx_route(f, "pl-1", TGT_ENI, "eni-1", ROUTE_ORIGIN_STATIC);
	assert_int_equal(route_vpc_class(pl), ROUTE_CLASS_PREFIX_LIST);
	struct route_match mt;
	struct route_loser lost[4];
	assert_ptr_equal(fx_lookup(f, "172.16.3.3", &mt, lost, 4), pl);
	assert_int_equal(mt.pfx.len, 12);
	assert_int_equal(mt.n_lost_total, 1);
	struct model_route *stat =
		fx_route(f, "172.16.0.0/12", TGT_TGW, "tgw-1", ROUTE_ORIGIN_STATIC);
	assert_ptr_equal(fx_lookup(f, "172.16.3.3", &mt, lost, 4), stat);
	assert_int_equal(mt.n_lost, 2);
	assert_ptr_equal(lost[0].route, pl); /* losers in priority order */
	assert_ptr_equal(lost[1].route, prop);
	(void)prop;
}

static void test_local_route_wins_over_more_specific_propagated(void **state)
{
	struct fixture *f = *state;
	struct model_route *local =
		fx_route(f, "10.0.0.0/16", TGT_LOCAL, "local", ROUTE_ORIGIN_TABLE);
	struct model_route *prop =
		fx_route(f, "10.0.5.0/24", TGT_VGW, "vgw-1", ROUTE_ORIGIN_PROPAGATED);
	expect_one_loser(f, "10.0.5.9", local, prop, ROUTE_REASON_HIGHER_PRIORITY);
}

static void test_middlebox_route_more_specific_than_local(void **state)
{
	struct fixture *f = *state;
	fx_route(f, "10.0.0.0/16", TGT_LOCAL, "local", ROUTE_ORIGIN_TABLE);
	struct model_route *fw = fx_route(f, "10.0.2.0/24", TGT_ENI, "eni-fw", ROUTE_ORIGIN_STATIC);
	struct route_match mt;
	assert_ptr_equal(fx_lookup(f, "10.0.2.10", &mt, NULL, 0), fw);
	assert_int_equal(mt.pfx.len, 24);
}

static void test_ipv4_and_ipv6_are_separate(void **state)
{
	struct fixture *f = *state;
	struct model_route *v6 = fx_route(f, "::/0", TGT_EIGW, "eigw-1", ROUTE_ORIGIN_STATIC);
	struct model_route *v6l =
		fx_route(f, "2600:1f18::/56", TGT_LOCAL, "local", ROUTE_ORIGIN_TABLE);
	assert_null(fx_lookup(f, "8.8.8.8", NULL, NULL, 0));
	assert_ptr_equal(fx_lookup(f, "2606:4700::1111", NULL, NULL, 0), v6);
	assert_ptr_equal(fx_lookup(f, "2600:1f18::10", NULL, NULL, 0), v6l);
}

static void test_blackhole_still_wins_its_prefix(void **state)
{
	struct fixture *f = *state;
	fx_route(f, "0.0.0.0/0", TGT_IGW, "igw-1", ROUTE_ORIGIN_STATIC);
	struct model_route *bh =
		fx_route(f, "10.99.0.0/16", TGT_PCX, "pcx-gone", ROUTE_ORIGIN_STATIC);
	bh->blackhole = true;
	const struct model_route *r = fx_lookup(f, "10.99.1.1", NULL, NULL, 0);
	assert_ptr_equal(r, bh);
	assert_true(r->blackhole);
}

static void test_no_match_and_foreign_table(void **state)
{
	struct fixture *f = *state;
	fx_route(f, "10.0.0.0/16", TGT_LOCAL, "local", ROUTE_ORIGIN_TABLE);
	struct route_match mt;
	assert_null(fx_lookup(f, "8.8.8.8", &mt, NULL, 0));
	assert_null(mt.route);
	struct route_vpc *rv = NULL;
	assert_int_equal(route_vpc_build(f->m, NULL, &rv), 0);
	struct model_rtb other;
	memset(&other, 0, sizeof(other));
	struct net_addr a = A("10.0.0.1");
	assert_null(route_vpc_lookup(rv, &other, &a, &mt, NULL, 0));
	assert_null(route_vpc_lookup(rv, NULL, &a, NULL, NULL, 0));
	route_vpc_free(rv);
	route_vpc_free(NULL);
	assert_int_not_equal(route_vpc_build(NULL, NULL, &rv), 0);
}

static void test_host_bits_in_a_route_are_ignored(void **state)
{
	struct fixture *f = *state;
	struct model_route *r = fx_route(f, "10.1.2.3/16", TGT_PCX, "pcx-1", ROUTE_ORIGIN_STATIC);
	assert_ptr_equal(fx_lookup(f, "10.1.200.1", NULL, NULL, 0), r);
}

static void test_prefix_list_route_counts_once_among_losers(void **state)
{
	struct fixture *f = *state;
	fx_pl_add(f, "52.0.0.0/8");
	fx_pl_add(f, "52.216.0.0/15");
	struct model_route *pl = fx_route(f, "pl-1", TGT_VPCE, "vpce-1", ROUTE_ORIGIN_STATIC);
	struct model_route *host =
		fx_route(f, "52.216.1.1/32", TGT_NATGW, "nat-1", ROUTE_ORIGIN_STATIC);
	struct route_match mt;
	struct route_loser lost[4];
	assert_ptr_equal(fx_lookup(f, "52.216.1.1", &mt, lost, 4), host);
	assert_int_equal(mt.n_lost_total, 1);
	assert_ptr_equal(lost[0].route, pl);
	assert_int_equal(lost[0].pfx.len, 15); /* the longest entry that matched */
}

/*
 * The one rule of what may be more specific than the local route
 * (subnet-route-tables.html, "Rules and considerations": a NAT gateway, a
 * network interface or a Gateway Load Balancer endpoint; an instance is its
 * primary network interface), created with CreateRoute only.
 */
static void test_only_nat_eni_instance_and_gwlb_endpoint_routes_may_beat_local(void **state)
{
	(void)state;
	struct model_vpce gwlb = {.obj.kind = MODEL_VPCE, .type = VPCE_GWLB};
	struct model_vpce iface = {.obj.kind = MODEL_VPCE, .type = VPCE_INTERFACE};
	struct model_route r = {.origin = ROUTE_ORIGIN_STATIC};
	assert_int_equal(net_prefix_parse("10.0.2.0/24", &r.dst.pfx), 0);
	static const struct {
		enum model_target t;
		bool may;
	} cases[] = {
		{TGT_ENI, true},  {TGT_INSTANCE, true}, {TGT_NATGW, true}, {TGT_IGW, false},
		{TGT_TGW, false}, {TGT_PCX, false},     {TGT_VGW, false},  {TGT_EIGW, false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r.target = cases[i].t;
		assert_int_equal(route_vpc_may_override_local(&r), cases[i].may);
	}
	r.target = TGT_VPCE;
	r.target_obj = &gwlb.obj;
	assert_true(route_vpc_may_override_local(&r));
	r.target_obj = &iface.obj;
	assert_false(route_vpc_may_override_local(&r));
	r.target_obj = NULL; /* not in the snapshot: the benefit of the doubt */
	assert_true(route_vpc_may_override_local(&r));
	/* a propagated or prefix-list route never does, whatever its target */
	r.target = TGT_ENI;
	r.origin = ROUTE_ORIGIN_PROPAGATED;
	assert_false(route_vpc_may_override_local(&r));
	r.origin = ROUTE_ORIGIN_STATIC;
	r.dst.pfx.addr.af = NET_AF_NONE;
	r.dst_pl_id = "pl-1";
	assert_false(route_vpc_may_override_local(&r));
	assert_false(route_vpc_may_override_local(NULL));
}

/* A route to an instance delivers to its primary network interface. */
static void test_route_to_an_instance_delivers_to_its_primary_interface(void **state)
{
	(void)state;
	struct model_eni e0 = {.obj.kind = MODEL_ENI}, e1 = {.obj.kind = MODEL_ENI};
	struct model_eni *enis[] = {&e0, &e1};
	struct model_instance in = {.obj.kind = MODEL_INSTANCE, .enis = enis, .n_enis = 2};
	struct model_route r = {.target = TGT_INSTANCE, .target_obj = &in.obj};
	assert_ptr_equal(route_vpc_target_eni(&r), &e0);
	r.target = TGT_ENI;
	r.target_obj = &e1.obj;
	assert_ptr_equal(route_vpc_target_eni(&r), &e1);
	in.n_enis = 0;
	r.target_obj = &in.obj;
	assert_null(route_vpc_target_eni(&r));
	r.target_obj = NULL;
	assert_null(route_vpc_target_eni(&r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_longest_prefix_wins_and_names_the_loser,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_static_beats_propagated_for_the_same_prefix,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_static_beats_prefix_list_beats_propagated,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_local_route_wins_over_more_specific_propagated,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_middlebox_route_more_specific_than_local,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_ipv4_and_ipv6_are_separate, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_blackhole_still_wins_its_prefix, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_match_and_foreign_table, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_host_bits_in_a_route_are_ignored, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_prefix_list_route_counts_once_among_losers,
						fx_setup, fx_teardown),
		cmocka_unit_test(
			test_only_nat_eni_instance_and_gwlb_endpoint_routes_may_beat_local),
		cmocka_unit_test(test_route_to_an_instance_delivers_to_its_primary_interface),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * DOC: unit tests for load balancer target selection (src/elb/elb_target.c)
 *
 * Sources: ELB User Guide for Application Load Balancers,
 * load-balancer-target-groups.html ("Cross-zone load balancing": always on
 * for the ALB, a target group may turn it off) and
 * target-group-health-checks.html (target states; "If a target group
 * contains only unhealthy registered targets, the load balancer routes
 * requests to all those targets"); User Guide for Network Load Balancers,
 * network-load-balancers.html ("Cross-zone load balancing": off by
 * default) and target-group-health-checks.html ("fails open").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "elb/elb_target.h"

struct fx {
	struct model_lb lb;
	struct model_lb_az azs[2];
	struct model_tag attrs[1];
	struct model_tg tg;
	struct model_tg_target t[4];
	struct elb_pick out[4];
};

/* A load balancer in us-east-1a and us-east-1b; targets a1, a2 in 1a, b1 in
 * 1b, c1 in 1c (a zone not enabled on the load balancer). */
static void fx_init(struct fx *f, const char *type)
{
	memset(f, 0, sizeof(*f));
	f->lb.type = type;
	f->azs[0].zone = "us-east-1a";
	f->azs[1].zone = "us-east-1b";
	f->lb.azs = f->azs;
	f->lb.n_azs = 2;
	const char *ids[] = {"i-a1", "i-a2", "i-b1", "i-c1"};
	const char *zones[] = {"us-east-1a", "us-east-1a", "us-east-1b", "us-east-1c"};
	for (int i = 0; i < 4; i++) {
		f->t[i].id = ids[i];
		f->t[i].az = zones[i];
		f->t[i].port = 80;
		f->t[i].health = "healthy";
	}
	f->tg.targets = f->t;
	f->tg.n_targets = 4;
}

/* Each test starts from fx_init() of an ALB or an NLB, in *state. */
static int setup_lb(void **state, const char *type)
{
	struct fx *f = malloc(sizeof(*f));
	if (!f)
		return -1;
	fx_init(f, type);
	*state = f;
	return 0;
}

static int alb(void **state)
{
	return setup_lb(state, "application");
}

static int nlb(void **state)
{
	return setup_lb(state, "network");
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* How many of @f's targets the node in @zone picks, their verdicts in f->out. */
static uint32_t pick(struct fx *f, const char *zone, bool cross_zone)
{
	return elb_pick_targets(&f->lb, &f->tg, zone, cross_zone, f->out);
}

static void set_health(struct fx *f, const char *health)
{
	for (int i = 0; i < 4; i++)
		f->t[i].health = health;
}

static void test_alb_crosses_zones_and_skips_a_zone_not_enabled(void **state)
{
	struct fx *f = *state;
	assert_true(elb_cross_zone(&f->lb, NULL));
	assert_int_equal(pick(f, "us-east-1a", true), 3);
	assert_int_equal(f->out[2].verdict, ELB_ROUTED); /* 1b from the 1a node */
	assert_int_equal(f->out[3].verdict, ELB_SKIP_ZONE_UNUSED);
}

static void test_target_group_attribute_overrides_the_load_balancer(void **state)
{
	struct fx *f = *state;
	assert_false(elb_cross_zone(&f->lb, "false"));
	assert_true(elb_cross_zone(&f->lb, "use_load_balancer_configuration"));
	fx_init(f, "network");
	assert_false(elb_cross_zone(&f->lb, NULL)); /* NLB: off by default */
	assert_true(elb_cross_zone(&f->lb, "true"));
	f->attrs[0] = (struct model_tag){"load_balancing.cross_zone.enabled", "true"};
	f->lb.attrs = f->attrs;
	f->lb.n_attrs = 1;
	assert_true(elb_cross_zone(&f->lb, NULL));
}

static void test_nlb_without_cross_zone_serves_its_own_zone_only(void **state)
{
	struct fx *f = *state;
	assert_int_equal(pick(f, "us-east-1b", false), 1);
	assert_int_equal(f->out[0].verdict, ELB_SKIP_OTHER_ZONE);
	assert_int_equal(f->out[2].verdict, ELB_ROUTED);
	/* its own zone's only target unhealthy, 1a healthy: nothing for this
	 * node (ELBV2_NO_TARGETS_IN_AZ), no fail open */
	f->t[2].health = "unhealthy";
	assert_int_equal(pick(f, "us-east-1b", false), 0);
	assert_int_equal(f->out[2].verdict, ELB_SKIP_UNHEALTHY);
}

static void test_only_healthy_targets_get_new_connections(void **state)
{
	struct fx *f = *state;
	f->t[0].health = "draining";
	f->t[1].health = "initial";
	f->t[2].health = NULL; /* not reported: taken as healthy */
	assert_int_equal(pick(f, "us-east-1a", true), 1);
	assert_int_equal(f->out[0].verdict, ELB_SKIP_UNHEALTHY);
	assert_int_equal(f->out[1].verdict, ELB_SKIP_UNHEALTHY);
	assert_int_equal(f->out[2].verdict, ELB_ROUTED);
	assert_int_equal(f->out[2].health, ELB_HEALTH_NOT_REPORTED);
	f->t[2].health = "unavailable"; /* health checks disabled */
	assert_int_equal(pick(f, "us-east-1a", true), 1);
}

static void test_every_target_unhealthy_fails_open(void **state)
{
	struct fx *f = *state;
	set_health(f, "unhealthy");
	f->t[1].health = "draining"; /* never gets a new connection */
	assert_int_equal(pick(f, "us-east-1a", true), 2);
	assert_int_equal(f->out[0].verdict, ELB_ROUTED_FAIL_OPEN);
	assert_int_equal(f->out[1].verdict, ELB_SKIP_UNHEALTHY);
	assert_int_equal(f->out[2].verdict, ELB_ROUTED_FAIL_OPEN);
	assert_int_equal(f->out[3].verdict, ELB_SKIP_ZONE_UNUSED);
	/* NLB without cross-zone fails open inside the node's own zone */
	fx_init(f, "network");
	set_health(f, "unhealthy");
	assert_int_equal(pick(f, "us-east-1a", false), 2);
	assert_int_equal(f->out[2].verdict, ELB_SKIP_OTHER_ZONE);
}

static void test_ip_target_outside_the_vpc_is_reachable_from_every_node(void **state)
{
	struct fx *f = *state;
	f->t[3].az = "all";
	assert_int_equal(pick(f, "us-east-1b", false), 2);
	assert_int_equal(f->out[3].verdict, ELB_ROUTED);
	assert_int_equal(elb_kind_of(&f->lb), ELB_KIND_NLB);
	assert_int_equal(elb_health_parse("unhealthy.draining"), ELB_HEALTH_UNHEALTHY_DRAINING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_alb_crosses_zones_and_skips_a_zone_not_enabled,
						alb, teardown),
		cmocka_unit_test_setup_teardown(
			test_target_group_attribute_overrides_the_load_balancer, alb, teardown),
		cmocka_unit_test_setup_teardown(
			test_nlb_without_cross_zone_serves_its_own_zone_only, nlb, teardown),
		cmocka_unit_test_setup_teardown(test_only_healthy_targets_get_new_connections, alb,
						teardown),
		cmocka_unit_test_setup_teardown(test_every_target_unhealthy_fails_open, alb,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_ip_target_outside_the_vpc_is_reachable_from_every_node, nlb, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

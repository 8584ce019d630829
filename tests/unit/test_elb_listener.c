/*
 * DOC: unit tests for listeners, rule actions, weighted forwards and client
 * IP preservation (src/elb/elb_listener.c)
 *
 * Sources: ELB User Guide for Application Load Balancers,
 * load-balancer-listeners.html (a listener checks for connections on its
 * protocol and port), listener-rules.html (rules by priority, the default
 * rule last; authenticate actions run before the forward; "weighted target
 * groups": a group of weight 0 gets no requests); User Guide for Network
 * Load Balancers, load-balancer-listeners.html (TCP, TLS, UDP, TCP_UDP) and
 * load-balancer-target-groups.html "Client IP preservation" (instance
 * targets: on; IP targets over TCP/TLS: off; UDP and TCP_UDP: always on;
 * the preserve_client_ip.enabled attribute).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "elb/elb_listener.h"
#include "vpcsim/net.h"

static void test_listener_by_port_and_protocol(void **state)
{
	(void)state;
	struct model_lb_listener ls[3] = {
		{.port = 80, .protocol = "HTTP"},
		{.port = 53, .protocol = "TCP_UDP"},
		{.port = 514, .protocol = "UDP"},
	};
	struct model_lb lb = {.type = "network", .listeners = ls, .n_listeners = 3};
	assert_ptr_equal(elb_listener_for(&lb, NET_PROTO_TCP, 80), &ls[0]);
	assert_null(elb_listener_for(&lb, NET_PROTO_UDP, 80));
	assert_ptr_equal(elb_listener_for(&lb, NET_PROTO_TCP, 53), &ls[1]);
	assert_ptr_equal(elb_listener_for(&lb, NET_PROTO_UDP, 53), &ls[1]);
	assert_ptr_equal(elb_listener_for(&lb, NET_PROTO_UDP, 514), &ls[2]);
	assert_null(elb_listener_for(&lb, NET_PROTO_TCP, 514));
	assert_null(elb_listener_for(&lb, NET_PROTO_TCP, 443));
}

static void test_forward_decides_after_authenticate(void **state)
{
	(void)state;
	struct model_lb_action a[2] = {
		{.type = "forward", .order = 2},
		{.type = "authenticate-oidc", .order = 1},
	};
	struct model_lb_rule r = {.actions = a, .n_actions = 2};
	assert_ptr_equal(elb_rule_action(&r), &a[0]);
	struct model_lb_rule none = {.actions = &a[1], .n_actions = 1};
	assert_null(elb_rule_action(&none));
}

static void test_weighted_forward_never_picks_weight_zero(void **state)
{
	(void)state;
	struct model_lb_fwd f[3] = {{.weight = 3}, {.weight = 0}, {.weight = 1}};
	uint32_t got[3] = {0};
	for (uint32_t h = 0; h < 400; h++)
		got[elb_forward_pick(f, 3, h) - f]++;
	/* the weights split the connections 3:0:1 */
	assert_int_equal(got[0], 300);
	assert_int_equal(got[1], 0);
	assert_int_equal(got[2], 100);
	struct model_lb_fwd zero[2] = {{.weight = 0}, {.weight = 0}};
	assert_null(elb_forward_pick(zero, 2, 7));
	assert_null(elb_forward_pick(f, 0, 7));
}

static void test_client_ip_preservation_defaults(void **state)
{
	(void)state;
	struct model_lb alb = {.type = "application"}, nlb = {.type = "network"};
	struct model_tg inst = {.protocol = "TCP", .target_type = "instance"};
	struct model_tg ip = {.protocol = "TCP", .target_type = "ip"};
	struct model_tg ip_udp = {.protocol = "UDP", .target_type = "ip"};
	bool from_attr = true;
	assert_false(elb_preserve_client_ip(&alb, &inst, NET_PROTO_TCP, &from_attr));
	assert_true(elb_preserve_client_ip(&nlb, &inst, NET_PROTO_TCP, &from_attr));
	assert_false(from_attr);
	assert_false(elb_preserve_client_ip(&nlb, &ip, NET_PROTO_TCP, NULL));
	assert_true(elb_preserve_client_ip(&nlb, &ip_udp, NET_PROTO_UDP, NULL));
}

static void test_client_ip_preservation_attribute(void **state)
{
	(void)state;
	struct model_lb nlb = {.type = "network"};
	struct model_tag off = {"preserve_client_ip.enabled", "false"};
	struct model_tag on = {"preserve_client_ip.enabled", "true"};
	struct model_tg inst = {
		.protocol = "TCP", .target_type = "instance", .attrs = &off, .n_attrs = 1};
	struct model_tg ip = {.protocol = "TCP", .target_type = "ip", .attrs = &on, .n_attrs = 1};
	struct model_tg udp = {.protocol = "UDP", .target_type = "ip", .attrs = &off, .n_attrs = 1};
	bool from_attr = false;
	assert_false(elb_preserve_client_ip(&nlb, &inst, NET_PROTO_TCP, &from_attr));
	assert_true(from_attr);
	assert_true(elb_preserve_client_ip(&nlb, &ip, NET_PROTO_TCP, &from_attr));
	/* UDP cannot be turned off */
	assert_true(elb_preserve_client_ip(&nlb, &udp, NET_PROTO_UDP, NULL));
}

static void test_rules_lowest_priority_first_default_last(void **state)
{
	(void)state;
	const char *api[] = {"/api/*"};
	const char *admin[] = {"admin.example.com"};
	struct model_lb_cond c_api = {.field = "path-pattern", .values = api, .n_values = 1};
	struct model_lb_cond c_admin = {.field = "host-header", .values = admin, .n_values = 1};
	struct model_lb_rule r[3] = {
		{.arn = "default", .is_default = true},
		{.arn = "admin", .priority = 20, .conds = &c_admin, .n_conds = 1},
		{.arn = "api", .priority = 10, .conds = &c_api, .n_conds = 1},
	};
	struct model_lb_listener ls = {.port = 80, .protocol = "HTTP", .rules = r, .n_rules = 3};
	struct elb_listener_rules *set = NULL;
	assert_int_equal(elb_listener_rules_build(&ls, &set, NULL, 0), 0);
	assert_non_null(set);
	struct alb_request q = {.host = "admin.example.com", .path = "/api/x", .method = "GET"};
	uint32_t tried = 9;
	assert_ptr_equal(elb_listener_rules_match(set, &q, &tried), &r[2]); /* 10 before 20 */
	assert_int_equal(tried, 0);
	q.path = "/login";
	assert_ptr_equal(elb_listener_rules_match(set, &q, &tried), &r[1]);
	assert_int_equal(tried, 1);
	q.host = "shop.example.com";
	assert_ptr_equal(elb_listener_rules_match(set, &q, &tried), &r[0]);
	assert_int_equal(tried, 2);
	elb_listener_rules_free(set);

	struct model_lb_listener plain = {.port = 80, .protocol = "HTTP"};
	assert_int_equal(elb_listener_rules_build(&plain, &set, NULL, 0), 0);
	assert_null(set); /* no rules: the default actions decide */
	struct model_lb_cond bad = {.field = "no-such-field"};
	struct model_lb_rule rb = {.arn = "r-bad", .priority = 1, .conds = &bad, .n_conds = 1};
	struct model_lb_listener lb_bad = {.port = 80, .rules = &rb, .n_rules = 1};
	char err[128] = "";
	assert_int_not_equal(elb_listener_rules_build(&lb_bad, &set, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "no-such-field"));
	elb_listener_rules_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_listener_by_port_and_protocol),
		cmocka_unit_test(test_forward_decides_after_authenticate),
		cmocka_unit_test(test_weighted_forward_never_picks_weight_zero),
		cmocka_unit_test(test_client_ip_preservation_defaults),
		cmocka_unit_test(test_client_ip_preservation_attribute),
		cmocka_unit_test(test_rules_lowest_priority_first_default_last),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

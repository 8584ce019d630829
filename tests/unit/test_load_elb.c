/*
 * DOC: unit tests for the ELB readers: listener rules as `aws elbv2
 * describe-rules` prints them ("Rules", each rule's listener from its
 * RuleArn) and in the wrapper "LoadBalancerRules" [{"ListenerArn","Rules"}],
 * and target group attributes ("TargetGroupAttributes" wrapper).  Shapes
 * from the ELB API reference: Rule, RuleCondition (the *Config objects and
 * the older top-level Values), Action (ForwardConfig.TargetGroups with
 * weights, RedirectConfig, FixedResponseConfig).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "vpcsim/diag.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"

#define ARN    "arn:aws:elasticloadbalancing:us-east-1:111122223333:"
#define LB     ARN "loadbalancer/app/web/50dc6c495c0c9188"
#define LST    ARN "listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2"
#define RULE   ARN "listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/"
#define TG_API ARN "targetgroup/api/6d0ecf831eec9f09"
#define TG_WEB ARN "targetgroup/web/0c2f3d4e5f607182"

/* clang-format off */
static const char snap[] =
	"{\"Region\": \"us-east-1\","
	" \"LoadBalancers\": [{\"LoadBalancerArn\": \"" LB "\", \"LoadBalancerName\": \"web\","
	"   \"Type\": \"application\", \"Scheme\": \"internet-facing\", \"VpcId\": \"vpc-1\","
	"   \"State\": {\"Code\": \"active\"}}],"
	" \"TargetGroups\": [{\"TargetGroupArn\": \"" TG_API "\", \"TargetGroupName\": \"api\","
	"   \"Protocol\": \"HTTP\", \"Port\": 8080, \"VpcId\": \"vpc-1\", \"TargetType\": \"instance\"},"
	"  {\"TargetGroupArn\": \"" TG_WEB "\", \"TargetGroupName\": \"web\", \"Protocol\": \"HTTP\","
	"   \"Port\": 80, \"VpcId\": \"vpc-1\", \"TargetType\": \"ip\"}],"
	" \"LoadBalancerListeners\": [{\"LoadBalancerArn\": \"" LB "\", \"Listeners\": ["
	"   {\"ListenerArn\": \"" LST "\", \"Port\": 443, \"Protocol\": \"HTTPS\","
	"    \"DefaultActions\": [{\"Type\": \"forward\", \"TargetGroupArn\": \"" TG_WEB "\"}]}]}],"
	" \"Rules\": ["
	"  {\"RuleArn\": \"" RULE "default1\", \"Priority\": \"default\", \"IsDefault\": true,"
	"   \"Conditions\": [], \"Actions\": [{\"Type\": \"forward\", \"TargetGroupArn\": \"" TG_WEB "\"}]},"
	"  {\"RuleArn\": \"" RULE "r20\", \"Priority\": \"20\", \"IsDefault\": false,"
	"   \"Conditions\": [{\"Field\": \"path-pattern\", \"Values\": [\"/old/*\"]}],"
	"   \"Actions\": [{\"Type\": \"redirect\", \"RedirectConfig\": {\"Protocol\": \"HTTPS\","
	"     \"Host\": \"#{host}\", \"Path\": \"/new/#{path}\", \"StatusCode\": \"HTTP_301\"}}]},"
	"  {\"RuleArn\": \"" RULE "r10\", \"Priority\": \"10\", \"IsDefault\": false,"
	"   \"Conditions\": ["
	"    {\"Field\": \"path-pattern\", \"PathPatternConfig\": {\"Values\": [\"/api/*\"]}},"
	"    {\"Field\": \"http-header\", \"HttpHeaderConfig\": {\"HttpHeaderName\": \"X-Env\","
	"      \"Values\": [\"prod\", \"stage\"]}},"
	"    {\"Field\": \"query-string\", \"QueryStringConfig\": {\"Values\": [{\"Key\": \"v\","
	"      \"Value\": \"2\"}, {\"Value\": \"beta\"}]}},"
	"    {\"Field\": \"source-ip\", \"SourceIpConfig\": {\"Values\": [\"10.0.0.0/8\"]}}],"
	"   \"Actions\": [{\"Type\": \"forward\", \"Order\": 1, \"ForwardConfig\": {\"TargetGroups\": ["
	"     {\"TargetGroupArn\": \"" TG_API "\", \"Weight\": 80},"
	"     {\"TargetGroupArn\": \"" TG_WEB "\", \"Weight\": 20}]}}]}],"
	" \"LoadBalancerRules\": [{\"ListenerArn\": \"" LST "\", \"Rules\": ["
	"  {\"RuleArn\": \"other-form\", \"Priority\": \"30\","
	"   \"Conditions\": [{\"Field\": \"host-header\", \"HostHeaderConfig\": {\"Values\": [\"*.example.com\"],"
	"     \"RegexValues\": [\"^api[0-9]+\\\\.example\\\\.com$\"]}}],"
	"   \"Actions\": [{\"Type\": \"fixed-response\", \"FixedResponseConfig\": {\"StatusCode\": \"503\"}}]}]},"
	"  {\"ListenerArn\": \"" ARN "listener/app/gone/0/0\", \"Rules\": [{\"Priority\": \"1\"}]}],"
	" \"TargetGroupAttributes\": [{\"TargetGroupArn\": \"" TG_API "\", \"Attributes\": ["
	"   {\"Key\": \"load_balancing.cross_zone.enabled\", \"Value\": \"false\"},"
	"   {\"Key\": \"stickiness.enabled\", \"Value\": \"true\"}]}]}";
/* clang-format on */

/* The group reads the model of snap, which no test changes, in a struct
 * fixture_model (fixture.h). */
static int setup(void **state)
{
	if (fixture_model_setup(state))
		return -1;
	fixture_model_load(*state, "elb.json", snap);
	return 0;
}

static const struct model_lb_listener *listener(const struct fixture_model *f)
{
	assert_int_equal(f->m->n_lbs, 1);
	assert_int_equal(f->m->lbs[0].n_listeners, 1);
	return &f->m->lbs[0].listeners[0];
}

/* Rules from both forms land on their listener, by priority, default last
 * (listener-rules.html: evaluated lowest priority first, default last). */
static void test_rules_attach_to_their_listener_in_priority_order(void **state)
{
	const struct model_lb_listener *l = listener(*state);
	assert_int_equal(l->n_rules, 4);
	assert_int_equal(l->rules[0].priority, 10);
	assert_int_equal(l->rules[1].priority, 20);
	assert_int_equal(l->rules[2].priority, 30);
	assert_true(l->rules[3].is_default);
	assert_int_equal(l->rules[3].priority, UINT32_MAX);
}

static void test_conditions_read_config_objects_and_legacy_values(void **state)
{
	const struct model_lb_listener *l = listener(*state);
	const struct model_lb_rule *r10 = &l->rules[0];
	assert_int_equal(r10->n_conds, 4);
	assert_string_equal(r10->conds[0].field, "path-pattern");
	assert_int_equal(r10->conds[0].n_values, 1);
	assert_string_equal(r10->conds[0].values[0], "/api/*");
	assert_string_equal(r10->conds[1].header_name, "X-Env");
	assert_int_equal(r10->conds[1].n_values, 2);
	assert_int_equal(r10->conds[2].n_pairs, 2);
	assert_string_equal(r10->conds[2].pairs[0].key, "v");
	assert_null(r10->conds[2].pairs[1].key); /* a value without a key */
	assert_int_equal(r10->conds[3].n_cidrs, 1);
	assert_int_equal(r10->conds[3].cidrs[0].pfx.len, 8);
	/* the older form: "Values" next to "Field" */
	assert_string_equal(l->rules[1].conds[0].values[0], "/old/*");
	/* RegexValues beside Values */
	assert_int_equal(l->rules[2].conds[0].n_regexes, 1);
	assert_string_equal(l->rules[2].conds[0].regexes[0], "^api[0-9]+\\.example\\.com$");
}

static void test_actions_forward_weights_redirect_and_fixed_response(void **state)
{
	const struct fixture_model *f = *state;
	const struct model_lb_listener *l = listener(f);
	const struct model_lb_action *fw = &l->rules[0].actions[0];
	assert_string_equal(fw->type, "forward");
	assert_int_equal(fw->order, 1);
	assert_int_equal(fw->n_tgs, 2);
	assert_int_equal(fw->tgs[0].weight, 80);
	assert_non_null(fw->tgs[0].tg); /* resolved by ARN */
	assert_string_equal(fw->tgs[0].tg->obj.name, "api");
	const struct model_lb_action *rd = &l->rules[1].actions[0];
	assert_string_equal(rd->type, "redirect");
	assert_string_equal(rd->status_code, "HTTP_301");
	assert_string_equal(rd->redirect_path, "/new/#{path}");
	assert_string_equal(l->rules[2].actions[0].status_code, "503");
	/* a single TargetGroupArn is a forward of weight 1 */
	assert_int_equal(l->rules[3].actions[0].n_tgs, 1);
	assert_int_equal(l->rules[3].actions[0].tgs[0].weight, 1);
}

static void test_rules_of_a_listener_not_in_the_snapshot_are_a_warning(void **state)
{
	const struct fixture_model *f = *state;
	assert_true(diag_has_code(f->d, "ListenerNotFound"));
}

static void test_target_group_attributes_attach(void **state)
{
	const struct fixture_model *f = *state;
	const struct model_tg *api = NULL;
	for (uint32_t i = 0; i < f->m->n_tgs; i++)
		if (!strcmp(f->m->tgs[i].obj.name, "api"))
			api = &f->m->tgs[i];
	assert_non_null(api);
	assert_int_equal(api->n_attrs, 2);
	assert_string_equal(api->attrs[0].key, "load_balancing.cross_zone.enabled");
	assert_string_equal(api->attrs[0].value, "false");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_attach_to_their_listener_in_priority_order),
		cmocka_unit_test(test_conditions_read_config_objects_and_legacy_values),
		cmocka_unit_test(test_actions_forward_weights_redirect_and_fixed_response),
		cmocka_unit_test(test_rules_of_a_listener_not_in_the_snapshot_are_a_warning),
		cmocka_unit_test(test_target_group_attributes_attach),
	};
	return cmocka_run_group_tests(tests, setup, fixture_model_teardown);
}

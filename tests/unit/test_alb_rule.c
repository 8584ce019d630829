/*
 * DOC: unit tests for ALB listener rule evaluation (src/elb/alb_rule.c)
 *
 * Each test states the behaviour of ELB's User Guide for Application Load
 * Balancers it checks: listener-rules.html (priority order, default rule)
 * and rule-condition-types.html (each condition type), and the API
 * reference's HostHeaderConditionConfig, PathPatternConditionConfig,
 * HttpHeaderConditionConfig, HttpRequestMethodConditionConfig,
 * QueryStringConditionConfig and SourceIpConditionConfig.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "elb/alb_rule.h"
#include "vpcsim/error.h"

static struct alb_request req(const char *host, const char *path, const char *method)
{
	struct alb_request r;
	memset(&r, 0, sizeof(r));
	r.host = host;
	r.path = path;
	r.method = method;
	net_addr_parse("198.51.100.7", &r.src);
	return r;
}

static bool one(enum alb_cond_type t, const char *value, const struct alb_request *r)
{
	const char *v[] = {value};
	struct alb_cond c = {.type = t, .values = v, .n_values = 1};
	return alb_cond_matches_plain(&c, r);
}

/* HostHeaderConditionConfig: "The comparison is case insensitive", * and ?. */
static void test_host_header_is_case_insensitive_with_wildcards(void **state)
{
	(void)state;
	struct alb_request r = req("API.Example.COM", "/", "GET");
	assert_true(one(ALB_COND_HOST, "*.example.com", &r));
	assert_true(one(ALB_COND_HOST, "api.example.com", &r));
	assert_true(one(ALB_COND_HOST, "a?i.example.com", &r));
	assert_false(one(ALB_COND_HOST, "a?.example.com", &r)); /* ? is exactly one */
	r.host = "example.com";
	assert_false(one(ALB_COND_HOST, "*.example.com", &r)); /* the dot must be there */
}

/* The host name is compared, not the port the client wrote after it. */
static void test_host_header_port_is_not_part_of_the_host_name(void **state)
{
	(void)state;
	struct alb_request r = req("www.example.com:8080", "/", "GET");
	assert_true(one(ALB_COND_HOST, "www.example.com", &r));
	r.host = "[2001:db8::1]:443";
	assert_true(one(ALB_COND_HOST, "[2001:db8::1]", &r));
	r.host = NULL; /* no Host header: no host condition matches */
	assert_false(one(ALB_COND_HOST, "*", &r));
}

/* PathPatternConditionConfig: case sensitive; the path only, no query string. */
static void test_path_pattern_is_case_sensitive_and_ignores_the_query(void **state)
{
	(void)state;
	struct alb_request r = req("a.example.com", "/img/logo.png?v=2", "GET");
	assert_true(one(ALB_COND_PATH, "/img/*", &r));
	assert_true(one(ALB_COND_PATH, "/img/logo.png", &r));
	assert_false(one(ALB_COND_PATH, "/IMG/*", &r));
	assert_false(one(ALB_COND_PATH, "*v=2", &r));
	assert_true(one(ALB_COND_PATH, "/*/*.png", &r));
}

/* HttpHeaderConditionConfig: name case-insensitive, values case-insensitive
 * with wildcards; "If the same header appears multiple times in the
 * request, we search them in order until a match is found." */
static void test_http_header_matches_any_occurrence(void **state)
{
	(void)state;
	struct alb_kv h[] = {{"user-agent", "curl/8.0"}, {"User-Agent", "Mozilla/5.0 (Mobile)"}};
	struct alb_request r = req("a.example.com", "/", "GET");
	r.headers = h;
	r.n_headers = 2;
	const char *v[] = {"*mobile*"};
	struct alb_cond c = {
		.type = ALB_COND_HEADER, .header_name = "USER-AGENT", .values = v, .n_values = 1};
	assert_true(alb_cond_matches_plain(&c, &r));
	c.header_name = "X-Other";
	assert_false(alb_cond_matches_plain(&c, &r));
}

/* HttpRequestMethodConditionConfig: "The allowed characters are A-Z,
 * hyphen (-), and underscore (_). The comparison is case sensitive.
 * Wildcards are not supported." */
static void test_request_method_is_exact_and_case_sensitive(void **state)
{
	(void)state;
	struct alb_request r = req("a.example.com", "/", "GET");
	assert_true(one(ALB_COND_METHOD, "GET", &r));
	assert_false(one(ALB_COND_METHOD, "get", &r));
	assert_false(one(ALB_COND_METHOD, "G*", &r));
}

/* QueryStringConditionConfig: key/value pairs, the key optional,
 * case-insensitive with wildcards; the request's parameters percent-decoded. */
static void test_query_string_pairs_and_values(void **state)
{
	(void)state;
	struct alb_request r = req("a.example.com", "/search?Version=V2&q=a%20b", "GET");
	struct alb_kv p1[] = {{"version", "v*"}};
	struct alb_cond c = {.type = ALB_COND_QUERY, .pairs = p1, .n_pairs = 1};
	assert_true(alb_cond_matches_plain(&c, &r));
	struct alb_kv p2[] = {{NULL, "a b"}}; /* no key: any parameter's value */
	c.pairs = p2;
	assert_true(alb_cond_matches_plain(&c, &r));
	struct alb_kv p3[] = {{"q", "v2"}}; /* the value of another key does not count */
	c.pairs = p3;
	assert_false(alb_cond_matches_plain(&c, &r));
	r.path = "/search"; /* no query string at all */
	c.pairs = p2;
	assert_false(alb_cond_matches_plain(&c, &r));
	r.query = "q=a+b"; /* given apart from the path; '+' is not a space in a URI */
	assert_false(alb_cond_matches_plain(&c, &r));
}

/* One query-string pair @key=@value (key NULL: any) against @path. */
static bool qs_match(const char *key, const char *value, const char *path)
{
	struct alb_request r = req("a.example.com", path, "GET");
	struct alb_kv kv = {key, value};
	struct alb_cond c = {.type = ALB_COND_QUERY, .pairs = &kv, .n_pairs = 1};
	return alb_cond_matches_plain(&c, &r);
}

/* QueryStringConditionConfig: "To search for a literal '*' or '?'
 * character in a query string, you must escape these characters in Values
 * using a '\' character." */
static void test_query_string_escaped_wildcards_are_literal(void **state)
{
	(void)state;
	assert_true(qs_match("q", "a\\*b", "/?q=a*b"));
	assert_false(qs_match("q", "a\\*b", "/?q=aXYb")); /* the escaped star is no wildcard */
	assert_true(qs_match("k", "x\\?", "/?k=x?"));
	assert_false(qs_match("k", "x\\?", "/?k=xy"));
	assert_true(qs_match("q", "a*b", "/?q=aXYb")); /* unescaped: a wildcard */
	/* a host header takes no escapes: the backslash is a character */
	assert_false(alb_glob("a\\*b", "a*b", true));
}

/* SourceIpConditionConfig: the client's address, in one of the CIDRs. */
static void test_source_ip_matches_the_client_address(void **state)
{
	(void)state;
	struct net_prefix cidrs[2];
	assert_int_equal(net_prefix_parse("10.0.0.0/8", &cidrs[0]), 0);
	assert_int_equal(net_prefix_parse("198.51.100.0/24", &cidrs[1]), 0);
	struct alb_cond c = {.type = ALB_COND_SOURCE_IP, .cidrs = cidrs, .n_cidrs = 1};
	struct alb_request r = req("a.example.com", "/", "GET");
	assert_false(alb_cond_matches_plain(&c, &r));
	c.n_cidrs = 2;
	assert_true(alb_cond_matches_plain(&c, &r));
}

/* listener-rules.html: rules are evaluated in priority order, lowest value
 * first, whatever order they were created in; the default rule last; the
 * conditions of a rule must all match, the values of a condition are
 * alternatives. */
static void test_rules_are_evaluated_by_priority_default_last(void **state)
{
	(void)state;
	const char *api[] = {"/api/*"};
	const char *host[] = {"admin.example.com", "ops.example.com"};
	const char *post[] = {"POST"};
	struct alb_cond c_api_post[] = {{.type = ALB_COND_PATH, .values = api, .n_values = 1},
					{.type = ALB_COND_METHOD, .values = post, .n_values = 1}};
	struct alb_cond c_api[] = {{.type = ALB_COND_PATH, .values = api, .n_values = 1}};
	struct alb_cond c_host[] = {{.type = ALB_COND_HOST, .values = host, .n_values = 2}};
	struct alb_rule rules[] = {
		{ALB_PRIORITY_DEFAULT, NULL, 0, "default"},
		{20, c_api, 1, "api"},
		{5, c_host, 1, "admin"},
		{10, c_api_post, 2, "api-post"},
	};
	struct alb_ruleset *s = NULL;
	assert_int_equal(alb_rules_build(rules, 4, &s, NULL, 0), 0);
	struct alb_match m;
	struct alb_miss missed[4];

	struct alb_request r = req("www.example.com", "/api/orders", "GET");
	const struct alb_rule *w = alb_rules_match(s, &r, &m, missed, 4);
	assert_non_null(w);
	assert_string_equal(w->user, "api");
	assert_int_equal(m.n_missed, 2);
	assert_string_equal(missed[0].rule->user, "admin"); /* priority 5 first */
	assert_int_equal(missed[0].cond, 0);
	assert_string_equal(missed[1].rule->user, "api-post");
	assert_int_equal(missed[1].cond, 1); /* the path matched, the method did not */

	r.method = "POST";
	assert_string_equal(alb_rules_match(s, &r, NULL, NULL, 0)->user, "api-post");
	r.host = "OPS.example.com"; /* the second host value, priority 5 beats 10 */
	assert_string_equal(alb_rules_match(s, &r, NULL, NULL, 0)->user, "admin");
	r = req("www.example.com", "/", "GET");
	w = alb_rules_match(s, &r, &m, NULL, 0);
	assert_string_equal(w->user, "default");
	assert_int_equal(m.n_missed, 3);
	alb_rules_free(s);
}

/* Priorities are unique within a listener (CreateRule: PriorityInUse). */
static void test_two_rules_with_one_priority_are_refused(void **state)
{
	(void)state;
	struct alb_rule rules[] = {{7, NULL, 0, "a"}, {7, NULL, 0, "b"}};
	struct alb_ruleset *s = (struct alb_ruleset *)1;
	char err[80];
	assert_int_equal(alb_rules_build(rules, 2, &s, err, sizeof(err)), VS_EINVAL);
	assert_null(s);
	assert_non_null(strstr(err, "priority 7"));
}

/* RegexValues: a host-header regex, case-insensitive like the host values;
 * a path regex case-sensitive; a regex that does not compile is refused. */
static void test_regex_values_compile_once_and_match(void **state)
{
	(void)state;
	const char *hre[] = {"^(api|www)[0-9]+\\.example\\.com$"};
	const char *pre[] = {"^/v[0-9]+/users$"};
	struct alb_cond ch[] = {{.type = ALB_COND_HOST, .regexes = hre, .n_regexes = 1},
				{.type = ALB_COND_PATH, .regexes = pre, .n_regexes = 1}};
	struct alb_rule rules[] = {{1, ch, 2, "re"}, {ALB_PRIORITY_DEFAULT, NULL, 0, "default"}};
	struct alb_ruleset *s = NULL;
	assert_int_equal(alb_rules_build(rules, 2, &s, NULL, 0), 0);
	struct alb_request r = req("API12.example.com", "/v3/users", "GET");
	assert_string_equal(alb_rules_match(s, &r, NULL, NULL, 0)->user, "re");
	r.path = "/V3/users";
	assert_string_equal(alb_rules_match(s, &r, NULL, NULL, 0)->user, "default");
	alb_rules_free(s);

	const char *bad[] = {"(unclosed"};
	struct alb_cond cb[] = {{.type = ALB_COND_PATH, .regexes = bad, .n_regexes = 1}};
	struct alb_rule rb[] = {{3, cb, 1, "bad"}};
	char err[120];
	assert_int_equal(alb_rules_build(rb, 1, &s, err, sizeof(err)), VS_EINVAL);
	assert_non_null(strstr(err, "rule 3"));
}

static void test_glob_edges(void **state)
{
	(void)state;
	assert_true(alb_glob("*", "", false));
	assert_true(alb_glob("a*b*c", "aXXbYYc", false));
	assert_false(alb_glob("a*b*c", "aXXbYY", false));
	assert_true(alb_glob("**x", "yyx", false));
	assert_false(alb_glob("?", "", false));
	assert_false(alb_glob(NULL, "a", false));
	assert_int_equal(alb_cond_type_parse("path-pattern"), ALB_COND_PATH);
	assert_int_equal(alb_cond_type_parse("nope"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_header_is_case_insensitive_with_wildcards),
		cmocka_unit_test(test_host_header_port_is_not_part_of_the_host_name),
		cmocka_unit_test(test_path_pattern_is_case_sensitive_and_ignores_the_query),
		cmocka_unit_test(test_http_header_matches_any_occurrence),
		cmocka_unit_test(test_request_method_is_exact_and_case_sensitive),
		cmocka_unit_test(test_query_string_pairs_and_values),
		cmocka_unit_test(test_query_string_escaped_wildcards_are_literal),
		cmocka_unit_test(test_source_ip_matches_the_client_address),
		cmocka_unit_test(test_rules_are_evaluated_by_priority_default_last),
		cmocka_unit_test(test_two_rules_with_one_priority_are_refused),
		cmocka_unit_test(test_regex_values_compile_once_and_match),
		cmocka_unit_test(test_glob_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

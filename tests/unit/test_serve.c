/*
 * DOC: unit tests of the web console's request parsing (src/serve/request.c)
 *
 * What vpcsim serve takes from a request-target (RFC 9112 3.2.1
 * origin-form; RFC 3986 2.1 percent-encoding; '+' a space as HTML forms
 * and URLSearchParams encode it) and what it refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vpcsim/error.h"
#include "vpcsim/serve.h"

static int parse(const char *method, const char *target, struct serve_request *r)
{
	char err[256];
	return serve_request_parse(method, target, strlen(target), r, err, sizeof(err));
}

static void test_routes_and_decoded_parameters(void **state)
{
	(void)state;
	struct serve_request r;
	assert_int_equal(parse("GET", "/", &r), 0);
	assert_int_equal(r.route, SERVE_PAGE);
	assert_int_equal(parse("GET", "/api/check", &r), 0);
	assert_int_equal(r.route, SERVE_API_CHECK);
	assert_int_equal(parse("HEAD", "/api/show", &r), 0);
	assert_int_equal(r.route, SERVE_API_SHOW);
	assert_true(r.head);
	assert_string_equal(r.id, "");
	assert_int_equal(parse("GET", "/api/trace?from=i-0abc&to=10.0.0.1&proto=tcp&port=443", &r),
			 0);
	assert_int_equal(r.route, SERVE_API_TRACE);
	assert_string_equal(serve_request_param(&r, "from"), "i-0abc");
	assert_string_equal(serve_request_param(&r, "to"), "10.0.0.1");
	assert_string_equal(serve_request_param(&r, "port"), "443");
	assert_null(serve_request_param(&r, "focus"));
	/* an ARN, encoded as encodeURIComponent() writes it, or with raw '/' */
	assert_int_equal(parse("GET",
			       "/api/show/arn%3Aaws%3Aelb%3Aus-east-1%3A1%3Aloadbalancer%2Fapp%2Fx",
			       &r),
			 0);
	assert_string_equal(r.id, "arn:aws:elb:us-east-1:1:loadbalancer/app/x");
	assert_int_equal(parse("GET", "/api/routes/site:dc1?all=1", &r), 0);
	assert_int_equal(r.route, SERVE_API_ROUTES);
	assert_string_equal(r.id, "site:dc1");
	assert_string_equal(serve_request_param(&r, "all"), "1");
	/* '+' is a space in a query, not in a path */
	assert_int_equal(parse("GET", "/api/trace?from=a+b&to=c%20d", &r), 0);
	assert_string_equal(serve_request_param(&r, "from"), "a b");
	assert_string_equal(serve_request_param(&r, "to"), "c d");
	assert_int_equal(parse("GET", "/api/show/a+b", &r), 0);
	assert_string_equal(r.id, "a+b");
	/* the page takes a trace and a resource to open on */
	assert_int_equal(parse("GET", "/?from=a&to=b&select=subnet-1", &r), 0);
	assert_int_equal(r.route, SERVE_PAGE);
	assert_string_equal(serve_request_param(&r, "select"), "subnet-1");
	/* empty pieces of a query are nothing */
	assert_int_equal(parse("GET", "/api/graph.svg?&focus=vpc-1&", &r), 0);
	assert_int_equal(r.n_params, 1);
	/* the diagram as data takes what the SVG takes */
	assert_int_equal(parse("GET", "/api/graph.json?focus=vpc-1&from=a&to=b&port=443", &r), 0);
	assert_int_equal(r.route, SERVE_API_GRAPH_JSON);
	assert_string_equal(serve_request_param(&r, "focus"), "vpc-1");
	assert_int_equal(parse("GET", "/api/graph.svg", &r), 0);
	assert_int_equal(r.route, SERVE_API_GRAPH);
	assert_int_equal(parse("GET", "/api/graph.json?select=x", &r), VS_EINVAL);
}

static void test_bad_requests_are_refused(void **state)
{
	(void)state;
	struct serve_request r;
	assert_int_equal(parse("POST", "/api/check", &r), VS_EUNSUPPORTED);
	assert_int_equal(parse("GET", "/nope", &r), VS_ENOTFOUND);
	assert_int_equal(parse("GET", "/api/checks", &r), VS_ENOTFOUND);
	assert_int_equal(parse("GET", "/api/routes/", &r), VS_ENOTFOUND);
	assert_int_equal(parse("GET", "http://example.com/api/check", &r), VS_EINVAL);
	assert_int_equal(parse("GET", "", &r), VS_EINVAL);
	/* a parameter the path does not take, twice, or badly escaped */
	assert_int_equal(parse("GET", "/api/check?x=1", &r), VS_EINVAL);
	assert_int_equal(parse("GET", "/api/trace?from=a&from=b&to=c", &r), VS_EINVAL);
	assert_int_equal(parse("GET", "/api/trace?from=%zz&to=c", &r), VS_EINVAL);
	assert_int_equal(parse("GET", "/api/trace?from=%4&to=c", &r), VS_EINVAL);
	assert_int_equal(parse("GET", "/api/trace?from=%", &r), VS_EINVAL);
	/* control characters, encoded or not, never reach a look-up */
	assert_int_equal(parse("GET", "/api/show/%00", &r), VS_EINVAL);
	assert_int_equal(parse("GET", "/api/show/a%0Ab", &r), VS_EINVAL);
	assert_int_equal(parse("GET", "/api/show/a\x1b", &r), VS_EINVAL);
	assert_int_equal(parse("GET", "/api/show/a b", &r), VS_EINVAL);
	/* bounds */
	char big[SERVE_MAX_TARGET + 64];
	memset(big, 'a', sizeof(big));
	memcpy(big, "/api/show/", 10);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(parse("GET", big, &r), VS_EINVAL);
	big[10 + SERVE_MAX_VALUE] = '\0'; /* an ID one byte too long */
	assert_int_equal(parse("GET", big, &r), VS_EINVAL);
	big[10 + SERVE_MAX_VALUE - 1] = '\0'; /* and one that fits */
	assert_int_equal(parse("GET", big, &r), 0);
	assert_int_equal(strlen(r.id), SERVE_MAX_VALUE - 1);
	assert_int_equal(parse("GET", "/api/trace?from=1&to=2&proto=3&port=4&port=5", &r),
			 VS_EINVAL);
	/* an empty value: refused by the API as `trace --port ''` is by the
	 * CLI, kept on the page's own path */
	assert_int_equal(parse("GET", "/api/trace?from=1&to=2&port=", &r), VS_EINVAL);
	assert_int_equal(parse("GET", "/api/graph.svg?focus=", &r), VS_EINVAL);
	assert_int_equal(parse("GET", "/?from=&to=", &r), 0);
}

static void test_decode(void **state)
{
	(void)state;
	char out[8];
	assert_int_equal(serve_decode("a%41+", 5, true, out, sizeof(out)), 3);
	assert_string_equal(out, "aA ");
	assert_int_equal(serve_decode("a%41+", 5, false, out, sizeof(out)), 3);
	assert_string_equal(out, "aA+");
	assert_int_equal(serve_decode("abcdefgh", 8, false, out, sizeof(out)), -1);
	assert_int_equal(serve_decode("abcdefg", 7, false, out, sizeof(out)), 7);
	assert_int_equal(serve_decode("%7f", 3, false, out, sizeof(out)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes_and_decoded_parameters),
		cmocka_unit_test(test_bad_requests_are_refused),
		cmocka_unit_test(test_decode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

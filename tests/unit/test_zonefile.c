/*
 * DOC: unit tests for the master-file reader (src/dns/zonefile.c)
 *
 * Sources: RFC 1035 5.1 (the format: blank owner, "@", relative names,
 * parentheses, comments, quoted character-strings), RFC 2308 4 ($TTL);
 * Route 53 Developer Guide, resource-record-sets-creating-import.html
 * (one file, no $INCLUDE; class IN).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "dns/zone.h"
#include "dns/zonefile.h"
#include "vpcsim/error.h"

#define MAX_RECS 16

struct got {
	char owner[MAX_RECS][128];
	char data[MAX_RECS][256];
	uint16_t type[MAX_RECS];
	uint32_t ttl[MAX_RECS];
	uint32_t line[MAX_RECS];
	int n;
};

static int collect(void *ctx, const struct dns_zf_record *r)
{
	struct got *g = ctx;
	if (g->n == MAX_RECS)
		return VS_ERANGE;
	snprintf(g->owner[g->n], sizeof(g->owner[0]), "%s", r->owner);
	snprintf(g->data[g->n], sizeof(g->data[0]), "%s", r->data);
	g->type[g->n] = r->type;
	g->ttl[g->n] = r->ttl;
	g->line[g->n] = r->line;
	g->n++;
	return 0;
}

static int parse(const char *text, const char *origin, struct got *g, char *err, uint32_t *line)
{
	memset(g, 0, sizeof(*g));
	return dns_zonefile_parse(text, strlen(text), origin, collect, g, err, 200, line);
}

static void test_owners_relative_names_and_ttls(void **state)
{
	(void)state;
	static const char z[] = "$TTL 3600\n"
				"@\tIN\tSOA\tns1 hostmaster (\n"
				"\t\t2024050101 ; serial\n"
				"\t\t7200 900 1209600 300 )\n"
				"\tIN\tMX\t10 mail\n"
				"www\t300\tIN\tA\t198.51.100.80\n"
				"\tIN\t1h\tAAAA\t2001:db8::80\n"
				"api\tCNAME\twww.example.org.\n";
	struct got g;
	char err[200];
	uint32_t line;
	assert_int_equal(parse(z, "example.org", &g, err, &line), 0);
	assert_int_equal(g.n, 5);
	/* "@" is the origin; names in SOA data are made absolute */
	assert_string_equal(g.owner[0], "example.org.");
	assert_int_equal(g.type[0], DNS_T_SOA);
	assert_string_equal(g.data[0], "ns1.example.org. hostmaster.example.org. 2024050101 7200 "
				       "900 1209600 300");
	assert_int_equal(g.ttl[0], 3600);
	/* a blank owner repeats the previous one; MX's exchange is absolute */
	assert_string_equal(g.owner[1], "example.org.");
	assert_string_equal(g.data[1], "10 mail.example.org.");
	assert_int_equal(g.line[1], 5);
	assert_string_equal(g.owner[2], "www.example.org.");
	assert_int_equal(g.ttl[2], 300);
	/* class before TTL is allowed; 1h is 3600 */
	assert_string_equal(g.owner[3], "www.example.org.");
	assert_int_equal(g.ttl[3], 3600);
	assert_string_equal(g.data[4], "www.example.org.");
}

static void test_txt_strings_and_origin_directive(void **state)
{
	(void)state;
	static const char z[] = "$ORIGIN sub.example.org.\n"
				"$TTL 1d2h\n"
				"txt TXT \"v=spf1 -all\" \"a; b\" ; not a comment inside quotes\n"
				"srv SRV 1 10 5060 sip\n";
	struct got g;
	char err[200];
	uint32_t line;
	assert_int_equal(parse(z, NULL, &g, err, &line), 0);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.owner[0], "txt.sub.example.org.");
	assert_string_equal(g.data[0], "\"v=spf1 -all\" \"a; b\"");
	assert_int_equal(g.ttl[0], 93600);
	assert_string_equal(g.data[1], "1 10 5060 sip.sub.example.org.");
}

static void test_refusals_name_their_line(void **state)
{
	(void)state;
	static const struct {
		const char *text, *why;
		uint32_t line;
	} bad[] = {
		{"$TTL 60\nwww IN BOGUS 1.2.3.4\n", "BOGUS", 2},
		{"$INCLUDE other.zone\n", "not supported", 1},
		{"www IN A 1.2.3.4\n", "no TTL", 1},
		{"$TTL 60\n@ IN SOA a. b. (1 2 3\n4 5\n", "not closed", 2},
		{"$TTL 60\n\tIN A 1.2.3.4\n", "without an owner", 2},
		{"$TTL 60\nwww CH TXT \"x\"\n", "class IN only", 2},
		{"$TTL 60\ntxt TXT \"open\n", "not closed", 2},
		{"$TTL 60\nwww A 1.2.3.4\n", "no $ORIGIN", 2},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct got g;
		char err[200] = "";
		uint32_t line = 0;
		int rc = parse(bad[i].text, i == 7 ? NULL : "example.org", &g, err, &line);
		if (rc != VS_EPARSE || !strstr(err, bad[i].why) || line != bad[i].line)
			fail_msg("case %zu: rc %d, line %u, \"%s\"", i, rc, (unsigned)line, err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_owners_relative_names_and_ttls),
		cmocka_unit_test(test_txt_strings_and_origin_directive),
		cmocka_unit_test(test_refusals_name_their_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * DOC: unit tests for hosted-zone lookup (src/dns/zone.c)
 *
 * Sources: RFC 1034 4.3.2 (the lookup algorithm: exact match, CNAME,
 * referral at a zone cut), RFC 1034 3.6.2 (CNAME beside other data), RFC
 * 4592 (wildcards: closest encloser, empty non-terminals block them), RFC
 * 2308 5 (negative TTL = min(SOA TTL, SOA MINIMUM)), and the Route 53
 * Developer Guide: DomainNameFormat.html (the * wildcard, not for NS),
 * resource-record-sets-choosing-alias-non-alias.html (no CNAME at the apex),
 * hosted-zone-private-considerations.html (no delegation in a private zone),
 * routing-policy.html (a SetIdentifier per record of a policy group).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "dns/zone.h"
#include "vpcsim/error.h"

static const char *const v_soa[] = {"ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 "
				    "1209600 86400"};
static const char *const v_ns[] = {"ns-1.awsdns-01.org.", "ns-2.awsdns-02.net."};
static const char *const v_www[] = {"192.0.2.1"};
static const char *const v_wild[] = {"192.0.2.99"};
static const char *const v_txt[] = {"\"deep\""};
static const char *const v_mx[] = {"10 mx.example.com."};
static const char *const v_subns[] = {"ns1.elsewhere.net."};
static const char *const v_glue[] = {"198.51.100.53"};
static const char *const v_cname[] = {"www.example.com"};

/* The record set @n of type @t, with a TTL of @secs, holding every value of
 * the array @vals (the count follows the array). */
#define RR(n, t, secs, vals)                               \
	.name = n, .type = t, .ttl = secs, .values = vals, \
	.n_values = sizeof(vals) / sizeof((vals)[0])

static const struct dns_rrset_in example_sets[] = {
	{RR("example.com.", DNS_T_SOA, 900, v_soa)},
	{RR("example.com.", DNS_T_NS, 172800, v_ns)},
	{RR("WWW.example.com.", DNS_T_A, 300, v_www)},
	{RR("\\052.example.com.", DNS_T_A, 60, v_wild)},
	{RR("a.b.c.example.com.", DNS_T_TXT, 60, v_txt)},
	{RR("mail.example.com.", DNS_T_MX, 60, v_mx)},
	{RR("sub.example.com.", DNS_T_NS, 60, v_subns)},
	{RR("ns1.sub.example.com.", DNS_T_A, 60, v_glue)},
	{RR("alias.example.com.", DNS_T_CNAME, 60, v_cname)},
};

static const struct dns_zone_in example = {
	.id = "/hostedzone/Z0EXAMPLE",
	.name = "example.com.",
	.rrsets = example_sets,
	.n_rrsets = sizeof(example_sets) / sizeof(example_sets[0]),
};

static struct dns_zone *build(const struct dns_zone_in *in)
{
	struct dns_zone *z = NULL;
	char err[256];
	int rc = dns_zone_build(in, DNS_NAME_OCTAL, &z, err, sizeof(err));
	if (rc != 0)
		fail_msg("build: %s", err);
	return z;
}

static struct dns_lookup look(const struct dns_zone *z, const char *name, uint16_t type)
{
	struct dns_name q;
	struct dns_lookup lk;
	assert_int_equal(dns_name_parse(&q, name, 0), 0);
	assert_int_equal(dns_zone_lookup(z, &q, type, &lk), 0);
	return lk;
}

/* look() whose answer must be of @kind. */
static struct dns_lookup look_is(const struct dns_zone *z, const char *name, uint16_t type,
				 enum dns_lookup_kind kind)
{
	struct dns_lookup lk = look(z, name, type);
	assert_int_equal(lk.kind, kind);
	return lk;
}

/* The group's state: the zone built from example, which lookups leave as it is. */
static int setup(void **state)
{
	*state = build(&example);
	return 0;
}

static int teardown(void **state)
{
	dns_zone_free(*state);
	return 0;
}

static bool owner_is(const struct dns_lookup *lk, const char *name)
{
	struct dns_name n;
	dns_name_parse(&n, name, 0);
	return dns_name_equal(&lk->owner, &n);
}

/* RFC 1034 4.3.2 3a: the name exists with the type: the answer. */
static void test_exact_match_answers(void **state)
{
	const struct dns_zone *z = *state;
	assert_string_equal(dns_zone_id(z), "Z0EXAMPLE");
	struct dns_lookup lk = look_is(z, "www.EXAMPLE.com", DNS_T_A, DNS_LOOKUP_ANSWER);
	assert_false(lk.wildcard);
	assert_int_equal(lk.n_sets, 1);
	assert_string_equal(lk.sets[0]->values[0], "192.0.2.1");
	lk = look_is(z, "example.org", DNS_T_A, DNS_LOOKUP_NOT_IN_ZONE);
}

/* RFC 4592 3.3.1 and DomainNameFormat.html: "*.example.com" answers names
 * that do not exist, at any depth below the closest encloser -- but not
 * the apex itself (it exists), nor a name that exists with other types
 * (NODATA), nor a name under an empty non-terminal (its own closest
 * encloser has no wildcard): RFC 4592 2.2.2 / 4.1. */
static void test_wildcard_vs_existing_name_vs_empty_non_terminal(void **state)
{
	const struct dns_zone *z = *state;
	struct dns_lookup lk = look_is(z, "nothere.example.com", DNS_T_A, DNS_LOOKUP_ANSWER);
	assert_true(lk.wildcard);
	assert_true(owner_is(&lk, "*.example.com"));
	assert_string_equal(lk.sets[0]->values[0], "192.0.2.99");

	lk = look_is(z, "x.y.nothere.example.com", DNS_T_A, DNS_LOOKUP_ANSWER);
	assert_true(lk.wildcard);

	/* the wildcard lacks the type */
	lk = look_is(z, "nothere.example.com", DNS_T_AAAA, DNS_LOOKUP_NODATA);
	assert_true(lk.wildcard);

	/* the apex is not matched by *.example.com */
	lk = look_is(z, "example.com", DNS_T_A, DNS_LOOKUP_NODATA);
	assert_false(lk.wildcard);

	lk = look_is(z, "mail.example.com", DNS_T_A, DNS_LOOKUP_NODATA); /* exists with MX only */
	assert_false(lk.wildcard);
	assert_false(lk.empty_nonterminal);

	/* only a.b.c.example.com below it */
	lk = look_is(z, "c.example.com", DNS_T_A, DNS_LOOKUP_NODATA);
	assert_true(lk.empty_nonterminal);
	assert_false(lk.wildcard);
	lk = look_is(z, "b.c.example.com", DNS_T_TXT, DNS_LOOKUP_NODATA);
	assert_true(lk.empty_nonterminal);

	/* closest encloser c.example.com */
	lk = look_is(z, "zzz.c.example.com", DNS_T_A, DNS_LOOKUP_NXDOMAIN);
	assert_int_equal(lk.neg_ttl, 900); /* RFC 2308 5: min(900, 86400) */
}

/* RFC 1034 4.3.2 3a / 3.6.2: a CNAME answers any type but CNAME itself. */
static void test_cname_at_the_name(void **state)
{
	const struct dns_zone *z = *state;
	struct dns_lookup lk = look_is(z, "alias.example.com", DNS_T_A, DNS_LOOKUP_CNAME);
	assert_string_equal(lk.sets[0]->values[0], "www.example.com");
	lk = look_is(z, "alias.example.com", DNS_T_CNAME, DNS_LOOKUP_ANSWER);
}

/* RFC 1034 4.3.2 3b: NS below the apex is a zone cut: names at and below it
 * get a referral, even where the zone holds data (glue); DS at the cut is
 * the parent's (RFC 4035 3.1.4.1). */
static void test_ns_below_the_apex_is_a_referral(void **state)
{
	const struct dns_zone *z = *state;
	struct dns_lookup lk = look_is(z, "host.sub.example.com", DNS_T_A, DNS_LOOKUP_REFERRAL);
	assert_true(owner_is(&lk, "sub.example.com"));
	assert_string_equal(lk.sets[0]->values[0], "ns1.elsewhere.net.");
	lk = look_is(z, "ns1.sub.example.com", DNS_T_A, DNS_LOOKUP_REFERRAL);
	lk = look_is(z, "sub.example.com", DNS_T_DS, DNS_LOOKUP_NODATA);
}

static int build_rc(const struct dns_rrset_in *sets, uint32_t n, bool priv, char *err, size_t len)
{
	struct dns_zone_in in = {.id = "Z1",
				 .name = "example.com",
				 .private_zone = priv,
				 .rrsets = sets,
				 .n_rrsets = n};
	struct dns_zone *z = NULL;
	int rc = dns_zone_build(&in, 0, &z, err, len);
	dns_zone_free(z);
	return rc;
}

/* A record set of @name and @type with the one value *@v, TTL 60: what the
 * cases below change a field of. */
static struct dns_rrset_in rrset(const char *name, uint16_t type, const char *const *v)
{
	return (struct dns_rrset_in){
		.name = name, .type = type, .ttl = 60, .values = v, .n_values = 1};
}

/* What Route 53 refuses in a change batch (InvalidChangeBatch). */
static void test_record_sets_route53_refuses(void **state)
{
	(void)state;
	char err[256];
	/* resource-record-sets-choosing-alias-non-alias.html: no CNAME at the apex */
	struct dns_rrset_in apex_cname = rrset("example.com", DNS_T_CNAME, v_cname);
	assert_int_equal(build_rc(&apex_cname, 1, false, err, sizeof(err)), VS_EPARSE);
	assert_non_null(strstr(err, "apex"));
	/* RFC 1034 3.6.2: no other data beside a CNAME */
	struct dns_rrset_in beside[] = {
		rrset("x.example.com", DNS_T_CNAME, v_cname),
		rrset("x.example.com", DNS_T_TXT, v_txt),
	};
	assert_int_equal(build_rc(beside, 2, false, err, sizeof(err)), VS_EPARSE);
	/* two simple record sets of one name and type */
	struct dns_rrset_in dup[] = {
		rrset("x.example.com", DNS_T_A, v_www),
		rrset("x.example.com", DNS_T_A, v_wild),
	};
	assert_int_equal(build_rc(dup, 2, false, err, sizeof(err)), VS_EPARSE);
	/* routing-policy.html: a weighted record needs a SetIdentifier; no mixing */
	struct dns_rrset_in noid = rrset("x.example.com", DNS_T_A, v_www);
	noid.has_weight = true;
	noid.weight = 1;
	assert_int_equal(build_rc(&noid, 1, false, err, sizeof(err)), VS_EPARSE);
	struct dns_rrset_in mixed[] = {
		rrset("x.example.com", DNS_T_A, v_www),
		rrset("x.example.com", DNS_T_A, v_wild),
	};
	mixed[0].set_identifier = "a";
	mixed[0].has_weight = true;
	mixed[0].weight = 1;
	mixed[1].set_identifier = "b";
	mixed[1].failover = DNS_FAILOVER_PRIMARY;
	assert_int_equal(build_rc(mixed, 2, false, err, sizeof(err)), VS_EPARSE);
	/* resource-record-sets-values-failover.html: one PRIMARY, one SECONDARY */
	struct dns_rrset_in two_primaries[] = {
		rrset("x.example.com", DNS_T_A, v_www),
		rrset("x.example.com", DNS_T_A, v_wild),
	};
	two_primaries[0].set_identifier = "a";
	two_primaries[0].failover = DNS_FAILOVER_PRIMARY;
	two_primaries[1].set_identifier = "b";
	two_primaries[1].failover = DNS_FAILOVER_PRIMARY;
	assert_int_equal(build_rc(two_primaries, 2, false, err, sizeof(err)), VS_EPARSE);
	assert_non_null(strstr(err, "PRIMARY"));
	/* resource-record-sets-values-multivalue.html: no multivalue alias */
	struct dns_alias_target t = {.hosted_zone_id = "Z1", .dns_name = "www.example.com"};
	struct dns_rrset_in mv_alias = {.name = "x.example.com",
					.type = DNS_T_A,
					.alias = &t,
					.set_identifier = "a",
					.multivalue = true};
	assert_int_equal(build_rc(&mv_alias, 1, false, err, sizeof(err)), VS_EPARSE);
	/* a name outside the zone */
	struct dns_rrset_in outside = rrset("www.example.org", DNS_T_A, v_www);
	assert_int_equal(build_rc(&outside, 1, false, err, sizeof(err)), VS_EPARSE);
	/* hosted-zone-private-considerations.html: no delegation in a private zone */
	struct dns_rrset_in deleg = rrset("sub.example.com", DNS_T_NS, v_subns);
	assert_int_equal(build_rc(&deleg, 1, true, err, sizeof(err)), VS_EPARSE);
	assert_int_equal(build_rc(&deleg, 1, false, err, sizeof(err)), 0);
	/* DomainNameFormat.html: no * wildcard for NS */
	struct dns_rrset_in wns = rrset("*.example.com", DNS_T_NS, v_subns);
	assert_int_equal(build_rc(&wns, 1, false, err, sizeof(err)), VS_EPARSE);
	/* a bad owner name is an argument error */
	struct dns_rrset_in bad = rrset("a..example.com", DNS_T_A, v_www);
	assert_int_equal(build_rc(&bad, 1, false, err, sizeof(err)), VS_EINVAL);
}

static void test_type_names(void **state)
{
	(void)state;
	assert_int_equal(dns_type_parse("aaaa"), DNS_T_AAAA);
	assert_int_equal(dns_type_parse("TYPE65"), DNS_T_HTTPS);
	assert_int_equal(dns_type_parse("TYPE70000"), 0);
	assert_int_equal(dns_type_parse("nope"), 0);
	assert_string_equal(dns_type_name(DNS_T_CNAME), "CNAME");
	assert_null(dns_type_name(4242));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_match_answers),
		cmocka_unit_test(test_wildcard_vs_existing_name_vs_empty_non_terminal),
		cmocka_unit_test(test_cname_at_the_name),
		cmocka_unit_test(test_ns_below_the_apex_is_a_referral),
		cmocka_unit_test(test_record_sets_route53_refuses),
		cmocka_unit_test(test_type_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

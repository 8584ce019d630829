/*
 * DOC: unit tests for Route 53 Resolver's decision (src/dns/resolve.c)
 *
 * One small world of hosted zones, Resolver rules and VPCs; each test asks
 * it one or more queries and checks the answer and the steps.  Sources, named
 * at each test: the Route 53 Developer Guide pages hosted-zone-private-
 * considerations.html (VPC settings, split-view DNS, overlapping namespaces,
 * no fall-back), resolver-overview-forward-vpc-to-network-domain-name-
 * matches.html (most specific rule), resolver-overview-forward-vpc-to-
 * network-autodefined-rules.html (autodefined rules, overridable by a rule
 * of the same domain), routing-policy-weighted.html, routing-policy-
 * failover.html / dns-failover-types.html, routing-policy-multivalue.html,
 * routing-policy-geo.html, routing-policy-latency.html,
 * resource-record-sets-choosing-alias-non-alias.html; RFC 1034 3.6.2 and
 * 4.3.2 (CNAME, delegation).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/resolve.h"
#include "vpcsim/error.h"

/* ---- the world ---- */

#define N_OF(a)      (uint32_t)(sizeof(a) / sizeof((a)[0]))
#define V(name, ...) static const char *const name[] = {__VA_ARGS__}
V(v_soa, "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400");
V(v_ns, "ns-1.awsdns-01.org.");
V(v_www_pub, "203.0.113.10");
V(v_api_pub, "203.0.113.20");
V(v_shop, "www.example.com.");
V(v_cdn, "edge.example.net.");
V(v_dev_ns, "ns-9.awsdns-09.org.");
V(v_loop1, "loop2.example.com.");
V(v_loop2, "loop1.example.com.");
V(v_a, "203.0.113.31");
V(v_b, "203.0.113.32");
V(v_x, "203.0.113.41");
V(v_y, "203.0.113.42");
V(v_z, "203.0.113.43");
V(v_p, "203.0.113.1");
V(v_s, "203.0.113.2");
V(v_de, "203.0.113.61");
V(v_eu, "203.0.113.62");
V(v_def, "203.0.113.63");
V(v_use1, "203.0.113.71");
V(v_euw1, "203.0.113.72");
V(v_edge, "origin.example.net.");
V(v_origin, "198.51.100.7");
V(v_devapp, "203.0.113.50");
V(v_www_priv, "10.0.0.10");
V(v_app_corp, "10.0.0.77");
V(v_db, "10.1.0.5");
static const char *const v_mv[] = {"203.0.113.100", "203.0.113.101", "203.0.113.102",
				   "203.0.113.103", "203.0.113.104", "203.0.113.105",
				   "203.0.113.106", "203.0.113.107", "203.0.113.108",
				   "203.0.113.109"};

static const struct dns_alias_target to_www = {.hosted_zone_id = "/hostedzone/ZPUB",
					       .dns_name = "www.example.com."};
static const struct dns_alias_target to_elb = {.hosted_zone_id = "Z35SXDOTRQ7X7K",
					       .dns_name = "dualstack.my-alb-1.us-east-1.elb."
							   "amazonaws.com.",
					       .evaluate_target_health = true};
static const struct dns_alias_target to_elb1 = {.hosted_zone_id = "Z35SXDOTRQ7X7K",
						.dns_name = "elb-1.us-east-1.elb.amazonaws.com.",
						.evaluate_target_health = true};
static const struct dns_alias_target to_elb2 = {.hosted_zone_id = "Z35SXDOTRQ7X7K",
						.dns_name = "elb-2.us-east-1.elb.amazonaws.com.",
						.evaluate_target_health = true};
static const struct dns_geo g_de = {.country = "DE"};
static const struct dns_geo g_eu = {.continent = "EU"};
static const struct dns_geo g_def = {.country = "*"};

/* The record set @n of type @t, with a TTL of @secs, holding every value of
 * the array @vals (the count follows the array). */
#define RR(n, t, secs, vals) \
	.name = n, .type = t, .ttl = secs, .values = vals, .n_values = N_OF(vals)
#define A(n, vals) RR(n, DNS_T_A, 300, vals)
/* One record of a weighted set (routing-policy-weighted.html). */
#define WEIGHTED(id, w) .set_identifier = id, .has_weight = true, .weight = w
#define MV(i)                                                                              \
	{                                                                                  \
		.name = "mv.example.com.", .type = DNS_T_A, .ttl = 60, .values = &v_mv[i], \
		.n_values = 1, .set_identifier = "m" #i, .multivalue = true,               \
		.health_check_id = "hc-m" #i                                               \
	}

static const struct dns_rrset_in pub_sets[] = {
	{RR("example.com.", DNS_T_SOA, 900, v_soa)},
	{RR("example.com.", DNS_T_NS, 172800, v_ns)},
	{.name = "example.com.", .type = DNS_T_A, .alias = &to_www},
	{A("www.example.com.", v_www_pub)},
	{A("api.example.com.", v_api_pub)},
	{RR("shop.example.com.", DNS_T_CNAME, 60, v_shop)},
	{RR("cdn.example.com.", DNS_T_CNAME, 60, v_cdn)},
	{.name = "lb.example.com.", .type = DNS_T_A, .alias = &to_elb},
	{RR("dev.example.com.", DNS_T_NS, 172800, v_dev_ns)},
	/* weighted aliases that evaluate their targets' health */
	{.name = "eth.example.com.", .type = DNS_T_A, .alias = &to_elb1, WEIGHTED("one", 1)},
	{.name = "eth.example.com.", .type = DNS_T_A, .alias = &to_elb2, WEIGHTED("two", 1)},
	/* a CNAME loop */
	{RR("loop1.example.com.", DNS_T_CNAME, 60, v_loop1)},
	{RR("loop2.example.com.", DNS_T_CNAME, 60, v_loop2)},
	/* weighted, every weight 0 */
	{A("w0.example.com.", v_a), WEIGHTED("a", 0)},
	{A("w0.example.com.", v_b), WEIGHTED("b", 0)},
	/* weighted 3 : 1 : 0 */
	{A("w.example.com.", v_x), WEIGHTED("x", 3), .health_check_id = "hc-x"},
	{A("w.example.com.", v_y), WEIGHTED("y", 1), .health_check_id = "hc-y"},
	{A("w.example.com.", v_z), WEIGHTED("z", 0)},
	/* failover */
	{A("fo.example.com.", v_p), .set_identifier = "p", .failover = DNS_FAILOVER_PRIMARY,
	 .health_check_id = "hc-p"},
	{A("fo.example.com.", v_s), .set_identifier = "s", .failover = DNS_FAILOVER_SECONDARY,
	 .health_check_id = "hc-s"},
	/* geolocation */
	{A("geo.example.com.", v_de), .set_identifier = "de", .geo = &g_de},
	{A("geo.example.com.", v_eu), .set_identifier = "eu", .geo = &g_eu},
	{A("geo.example.com.", v_def), .set_identifier = "default", .geo = &g_def},
	/* latency */
	{A("lat.example.com.", v_use1), .set_identifier = "use1", .region = "us-east-1"},
	{A("lat.example.com.", v_euw1), .set_identifier = "euw1", .region = "eu-west-1"},
	/* multivalue: ten records */
	MV(0),
	MV(1),
	MV(2),
	MV(3),
	MV(4),
	MV(5),
	MV(6),
	MV(7),
	MV(8),
	MV(9),
};

static const struct dns_rrset_in net_sets[] = {
	{RR("edge.example.net.", DNS_T_CNAME, 60, v_edge)},
	{A("origin.example.net.", v_origin)},
};
static const struct dns_rrset_in stage_sets[] = {{A("app.stage.example.com.", v_devapp)}};
static const struct dns_rrset_in dev_sets[] = {{A("app.dev.example.com.", v_devapp)}};
static const struct dns_rrset_in priv_sets[] = {
	{A("www.example.com.", v_www_priv)},
	{A("app.corp.example.com.", v_app_corp)},
};
static const struct dns_rrset_in corp_sets[] = {{A("db.corp.example.com.", v_db)}};

static const struct dns_zone_vpc priv_vpcs[] = {
	{"vpc-a", "us-east-1"}, {"vpc-b", "eu-west-1"}, {"vpc-c", "us-east-1"},
	{"vpc-d", "us-east-1"}, {"vpc-g", "us-east-1"}, {"vpc-h", "us-east-1"},
};
static const struct dns_zone_vpc corp_vpcs[] = {{"vpc-b", "eu-west-1"}};

/* The hosted zone @zid for @zname holding the record sets of the array @sets;
 * PRIVATE_TO() makes it a private zone associated with the VPCs @v. */
#define ZONE(zid, zname, sets) .id = zid, .name = zname, .rrsets = sets, .n_rrsets = N_OF(sets)
#define PRIVATE_TO(v)          .private_zone = true, .vpcs = v, .n_vpcs = N_OF(v)
static const struct dns_zone_in zones[] = {
	{ZONE("/hostedzone/ZPUB", "example.com.", pub_sets)},
	{ZONE("ZNET", "example.net.", net_sets)},
	{ZONE("ZDEV", "dev.example.com.", dev_sets)},
	/* public, but example.com has no NS for it */
	{ZONE("ZSTAGE", "stage.example.com.", stage_sets)},
	{ZONE("ZPRIV", "example.com.", priv_sets), PRIVATE_TO(priv_vpcs)},
	{ZONE("ZCORP", "corp.example.com.", corp_sets), PRIVATE_TO(corp_vpcs)},
};

V(t_onprem, "192.168.0.2", "192.168.0.3");
/* A rule forwarding @dom to the on-premises resolvers through rslvr-out-1. */
#define TO_ONPREM(rid, dom)                                                         \
	.id = rid, .domain = dom, .type = DNS_RULE_FORWARD, .target_ips = t_onprem, \
	.n_targets = N_OF(t_onprem), .endpoint_id = "rslvr-out-1"
static const struct dns_rule_in rules[] = {
	{TO_ONPREM("rslvr-rr-fwd-example", "example.com")},
	{.id = "rslvr-rr-sys-www", .domain = "www.example.com", .type = DNS_RULE_SYSTEM},
	{.id = "rslvr-rr-sys-example", .domain = "example.com.", .type = DNS_RULE_SYSTEM},
	{TO_ONPREM("rslvr-rr-fwd-onprem", "onprem.example.com")},
	{TO_ONPREM("rslvr-rr-fwd-com", "com")},
};
static const struct dns_rule_assoc_in assocs[] = {
	{"rslvr-rr-fwd-example", "vpc-e"}, {"rslvr-rr-sys-www", "vpc-e"},
	{"rslvr-rr-sys-example", "vpc-f"}, {"rslvr-rr-fwd-onprem", "vpc-f"},
	{"rslvr-rr-fwd-com", "vpc-g"},     {"rslvr-rr-fwd-example", "vpc-h"},
};
static const struct dns_vpc_in vpcs[] = {
	{"vpc-a", "us-east-1", true, true, NULL, 0},  {"vpc-b", "eu-west-1", true, true, NULL, 0},
	{"vpc-c", "us-east-1", true, false, NULL, 0}, {"vpc-d", "us-east-1", false, false, NULL, 0},
	{"vpc-e", "us-east-1", true, true, NULL, 0},  {"vpc-f", "us-east-1", true, true, NULL, 0},
	{"vpc-g", "us-east-1", true, true, NULL, 0},  {"vpc-h", "us-east-1", true, true, NULL, 0},
};
static const struct dns_view_in world = {
	.zones = zones,
	.n_zones = N_OF(zones),
	.rules = rules,
	.n_rules = N_OF(rules),
	.assocs = assocs,
	.n_assocs = N_OF(assocs),
	.vpcs = vpcs,
	.n_vpcs = N_OF(vpcs),
};

/* ---- helpers ---- */

struct fx {
	struct dns_view *v;
	struct dns_result r;
	struct dns_query q;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char err[256];
	if (!f)
		return -1;
	if (dns_view_build(&world, &f->v, err, sizeof(err)) != 0) {
		fprintf(stderr, "build: %s\n", err);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	dns_view_free(f->v);
	free(f);
	return 0;
}

static struct dns_result *ask(struct fx *f, const char *name, const char *vpc)
{
	f->q.qtype = f->q.qtype ? f->q.qtype : DNS_T_A;
	f->q.vpc_id = vpc;
	assert_int_equal(dns_name_parse(&f->q.qname, name, 0), 0);
	assert_int_equal(dns_resolve(f->v, &f->q, &f->r), 0);
	return &f->r;
}

static const struct dns_step *find(const struct dns_result *r, enum dns_step_kind k, int chosen)
{
	for (uint32_t i = 0; i < r->n_steps; i++)
		if (r->steps[i].kind == k && (chosen < 0 || r->steps[i].chosen == (chosen != 0)))
			return &r->steps[i];
	return NULL;
}

static const struct dns_step *find_id(const struct dns_result *r, enum dns_step_kind k,
				      const char *id)
{
	for (uint32_t i = 0; i < r->n_steps; i++)
		if (r->steps[i].kind == k && r->steps[i].id && strcmp(r->steps[i].id, id) == 0)
			return &r->steps[i];
	return NULL;
}

static void one_answer(const struct dns_result *r, const char *data)
{
	assert_int_equal(r->rcode, DNS_RCODE_NOERROR);
	assert_int_equal(r->outcome, DNS_OUT_ANSWER);
	assert_int_equal(r->n_answers, 1);
	assert_string_equal(r->answers[0].data, data);
}

/* The step of kind @k for @id in @r, which was weighed and not chosen, for
 * a reason that says @why (NULL: any reason). */
static void passed_over(const struct dns_result *r, enum dns_step_kind k, const char *id,
			const char *why)
{
	const struct dns_step *s = find_id(r, k, id);
	assert_non_null(s);
	assert_false(s->chosen);
	if (why)
		assert_non_null(strstr(s->reason, why));
}

/* @r was forwarded by the rule @id. */
static void forwarded_by(const struct dns_result *r, const char *id)
{
	assert_int_equal(r->outcome, DNS_OUT_FORWARDED);
	assert_non_null(r->forward_rule);
	assert_string_equal(r->forward_rule->id, id);
}

/* ---- tests ---- */

/* hosted-zone-private-considerations.html, "Split-view DNS": one name, a
 * public and a private zone; an associated VPC sees the private record, the
 * internet the public one. */
static void test_split_horizon(void **state)
{
	struct fx *f = *state;
	struct dns_result *r = ask(f, "www.example.com", "vpc-a");
	one_answer(r, "10.0.0.10");
	const struct dns_step *z = find(r, DNS_STEP_ZONE, 1);
	assert_non_null(z);
	assert_string_equal(z->id, "ZPRIV");
	const struct dns_step *rule = find(r, DNS_STEP_RULE, 1);
	assert_non_null(rule);
	assert_string_equal(rule->id, "ZPRIV"); /* the autodefined rule of the private zone */
	assert_int_equal(rule->rule_type, DNS_RULE_SYSTEM);

	r = ask(f, "www.example.com", NULL);
	one_answer(r, "203.0.113.10");
	assert_string_equal(find(r, DNS_STEP_ZONE, 1)->id, "ZPUB");
	assert_null(find_id(r, DNS_STEP_ZONE, "ZPRIV"));
}

/* hosted-zone-private-considerations.html, "Public and private hosted zones
 * that have overlapping namespaces": a matching private zone without the
 * record gives NXDOMAIN; Resolver does not ask the public zone. */
static void test_private_zone_without_the_record_does_not_fall_back(void **state)
{
	struct fx *f = *state;
	struct dns_result *r = ask(f, "api.example.com", "vpc-a");
	assert_int_equal(r->rcode, DNS_RCODE_NXDOMAIN);
	assert_int_equal(r->outcome, DNS_OUT_NXDOMAIN);
	assert_int_equal(r->n_answers, 0);
	assert_non_null(find_id(r, DNS_STEP_NO_FALLBACK, "ZPRIV"));
	assert_null(find_id(r, DNS_STEP_LOOKUP, "ZPUB"));

	r = ask(f, "api.example.com", NULL); /* the internet sees the public record */
	one_answer(r, "203.0.113.20");
}

/* hosted-zone-private-considerations.html, "Private hosted zones that have
 * overlapping namespaces": the most specific zone answers; its NXDOMAIN
 * stands even where the less specific private zone holds the name. */
static void test_overlapping_private_zones_most_specific_wins(void **state)
{
	struct fx *f = *state;
	struct dns_result *r = ask(f, "db.corp.example.com", "vpc-b");
	one_answer(r, "10.1.0.5");
	assert_string_equal(find(r, DNS_STEP_ZONE, 1)->id, "ZCORP");
	passed_over(r, DNS_STEP_ZONE, "ZPRIV", NULL);

	r = ask(f, "app.corp.example.com", "vpc-b"); /* only in the less specific zone */
	assert_int_equal(r->rcode, DNS_RCODE_NXDOMAIN);
	assert_non_null(find_id(r, DNS_STEP_NO_FALLBACK, "ZCORP"));
	assert_null(find_id(r, DNS_STEP_LOOKUP, "ZPRIV"));

	r = ask(f, "app.corp.example.com", "vpc-a"); /* vpc-a has only example.com */
	one_answer(r, "10.0.0.77");
	r = ask(f, "www.example.com", "vpc-b");
	one_answer(r, "10.0.0.10");
}

/* hosted-zone-private-considerations.html, "Amazon VPC settings": private
 * zones need enableDnsSupport and enableDnsHostnames; with hostnames off the
 * VPC gets the public answer, with DNS support off no answer at all. */
static void test_dns_attributes_off_the_private_zone_is_not_used(void **state)
{
	struct fx *f = *state;
	struct dns_result *r = ask(f, "www.example.com", "vpc-c");
	one_answer(r, "203.0.113.10");
	const struct dns_step *a = find(r, DNS_STEP_DNS_ATTRS, -1);
	assert_non_null(a);
	assert_string_equal(a->id, "ZPRIV");
	assert_null(find_id(r, DNS_STEP_LOOKUP, "ZPRIV"));

	r = ask(f, "www.example.com", "vpc-d");
	assert_int_equal(r->outcome, DNS_OUT_NO_SERVER);
	assert_int_equal(r->rcode, DNS_RCODE_SERVFAIL);
	assert_int_equal(r->n_answers, 0);

	f->q.vpc_id = "vpc-nope";
	assert_int_equal(dns_resolve(f->v, &f->q, &f->r), VS_ENOTFOUND);
}

/* resolver-overview-forward-vpc-to-network-domain-name-matches.html: the most
 * specific rule wins; LABS.md: "forward example.com, system www.example.com". */
static void test_more_specific_system_rule_beats_forward(void **state)
{
	struct fx *f = *state;
	struct dns_result *r = ask(f, "www.example.com", "vpc-e");
	one_answer(r, "203.0.113.10"); /* Resolver answers: no private zone: public */
	const struct dns_step *win = find(r, DNS_STEP_RULE, 1);
	assert_string_equal(win->id, "rslvr-rr-sys-www");
	passed_over(r, DNS_STEP_RULE, "rslvr-rr-fwd-example", "less specific");

	r = ask(f, "api.example.com", "vpc-e");
	forwarded_by(r, "rslvr-rr-fwd-example");
	assert_int_equal(r->forward_rule->n_targets, 2);
	assert_string_equal(find(r, DNS_STEP_FORWARD, -1)->id, "rslvr-out-1");
}

/* The same page, the other way round: a FORWARD rule below a SYSTEM rule. */
static void test_more_specific_forward_rule_beats_system(void **state)
{
	struct fx *f = *state;
	struct dns_result *r = ask(f, "host.onprem.example.com", "vpc-f");
	forwarded_by(r, "rslvr-rr-fwd-onprem");
	passed_over(r, DNS_STEP_RULE, "rslvr-rr-sys-example", NULL);

	r = ask(f, "www.example.com", "vpc-f");
	one_answer(r, "203.0.113.10");
	assert_string_equal(find(r, DNS_STEP_RULE, 1)->id, "rslvr-rr-sys-example");
}

/* resolver-overview-forward-vpc-to-network-autodefined-rules.html: a private
 * zone's autodefined rule keeps it resolving under a forward rule for "com";
 * a rule for the zone's very domain overrides it. */
static void test_autodefined_private_zone_rule(void **state)
{
	struct fx *f = *state;
	struct dns_result *r = ask(f, "www.example.com", "vpc-g");
	one_answer(r, "10.0.0.10");
	passed_over(r, DNS_STEP_RULE, "rslvr-rr-fwd-com", NULL);
	r = ask(f, "www.example.org.com", "vpc-g");
	assert_int_equal(r->outcome, DNS_OUT_FORWARDED);
	r = ask(f, "www.example.org", "vpc-g"); /* only "." matches: the Internet Resolver */
	assert_int_equal(r->outcome, DNS_OUT_OUTSIDE);
	assert_int_equal(find(r, DNS_STEP_RULE, 1)->rule_type, DNS_RULE_RECURSIVE);

	r = ask(f, "www.example.com", "vpc-h");
	forwarded_by(r, "rslvr-rr-fwd-example");
	passed_over(r, DNS_STEP_RULE, "ZPRIV", "overridden");

	/* the Region's EC2 names have their own autodefined rule; a host name
	 * of no interface the view knows is not there */
	r = ask(f, "ip-10-0-0-1.ec2.internal", "vpc-g");
	assert_int_equal(r->outcome, DNS_OUT_NXDOMAIN);
	assert_non_null(find(r, DNS_STEP_OUTSIDE, -1));
}

/* RFC 1034 3.6.2 / 4.3.2 3a: a CNAME in the zone is chased there; one whose
 * target is in another zone is resolved again from the start; the answer
 * holds the whole chain. */
static void test_cname_chain(void **state)
{
	struct fx *f = *state;
	struct dns_result *r = ask(f, "cdn.example.com", NULL);
	assert_int_equal(r->rcode, DNS_RCODE_NOERROR);
	assert_int_equal(r->n_answers, 3);
	assert_int_equal(r->answers[0].type, DNS_T_CNAME);
	assert_string_equal(r->answers[0].data, "edge.example.net.");
	assert_int_equal(r->answers[1].type, DNS_T_CNAME);
	assert_string_equal(r->answers[1].data, "origin.example.net.");
	assert_int_equal(r->answers[2].type, DNS_T_A);
	assert_string_equal(r->answers[2].data, "198.51.100.7");
	struct dns_name origin;
	dns_name_parse(&origin, "origin.example.net", 0);
	assert_true(dns_name_equal(&r->final_name, &origin));
	const struct dns_step *c1 = find(r, DNS_STEP_CNAME, -1);
	assert_non_null(strstr(c1->reason, "outside the zone"));

	r = ask(f, "shop.example.com", NULL);
	assert_int_equal(r->n_answers, 2);
	assert_string_equal(r->answers[1].data, "203.0.113.10");
	assert_non_null(strstr(find(r, DNS_STEP_CNAME, -1)->reason, "same zone"));
}

/* A CNAME loop ends, after DNS_MAX_CNAME links, in SERVFAIL -- never a hang. */
static void test_cname_loop_is_servfail(void **state)
{
	struct fx *f = *state;
	struct dns_result *r = ask(f, "loop1.example.com", NULL);
	assert_int_equal(r->rcode, DNS_RCODE_SERVFAIL);
	assert_int_equal(r->outcome, DNS_OUT_LOOP); /* not "answer" */
	assert_true(r->n_answers <= DNS_MAX_CNAME);
}

static const struct dns_step *candidate(const struct dns_result *r, const char *set_id)
{
	return find_id(r, DNS_STEP_CANDIDATE, set_id);
}

/* routing-policy-weighted.html: weight / sum of weights; all weights 0:
 * equal shares; a 0-weight record only when no non-zero one is healthy. */
static void test_weighted_with_zero_weights(void **state)
{
	struct fx *f = *state;
	f->q.client_hash = 0;
	struct dns_result *r = ask(f, "w0.example.com", NULL);
	one_answer(r, "203.0.113.31");
	assert_true(candidate(r, "a")->probability == 0.5);
	assert_true(candidate(r, "b")->probability == 0.5);
	f->q.client_hash = 1;
	r = ask(f, "w0.example.com", NULL);
	one_answer(r, "203.0.113.32");

	f->q.client_hash = 0;
	r = ask(f, "w.example.com", NULL);
	one_answer(r, "203.0.113.41");
	assert_true(candidate(r, "x")->probability == 0.75);
	assert_true(candidate(r, "y")->probability == 0.25);
	assert_true(candidate(r, "z")->probability == 0.0);
	assert_true(candidate(r, "x")->chosen);
	f->q.client_hash = 3; /* 3 mod 4 falls in y's share */
	r = ask(f, "w.example.com", NULL);
	one_answer(r, "203.0.113.42");

	struct dns_health h[] = {{"hc-x", false}, {"hc-y", true}};
	f->q.health = h;
	f->q.n_health = 2;
	f->q.client_hash = 0;
	r = ask(f, "w.example.com", NULL);
	one_answer(r, "203.0.113.42"); /* x unhealthy: y takes everything */
	assert_true(candidate(r, "y")->probability == 1.0);
	assert_int_equal(candidate(r, "x")->healthy, 0);

	h[1].healthy = false; /* every non-zero record unhealthy: the zero-weight one */
	r = ask(f, "w.example.com", NULL);
	one_answer(r, "203.0.113.43");
	assert_true(candidate(r, "z")->probability == 1.0);
	assert_int_equal(candidate(r, "z")->healthy, -1); /* no health check */
	f->q.health = NULL;
	f->q.n_health = 0;
}

/* routing-policy-failover.html / dns-failover-types.html (active-passive):
 * the primary while healthy, else the secondary; both unhealthy: as if both
 * were healthy. */
static void test_failover_with_an_unhealthy_primary(void **state)
{
	struct fx *f = *state;
	struct dns_health h[] = {{"hc-p", false}, {"hc-s", true}};
	f->q.health = h;
	f->q.n_health = 2;
	struct dns_result *r = ask(f, "fo.example.com", NULL);
	one_answer(r, "203.0.113.2");
	assert_true(candidate(r, "s")->chosen);
	assert_int_equal(candidate(r, "p")->healthy, 0);

	h[0].healthy = true;
	r = ask(f, "fo.example.com", NULL);
	one_answer(r, "203.0.113.1");

	h[0].healthy = false;
	h[1].healthy = false;
	r = ask(f, "fo.example.com", NULL);
	one_answer(r, "203.0.113.1");
	f->q.health = NULL;
	f->q.n_health = 0;

	/* a health check missing from the table counts as healthy, and says so */
	r = ask(f, "fo.example.com", NULL);
	one_answer(r, "203.0.113.1");
	assert_non_null(find_id(r, DNS_STEP_HEALTH, "hc-p"));
}

/* routing-policy-multivalue.html: up to eight healthy records; all healthy
 * when eight or fewer; all unhealthy: up to eight unhealthy ones. */
static void test_multivalue_answers_at_most_eight(void **state)
{
	struct fx *f = *state;
	struct dns_health h[10];
	char ids[10][8];
	for (int i = 0; i < 10; i++) {
		snprintf(ids[i], sizeof(ids[i]), "hc-m%d", i);
		h[i].id = ids[i];
		h[i].healthy = true;
	}
	f->q.health = h;
	f->q.n_health = 10;
	for (uint64_t hash = 0; hash < 10; hash++) {
		f->q.client_hash = hash;
		struct dns_result *r = ask(f, "mv.example.com", NULL);
		assert_int_equal(r->n_answers, 8);
		for (uint32_t i = 0; i < 8; i++)
			for (uint32_t j = i + 1; j < 8; j++)
				assert_string_not_equal(r->answers[i].data, r->answers[j].data);
	}
	for (int i = 0; i < 7; i++)
		h[i].healthy = false;
	struct dns_result *r = ask(f, "mv.example.com", NULL);
	assert_int_equal(r->n_answers, 3);
	assert_string_equal(r->answers[0].data, "203.0.113.107");
	for (int i = 0; i < 10; i++)
		h[i].healthy = false;
	r = ask(f, "mv.example.com", NULL);
	assert_int_equal(r->n_answers, 8);
	f->q.health = NULL;
	f->q.n_health = 0;
	f->q.client_hash = 0;
}

/* routing-policy-geo.html: the smallest area wins, then larger ones, then the
 * default; routing-policy-latency.html: the client's Region.  Without a
 * client position the answer is undecided and every candidate reported. */
static void test_geolocation_and_latency_by_client_position(void **state)
{
	struct fx *f = *state;
	f->q.client_geo = (struct dns_geo){.continent = "EU", .country = "DE"};
	one_answer(ask(f, "geo.example.com", NULL), "203.0.113.61");
	f->q.client_geo = (struct dns_geo){.continent = "EU", .country = "FR"};
	one_answer(ask(f, "geo.example.com", NULL), "203.0.113.62");
	f->q.client_geo = (struct dns_geo){.continent = "NA", .country = "US"};
	one_answer(ask(f, "geo.example.com", NULL), "203.0.113.63");
	f->q.client_geo = (struct dns_geo){0};
	struct dns_result *r = ask(f, "geo.example.com", NULL);
	assert_int_equal(r->outcome, DNS_OUT_UNDECIDED);
	assert_int_equal(r->n_answers, 0);
	assert_non_null(candidate(r, "de"));
	assert_non_null(candidate(r, "default"));

	f->q.client_region = "eu-west-1";
	one_answer(ask(f, "lat.example.com", NULL), "203.0.113.72");
	f->q.client_region = NULL;
	r = ask(f, "lat.example.com", NULL);
	assert_int_equal(r->outcome, DNS_OUT_UNDECIDED);
	assert_true(candidate(r, "use1")->probability < 0);
}

/* resource-record-sets-choosing-alias-non-alias.html: an alias at the apex
 * answers with its target's record under the apex name; an alias to an AWS
 * resource outside the snapshot is reported, not guessed. */
static void test_alias_records(void **state)
{
	struct fx *f = *state;
	struct dns_result *r = ask(f, "example.com", NULL);
	one_answer(r, "203.0.113.10");
	struct dns_name apex;
	dns_name_parse(&apex, "example.com", 0);
	assert_true(dns_name_equal(&r->answers[0].owner, &apex));
	assert_int_equal(r->answers[0].ttl, 300); /* the target's TTL */
	assert_string_equal(find(r, DNS_STEP_ALIAS, -1)->id, "ZPUB");

	r = ask(f, "lb.example.com", NULL);
	assert_int_equal(r->outcome, DNS_OUT_INCOMPLETE);
	assert_string_equal(find(r, DNS_STEP_ALIAS, -1)->id, "Z35SXDOTRQ7X7K");
}

/* RFC 1034 4.3.2 3b: public DNS follows the parent's delegation into the
 * child zone when the snapshot holds it. */
static void test_public_delegation_to_a_child_zone(void **state)
{
	struct fx *f = *state;
	struct dns_result *r = ask(f, "app.dev.example.com", NULL);
	one_answer(r, "203.0.113.50");
	const struct dns_step *d = find(r, DNS_STEP_DELEGATION, -1);
	assert_non_null(d);
	assert_string_equal(d->id, "ZDEV");
}

/* The same page: a public zone the parent does not delegate to is not seen
 * from the internet (the parent answers, here NXDOMAIN), and the step says
 * which zone held the name. */
static void test_public_zone_without_delegation_is_not_seen(void **state)
{
	struct fx *f = *state;
	struct dns_result *r = ask(f, "app.stage.example.com", NULL);
	assert_int_equal(r->rcode, DNS_RCODE_NXDOMAIN);
	assert_string_equal(find(r, DNS_STEP_ZONE, 1)->id, "ZPUB");
	passed_over(r, DNS_STEP_ZONE, "ZSTAGE", "delegates");
}

/* resource-record-sets-values-alias-common.html / AliasTarget
 * EvaluateTargetHealth: an alias inherits its target's health; with weighted
 * aliases the unhealthy target's record gets no traffic.  Targets outside
 * the snapshot take their health from the table by DNS name. */
static void test_alias_evaluates_target_health(void **state)
{
	struct fx *f = *state;
	struct dns_health h[] = {{"elb-1.us-east-1.elb.amazonaws.com", false}};
	f->q.health = h;
	f->q.n_health = 1;
	for (uint64_t hash = 0; hash < 4; hash++) {
		f->q.client_hash = hash;
		struct dns_result *r = ask(f, "eth.example.com", NULL);
		assert_int_equal(r->outcome, DNS_OUT_INCOMPLETE); /* an ELB: outside this layer */
		assert_true(candidate(r, "two")->chosen);
		assert_int_equal(candidate(r, "one")->healthy, 0);
		struct dns_name elb2;
		dns_name_parse(&elb2, "elb-2.us-east-1.elb.amazonaws.com", 0);
		assert_true(dns_name_equal(&find(r, DNS_STEP_ALIAS, -1)->target, &elb2));
	}
	f->q.health = NULL;
	f->q.n_health = 0;
	f->q.client_hash = 0;
}

/* Build-time refusals of the view: an unknown rule in an association, two
 * rules of one domain on one VPC. */
static void test_view_refuses_bad_associations(void **state)
{
	(void)state;
	char err[256];
	struct dns_view *v = NULL;
	struct dns_rule_assoc_in bad[] = {{"rslvr-rr-missing", "vpc-a"}};
	struct dns_view_in in = world;
	in.assocs = bad;
	in.n_assocs = 1;
	assert_int_equal(dns_view_build(&in, &v, err, sizeof(err)), VS_EINVAL);
	assert_non_null(strstr(err, "rslvr-rr-missing"));
	struct dns_rule_assoc_in twice[] = {{"rslvr-rr-fwd-example", "vpc-a"},
					    {"rslvr-rr-sys-example", "vpc-a"}};
	in.assocs = twice;
	in.n_assocs = 2;
	assert_int_equal(dns_view_build(&in, &v, err, sizeof(err)), VS_EINVAL);
	assert_null(v);
}

/* Names AWS answers itself (vpc-dns.html "DNS hostnames"): an EC2 host
 * name of the VPC inside it only; a public host name with the public
 * address from everywhere and the private one inside its VPC. */
static void test_aws_names_split_horizon(void **state)
{
	(void)state;
	static const struct dns_aws_name_in names[] = {
		{"ip-10-0-0-1.ec2.internal", DNS_T_A, 60, "10.0.0.1", "vpc-a", "eni-1"},
		{"ec2-54-0-0-1.compute-1.amazonaws.com", DNS_T_A, 60, "54.0.0.1", NULL, "eni-1"},
		{"ec2-54-0-0-1.compute-1.amazonaws.com", DNS_T_A, 60, "10.0.0.1", "vpc-a", "eni-1"},
	};
	struct dns_view_in in = world;
	in.aws_names = names;
	in.n_aws_names = N_OF(names);
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	char err[256];
	assert_int_equal(dns_view_build(&in, &f->v, err, sizeof(err)), 0);
	struct dns_result *r = ask(f, "ip-10-0-0-1.ec2.internal", "vpc-a");
	assert_int_equal(r->n_answers, 1);
	assert_string_equal(r->answers[0].data, "10.0.0.1");
	assert_string_equal(find(r, DNS_STEP_AWS_NAME, -1)->id, "eni-1");
	r = ask(f, "ec2-54-0-0-1.compute-1.amazonaws.com", NULL);
	assert_int_equal(r->n_answers, 1);
	assert_string_equal(r->answers[0].data, "54.0.0.1");
	r = ask(f, "ec2-54-0-0-1.compute-1.amazonaws.com", "vpc-a");
	assert_int_equal(r->n_answers, 1);
	assert_string_equal(r->answers[0].data, "10.0.0.1");
	f->q.qtype = DNS_T_AAAA;
	r = ask(f, "ec2-54-0-0-1.compute-1.amazonaws.com", NULL);
	assert_int_equal(r->outcome, DNS_OUT_NODATA);
	dns_view_free(f->v);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_horizon),
		cmocka_unit_test(test_aws_names_split_horizon),
		cmocka_unit_test(test_private_zone_without_the_record_does_not_fall_back),
		cmocka_unit_test(test_overlapping_private_zones_most_specific_wins),
		cmocka_unit_test(test_dns_attributes_off_the_private_zone_is_not_used),
		cmocka_unit_test(test_more_specific_system_rule_beats_forward),
		cmocka_unit_test(test_more_specific_forward_rule_beats_system),
		cmocka_unit_test(test_autodefined_private_zone_rule),
		cmocka_unit_test(test_cname_chain),
		cmocka_unit_test(test_cname_loop_is_servfail),
		cmocka_unit_test(test_weighted_with_zero_weights),
		cmocka_unit_test(test_failover_with_an_unhealthy_primary),
		cmocka_unit_test(test_multivalue_answers_at_most_eight),
		cmocka_unit_test(test_geolocation_and_latency_by_client_position),
		cmocka_unit_test(test_alias_records),
		cmocka_unit_test(test_public_delegation_to_a_child_zone),
		cmocka_unit_test(test_public_zone_without_delegation_is_not_seen),
		cmocka_unit_test(test_alias_evaluates_target_health),
		cmocka_unit_test(test_view_refuses_bad_associations),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

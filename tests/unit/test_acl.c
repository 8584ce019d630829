/*
 * DOC: unit tests of src/trace/acl.c: security group and network ACL
 * matching (VPC User Guide: security-group-rules.html, nacl-rules.html,
 * vpc-peering "reference peer security groups": same region only).
 *
 * The model is built by hand: two VPCs, one peering, ENIs in groups,
 * a network ACL whose entries are written out of rule-number order; and
 * three VPCs on one transit gateway (tgw-vpc-attachments.html, security
 * group referencing).
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
#include "vpcsim/acl.h"
#include "vpcsim/model.h"

static struct model_cidr C(const char *s) {
	struct model_cidr c;
	memset(&c, 0, sizeof(c));
	c.pfx = P(s);
	c.text = s;
	return c;
}

static struct acl_pkt
PKT(const char *src, const char *dst, uint8_t proto, uint16_t dport) {
	struct acl_pkt p;
	memset(&p, 0, sizeof(p));
	p.src = A(src);
	p.dst = A(dst);
	p.proto = proto;
	p.sport = 49152;
	p.dport = dport;
	return p;
}

/*
 * vpc[0] 10.0.0.0/16 (us-east-1), vpc[1] 10.1.0.0/16 (us-east-1, peered),
 * vpc[2] 10.2.0.0/16 (eu-west-1, peered across regions).
 * sg[0] "web": in tcp 443 from 0.0.0.0/0, icmp type 8 from 10.0.0.0/8,
 *              proto 47 from 10.0.0.0/16, tcp 8080 from ::/0 (IPv6 only)
 * sg[1] "mgmt": in tcp 22 from prefix list pl[0] (10.9.0.0/24)
 * sg[2] "db":  in tcp 5432-5433 from group sg[3]
 * sg[3] "app": out all to 0.0.0.0/0
 * eni[0] 10.0.1.10 in web+mgmt (vpc 0); eni[1] 10.0.2.10 in app (vpc 0);
 * eni[2] 10.1.1.10 in app (vpc 1, peered); eni[3] 10.2.1.10 in app (vpc 2,
 * other region); eni[4] 10.0.3.10 in db (vpc 0).
 */
struct fixture {
	struct model *m;
	struct acl *acl;
};

static struct model_sg_rule *add_rule(struct model *m, struct model_sg *sg, bool egress, int proto,
				      int from, int to)
{
	struct model_sg_rule *r = &sg->rules[sg->n_rules++];
	(void)m;
	r->egress = egress;
	r->proto = proto;
	r->from = from;
	r->to = to;
	return r;
}

static void add_eni(struct model *m, uint32_t i, const char *id, const char *ip, uint32_t vpc,
		    struct model_sg *g1, struct model_sg *g2)
{
	struct model_eni *e = &m->enis[i];
	e->obj.kind = MODEL_ENI;
	e->obj.id = id;
	e->vpc = &m->vpcs[vpc];
	e->vpc_id = m->vpcs[vpc].obj.id;
	e->ips = arena_calloc(m->arena, 1, sizeof(*e->ips));
	e->ips[0].priv = A(ip);
	e->ips[0].primary = true;
	e->n_ips = 1;
	e->sgs = arena_calloc(m->arena, 2, sizeof(*e->sgs));
	e->sg_ids = arena_calloc(m->arena, 2, sizeof(*e->sg_ids));
	e->sgs[e->n_sgs] = g1;
	e->sg_ids[e->n_sgs++] = g1->obj.id;
	if (g2) {
		e->sgs[e->n_sgs] = g2;
		e->sg_ids[e->n_sgs++] = g2->obj.id;
	}
}

static void add_entry(struct model_nacl *n, int32_t num, bool egress, bool allow, int proto,
		      const char *cidr, int pfrom, int pto)
{
	struct model_nacl_entry *e = &n->entries[n->n_entries++];
	e->rule_number = num;
	e->egress = egress;
	e->allow = allow;
	e->proto = proto;
	e->cidr = C(cidr);
	if (pfrom >= 0) {
		e->has_ports = true;
		e->port_from = (uint16_t)pfrom;
		e->port_to = (uint16_t)pto;
	}
	e->icmp_type = e->icmp_code = -1;
}

/* @n VPCs named @ids, in @regions (NULL: all in us-east-1). */
static void make_vpcs(struct model *m, const char *const *ids, const char *const *regions,
		      uint32_t n)
{
	m->vpcs = calloc(n, sizeof(*m->vpcs));
	m->n_vpcs = n;
	for (uint32_t i = 0; i < n; i++) {
		m->vpcs[i].obj.kind = MODEL_VPC;
		m->vpcs[i].obj.id = ids[i];
		m->vpcs[i].obj.region = regions ? regions[i] : "us-east-1";
	}
}

/* @n groups named @ids, group i in VPC @vpc[i] (NULL: all in the first). */
static void make_sgs(struct model *m, const char *const *ids, const uint32_t *vpc, uint32_t n)
{
	m->sgs = calloc(n, sizeof(*m->sgs));
	m->n_sgs = n;
	for (uint32_t i = 0; i < n; i++) {
		struct model_vpc *v = &m->vpcs[vpc ? vpc[i] : 0];
		m->sgs[i].obj.kind = MODEL_SG;
		m->sgs[i].obj.id = ids[i];
		m->sgs[i].vpc = v;
		m->sgs[i].vpc_id = v->obj.id;
		m->sgs[i].rules = arena_calloc(m->arena, 8, sizeof(struct model_sg_rule));
	}
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct model *m = calloc(1, sizeof(*m));
	m->arena = arena_new();
	static const char *const vids[] = {"vpc-0", "vpc-1", "vpc-2"};
	static const char *const regions[] = {"us-east-1", "us-east-1", "eu-west-1"};
	make_vpcs(m, vids, regions, 3);
	m->pcxs = calloc(3, sizeof(*m->pcxs));
	m->n_pcxs = 3;
	for (int i = 0; i < 3; i++) {
		struct model_pcx *p = &m->pcxs[i];
		p->obj.kind = MODEL_PCX;
		p->obj.id = i == 0 ? "pcx-01" : i == 1 ? "pcx-02" : "pcx-03";
		p->status = i == 2 ? "pending-acceptance" : "active";
		p->requester.vpc = &m->vpcs[0];
		p->requester.vpc_id = "vpc-0";
		p->accepter.vpc = &m->vpcs[i == 1 ? 2 : 1];
	}
	m->pcxs[1].accepter.region = "eu-west-1";
	m->pls = calloc(1, sizeof(*m->pls));
	m->n_pls = 1;
	m->pls[0].obj.kind = MODEL_PL;
	m->pls[0].obj.id = "pl-0";
	m->pls[0].cidrs = arena_calloc(m->arena, 1, sizeof(struct model_cidr));
	m->pls[0].cidrs[0] = C("10.9.0.0/24");
	m->pls[0].n_cidrs = 1;

	static const char *const gids[] = {"sg-web", "sg-mgmt", "sg-db", "sg-app"};
	make_sgs(m, gids, NULL, 4);
	struct model_sg_rule *r;
	r = add_rule(m, &m->sgs[0], false, 6, 443, 443);
	r->cidr = C("0.0.0.0/0");
	r = add_rule(m, &m->sgs[0], false, 1, 8, -1);
	r->cidr = C("10.0.0.0/8");
	r = add_rule(m, &m->sgs[0], false, 47, -1, -1);
	r->cidr = C("10.0.0.0/16");
	r = add_rule(m, &m->sgs[0], false, 6, 8080, 8080);
	r->peer_type = SG_PEER_CIDR6;
	r->cidr = C("::/0");
	r = add_rule(m, &m->sgs[1], false, 6, 22, 22);
	r->peer_type = SG_PEER_PL;
	r->peer_id = "pl-0";
	r->pl = &m->pls[0];
	r = add_rule(m, &m->sgs[2], false, 6, 5432, 5433);
	r->peer_type = SG_PEER_SG;
	r->peer_id = "sg-app";
	r->sg = &m->sgs[3];
	r = add_rule(m, &m->sgs[3], true, -1, -1, -1);
	r->cidr = C("0.0.0.0/0");

	m->enis = calloc(5, sizeof(*m->enis));
	m->n_enis = 5;
	add_eni(m, 0, "eni-web", "10.0.1.10", 0, &m->sgs[0], &m->sgs[1]);
	add_eni(m, 1, "eni-app", "10.0.2.10", 0, &m->sgs[3], NULL);
	add_eni(m, 2, "eni-peer", "10.1.1.10", 1, &m->sgs[3], NULL);
	add_eni(m, 3, "eni-far", "10.2.1.10", 2, &m->sgs[3], NULL);
	add_eni(m, 4, "eni-db", "10.0.3.10", 0, &m->sgs[2], NULL);

	m->nacls = calloc(1, sizeof(*m->nacls));
	m->n_nacls = 1;
	struct model_nacl *n = &m->nacls[0];
	n->obj.kind = MODEL_NACL;
	n->obj.id = "acl-0";
	n->entries = arena_calloc(m->arena, 16, sizeof(struct model_nacl_entry));
	/* deliberately not in rule-number order */
	add_entry(n, 200, false, true, 6, "0.0.0.0/0", 22, 22);
	add_entry(n, 100, false, false, 6, "10.0.1.0/24", 22, 22);
	add_entry(n, 300, false, true, 6, "0.0.0.0/0", 1024, 65535);
	add_entry(n, 310, false, true, 1, "0.0.0.0/0", -1, -1);
	n->entries[n->n_entries - 1].has_icmp = true;
	n->entries[n->n_entries - 1].icmp_type = 0;
	add_entry(n, 320, false, true, -1, "2600::/16", -1, -1);
	add_entry(n, 100, true, true, -1, "10.0.0.0/16", -1, -1);
	add_entry(n, 32767, true, false, -1, "0.0.0.0/0", -1, -1);

	assert_int_equal(model_index_build(m), 0);
	assert_int_equal(acl_build(m, &f->acl), 0);
	f->m = m;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	acl_free(f->acl);
	model_free(f->m);
	free(f);
	return 0;
}

static bool sg_in(struct fixture *f, uint32_t eni, struct acl_pkt p, struct acl_sg_match *mt)
{
	return acl_sg_allows(f->acl, &f->m->enis[eni], false, &p, mt);
}

static void test_sg_union_of_groups(void **state)
{
	struct fixture *f = *state;
	struct acl_sg_match mt;
	assert_true(sg_in(f, 0, PKT("8.8.8.8", "10.0.1.10", 6, 443), &mt));
	assert_ptr_equal(mt.sg, &f->m->sgs[0]);
	/* 22 comes from the second group, through its prefix list */
	assert_true(sg_in(f, 0, PKT("10.9.0.5", "10.0.1.10", 6, 22), &mt));
	assert_ptr_equal(mt.sg, &f->m->sgs[1]);
	assert_false(sg_in(f, 0, PKT("10.8.0.5", "10.0.1.10", 6, 22), &mt));
	assert_null(mt.rule);
}

static void test_sg_ports_and_protocols(void **state)
{
	struct fixture *f = *state;
	assert_false(sg_in(f, 0, PKT("8.8.8.8", "10.0.1.10", 6, 444), NULL));
	assert_false(
		sg_in(f, 0, PKT("8.8.8.8", "10.0.1.10", 17, 443), NULL)); /* tcp rule, udp packet */
	assert_true(sg_in(f, 0, PKT("10.0.9.9", "10.0.1.10", 47, 0), NULL)); /* protocol number */
	assert_false(sg_in(f, 0, PKT("10.5.9.9", "10.0.1.10", 47, 0), NULL));
	/* egress "all" rule of the app group: -1 covers every protocol */
	struct acl_pkt p = PKT("10.0.2.10", "1.1.1.1", 132, 0);
	assert_true(acl_sg_allows(f->acl, &f->m->enis[1], true, &p, NULL));
	/* ingress rules never decide egress */
	assert_false(acl_sg_allows(f->acl, &f->m->enis[0], true, &p, NULL));
}

static void test_sg_icmp_type_and_code(void **state)
{
	struct fixture *f = *state;
	struct acl_pkt p = PKT("10.0.9.9", "10.0.1.10", 1, 0);
	p.icmp_type = 8;
	p.icmp_code = 0;
	assert_true(sg_in(f, 0, p, NULL));
	p.icmp_type = 13; /* timestamp: the rule allows type 8 only */
	assert_false(sg_in(f, 0, p, NULL));
}

static void test_sg_ipv6_range_does_not_match_ipv4(void **state)
{
	struct fixture *f = *state;
	assert_true(sg_in(f, 0, PKT("2606:4700::1", "2600:1f18::10", 6, 8080), NULL));
	assert_false(sg_in(f, 0, PKT("8.8.8.8", "10.0.1.10", 6, 8080), NULL));
}

static void test_sg_reference_same_vpc_and_peered_same_region(void **state)
{
	struct fixture *f = *state;
	struct acl_sg_match mt;
	assert_true(
		sg_in(f, 4, PKT("10.0.2.10", "10.0.3.10", 6, 5433), &mt)); /* same VPC, in app */
	assert_int_equal(mt.rule->peer_type, SG_PEER_SG);
	assert_false(sg_in(f, 4, PKT("10.0.1.10", "10.0.3.10", 6, 5432), NULL)); /* web, not app */
	assert_false(sg_in(f, 4, PKT("10.0.7.7", "10.0.3.10", 6, 5432), NULL));  /* no ENI */
	assert_true(sg_in(f, 4, PKT("10.1.1.10", "10.0.3.10", 6, 5432),
			  NULL)); /* peered, same region */
	assert_false(sg_in(f, 4, PKT("10.2.1.10", "10.0.3.10", 6, 5432), NULL)); /* other region */
	assert_true(acl_vpcs_peered_same_region(f->acl, &f->m->vpcs[0], &f->m->vpcs[1]));
	assert_true(acl_vpcs_peered_same_region(f->acl, &f->m->vpcs[1], &f->m->vpcs[0]));
	assert_false(acl_vpcs_peered_same_region(f->acl, &f->m->vpcs[0], &f->m->vpcs[2]));
}

static void test_sg_reference_needs_an_active_peering(void **state)
{
	struct fixture *f = *state;
	/* pcx-03 (vpc-0 <-> vpc-1) is pending, but pcx-01 is active: drop pcx-01 */
	f->m->pcxs[0].status = "deleted";
	struct acl *a = NULL;
	assert_int_equal(acl_build(f->m, &a), 0);
	struct acl_pkt p = PKT("10.1.1.10", "10.0.3.10", 6, 5432);
	assert_false(acl_sg_allows(a, &f->m->enis[4], false, &p, NULL));
	acl_free(a);
	f->m->pcxs[0].status = "active";
}

static void test_nacl_rule_number_order_not_file_order(void **state)
{
	struct fixture *f = *state;
	struct acl_nacl_match mt;
	struct acl_pkt p = PKT("10.0.1.10", "10.0.5.5", 6, 22);
	assert_false(acl_nacl_allows(f->acl, &f->m->nacls[0], false, &p, &mt));
	assert_int_equal(mt.entry->rule_number, 100);
	p = PKT("10.0.2.10", "10.0.5.5", 6, 22);
	assert_true(acl_nacl_allows(f->acl, &f->m->nacls[0], false, &p, &mt));
	assert_int_equal(mt.entry->rule_number, 200);
}

static void test_nacl_catch_all_and_directions(void **state)
{
	struct fixture *f = *state;
	struct acl_nacl_match mt;
	struct acl_pkt p = PKT("8.8.8.8", "10.0.5.5", 17, 53);
	assert_false(acl_nacl_allows(f->acl, &f->m->nacls[0], false, &p, &mt));
	assert_null(mt.entry); /* nothing matched: the "*" rule */
	p = PKT("8.8.8.8", "10.0.5.5", 6, 50000);
	assert_true(acl_nacl_allows(f->acl, &f->m->nacls[0], false, &p, &mt));
	assert_int_equal(mt.entry->rule_number, 300);
	/* egress matches the destination address */
	p = PKT("10.0.5.5", "10.0.9.9", 6, 50000);
	assert_true(acl_nacl_allows(f->acl, &f->m->nacls[0], true, &p, &mt));
	p = PKT("10.0.5.5", "8.8.8.8", 6, 443);
	assert_false(acl_nacl_allows(f->acl, &f->m->nacls[0], true, &p, &mt));
	assert_int_equal(mt.entry->rule_number, 32767);
}

/* Every port of a range (the 1024-65535 a NAT gateway picks from): the
 * lowest one the ACL denies, and the entry that denies it.  Inbound: rule 100
 * denies tcp 22 from 10.0.1.0/24, 200 allows tcp 22, 300 tcp 1024-65535. */
static void test_nacl_denied_port_in_range(void **state)
{
	struct fixture *f = *state;
	const struct model_nacl *n = &f->m->nacls[0];
	struct acl_nacl_match mt;
	uint16_t port = 0;
	struct acl_pkt p = PKT("8.8.8.8", "10.0.5.5", 6, 0);
	assert_false(acl_nacl_denies_in_range(f->acl, n, false, &p, 1024, 65535, &port, &mt));
	assert_true(acl_nacl_denies_in_range(f->acl, n, false, &p, 1, 65535, &port, &mt));
	assert_int_equal(port, 1);
	assert_null(mt.entry); /* the catch-all */
	assert_true(acl_nacl_denies_in_range(f->acl, n, false, &p, 22, 1030, &port, &mt));
	assert_int_equal(port, 23); /* 22 is rule 200's */
	p = PKT("10.0.1.5", "10.0.5.5", 6, 0);
	assert_true(acl_nacl_denies_in_range(f->acl, n, false, &p, 22, 22, &port, &mt));
	assert_int_equal(port, 22);
	assert_int_equal(mt.entry->rule_number, 100);
	/* UDP: only the catch-all */
	p = PKT("8.8.8.8", "10.0.5.5", 17, 0);
	assert_true(acl_nacl_denies_in_range(f->acl, n, false, &p, 1024, 65535, &port, &mt));
	assert_int_equal(port, 1024);
}

static void test_nacl_icmp_and_ipv6(void **state)
{
	struct fixture *f = *state;
	struct acl_pkt p = PKT("8.8.8.8", "10.0.5.5", 1, 0);
	p.icmp_type = 0; /* echo reply */
	assert_true(acl_nacl_allows(f->acl, &f->m->nacls[0], false, &p, NULL));
	p.icmp_type = 8;
	assert_false(acl_nacl_allows(f->acl, &f->m->nacls[0], false, &p, NULL));
	p = PKT("2600:1::1", "2600:2::2", 17, 53);
	assert_true(acl_nacl_allows(f->acl, &f->m->nacls[0], false, &p, NULL));
	p = PKT("2a00::1", "2600:2::2", 17, 53);
	assert_false(acl_nacl_allows(f->acl, &f->m->nacls[0], false, &p, NULL));
	struct model_nacl other;
	memset(&other, 0, sizeof(other));
	assert_false(acl_nacl_allows(f->acl, &other, false, &p, NULL));
}

static void test_proto_names(void **state)
{
	(void)state;
	assert_string_equal(acl_proto_name(-1), "all");
	assert_string_equal(acl_proto_name(6), "tcp");
	assert_string_equal(acl_proto_name(58), "icmpv6");
	assert_string_equal(acl_proto_name(47), "gre");
	assert_null(acl_proto_name(200));
}

/*
 * Across a transit gateway (tgw-vpc-attachments.html, "Security group
 * referencing"): an inbound rule may reference a group of another VPC
 * attached to the same gateway only when the gateway and both VPC
 * attachments enable it.  vpc-a holds the "db" group (tcp 5432 from sg-b
 * and from sg-c); vpc-b's attachment enables referencing, vpc-c's does not.
 */
static void test_sg_reference_across_tgw_needs_referencing_on(void **state)
{
	(void)state;
	struct model *m = calloc(1, sizeof(*m));
	m->arena = arena_new();
	static const char *const vids[] = {"vpc-a", "vpc-b", "vpc-c"};
	make_vpcs(m, vids, NULL, 3);
	m->tgws = calloc(1, sizeof(*m->tgws));
	m->n_tgws = 1;
	m->tgws[0].obj.kind = MODEL_TGW;
	m->tgws[0].obj.id = "tgw-1";
	m->tgws[0].sg_ref = true;
	m->tgw_atts = calloc(3, sizeof(*m->tgw_atts));
	m->n_tgw_atts = 3;
	static const char *const aids[] = {"tgw-attach-a", "tgw-attach-b", "tgw-attach-c"};
	for (int i = 0; i < 3; i++) {
		struct model_tgw_att *t = &m->tgw_atts[i];
		t->obj.kind = MODEL_TGW_ATT;
		t->obj.id = aids[i];
		t->type = TGW_ATT_VPC;
		t->tgw = &m->tgws[0];
		t->resource = &m->vpcs[i].obj;
		t->state = "available";
		t->sg_ref = i != 2;
	}
	static const char *const gids[] = {"sg-db", "sg-b", "sg-c"};
	static const uint32_t in_vpc[] = {0, 1, 2};
	make_sgs(m, gids, in_vpc, 3);
	for (int i = 1; i < 3; i++) {
		struct model_sg_rule *r = add_rule(m, &m->sgs[0], false, 6, 5432, 5432);
		r->peer_type = SG_PEER_SG;
		r->peer_id = gids[i];
		r->sg = &m->sgs[i];
	}
	m->enis = calloc(3, sizeof(*m->enis));
	m->n_enis = 3;
	add_eni(m, 0, "eni-db", "10.0.1.10", 0, &m->sgs[0], NULL);
	add_eni(m, 1, "eni-b", "10.1.1.10", 1, &m->sgs[1], NULL);
	add_eni(m, 2, "eni-c", "10.2.1.10", 2, &m->sgs[2], NULL);
	assert_int_equal(model_index_build(m), 0);

	struct acl *a;
	assert_int_equal(acl_build(m, &a), 0);
	struct acl_pkt from_b = PKT("10.1.1.10", "10.0.1.10", 6, 5432);
	struct acl_pkt from_c = PKT("10.2.1.10", "10.0.1.10", 6, 5432);
	assert_true(acl_sg_allows(a, &m->enis[0], false, &from_b, NULL));
	assert_null(acl_sg_ref_unsupported(a, &m->enis[0], &from_b));
	assert_false(acl_sg_allows(a, &m->enis[0], false, &from_c, NULL));
	const struct model_sg_rule *lost = acl_sg_ref_unsupported(a, &m->enis[0], &from_c);
	assert_non_null(lost);
	assert_string_equal(lost->peer_id, "sg-c");
	assert_true(acl_vpcs_share_tgw(a, &m->vpcs[0], &m->vpcs[2]));
	assert_false(acl_vpcs_tgw_sg_ref(a, &m->vpcs[0], &m->vpcs[2]));
	assert_true(acl_vpcs_tgw_sg_ref(a, &m->vpcs[1], &m->vpcs[0]));
	acl_free(a);

	/* off on the gateway: off for every attachment */
	m->tgws[0].sg_ref = false;
	assert_int_equal(acl_build(m, &a), 0);
	assert_false(acl_sg_allows(a, &m->enis[0], false, &from_b, NULL));
	assert_non_null(acl_sg_ref_unsupported(a, &m->enis[0], &from_b));
	acl_free(a);

	/* a detached attachment joins nothing */
	m->tgws[0].sg_ref = true;
	m->tgw_atts[1].state = "deleted";
	assert_int_equal(acl_build(m, &a), 0);
	assert_false(acl_vpcs_share_tgw(a, &m->vpcs[0], &m->vpcs[1]));
	assert_false(acl_sg_allows(a, &m->enis[0], false, &from_b, NULL));
	acl_free(a);
	model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sg_union_of_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sg_ports_and_protocols, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sg_icmp_type_and_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sg_ipv6_range_does_not_match_ipv4, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sg_reference_same_vpc_and_peered_same_region,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_sg_reference_needs_an_active_peering, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nacl_rule_number_order_not_file_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nacl_catch_all_and_directions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nacl_denied_port_in_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nacl_icmp_and_ipv6, setup, teardown),
		cmocka_unit_test(test_sg_reference_across_tgw_needs_referencing_on),
		cmocka_unit_test(test_proto_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * DOC: unit tests of the DNS reply on the wire (src/dns/wire.c, and
 * src/dns/dns_serve.c's choice of what goes in it)
 *
 * RFC 1035 4.1.1 (header: AA only from an authority for the question's
 * name), 4.1 (sections); RFC 1034 4.3.2 step 3b (a referral: the NS RRset
 * of the cut in the authority section, glue in the additional, no
 * answer); RFC 9471 3 (glue that does not fit sets TC); RFC 8914 4.21
 * (extended error 20, Not Authoritative).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dns/name.h"
#include "dns/wire.h"
#include "dns/zone.h"
#include "vpcsim/diag.h"
#include "vpcsim/dns.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"

#define F_AA 0x0400u
#define F_TC 0x0200u
#define F_RA 0x0080u

/* A public zone deleg.example that delegates dev.deleg.example to two
 * name servers, one of them in the delegated zone with its addresses in
 * the parent (glue), the other elsewhere; a VPC without private zones. */
static const char snapshot[] =
	"{\"Region\":\"us-east-1\",\"AccountId\":\"111122223333\","
	"\"Vpcs\":[{\"VpcId\":\"vpc-1\",\"CidrBlock\":\"10.0.0.0/16\",\"State\":\"available\"}],"
	"\"VpcAttributes\":[{\"VpcId\":\"vpc-1\",\"EnableDnsSupport\":{\"Value\":true},"
	"\"EnableDnsHostnames\":{\"Value\":true}}],"
	"\"HostedZones\":[{\"Id\":\"/hostedzone/Z0DELEG01\",\"Name\":\"deleg.example.\","
	"\"Config\":{\"PrivateZone\":false}}],"
	"\"HostedZoneResourceRecordSets\":[{\"HostedZoneId\":\"Z0DELEG01\",\"ResourceRecordSets\":["
	"{\"Name\":\"deleg.example.\",\"Type\":\"SOA\",\"TTL\":900,\"ResourceRecords\":[{\"Value\":"
	"\"ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 60\"}]},"
	"{\"Name\":\"deleg.example.\",\"Type\":\"NS\",\"TTL\":172800,\"ResourceRecords\":[{"
	"\"Value\":\"ns-1.awsdns-00.com.\"}]},"
	"{\"Name\":\"www.deleg.example.\",\"Type\":\"A\",\"TTL\":60,\"ResourceRecords\":[{"
	"\"Value\":\"198.51.100.1\"}]},"
	"{\"Name\":\"dev.deleg.example.\",\"Type\":\"NS\",\"TTL\":300,\"ResourceRecords\":["
	"{\"Value\":\"ns1.dev.deleg.example.\"},{\"Value\":\"ns2.elsewhere.net.\"}]},"
	"{\"Name\":\"ns1.dev.deleg.example.\",\"Type\":\"A\",\"TTL\":300,\"ResourceRecords\":[{"
	"\"Value\":\"192.0.2.53\"}]}]}]}";

struct fx {
	struct model *m;
	struct dns_sim *sim;
};

static int setup(void **state)
{
	static struct fx f;
	struct diag_list *d = diag_list_new();
	assert_non_null(d);
	assert_int_equal(load_snapshot_buffer("wire.json", snapshot, sizeof(snapshot) - 1, NULL, d,
					      &f.m),
			 0);
	assert_int_equal(diag_count_severity(d, DIAG_ERROR), 0);
	diag_list_free(d);
	assert_int_equal(dns_sim_build(f.m, &f.sim, NULL, 0), 0);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	dns_sim_free(f->sim);
	model_free(f->m);
	return 0;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* A query for @name (text) of @type, class @qclass, opcode @opcode, with
 * an OPT record when @edns, into @out: its length. */
static size_t query(uint8_t *out, const char *name, uint16_t type, uint16_t qclass, unsigned opcode,
		    bool edns)
{
	struct dns_name n;
	assert_int_equal(dns_name_parse(&n, name, 0), 0);
	size_t k = 0;
	uint16_t flags = (uint16_t)(opcode << 11 | 0x0100); /* RD */
	uint8_t hdr[12] = {0x12, 0x34, (uint8_t)(flags >> 8), (uint8_t)flags, 0, 1, 0, 0, 0,
			   0,    0,    edns ? 1 : 0};
	memcpy(out, hdr, 12);
	k = 12;
	memcpy(out + k, n.wire, n.len);
	k += n.len;
	uint8_t tail[4] = {(uint8_t)(type >> 8), (uint8_t)type, (uint8_t)(qclass >> 8),
			   (uint8_t)qclass};
	memcpy(out + k, tail, 4);
	k += 4;
	if (edns) {
		static const uint8_t opt[11] = {0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0};
		memcpy(out + k, opt, sizeof(opt));
		k += sizeof(opt);
	}
	return k;
}

/* The reply of view @view to a standard IN query for @name @type (EDNS with
 * @edns) into @r (@cap octets); its length. */
static size_t ask(const struct fx *f, const char *view, const char *name, uint16_t type, bool edns,
		  uint8_t *r, size_t cap)
{
	uint8_t q[512];
	size_t qn = query(q, name, type, 1, 0, edns);
	return dns_sim_answer_wire(f->sim, view, q, qn, true, r, cap);
}

/* One record of a reply: its type and where its RDATA is. */
struct rr {
	uint16_t type;
	size_t rdata;
	uint16_t rdlen;
};

static size_t skip_name(const uint8_t *m, size_t n, size_t off)
{
	while (off < n) {
		uint8_t l = m[off];
		if ((l & 0xC0) == 0xC0)
			return off + 2;
		off += 1u + l;
		if (!l)
			return off;
	}
	fail_msg("a name runs past the reply");
	return n;
}

/* The records of reply @m (@n octets) into @out (all sections, in order):
 * how many; the message must end with the last one. */
static unsigned records(const uint8_t *m, size_t n, struct rr *out, unsigned max)
{
	assert_true(n >= 12);
	size_t off = 12;
	for (unsigned i = 0; i < get16(m + 4); i++)
		off = skip_name(m, n, off) + 4;
	unsigned total = (unsigned)get16(m + 6) + get16(m + 8) + get16(m + 10);
	assert_true(total <= max);
	for (unsigned i = 0; i < total; i++) {
		off = skip_name(m, n, off);
		assert_true(off + 10 <= n);
		out[i].type = get16(m + off);
		out[i].rdlen = get16(m + off + 8);
		out[i].rdata = off + 10;
		off += 10u + out[i].rdlen;
	}
	assert_int_equal(off, n);
	return total;
}

/* RFC 1034 4.3.2 step 3b: the internet's view (Route 53's name server for
 * deleg.example) answers a name below the cut with a referral -- NOERROR,
 * AA clear (it is not an authority for the name, RFC 1035 4.1.1), no
 * answer, the cut's NS RRset in the authority section and the zone's glue
 * for the in-zone name server in the additional section. */
static void test_a_name_below_a_delegation_gets_a_referral(void **state)
{
	struct fx *f = *state;
	uint8_t r[4096];
	size_t n = ask(f, "internet", "www.dev.deleg.example", DNS_T_A, false, r, sizeof(r));
	assert_true(n > 12);
	uint16_t flags = get16(r + 2);
	assert_int_equal(flags & 0xF, 0); /* NOERROR */
	assert_int_equal(flags & F_AA, 0);
	assert_int_equal(flags & F_TC, 0);
	assert_int_equal(get16(r + 6), 0); /* no answer */
	assert_int_equal(get16(r + 8), 2); /* NS ns1.dev..., NS ns2.elsewhere.net. */
	assert_int_equal(get16(r + 10), 1);
	struct rr rr[8];
	assert_int_equal(records(r, n, rr, 8), 3);
	assert_int_equal(rr[0].type, DNS_T_NS);
	assert_int_equal(rr[1].type, DNS_T_NS);
	assert_int_equal(rr[2].type, DNS_T_A);
	static const uint8_t glue[4] = {192, 0, 2, 53};
	assert_int_equal(rr[2].rdlen, 4);
	assert_memory_equal(r + rr[2].rdata, glue, 4);

	/* the cut itself, asked for its NS, is below the parent's authority too */
	n = ask(f, "internet", "dev.deleg.example", DNS_T_NS, true, r, sizeof(r));
	flags = get16(r + 2);
	assert_int_equal(flags & 0xF, 0);
	assert_int_equal(flags & F_AA, 0);
	assert_int_equal(get16(r + 6), 0);
	assert_int_equal(get16(r + 8), 2);
	assert_int_equal(get16(r + 10), 2); /* the glue and the OPT */
	assert_int_equal(records(r, n, rr, 8), 4);
	assert_int_equal(rr[3].type, 41);

	/* a name of the zone itself is still answered with authority */
	n = ask(f, "internet", "www.deleg.example", DNS_T_A, false, r, sizeof(r));
	assert_true(get16(r + 2) & F_AA);
	assert_int_equal(get16(r + 6), 1);
}

/* The VPC's view is Route 53 Resolver, a recursive resolver: it would
 * follow the delegation to servers outside the snapshot, which vpcsim does
 * not, so it keeps answering SERVFAIL (RA set, AA clear), not a referral. */
static void test_the_vpc_resolver_does_not_answer_with_a_referral(void **state)
{
	struct fx *f = *state;
	uint8_t r[4096];
	size_t n = ask(f, "vpc-1", "www.dev.deleg.example", DNS_T_A, false, r, sizeof(r));
	assert_true(n > 12);
	uint16_t flags = get16(r + 2);
	assert_int_equal(flags & 0xF, 2); /* SERVFAIL */
	assert_true(flags & F_RA);
	assert_int_equal(flags & F_AA, 0);
	assert_int_equal(get16(r + 8), 0);
}

/* The encoder writes additional records after the authority section and
 * before the OPT; glue that does not fit is left out and sets TC (RFC
 * 9471 3: a referral without its in-domain glue must say it is truncated). */
static void test_additional_records_follow_the_authority_and_set_tc_when_cut(void **state)
{
	(void)state;
	uint8_t q[512], r[512];
	size_t qn = query(q, "www.dev.deleg.example", DNS_T_A, 1, 0, false);
	struct dns_wire_query wq;
	assert_int_equal(dns_wire_parse_query(q, qn, &wq), DNS_WIRE_NOERROR);
	struct dns_name cut, host;
	assert_int_equal(dns_name_parse(&cut, "dev.deleg.example", 0), 0);
	assert_int_equal(dns_name_parse(&host, "ns1.dev.deleg.example", 0), 0);
	struct dns_wire_rr ns[1] = {{&cut, DNS_T_NS, 300, "ns1.dev.deleg.example."}};
	struct dns_wire_rr ar[2] = {{&host, DNS_T_A, 300, "192.0.2.53"},
				    {&host, DNS_T_AAAA, 300, "2001:db8::53"}};
	struct dns_wire_reply w = {
		.rcode = DNS_WIRE_NOERROR, .ns = ns, .n_ns = 1, .ar = ar, .n_ar = 2};
	size_t n = dns_wire_reply(&wq, &w, r, sizeof(r), NULL);
	assert_int_equal(get16(r + 8), 1);
	assert_int_equal(get16(r + 10), 2);
	assert_int_equal(get16(r + 2) & F_TC, 0);
	struct rr rr[4];
	assert_int_equal(records(r, n, rr, 4), 3);
	assert_int_equal(rr[1].type, DNS_T_A);
	assert_int_equal(rr[2].type, DNS_T_AAAA);

	/* room for the NS record and the A glue, not the AAAA: TC */
	size_t full = n;
	n = dns_wire_reply(&wq, &w, r, full - 1, NULL);
	assert_true(get16(r + 2) & F_TC);
	assert_int_equal(get16(r + 8), 1);
	assert_int_equal(get16(r + 10), 1);
	assert_int_equal(records(r, n, rr, 4), 2);
}

/* The OPT record of reply @m (@n octets) holds extended DNS error @code
 * (RFC 8914 2). */
static void assert_ede(const uint8_t *m, size_t n, uint16_t code)
{
	struct rr rr[16];
	unsigned k = records(m, n, rr, 16);
	assert_true(k > 0);
	const struct rr *opt = &rr[k - 1];
	assert_int_equal(opt->type, 41);
	assert_true(opt->rdlen >= 6);
	assert_int_equal(get16(m + opt->rdata), 15); /* EDE */
	assert_int_equal(get16(m + opt->rdata + 4), code);
}

/* RFC 1035 4.1.1: AA only when the server is an authority for the
 * question's name.  A name outside every public zone: REFUSED, AA clear,
 * and the extended error is 20, Not Authoritative (RFC 8914 4.21). */
static void test_refused_outside_every_zone_is_not_authoritative(void **state)
{
	struct fx *f = *state;
	uint8_t r[4096];
	size_t n = ask(f, "internet", "www.example.org", DNS_T_A, true, r, sizeof(r));
	uint16_t flags = get16(r + 2);
	assert_int_equal(flags & 0xF, 5); /* REFUSED */
	assert_int_equal(flags & F_AA, 0);
	assert_ede(r, n, 20);
}

/* Replies to what the server does not answer -- NOTIMP (another opcode, a
 * zone transfer or ANY), FORMERR (two questions), REFUSED (class CH) -- are
 * not authoritative either, even for a name of its zone. */
static void test_error_replies_clear_aa(void **state)
{
	struct fx *f = *state;
	uint8_t q[512], r[4096];
	struct {
		uint16_t type, qclass;
		unsigned opcode;
		unsigned rcode;
	} cases[] = {
		{DNS_T_A, 1, 2, 4},  /* opcode STATUS: NOTIMP */
		{255, 1, 0, 4},      /* ANY: NOTIMP */
		{252, 1, 0, 4},      /* AXFR: NOTIMP */
		{DNS_T_A, 3, 0, 5},  /* class CH: REFUSED */
		{DNS_T_A, 1, 15, 4}, /* an unassigned opcode: NOTIMP */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t qn = query(q, "www.deleg.example", cases[i].type, cases[i].qclass,
				  cases[i].opcode, false);
		size_t n = dns_sim_answer_wire(f->sim, "internet", q, qn, true, r, sizeof(r));
		assert_true(n >= 12);
		assert_int_equal(get16(r + 2) & 0xF, cases[i].rcode);
		assert_int_equal(get16(r + 2) & F_AA, 0);
	}
	/* two questions: FORMERR */
	size_t qn = query(q, "www.deleg.example", DNS_T_A, 1, 0, false);
	q[5] = 2;
	size_t n = dns_sim_answer_wire(f->sim, "internet", q, qn, true, r, sizeof(r));
	assert_true(n >= 12);
	assert_int_equal(get16(r + 2) & 0xF, 1);
	assert_int_equal(get16(r + 2) & F_AA, 0);
	/* what the zone answers, positive or negative, stays authoritative */
	n = ask(f, "internet", "nope.deleg.example", DNS_T_A, false, r, sizeof(r));
	assert_int_equal(get16(r + 2) & 0xF, 3); /* NXDOMAIN */
	assert_true(get16(r + 2) & F_AA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_name_below_a_delegation_gets_a_referral),
		cmocka_unit_test(test_the_vpc_resolver_does_not_answer_with_a_referral),
		cmocka_unit_test(test_additional_records_follow_the_authority_and_set_tc_when_cut),
		cmocka_unit_test(test_refused_outside_every_zone_is_not_authoritative),
		cmocka_unit_test(test_error_replies_clear_aa),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * DOC: unit tests of src/net/addr.c: parsing, formatting (RFC 5952),
 * prefix arithmetic, and the address classes AWS cares about.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "net_fixture.h"

#include "vpcsim/error.h"
#include "vpcsim/net.h"

/* Round trip: parse @in, format, expect @want. */
static void assert_addr_fmt(const char *in, const char *want)
{
	char buf[NET_PREFIX_STRLEN];
	struct net_addr a = A(in);
	assert_string_equal(net_addr_fmt(&a, buf), want);
}

static void assert_prefix_fmt(const char *in, const char *want)
{
	char buf[NET_PREFIX_STRLEN];
	struct net_prefix p = P(in);
	assert_string_equal(net_prefix_fmt(&p, buf), want);
}

/* Address @n of @pfx, formatted, must be @want. */
static void assert_prefix_nth(const char *pfx, uint64_t n, const char *want)
{
	char buf[NET_PREFIX_STRLEN];
	struct net_addr a;
	struct net_prefix p = P(pfx);
	net_prefix_nth(&p, n, &a);
	assert_string_equal(net_addr_fmt(&a, buf), want);
}

/* The last address of @pfx, formatted, must be @want. */
static void assert_prefix_last(const char *pfx, const char *want)
{
	char buf[NET_PREFIX_STRLEN];
	struct net_addr a;
	struct net_prefix p = P(pfx);
	net_prefix_last(&p, &a);
	assert_string_equal(net_addr_fmt(&a, buf), want);
}

static void assert_addr_rejected(const char *s)
{
	struct net_addr a;
	if (net_addr_parse(s, &a) != VS_EPARSE)
		fail_msg("address \"%s\" should be rejected", s ? s : "(null)");
	assert_int_equal(a.af, NET_AF_NONE);
}

static void assert_prefix_rejected(const char *s)
{
	struct net_prefix p;
	if (net_prefix_parse(s, &p) != VS_EPARSE)
		fail_msg("prefix \"%s\" should be rejected", s ? s : "(null)");
	assert_int_equal(p.addr.af, NET_AF_NONE);
	assert_int_equal(p.len, 0);
}

/* ---- parsing and formatting: IPv4 ---- */

static void test_ipv4_address_parses_to_network_order_bytes(void **state)
{
	(void)state;
	struct net_addr a = A("10.1.2.3");
	const uint8_t want[16] = {10, 1, 2, 3}; /* the rest of the 16 octets zero */
	assert_int_equal(a.af, NET_AF_INET);
	assert_memory_equal(a.b, want, sizeof(want));
	assert_int_equal(net_addr_v4(&a), 0x0a010203u);
	assert_addr_fmt("10.1.2.3", "10.1.2.3");
	assert_addr_fmt("0.0.0.0", "0.0.0.0");
	assert_addr_fmt("255.255.255.255", "255.255.255.255");
}

static void test_ipv4_octet_over_255_rejected(void **state)
{
	(void)state;
	assert_addr_rejected("10.0.0.256");
	assert_addr_rejected("256.0.0.0");
	assert_addr_rejected("10.0.0.1000");
}

static void test_ipv4_malformed_addresses_rejected(void **state)
{
	(void)state;
	assert_addr_rejected(NULL);
	assert_addr_rejected("");
	assert_addr_rejected("10.0.0");
	assert_addr_rejected("10.0.0.0.0");
	assert_addr_rejected("10..0.1");
	assert_addr_rejected("10.0.0.");
	assert_addr_rejected(" 10.0.0.1");
	assert_addr_rejected("10.0.0.1 ");
	assert_addr_rejected("10.0.0.1/32");
	assert_addr_rejected("10.0.0.-1");
	assert_addr_rejected("0x0a.0.0.1");
	assert_addr_rejected("a.b.c.d");
	/* leading zeros could mean octal to inet_aton(3): ambiguous, so refused */
	assert_addr_rejected("010.0.0.1");
	assert_addr_rejected("10.0.0.01");
}

static void test_ipv4_set_and_get_host_order(void **state)
{
	(void)state;
	struct net_addr a;
	memset(&a, 0xff, sizeof(a));
	net_addr_set_v4(&a, 0xc0a80101u);
	assert_int_equal(a.af, NET_AF_INET);
	for (int i = 4; i < 16; i++)
		assert_int_equal(a.b[i], 0);
	struct net_addr want = A("192.168.1.1");
	assert_true(net_addr_eq(&a, &want));
	assert_int_equal(net_addr_v4(&a), 0xc0a80101u);
}

/* ---- parsing and formatting: IPv6 (RFC 4291 in, RFC 5952 out) ---- */

static void test_ipv6_formats_lowercase_without_leading_zeros(void **state)
{
	(void)state;
	assert_addr_fmt("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1");
	assert_addr_fmt("2600:1F18:04A3:6E00::", "2600:1f18:4a3:6e00::");
	assert_addr_fmt("::", "::");
	assert_addr_fmt("::1", "::1");
	assert_addr_fmt("1::", "1::");
}

/* RFC 5952 section 4.2.3: the longest run of zero fields is compressed; on a
 * tie, the first one. */
static void test_ipv6_compresses_longest_zero_run_first_on_tie(void **state)
{
	(void)state;
	assert_addr_fmt("2001:0:0:1:0:0:0:1", "2001:0:0:1::1");
	assert_addr_fmt("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1");
	assert_addr_fmt("0:0:1:0:0:1:0:0", "::1:0:0:1:0:0");
}

/* RFC 5952 section 4.2.2: "::" must not stand for a single zero field. */
static void test_ipv6_single_zero_field_not_compressed(void **state)
{
	(void)state;
	assert_addr_fmt("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1");
	assert_addr_fmt("2001:db8::1:1:1:1:1", "2001:db8:0:1:1:1:1:1");
}

static void test_ipv6_embedded_ipv4_parses(void **state)
{
	(void)state;
	struct net_addr a = A("::ffff:192.0.2.1");
	const uint8_t want[16] = {
		[10] = 0xff, [11] = 0xff, [12] = 192, [13] = 0, [14] = 2, [15] = 1};
	assert_int_equal(a.af, NET_AF_INET6);
	assert_memory_equal(a.b, want, sizeof(want));
	assert_addr_fmt("::ffff:192.0.2.1", "::ffff:192.0.2.1");
}

static void test_ipv6_malformed_addresses_rejected(void **state)
{
	(void)state;
	assert_addr_rejected("1::2::3");
	assert_addr_rejected(":::");
	assert_addr_rejected("12345::");
	assert_addr_rejected("g::1");
	assert_addr_rejected("1:2:3:4:5:6:7:8:9");
	assert_addr_rejected("1:2:3:4:5:6:7");
	assert_addr_rejected("::ffff:1.2.3.256");
	assert_addr_rejected("fe80::1%eth0");
	assert_addr_rejected("[::1]");
	assert_addr_rejected(":");
}

static void test_longest_text_fits_strlen(void **state)
{
	(void)state;
	char buf[NET_PREFIX_STRLEN];
	struct net_prefix p = P("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/128");
	net_prefix_fmt(&p, buf);
	assert_true(strlen(buf) < NET_PREFIX_STRLEN);
	p = P("1111:2222:3333:4444:5555:6666:7777:8888/128");
	assert_string_equal(net_prefix_fmt(&p, buf), "1111:2222:3333:4444:5555:6666:7777:8888/128");
}

static void test_unset_address_formats_as_dash(void **state)
{
	(void)state;
	char buf[NET_PREFIX_STRLEN];
	struct net_addr a = {0};
	struct net_prefix p = {0};
	assert_string_equal(net_addr_fmt(&a, buf), "-");
	assert_string_equal(net_prefix_fmt(&p, buf), "-");
}

/* ---- prefixes ---- */

static void test_prefix_parses_address_and_length(void **state)
{
	(void)state;
	struct net_prefix p = P("10.0.0.0/16");
	assert_int_equal(p.addr.af, NET_AF_INET);
	assert_int_equal(p.len, 16);
	assert_prefix_fmt("10.0.0.0/16", "10.0.0.0/16");
	assert_prefix_fmt("0.0.0.0/0", "0.0.0.0/0");
	assert_prefix_fmt("1.2.3.4/32", "1.2.3.4/32");
	assert_prefix_fmt("::/0", "::/0");
	assert_prefix_fmt("2600:1F18:4A3:6E00::/56", "2600:1f18:4a3:6e00::/56");
	assert_prefix_fmt("::1/128", "::1/128");
}

static void test_prefix_length_over_32_rejected(void **state)
{
	(void)state;
	assert_prefix_rejected("10.0.0.0/33");
	assert_prefix_rejected("10.0.0.0/100");
	assert_prefix_rejected("10.0.0.0/1000");
}

static void test_prefix_length_over_128_rejected(void **state)
{
	(void)state;
	assert_prefix_rejected("::/129");
	assert_prefix_rejected("2001:db8::/200");
}

static void test_prefix_without_length_or_address_rejected(void **state)
{
	(void)state;
	assert_prefix_rejected(NULL);
	assert_prefix_rejected("");
	assert_prefix_rejected("10.0.0.0");
	assert_prefix_rejected("10.0.0.0/");
	assert_prefix_rejected("/8");
	assert_prefix_rejected("/");
	assert_prefix_rejected("::");
}

static void test_prefix_length_with_sign_space_or_junk_rejected(void **state)
{
	(void)state;
	assert_prefix_rejected("10.0.0.0/-1");
	assert_prefix_rejected("10.0.0.0/+8");
	assert_prefix_rejected("10.0.0.0/ 8");
	assert_prefix_rejected("10.0.0.0/8 ");
	assert_prefix_rejected("10.0.0.0 /8");
	assert_prefix_rejected("10.0.0.0/8/8");
	assert_prefix_rejected("10.0.0.0//8");
	assert_prefix_rejected("10.0.0.0/8a");
	assert_prefix_rejected("10.0.0.0/0x8");
	assert_prefix_rejected("10.0.0.256/8");
	assert_prefix_rejected("1111111111111111111111111111111111111111111111111111111/8");
}

/* A decision: lengths are written without leading zeros, like the octets
 * (which inet_pton(3) also refuses with leading zeros).  "/0" itself is fine. */
static void test_prefix_length_with_leading_zero_rejected(void **state)
{
	(void)state;
	assert_prefix_rejected("10.0.0.0/08");
	assert_prefix_rejected("10.0.0.0/00");
	assert_prefix_rejected("10.0.0.0/016");
	assert_prefix_rejected("::/064");
	struct net_prefix p = P("10.0.0.0/0");
	assert_int_equal(p.len, 0);
}

static void test_prefix_keeps_host_bits_as_written(void **state)
{
	(void)state;
	struct net_prefix p = P("10.0.0.5/24");
	assert_false(net_prefix_is_canonical(&p));
	assert_prefix_fmt("10.0.0.5/24", "10.0.0.5/24");
	net_prefix_canonicalize(&p);
	assert_true(net_prefix_is_canonical(&p));
	char buf[NET_PREFIX_STRLEN];
	assert_string_equal(net_prefix_fmt(&p, buf), "10.0.0.0/24");
}

static void test_canonicalize_clears_partial_byte(void **state)
{
	(void)state;
	char buf[NET_PREFIX_STRLEN];
	struct net_prefix p = P("172.31.255.255/12");
	net_prefix_canonicalize(&p);
	assert_string_equal(net_prefix_fmt(&p, buf), "172.16.0.0/12");
	p = P("2001:db8:ffff::1/33");
	net_prefix_canonicalize(&p);
	assert_string_equal(net_prefix_fmt(&p, buf), "2001:db8:8000::/33");
	p = P("255.255.255.255/0");
	net_prefix_canonicalize(&p);
	assert_string_equal(net_prefix_fmt(&p, buf), "0.0.0.0/0");
	p = P("10.1.2.3/32");
	assert_true(net_prefix_is_canonical(&p));
	p = P("::1/128");
	assert_true(net_prefix_is_canonical(&p));
	p = P("::1/127");
	assert_false(net_prefix_is_canonical(&p));
}

static void test_prefix_eq_compares_family_address_and_length(void **state)
{
	(void)state;
	struct net_prefix a = P("10.0.0.0/16"), b = P("10.0.0.0/16"), c = P("10.0.0.0/17"),
			  d = P("::/16");
	assert_true(net_prefix_eq(&a, &b));
	assert_false(net_prefix_eq(&a, &c));
	assert_false(net_prefix_eq(&a, &d));
}

static void test_contains_checks_family_and_bits(void **state)
{
	(void)state;
	struct net_prefix p = P("10.0.0.0/24");
	struct net_addr in = A("10.0.0.255"), out = A("10.0.1.0"), v6 = A("::a00:1");
	assert_true(net_prefix_contains(&p, &in));
	assert_false(net_prefix_contains(&p, &out));
	assert_false(net_prefix_contains(&p, &v6));
	struct net_prefix all4 = P("0.0.0.0/0"), all6 = P("::/0");
	assert_true(net_prefix_contains(&all4, &in));
	assert_false(net_prefix_contains(&all4, &v6));
	assert_true(net_prefix_contains(&all6, &v6));
	assert_false(net_prefix_contains(&all6, &in));
	struct net_prefix odd = P("10.0.0.0/23"); /* partial byte */
	struct net_addr x = A("10.0.1.7"), y = A("10.0.2.0");
	assert_true(net_prefix_contains(&odd, &x));
	assert_false(net_prefix_contains(&odd, &y));
	struct net_prefix unset = {0};
	struct net_addr unset_a = {0};
	assert_false(net_prefix_contains(&unset, &unset_a));
}

static void test_covers_is_inclusion_and_equal_counts(void **state)
{
	(void)state;
	struct net_prefix vpc = P("10.0.0.0/16"), sub = P("10.0.5.0/24"), other = P("10.1.0.0/24"),
			  same = P("10.0.0.0/16");
	assert_true(net_prefix_covers(&vpc, &sub));
	assert_false(net_prefix_covers(&sub, &vpc));
	assert_false(net_prefix_covers(&vpc, &other));
	assert_true(net_prefix_covers(&vpc, &same));
	struct net_prefix v6 = P("::/0");
	assert_false(net_prefix_covers(&v6, &vpc));
}

static void test_overlaps_either_direction_not_adjacent(void **state)
{
	(void)state;
	struct net_prefix a = P("10.0.0.0/16"), b = P("10.0.128.0/17"), c = P("10.1.0.0/16"),
			  d = P("10.0.0.0/24"), e = P("10.0.1.0/24");
	assert_true(net_prefix_overlaps(&a, &b));
	assert_true(net_prefix_overlaps(&b, &a));
	assert_false(net_prefix_overlaps(&a, &c));
	assert_false(net_prefix_overlaps(&d, &e));
	struct net_prefix v4all = P("0.0.0.0/0"), v6all = P("::/0");
	assert_false(net_prefix_overlaps(&v4all, &v6all));
	struct net_prefix f = P("2600:1f18::/56"), g = P("2600:1f18:0:ff::/64");
	assert_true(net_prefix_overlaps(&f, &g));
}

/* AWS reserves the first four addresses and the last one of every subnet:
 * https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
 * (.0 network, .1 VPC router, .2 DNS, .3 future use, .255 broadcast). */
static void test_nth_and_last_give_aws_reserved_addresses_of_a_24(void **state)
{
	(void)state;
	const char *want[] = {"10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3"};
	for (uint64_t i = 0; i < 4; i++)
		assert_prefix_nth("10.0.0.0/24", i, want[i]);
	assert_prefix_last("10.0.0.0/24", "10.0.0.255");
}

static void test_nth_carries_across_bytes_and_ignores_host_bits(void **state)
{
	(void)state;
	assert_prefix_nth("10.0.0.0/16", 256, "10.0.1.0");
	assert_prefix_nth("10.0.0.0/16", 65535, "10.0.255.255");
	assert_prefix_nth("10.0.0.77/24", 2, "10.0.0.2"); /* as written with host bits */
	assert_prefix_nth("2600:1f18:4a3:6e00::/64", 0x10000, "2600:1f18:4a3:6e00::1:0");
	assert_prefix_nth("2600:1f18:4a3:6e00::/64", UINT64_MAX,
			  "2600:1f18:4a3:6e00:ffff:ffff:ffff:ffff");
}

static void test_last_for_edge_lengths(void **state)
{
	(void)state;
	assert_prefix_last("10.1.2.3/32", "10.1.2.3");
	assert_prefix_last("0.0.0.0/0", "255.255.255.255");
	assert_prefix_last("172.16.0.0/12", "172.31.255.255");
	assert_prefix_last("10.0.0.0/28", "10.0.0.15");
	assert_prefix_last("2600:1f18:4a3:6e00::/64", "2600:1f18:4a3:6e00:ffff:ffff:ffff:ffff");
	assert_prefix_last("::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

/* ---- comparison ---- */

static void test_addr_cmp_orders_ipv4_before_ipv6_then_bytes(void **state)
{
	(void)state;
	struct net_addr a = A("10.0.0.1"), b = A("10.0.0.2"), c = A("::1"), d = A("9.255.255.255");
	assert_true(net_addr_cmp(&a, &b) < 0);
	assert_true(net_addr_cmp(&b, &a) > 0);
	assert_true(net_addr_cmp(&a, &c) < 0);
	assert_true(net_addr_cmp(&d, &a) < 0);
	assert_int_equal(net_addr_cmp(&a, &a), 0);
	assert_true(net_addr_eq(&a, &a));
	assert_false(net_addr_eq(&a, &b));
	/* same bytes, different family: not equal */
	struct net_addr v4zero = A("0.0.0.0"), v6zero = A("::");
	assert_false(net_addr_eq(&v4zero, &v6zero));
}

/* ---- address classes ---- */

/* @is(a) is @want for each of the @n addresses @addrs; a failure names the
 * address and @class. */
static void assert_class(bool (*is)(const struct net_addr *), const char *class,
			 const char *const *addrs, size_t n, bool want)
{
	for (size_t i = 0; i < n; i++) {
		struct net_addr a = A(addrs[i]);
		if (is(&a) != want)
			fail_msg("%s should%s be %s", addrs[i], want ? "" : " not", class);
	}
}

static void test_rfc1918_ranges_and_their_edges(void **state)
{
	(void)state;
	const char *yes[] = {"10.0.0.0",       "10.255.255.255", "172.16.0.0",
			     "172.31.255.255", "192.168.0.0",    "192.168.255.255"};
	const char *no[] = {"9.255.255.255",   "11.0.0.0",    "172.15.255.255", "172.32.0.0",
			    "192.167.255.255", "192.169.0.0", "100.64.0.1",     "8.8.8.8"};
	assert_class(net_addr_is_rfc1918, "RFC 1918", yes, sizeof(yes) / sizeof(yes[0]), true);
	assert_class(net_addr_is_public, "public", yes, sizeof(yes) / sizeof(yes[0]), false);
	assert_class(net_addr_is_rfc1918, "RFC 1918", no, sizeof(no) / sizeof(no[0]), false);
	struct net_addr v6 = A("fd00::1");
	assert_false(net_addr_is_rfc1918(&v6));
}

static void test_rfc6598_shared_space(void **state)
{
	(void)state;
	struct net_addr a = A("100.64.0.0"), b = A("100.127.255.255"), c = A("100.63.255.255"),
			d = A("100.128.0.0");
	assert_true(net_addr_is_rfc6598(&a));
	assert_true(net_addr_is_rfc6598(&b));
	assert_false(net_addr_is_rfc6598(&c));
	assert_false(net_addr_is_rfc6598(&d));
	assert_false(net_addr_is_public(&a));
	assert_true(net_addr_is_public(&c));
	assert_true(net_addr_is_public(&d));
}

static void test_public_excludes_special_ranges(void **state)
{
	(void)state;
	const char *yes[] = {"8.8.8.8", "3.3.3.3",         "52.27.166.152", "203.0.113.12",
			     "1.0.0.0", "223.255.255.255", "2600:1f18::1",  "2001:db8::1"};
	const char *no[] = {"127.0.0.1",    "169.254.169.254",
			    "0.0.0.0",      "0.1.2.3",
			    "224.0.0.5",    "239.255.255.255",
			    "240.0.0.1",    "255.255.255.255",
			    "10.1.1.1",     "::1",
			    "::",           "fe80::1",
			    "fd12:3456::1", "ff02::1"};
	assert_class(net_addr_is_public, "public", yes, sizeof(yes) / sizeof(yes[0]), true);
	assert_class(net_addr_is_public, "public", no, sizeof(no) / sizeof(no[0]), false);
	struct net_addr unset = {0};
	assert_false(net_addr_is_public(&unset));
}

/* AWS takes a protocol name or its IANA number, and "-1" for all
 * (EC2 API Reference, IpPermission.IpProtocol; CreateNetworkAclEntry). */
static void test_protocol_names_and_numbers_parse_as_aws_accepts_them(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int proto;
	} ok[] = {
		{"tcp", 6},  {"UDP", 17},           {"icmpv6", 58},
		{"gre", 47}, {"-1", NET_PROTO_ALL}, {"all", NET_PROTO_ALL},
		{"0", 0},    {"255", 255},
	};
	int p = 0;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(net_proto_parse(ok[i].text, &p), 0);
		assert_int_equal(p, ok[i].proto);
	}
	p = 99;
	assert_int_equal(net_proto_parse("256", &p), -1);
	assert_int_equal(net_proto_parse("", &p), -1);
	assert_int_equal(net_proto_parse("6a", &p), -1);
	assert_int_equal(net_proto_parse("-2", &p), -1);
	assert_int_equal(net_proto_parse("0006", &p), -1);
	assert_int_equal(net_proto_parse("tcpx", &p), -1);
	assert_int_equal(net_proto_parse(NULL, &p), -1);
	assert_int_equal(p, 99);
}

static void test_protocol_text_names_known_numbers_and_prints_others(void **state)
{
	(void)state;
	char buf[NET_PROTO_STRLEN];
	assert_string_equal(net_proto_text(6, buf), "tcp");
	assert_string_equal(net_proto_text(NET_PROTO_ALL, buf), "all");
	assert_string_equal(net_proto_text(50, buf), "esp");
	assert_string_equal(net_proto_text(200, buf), "200");
	assert_null(net_proto_name(200));
}

static void test_prefix_valid_needs_a_family_and_a_length_within_it(void **state)
{
	(void)state;
	struct net_prefix p;
	assert_int_equal(net_prefix_parse("10.0.0.0/32", &p), 0);
	assert_true(net_prefix_valid(&p));
	p.len = 33;
	assert_false(net_prefix_valid(&p));
	assert_int_equal(net_prefix_parse("2001:db8::/128", &p), 0);
	assert_true(net_prefix_valid(&p));
	p.len = 129;
	assert_false(net_prefix_valid(&p));
	memset(&p, 0, sizeof(p)); /* no family: a prefix-list route's destination */
	assert_false(net_prefix_valid(&p));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4_address_parses_to_network_order_bytes),
		cmocka_unit_test(test_ipv4_octet_over_255_rejected),
		cmocka_unit_test(test_ipv4_malformed_addresses_rejected),
		cmocka_unit_test(test_ipv4_set_and_get_host_order),
		cmocka_unit_test(test_ipv6_formats_lowercase_without_leading_zeros),
		cmocka_unit_test(test_ipv6_compresses_longest_zero_run_first_on_tie),
		cmocka_unit_test(test_ipv6_single_zero_field_not_compressed),
		cmocka_unit_test(test_ipv6_embedded_ipv4_parses),
		cmocka_unit_test(test_ipv6_malformed_addresses_rejected),
		cmocka_unit_test(test_longest_text_fits_strlen),
		cmocka_unit_test(test_unset_address_formats_as_dash),
		cmocka_unit_test(test_prefix_parses_address_and_length),
		cmocka_unit_test(test_prefix_length_over_32_rejected),
		cmocka_unit_test(test_prefix_length_over_128_rejected),
		cmocka_unit_test(test_prefix_without_length_or_address_rejected),
		cmocka_unit_test(test_prefix_length_with_sign_space_or_junk_rejected),
		cmocka_unit_test(test_prefix_length_with_leading_zero_rejected),
		cmocka_unit_test(test_prefix_keeps_host_bits_as_written),
		cmocka_unit_test(test_canonicalize_clears_partial_byte),
		cmocka_unit_test(test_prefix_eq_compares_family_address_and_length),
		cmocka_unit_test(test_contains_checks_family_and_bits),
		cmocka_unit_test(test_covers_is_inclusion_and_equal_counts),
		cmocka_unit_test(test_overlaps_either_direction_not_adjacent),
		cmocka_unit_test(test_nth_and_last_give_aws_reserved_addresses_of_a_24),
		cmocka_unit_test(test_nth_carries_across_bytes_and_ignores_host_bits),
		cmocka_unit_test(test_last_for_edge_lengths),
		cmocka_unit_test(test_addr_cmp_orders_ipv4_before_ipv6_then_bytes),
		cmocka_unit_test(test_rfc1918_ranges_and_their_edges),
		cmocka_unit_test(test_rfc6598_shared_space),
		cmocka_unit_test(test_public_excludes_special_ranges),
		cmocka_unit_test(test_prefix_valid_needs_a_family_and_a_length_within_it),
		cmocka_unit_test(test_protocol_names_and_numbers_parse_as_aws_accepts_them),
		cmocka_unit_test(test_protocol_text_names_known_numbers_and_prints_others),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

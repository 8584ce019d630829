/*
 * DOC: unit tests of src/net/lpm.c: the longest-prefix-match table.
 *
 * Hand-written tables state the edge cases (/0, /32, /128, nesting, the
 * order of all matches, the build errors); random tables are checked
 * against a brute-force reference written here, which compares every
 * prefix bit by bit with the address and shares no code with the table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net_fixture.h"

#include "net/lpm.h"
#include "vpcsim/error.h"
#include "vpcsim/net.h"

static struct net_lpm_entry E(const char *pfx, uint32_t value) {
	struct net_lpm_entry e;
	memset(&e, 0, sizeof(e));
	e.pfx = P(pfx);
	e.value = value;
	return e;
}

static struct net_lpm *
build_exact(const struct net_lpm_entry *e, uint32_t n)
{
	struct net_lpm *t = NULL;
	assert_int_equal(net_lpm_build(e, n, &t), 0);
	assert_non_null(t);
	assert_int_equal(net_lpm_count(t), n);
	return t;
}

/*
 * The hand-written tables run twice (see main()): as written, and padded
 * with PAD entries no test address falls in (198.18.x.0/24, RFC 2544's
 * benchmarking range), which puts them past the size a table stores as
 * one array and into the trie.  The padding goes after the test's own
 * entries, so the test's positions and values stay as they are.
 */
#define PAD 12
static bool pad_tables; /* the test program's one switch: which run this is */

static struct net_lpm *build(const struct net_lpm_entry *e, uint32_t n)
{
	if (!pad_tables)
		return build_exact(e, n);
	struct net_lpm_entry *x = calloc(n + PAD, sizeof(*x));
	assert_non_null(x);
	if (n)
		memcpy(x, e, n * sizeof(*x));
	for (uint32_t i = 0; i < PAD; i++) {
		net_addr_set_v4(&x[n + i].pfx.addr, 0xc6120000u | i << 8);
		x[n + i].pfx.len = 24;
		x[n + i].value = 900000 + i;
	}
	struct net_lpm *t = build_exact(x, n + PAD);
	free(x);
	return t;
}

/* The value net_lpm_lookup() gives for @addr, or -1 for no match. */
static int64_t look(const struct net_lpm *t, const char *addr)
{
	struct net_addr a = A(addr);
	uint32_t v = 0;
	int rc = net_lpm_lookup(t, &a, &v);
	if (rc == VS_ENOENT)
		return -1;
	assert_int_equal(rc, 0);
	return v;
}

/* An address and the value its lookup must give, -1 for no match. */
struct probe {
	const char *addr;
	int64_t want;
};

/* Build a table of @e[0..n-1] and look every probe up in it. */
static void expect_lookups(const struct net_lpm_entry *e, uint32_t n, const struct probe *p,
			   size_t n_probes)
{
	struct net_lpm *t = build(e, n);
	for (size_t i = 0; i < n_probes; i++) {
		int64_t got = look(t, p[i].addr);
		if (got != p[i].want)
			fail_msg("%s: got %lld, want %lld", p[i].addr, (long long)got,
				 (long long)p[i].want);
	}
	net_lpm_free(t);
}

#define N_PROBES(p) (sizeof(p) / sizeof((p)[0]))

static void test_empty_table_matches_nothing(void **state)
{
	(void)state;
	struct net_lpm *t = build(NULL, 0);
	assert_int_equal(look(t, "10.0.0.1"), -1);
	assert_int_equal(look(t, "::1"), -1);
	struct net_addr a = A("0.0.0.0");
	assert_int_equal(net_lpm_lookup_all(t, &a, NULL, 0), 0);
	net_lpm_free(t);
}

static void test_default_route_matches_every_address_of_its_family_only(void **state)
{
	(void)state;
	struct net_lpm_entry e[] = {E("0.0.0.0/0", 7)};
	static const struct probe p[] = {{"0.0.0.0", 7},
					 {"255.255.255.255", 7},
					 {"10.1.2.3", 7},
					 {"::", -1},
					 {"2600::1", -1}};
	expect_lookups(e, 1, p, N_PROBES(p));

	struct net_lpm_entry e6[] = {E("::/0", 9)};
	static const struct probe p6[] = {{"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 9},
					  {"10.1.2.3", -1}};
	expect_lookups(e6, 1, p6, N_PROBES(p6));
}

static void test_host_routes_match_only_their_address(void **state)
{
	(void)state;
	struct net_lpm_entry e[] = {
		E("192.0.2.7/32", 1),
		E("2001:db8::7/128", 2),
		E("0.0.0.0/32", 3),
		E("255.255.255.255/32", 4),
	};
	static const struct probe p[] = {{"192.0.2.7", 1},       {"192.0.2.6", -1},
					 {"192.0.2.8", -1},      {"2001:db8::7", 2},
					 {"2001:db8::6", -1},    {"2001:db8::8", -1},
					 {"0.0.0.0", 3},         {"255.255.255.255", 4},
					 {"255.255.255.254", -1}};
	expect_lookups(e, 4, p, N_PROBES(p));
}

static void test_longest_of_overlapping_prefixes_wins_in_any_input_order(void **state)
{
	(void)state;
	/* Listed long to short and mixed, so insertion order is not the input's. */
	struct net_lpm_entry e[] = {
		E("10.1.2.0/24", 24),    E("0.0.0.0/0", 0),    E("10.1.2.3/32", 32),
		E("10.0.0.0/8", 8),      E("10.1.0.0/16", 16), E("10.1.2.0/25", 25),
		E("10.1.2.128/25", 125),
	};
	static const struct probe p[] = {{"10.1.2.3", 32}, {"10.1.2.4", 25}, {"10.1.2.200", 125},
					 {"10.1.3.1", 16}, {"10.2.0.0", 8},  {"11.0.0.0", 0}};
	expect_lookups(e, 7, p, N_PROBES(p));
}

static void test_prefix_lengths_off_the_byte_boundaries(void **state)
{
	(void)state;
	struct net_lpm_entry e[] = {E("172.16.0.0/12", 1), E("172.31.255.0/23", 2),
				    E("100.64.0.0/10", 3), E("2600:1f00::/27", 4),
				    E("2600:1f18:1:2:8000::/65", 5)};
	static const struct probe p[] = {
		{"172.16.0.0", 1},      {"172.31.255.255", 2},        {"172.31.254.0", 2},
		{"172.31.253.255", 1},  {"172.32.0.0", -1},           {"172.15.255.255", -1},
		{"100.127.255.255", 3}, {"100.128.0.0", -1},          {"2600:1f1f:ffff::", 4},
		{"2600:1f20::", -1},    {"2600:1f18:1:2:ffff::1", 5}, {"2600:1f18:1:2:7fff::1", 4}};
	expect_lookups(e, 5, p, N_PROBES(p));
}

static void test_host_bits_of_an_entry_are_ignored(void **state)
{
	(void)state;
	struct net_lpm_entry e[] = {E("10.1.2.3/16", 5)};
	static const struct probe p[] = {{"10.1.0.0", 5}, {"10.1.255.255", 5}, {"10.2.0.0", -1}};
	expect_lookups(e, 1, p, N_PROBES(p));
}

static void test_all_matches_come_longest_first_and_count_past_max(void **state)
{
	(void)state;
	struct net_lpm_entry e[] = {
		E("10.1.0.0/16", 100), E("0.0.0.0/0", 101),   E("10.1.2.0/24", 102),
		E("10.0.0.0/8", 103),  E("10.2.0.0/16", 104), E("10.1.2.3/32", 105),
		E("::/0", 106),
	};
	struct net_lpm *t = build(e, 7);
	struct net_addr a = A("10.1.2.3");
	struct net_lpm_match m[8];
	assert_int_equal(net_lpm_lookup_all(t, &a, m, 8), 5);
	uint32_t want_v[] = {105, 102, 100, 103, 101};
	uint8_t want_len[] = {32, 24, 16, 8, 0};
	for (int i = 0; i < 5; i++) {
		assert_int_equal(m[i].value, want_v[i]);
		assert_int_equal(m[i].len, want_len[i]);
	}
	/* Fewer slots than matches: the longest ones, and the full count. */
	memset(m, 0xff, sizeof(m));
	assert_int_equal(net_lpm_lookup_all(t, &a, m, 2), 5);
	assert_int_equal(m[0].value, 105);
	assert_int_equal(m[1].value, 102);
	assert_int_equal(m[2].value, UINT32_MAX);
	assert_int_equal(net_lpm_lookup_all(t, &a, NULL, 0), 5);

	a = A("10.2.9.9");
	assert_int_equal(net_lpm_lookup_all(t, &a, m, 8), 3);
	assert_int_equal(m[0].value, 104);
	assert_int_equal(m[1].value, 103);
	assert_int_equal(m[2].value, 101);

	a = A("2001:db8::1");
	assert_int_equal(net_lpm_lookup_all(t, &a, m, 8), 1);
	assert_int_equal(m[0].value, 106);
	net_lpm_free(t);
}

static void test_cover_is_the_longest_prefix_properly_containing_an_entry(void **state)
{
	(void)state;
	struct net_lpm_entry e[] = {
		E("10.1.2.0/24", 0), E("10.0.0.0/8", 1),    E("10.1.0.0/16", 2), E("11.0.0.0/8", 3),
		E("::/0", 4),        E("2001:db8::/32", 5), E("0.0.0.0/0", 6),
	};
	struct net_lpm *t = build(e, 7);
	assert_int_equal(net_lpm_cover(t, 0), 2);
	assert_int_equal(net_lpm_cover(t, 2), 1);
	assert_int_equal(net_lpm_cover(t, 1), 6);
	assert_int_equal(net_lpm_cover(t, 3), 6);
	assert_int_equal(net_lpm_cover(t, 6), NET_LPM_NONE);
	assert_int_equal(net_lpm_cover(t, 5), 4);
	assert_int_equal(net_lpm_cover(t, 4), NET_LPM_NONE); /* not the IPv4 /0 */
	assert_int_equal(net_lpm_cover(t, net_lpm_count(t)), NET_LPM_NONE);
	assert_int_equal(net_lpm_cover(NULL, 0), NET_LPM_NONE);
	net_lpm_free(t);
}

static void test_build_errors(void **state)
{
	(void)state;
	struct net_lpm *t = (struct net_lpm *)&t; /* must be reset to NULL */
	struct net_lpm_entry ok[] = {E("10.0.0.0/8", 1)};
	assert_int_equal(net_lpm_build(ok, 1, NULL), VS_EINVAL);
	assert_int_equal(net_lpm_build(NULL, 1, &t), VS_EINVAL);
	assert_null(t);

	struct net_lpm_entry bad = E("10.0.0.0/8", 1);
	bad.pfx.addr.af = NET_AF_NONE;
	t = (struct net_lpm *)&t;
	assert_int_equal(net_lpm_build(&bad, 1, &t), VS_EINVAL);
	assert_null(t);

	bad = E("10.0.0.0/8", 1);
	bad.pfx.len = 33;
	assert_int_equal(net_lpm_build(&bad, 1, &t), VS_EINVAL);
	bad = E("2001:db8::/32", 1);
	bad.pfx.len = 129;
	assert_int_equal(net_lpm_build(&bad, 1, &t), VS_EINVAL);

	/* The same prefix twice, also when only the host bits differ. */
	struct net_lpm_entry dup[] = {E("10.0.0.0/8", 1), E("192.0.2.0/24", 2), E("10.9.9.9/8", 3)};
	assert_int_equal(net_lpm_build(dup, 3, &t), VS_EINVAL);
	assert_null(t);
	/* Same address, different lengths, and the same bits in two families
	 * are different prefixes. */
	struct net_lpm_entry distinct[] = {E("10.0.0.0/8", 1), E("10.0.0.0/16", 2),
					   E("0.0.0.0/0", 3), E("::/0", 4)};
	t = build(distinct, 4);
	net_lpm_free(t);
	net_lpm_free(NULL);
}

static void test_lookup_argument_errors(void **state)
{
	(void)state;
	struct net_lpm_entry e[] = {E("0.0.0.0/0", 1)};
	struct net_lpm *t = build(e, 1);
	struct net_addr a = A("10.0.0.1");
	uint32_t v;
	assert_int_equal(net_lpm_lookup(NULL, &a, &v), VS_EINVAL);
	assert_int_equal(net_lpm_lookup(t, NULL, &v), VS_EINVAL);
	assert_int_equal(net_lpm_lookup(t, &a, NULL), VS_EINVAL);
	struct net_addr none;
	memset(&none, 0, sizeof(none));
	assert_int_equal(net_lpm_lookup(t, &none, &v), VS_ENOENT);
	assert_int_equal(net_lpm_lookup_all(t, &none, NULL, 0), 0);
	assert_int_equal(net_lpm_lookup_all(NULL, &a, NULL, 0), 0);
	assert_int_equal(net_lpm_count(NULL), 0);
	assert_int_equal(net_lpm_memory(NULL), 0);
	assert_true(net_lpm_memory(t) > 0);
	net_lpm_free(t);
}

/* ------------------------------------------------ brute-force reference */

/* xorshift64*: reproducible random tables. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static unsigned bit_at(const uint8_t *b, unsigned i)
{
	return (b[i / 8] >> (7 - i % 8)) & 1u;
}

/* Does prefix (@p, @len) of family @af contain @a?  Bit by bit. */
static int ref_contains(const struct net_prefix *p, const struct net_addr *a)
{
	if (p->addr.af != a->af)
		return 0;
	for (unsigned i = 0; i < p->len; i++)
		if (bit_at(p->addr.b, i) != bit_at(a->b, i))
			return 0;
	return 1;
}

static int ref_same_prefix(const struct net_prefix *x, const struct net_prefix *y)
{
	if (x->addr.af != y->addr.af || x->len != y->len)
		return 0;
	for (unsigned i = 0; i < x->len; i++)
		if (bit_at(x->addr.b, i) != bit_at(y->addr.b, i))
			return 0;
	return 1;
}

/* A random address of family @af near one of a few bases, so prefixes nest
 * and collide; sometimes anywhere. */
static void rnd_addr(uint64_t *s, uint8_t af, struct net_addr *a)
{
	static const uint8_t bases[4][16] = {
		{10, 0, 0, 0},
		{10, 1, 0, 0},
		{172, 16, 0, 0},
		{0x26, 0x00, 0x1f, 0x18},
	};
	memset(a, 0, sizeof(*a));
	a->af = af;
	unsigned nb = af == NET_AF_INET ? 4 : 16;
	for (unsigned i = 0; i < nb; i++)
		a->b[i] = (uint8_t)rnd(s);
	uint64_t pick = rnd(s) % 8;
	if (pick < 6) {
		const uint8_t *base = bases[pick % 4];
		unsigned keep = 1 + (unsigned)(rnd(s) % (nb - 1)); /* leading bytes from the base */
		for (unsigned i = 0; i < keep && i < 4; i++)
			a->b[i] = base[i];
	}
}

static void check_random_tables(uint8_t af, unsigned maxlen, uint64_t seed, uint32_t n_want)
{
	uint64_t s = seed;
	struct net_lpm_entry *e = calloc(n_want, sizeof(*e));
	assert_non_null(e);
	uint32_t n = 0;
	while (n < n_want) {
		struct net_lpm_entry x;
		memset(&x, 0, sizeof(x));
		rnd_addr(&s, af, &x.pfx.addr);
		/* lengths weighted towards the common ones, every length possible */
		uint64_t r = rnd(&s) % 4;
		x.pfx.len = (uint8_t)(r == 0 ? rnd(&s) % (maxlen + 1) :
				      r == 1 ? 8 * (1 + rnd(&s) % (maxlen / 8)) :
				      r == 2 ? maxlen - rnd(&s) % 9 :
					       rnd(&s) % (maxlen / 2 + 1));
		x.value = 1000 + n;
		int dup = 0;
		for (uint32_t i = 0; i < n && !dup; i++)
			dup = ref_same_prefix(&e[i].pfx, &x.pfx);
		if (!dup)
			e[n++] = x;
	}
	struct net_lpm *t = build_exact(e, n);
	struct net_lpm_match got[NET_LPM_MAX_MATCHES];
	uint32_t want[NET_LPM_MAX_MATCHES];
	for (uint32_t q = 0; q < 10000; q++) {
		struct net_addr a;
		if (q % 2) {
			rnd_addr(&s, af, &a);
		} else {
			/* an address inside (or just past) one of the prefixes */
			const struct net_prefix *p = &e[rnd(&s) % n].pfx;
			a = p->addr;
			unsigned nb = af == NET_AF_INET ? 4 : 16;
			for (unsigned i = p->len; i < 8 * nb; i++) {
				uint8_t bit = (uint8_t)(0x80u >> (i % 8));
				if (rnd(&s) & 1)
					a.b[i / 8] |= bit;
				else
					a.b[i / 8] &= (uint8_t)~bit;
			}
			if (q % 4 == 0 && p->len > 0) /* flip the last prefix bit */
				a.b[(p->len - 1) / 8] ^= (uint8_t)(0x80u >> ((p->len - 1) % 8));
		}
		/* Reference: every entry containing @a, longest first (no two
		 * entries containing one address have the same length). */
		uint32_t nw = 0;
		for (uint32_t i = 0; i < n; i++) {
			if (!ref_contains(&e[i].pfx, &a))
				continue;
			uint32_t j = nw++;
			for (; j > 0 && e[want[j - 1] - 1000].pfx.len < e[i].pfx.len; j--)
				want[j] = want[j - 1];
			want[j] = e[i].value;
		}
		uint32_t v = 0;
		int rc = net_lpm_lookup(t, &a, &v);
		if (nw == 0) {
			assert_int_equal(rc, VS_ENOENT);
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(v, want[0]);
		}
		uint32_t ng = net_lpm_lookup_all(t, &a, got, NET_LPM_MAX_MATCHES);
		assert_int_equal(ng, nw);
		for (uint32_t i = 0; i < nw; i++) {
			assert_int_equal(got[i].value, want[i]);
			assert_int_equal(got[i].len, e[got[i].value - 1000].pfx.len);
		}
	}
	/* Covers against the reference: the longest other entry containing
	 * the entry's own (canonical) address with a shorter length. */
	for (uint32_t i = 0; i < n; i++) {
		uint32_t best = NET_LPM_NONE;
		int best_len = -1;
		struct net_addr base = e[i].pfx.addr;
		for (unsigned b = e[i].pfx.len; b < maxlen; b++)
			base.b[b / 8] &= (uint8_t) ~(0x80u >> (b % 8));
		for (uint32_t j = 0; j < n; j++)
			if (e[j].pfx.len < e[i].pfx.len && (int)e[j].pfx.len > best_len &&
			    ref_contains(&e[j].pfx, &base)) {
				best = j;
				best_len = e[j].pfx.len;
			}
		assert_int_equal(net_lpm_cover(t, i), best);
	}
	net_lpm_free(t);
	free(e);
}

static void test_random_ipv4_tables_agree_with_brute_force(void **state)
{
	(void)state;
	check_random_tables(NET_AF_INET, 32, 1, 50);
	check_random_tables(NET_AF_INET, 32, 2, 2000);
}

static void test_random_ipv6_tables_agree_with_brute_force(void **state)
{
	(void)state;
	check_random_tables(NET_AF_INET6, 128, 3, 50);
	check_random_tables(NET_AF_INET6, 128, 4, 1000);
}

static void test_random_small_tables_agree_with_brute_force(void **state)
{
	(void)state;
	/* Up to and past the size stored as one array, both families. */
	for (uint32_t n = 1; n <= 12; n++) {
		check_random_tables(NET_AF_INET, 32, 100 + n, n);
		check_random_tables(NET_AF_INET6, 128, 200 + n, n);
	}
}

static void test_mixed_families_in_one_table(void **state)
{
	(void)state;
	struct net_lpm_entry e[] = {E("10.0.0.0/8", 1), E("a00::/8", 2), E("::/0", 3),
				    E("::ffff:10.0.0.0/104", 4)};
	static const struct probe p[] = {{"10.1.1.1", 1},
					 {"a00::1", 2},
					 {"b00::1", 3},
					 {"::ffff:10.1.1.1", 4},
					 {"11.0.0.0", -1}};
	expect_lookups(e, 4, p, N_PROBES(p));
}

/* The tests of fixed tables: run as written, then padded into the trie. */
#define FIXED_TABLE_TESTS                                                                       \
	cmocka_unit_test(test_empty_table_matches_nothing),                                     \
		cmocka_unit_test(test_default_route_matches_every_address_of_its_family_only),  \
		cmocka_unit_test(test_host_routes_match_only_their_address),                    \
		cmocka_unit_test(test_longest_of_overlapping_prefixes_wins_in_any_input_order), \
		cmocka_unit_test(test_prefix_lengths_off_the_byte_boundaries),                  \
		cmocka_unit_test(test_host_bits_of_an_entry_are_ignored),                       \
		cmocka_unit_test(test_all_matches_come_longest_first_and_count_past_max),       \
		cmocka_unit_test(test_cover_is_the_longest_prefix_properly_containing_an_entry)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FIXED_TABLE_TESTS,
		cmocka_unit_test(test_build_errors),
		cmocka_unit_test(test_lookup_argument_errors),
		cmocka_unit_test(test_random_ipv4_tables_agree_with_brute_force),
		cmocka_unit_test(test_random_ipv6_tables_agree_with_brute_force),
		cmocka_unit_test(test_random_small_tables_agree_with_brute_force),
		cmocka_unit_test(test_mixed_families_in_one_table),
	};
	const struct CMUnitTest padded[] = {
		FIXED_TABLE_TESTS,
		cmocka_unit_test(test_lookup_argument_errors),
		cmocka_unit_test(test_mixed_families_in_one_table),
	};
	int rc = cmocka_run_group_tests_name("as written", tests, NULL, NULL);
	pad_tables = true;
	rc |= cmocka_run_group_tests_name("padded into the trie", padded, NULL, NULL);
	return rc;
}

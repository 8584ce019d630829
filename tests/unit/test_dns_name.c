/*
 * DOC: unit tests for domain names (src/dns/name.c)
 *
 * Each test names its source: RFC 1035 2.3.4 (size limits), 3.1 (wire form),
 * 5.1 (text escapes); RFC 4343 (case-insensitive comparison); RFC 4034 6.1
 * (canonical order); Route 53 Developer Guide DomainNameFormat.html (63-byte
 * labels, 255-byte names, letters stored lowercase, octal escapes in the API).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "dns/name.h"
#include "vpcsim/error.h"

static struct dns_name N(const char *s) {
	struct dns_name n;
	assert_int_equal(dns_name_parse(&n, s, 0), 0);
	return n;
}

/* RFC 4343 and DomainNameFormat.html: case does not matter; nor does the
 * trailing dot (Route 53 treats both forms as fully qualified). */
static void
test_names_compare_case_insensitively_with_or_without_the_dot(void **state)
{
	(void)state;
	struct dns_name a = N("WWW.Example.COM"), b = N("www.example.com.");
	assert_true(dns_name_equal(&a, &b));
	assert_int_equal(dns_name_cmp(&a, &b), 0);
	assert_int_equal(dns_name_label_count(&a), 3);
	char buf[64];
	assert_int_equal(dns_name_to_text(&a, buf, sizeof(buf), 0), strlen("www.example.com."));
	assert_string_equal(buf, "www.example.com.");
	struct dns_name root = N(".");
	assert_int_equal(dns_name_label_count(&root), 0);
	assert_int_equal(root.len, 1);
}

/* RFC 1035 2.3.4: labels are 63 octets or less; a 64-byte label is refused. */
static void test_a_64_byte_label_is_refused(void **state)
{
	(void)state;
	char l63[80], l64[80];
	memset(l63, 'a', 63);
	strcpy(l63 + 63, ".example.com");
	memset(l64, 'a', 64);
	strcpy(l64 + 64, ".example.com");
	struct dns_name n;
	assert_int_equal(dns_name_parse(&n, l63, 0), 0);
	assert_int_equal(n.wire[0], 63);
	assert_int_equal(dns_name_parse(&n, l64, 0), VS_ERANGE);
	assert_int_equal(n.labels, 0); /* the root on error */
}

/* RFC 1035 2.3.4 / DomainNameFormat.html: 255 octets at most in wire form:
 * 253 characters of text; one more octet (256) is refused. */
static void test_a_256_byte_name_is_refused(void **state)
{
	(void)state;
	char t[300];
	size_t p = 0;
	for (int i = 0; i < 3; i++) {
		memset(t + p, 'a' + i, 63);
		p += 63;
		t[p++] = '.';
	}
	memset(t + p, 'x', 61); /* 3 * 64 + 62 + 1 = 255 octets */
	p += 61;
	t[p] = '\0';
	struct dns_name n;
	assert_int_equal(dns_name_parse(&n, t, 0), 0);
	assert_int_equal(n.len, 255);
	assert_int_equal(strlen(t), 253);
	t[p++] = 'x'; /* 256 octets */
	t[p] = '\0';
	assert_int_equal(dns_name_parse(&n, t, 0), VS_ERANGE);
	/* the same 256 with a trailing dot: still too long */
	t[p++] = '.';
	t[p] = '\0';
	assert_int_equal(dns_name_parse(&n, t, 0), VS_ERANGE);
	/* many one-letter labels: 128 of them is 257 octets */
	char many[300];
	p = 0;
	for (int i = 0; i < 128; i++) {
		many[p++] = 'a';
		many[p++] = '.';
	}
	many[p] = '\0';
	assert_int_equal(dns_name_parse(&n, many, 0), VS_ERANGE);
	many[2 * 127] = '\0'; /* 127 labels: 255 octets */
	assert_int_equal(dns_name_parse(&n, many, 0), 0);
	assert_int_equal(n.labels, 127);
}

/* RFC 1035 5.1: "\X" is X, "\DDD" a decimal octet; an escaped dot stays in
 * its label.  DomainNameFormat.html: Route 53 prints octal escapes ("\052"
 * for '*') and stores letters lowercase even when escaped. */
static void test_escapes_decimal_octal_and_literal(void **state)
{
	(void)state;
	struct dns_name n;
	assert_int_equal(dns_name_parse(&n, "a\\.b.example.com", 0), 0);
	assert_int_equal(n.labels, 3);
	assert_int_equal(n.wire[0], 3);
	assert_memory_equal(n.wire + 1, "a.b", 3);
	char buf[64];
	dns_name_to_text(&n, buf, sizeof(buf), 0);
	assert_string_equal(buf, "a\\.b.example.com.");

	struct dns_name d = N("\\065BC.com"), e = N("abc.com");
	assert_true(dns_name_equal(&d, &e)); /* \065 is 'A', folded */

	struct dns_name w;
	assert_int_equal(dns_name_parse(&w, "\\052.example.com.", DNS_NAME_OCTAL), 0);
	assert_true(dns_name_is_wildcard(&w));
	dns_name_to_text(&w, buf, sizeof(buf), DNS_NAME_OCTAL);
	assert_string_equal(buf, "\\052.example.com.");
	assert_int_equal(dns_name_parse(&w, "\\042.example.com", 0), 0); /* decimal 42 */
	assert_true(dns_name_is_wildcard(&w));

	assert_int_equal(dns_name_parse(&n, "\\256.com", 0), VS_EPARSE); /* above 255 */
	assert_int_equal(dns_name_parse(&n, "a\\06", 0), VS_EPARSE);     /* truncated */
	assert_int_equal(dns_name_parse(&n, "a\\", 0), VS_EPARSE);       /* lone backslash */
	assert_int_equal(dns_name_parse(&n, "\\089.com", DNS_NAME_OCTAL), VS_EPARSE); /* 8, 9 */
	assert_int_equal(dns_name_parse(&n, "a..b", 0), VS_EPARSE);
	assert_int_equal(dns_name_parse(&n, ".a", 0), VS_EPARSE);
	assert_int_equal(dns_name_parse(&n, "", 0), VS_EPARSE);
	assert_int_equal(dns_name_parse(&n, NULL, 0), VS_EINVAL);

	/* a non-printable octet prints as \DDD and parses back */
	struct dns_name z = N("\\001\\200.example");
	dns_name_to_text(&z, buf, sizeof(buf), 0);
	assert_string_equal(buf, "\\001\\200.example.");
	struct dns_name z2 = N(buf);
	assert_true(dns_name_equal(&z, &z2));
	/* a short buffer: cut and terminated, the needed length returned */
	char small[5];
	assert_int_equal(dns_name_to_text(&z, small, sizeof(small), 0), strlen(buf));
	assert_string_equal(small, "\\001");
}

/* "At or below": only on label boundaries; strip and wildcard_of. */
static void test_subdomain_is_label_aligned(void **state)
{
	(void)state;
	struct dns_name ex = N("example.com"), www = N("www.example.com"),
			other = N("notexample.com"), root = N(".");
	assert_true(dns_name_is_subdomain(&www, &ex));
	assert_true(dns_name_is_below(&www, &ex));
	assert_true(dns_name_is_subdomain(&ex, &ex));
	assert_false(dns_name_is_below(&ex, &ex));
	assert_false(dns_name_is_subdomain(&other, &ex));
	assert_false(dns_name_is_subdomain(&ex, &www));
	assert_true(dns_name_is_subdomain(&ex, &root));

	struct dns_name s;
	assert_int_equal(dns_name_strip(&www, 1, &s), 0);
	assert_true(dns_name_equal(&s, &ex));
	assert_int_equal(dns_name_strip(&www, 3, &s), 0);
	assert_true(dns_name_equal(&s, &root));
	assert_int_equal(dns_name_strip(&www, 4, &s), VS_ERANGE);
	struct dns_name w, w2 = N("*.example.com");
	assert_int_equal(dns_name_wildcard_of(&ex, &w), 0);
	assert_true(dns_name_equal(&w, &w2));
	assert_false(dns_name_is_wildcard(&ex));
}

/* RFC 4034 6.1: the canonical order, its own example list. */
static void test_canonical_order_is_rfc4034s(void **state)
{
	(void)state;
	const char *order[] = {
		"example",         "a.example",      "yljkjljk.a.example",
		"Z.a.example",     "zABC.a.EXAMPLE", "z.example",
		"\\001.z.example", "*.z.example",    "\\200.z.example",
	};
	size_t n = sizeof(order) / sizeof(order[0]);
	for (size_t i = 0; i + 1 < n; i++) {
		struct dns_name a = N(order[i]), b = N(order[i + 1]);
		assert_true(dns_name_cmp(&a, &b) < 0);
		assert_true(dns_name_cmp(&b, &a) > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_compare_case_insensitively_with_or_without_the_dot),
		cmocka_unit_test(test_a_64_byte_label_is_refused),
		cmocka_unit_test(test_a_256_byte_name_is_refused),
		cmocka_unit_test(test_escapes_decimal_octal_and_literal),
		cmocka_unit_test(test_subdomain_is_label_aligned),
		cmocka_unit_test(test_canonical_order_is_rfc4034s),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

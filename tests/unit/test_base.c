/*
 * DOC: unit tests of src/base: arena, vec, hmap, diag, vs_strerror
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/hmap.h"
#include "base/utf8.h"
#include "base/vec.h"
#include "vpcsim/diag.h"
#include "vpcsim/error.h"

/* ---- arena ---- */

static void test_arena_alloc_is_zeroed_and_aligned(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_non_null(a);
	for (size_t size = 1; size < 200; size += 7) {
		unsigned char *p = arena_alloc(a, size);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (size_t i = 0; i < size; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xab, size);
	}
	arena_free(a);
}

static void test_arena_allocations_do_not_overlap_across_chunks(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	enum {
		N = 5000
	};
	uint32_t *ptrs[N];
	/* 5000 x 48 bytes spans several 64 KiB chunks */
	for (uint32_t i = 0; i < N; i++) {
		ptrs[i] = arena_alloc(a, 48);
		assert_non_null(ptrs[i]);
		for (int k = 0; k < 12; k++)
			ptrs[i][k] = i;
	}
	for (uint32_t i = 0; i < N; i++)
		for (int k = 0; k < 12; k++)
			assert_int_equal(ptrs[i][k], i);
	assert_true(arena_used(a) >= (size_t)N * 48);
	arena_free(a);
}

static void test_arena_large_allocation_keeps_current_chunk_usable(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *small1 = arena_alloc(a, 100);
	char *big = arena_alloc(a, 1u << 20); /* larger than a chunk */
	char *small2 = arena_alloc(a, 100);
	assert_non_null(small1);
	assert_non_null(big);
	assert_non_null(small2);
	memset(big, 1, 1u << 20);
	/* small2 comes from the same chunk as small1, right after it */
	assert_ptr_equal(small2, small1 + 112);
	for (size_t i = 0; i < 100; i++)
		assert_int_equal(small2[i], 0);
	arena_free(a);
}

static void test_arena_calloc_overflow_returns_null(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_null(arena_calloc(a, SIZE_MAX / 2, 4));
	assert_null(arena_alloc(a, SIZE_MAX - 3));
	int *p = arena_calloc(a, 10, sizeof(int));
	assert_non_null(p);
	assert_int_equal(p[9], 0);
	arena_free(a);
}

static void test_arena_strdup_copies_and_null_gives_null(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char src[] = "subnet-0123";
	char *d = arena_strdup(a, src);
	assert_string_equal(d, "subnet-0123");
	src[0] = 'X';
	assert_string_equal(d, "subnet-0123");
	assert_null(arena_strdup(a, NULL));
	assert_null(arena_strndup(a, NULL, 3));
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	const unsigned char bytes[4] = {0, 1, 0, 2};
	unsigned char *m = arena_memdup(a, bytes, sizeof(bytes));
	assert_memory_equal(m, bytes, sizeof(bytes));
	assert_non_null(arena_alloc(a, 0));
	arena_free(a);
}

static void test_arena_free_null_is_noop(void **state)
{
	(void)state;
	arena_free(NULL);
	hmap_free(NULL);
	diag_list_free(NULL);
}

/* ---- vec ---- */

struct pair {
	uint32_t a;
	uint64_t b;
};

static void test_vec_grows_and_keeps_elements(void **state)
{
	(void)state;
	struct vec v;
	vec_init(&v, sizeof(struct pair));
	for (uint32_t i = 0; i < 10000; i++) {
		struct pair *p = vec_push(&v);
		assert_non_null(p);
		assert_int_equal(p->a, 0);
		assert_int_equal(p->b, 0);
		p->a = i;
		p->b = (uint64_t)i * 3;
	}
	assert_int_equal(v.n, 10000);
	assert_true(v.cap >= v.n);
	for (uint32_t i = 0; i < 10000; i++) {
		assert_int_equal(VEC_AT(&v, struct pair, i)->a, i);
		assert_int_equal(VEC_AT(&v, struct pair, i)->b, (uint64_t)i * 3);
	}
	vec_release(&v);
	assert_int_equal(v.n, 0);
	assert_null(v.items);
}

static void test_vec_take_hands_over_buffer_and_empties(void **state)
{
	(void)state;
	struct vec v;
	vec_init(&v, sizeof(int));
	uint32_t n = 99;
	assert_null(vec_take(&v, &n));
	assert_int_equal(n, 0);
	for (int i = 0; i < 3; i++)
		*(int *)vec_push(&v) = i + 1;
	int *buf = vec_take(&v, &n);
	assert_int_equal(n, 3);
	assert_int_equal(buf[2], 3);
	assert_int_equal(v.n, 0);
	assert_int_equal(v.cap, 0);
	assert_null(v.items);
	free(buf);
	/* the vec is reusable after take */
	*(int *)vec_push(&v) = 7;
	assert_int_equal(v.n, 1);
	vec_release(&v);
}

/* ---- hmap ---- */

static void test_hmap_put_get_and_missing_key(void **state)
{
	(void)state;
	struct hmap *h = hmap_new(0);
	assert_non_null(h);
	int x = 1, y = 2;
	assert_int_equal(hmap_put_str(h, "vpc-1", &x, NULL), 0);
	assert_int_equal(hmap_put_str(h, "vpc-2", &y, NULL), 0);
	assert_ptr_equal(hmap_get_str(h, "vpc-1"), &x);
	assert_ptr_equal(hmap_get_str(h, "vpc-2"), &y);
	assert_null(hmap_get_str(h, "vpc-3"));
	assert_null(hmap_get_str(h, "vpc-"));
	assert_null(hmap_get_str(h, ""));
	assert_int_equal(hmap_size(h), 2);
	hmap_free(h);
}

static void test_hmap_replace_returns_old_value_and_keeps_size(void **state)
{
	(void)state;
	struct hmap *h = hmap_new(4);
	int x = 1, y = 2;
	void *old = &x;
	assert_int_equal(hmap_put_str(h, "k", &x, &old), 0);
	assert_null(old);
	assert_int_equal(hmap_put_str(h, "k", &y, &old), 0);
	assert_ptr_equal(old, &x);
	assert_ptr_equal(hmap_get_str(h, "k"), &y);
	assert_int_equal(hmap_size(h), 1);
	hmap_free(h);
}

static void test_hmap_many_keys_survive_growth(void **state)
{
	(void)state;
	enum {
		N = 100000
	};
	char(*keys)[24] = calloc(N, sizeof(*keys));
	assert_non_null(keys);
	struct hmap *h = hmap_new(1); /* starts tiny: must grow many times */
	for (uintptr_t i = 0; i < N; i++) {
		snprintf(keys[i], sizeof(keys[i]), "eni-%016lx", (unsigned long)(i * 2654435761u));
		assert_int_equal(hmap_put_str(h, keys[i], (void *)(i + 1), NULL), 0);
	}
	assert_int_equal(hmap_size(h), N);
	for (uintptr_t i = 0; i < N; i++)
		assert_ptr_equal(hmap_get_str(h, keys[i]), (void *)(i + 1));
	assert_null(hmap_get_str(h, "eni-nothere"));
	hmap_free(h);
	free(keys);
}

static void test_hmap_binary_keys_with_nul_bytes_are_distinct(void **state)
{
	(void)state;
	struct hmap *h = hmap_new(8);
	/* keys that differ only after an embedded NUL, or only in length */
	static const unsigned char k1[] = {0, 0, 0, 1};
	static const unsigned char k2[] = {0, 0, 0, 2};
	static const unsigned char k3[] = {0, 0, 0};
	static const unsigned char k4[16] = {0xfe, 0x80};
	int a = 1, b = 2, c = 3, d = 4;
	assert_int_equal(hmap_put(h, k1, sizeof(k1), &a, NULL), 0);
	assert_int_equal(hmap_put(h, k2, sizeof(k2), &b, NULL), 0);
	assert_int_equal(hmap_put(h, k3, sizeof(k3), &c, NULL), 0);
	assert_int_equal(hmap_put(h, k4, sizeof(k4), &d, NULL), 0);
	assert_int_equal(hmap_size(h), 4);
	assert_ptr_equal(hmap_get(h, k1, sizeof(k1)), &a);
	assert_ptr_equal(hmap_get(h, k2, sizeof(k2)), &b);
	assert_ptr_equal(hmap_get(h, k3, sizeof(k3)), &c);
	assert_ptr_equal(hmap_get(h, k4, sizeof(k4)), &d);
	assert_null(hmap_get(h, k1, 2));
	/* a lookup key at another address with the same bytes finds it */
	unsigned char copy[4];
	memcpy(copy, k2, 4);
	assert_ptr_equal(hmap_get(h, copy, 4), &b);
	hmap_free(h);
}

static void test_hmap_hash_depends_on_every_byte(void **state)
{
	(void)state;
	assert_int_equal(hmap_hash("abc", 3), hmap_hash("abc", 3));
	assert_int_not_equal(hmap_hash("abc", 3), hmap_hash("abd", 3));
	assert_int_not_equal(hmap_hash("abc", 3), hmap_hash("abc", 2));
	assert_int_not_equal(hmap_hash("", 0), hmap_hash("\0", 1));
}

/* ---- diag ---- */

static void test_diag_add_copies_strings_and_counts(void **state)
{
	(void)state;
	struct diag_list *l = diag_list_new();
	assert_non_null(l);
	assert_int_equal(diag_count(l), 0);
	char res[] = "subnet-1";
	char file[] = "a.json";
	assert_int_equal(diag_add(l, DIAG_ERROR, "InvalidSubnet.Conflict", res, file, 3, 7,
				  "The CIDR '%s' conflicts with another subnet", "10.0.0.0/24"),
			 0);
	assert_int_equal(diag_add(l, DIAG_WARNING, "UnknownKey", NULL, NULL, 0, 0, "key %d", 5), 0);
	res[0] = file[0] = 'X';
	assert_int_equal(diag_count(l), 2);
	assert_int_equal(diag_count_severity(l, DIAG_ERROR), 1);
	assert_int_equal(diag_count_severity(l, DIAG_WARNING), 1);
	assert_int_equal(diag_count_severity(l, DIAG_NOTE), 0);
	const struct diag *d = diag_get(l, 0);
	assert_string_equal(d->code, "InvalidSubnet.Conflict");
	assert_string_equal(d->resource, "subnet-1");
	assert_string_equal(d->file, "a.json");
	assert_int_equal(d->line, 3);
	assert_int_equal(d->col, 7);
	assert_string_equal(d->message, "The CIDR '10.0.0.0/24' conflicts with another subnet");
	d = diag_get(l, 1);
	assert_null(d->resource);
	assert_null(d->file);
	assert_string_equal(d->message, "key 5");
	assert_null(diag_get(l, 2));
	diag_list_free(l);
}

static void test_diag_null_code_becomes_unknown(void **state)
{
	(void)state;
	struct diag_list *l = diag_list_new();
	assert_int_equal(diag_add(l, DIAG_NOTE, NULL, NULL, NULL, 0, 0, "x"), 0);
	assert_string_equal(diag_get(l, 0)->code, "Unknown");
	diag_list_free(l);
}

static void test_diag_long_message_is_truncated_not_overflowed(void **state)
{
	(void)state;
	struct diag_list *l = diag_list_new();
	char *big = malloc(5000);
	memset(big, 'z', 4999);
	big[4999] = '\0';
	assert_int_equal(diag_add(l, DIAG_ERROR, "C", NULL, NULL, 0, 0, "%s", big), 0);
	size_t n = strlen(diag_get(l, 0)->message);
	assert_true(n > 0 && n < 5000);
	free(big);
	diag_list_free(l);
}

static void test_diag_has_code(void **state)
{
	(void)state;
	struct diag_list *l = diag_list_new();
	assert_false(diag_has_code(l, "RouteAlreadyExists"));
	diag_add(l, DIAG_ERROR, "RouteAlreadyExists", "rtb-1", NULL, 0, 0, "dup");
	assert_true(diag_has_code(l, "RouteAlreadyExists"));
	assert_false(diag_has_code(l, "RouteAlreadyExist"));
	assert_false(diag_has_code(l, "routealreadyexists"));
	diag_list_free(l);
}

static void test_diag_sort_by_file_line_col_then_insertion(void **state)
{
	(void)state;
	struct diag_list *l = diag_list_new();
	diag_add(l, DIAG_ERROR, "C", NULL, "b.json", 1, 1, "b1");
	diag_add(l, DIAG_ERROR, "C", NULL, "a.json", 9, 2, "a9-first");
	diag_add(l, DIAG_ERROR, "C", NULL, NULL, 0, 0, "nofile");
	diag_add(l, DIAG_ERROR, "C", NULL, "a.json", 2, 5, "a2c5");
	diag_add(l, DIAG_ERROR, "C", NULL, "a.json", 9, 2, "a9-second");
	diag_add(l, DIAG_ERROR, "C", NULL, "a.json", 2, 1, "a2c1");
	diag_sort(l);
	const char *want[] = {"nofile", "a2c1", "a2c5", "a9-first", "a9-second", "b1"};
	assert_int_equal(diag_count(l), 6);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(diag_get(l, i)->message, want[i]);
	/* sorting again keeps the order (stable with respect to insertion) */
	diag_sort(l);
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(diag_get(l, i)->message, want[i]);
	diag_list_free(l);
}

static void test_diag_severity_names(void **state)
{
	(void)state;
	assert_string_equal(diag_severity_name(DIAG_ERROR), "error");
	assert_string_equal(diag_severity_name(DIAG_WARNING), "warning");
	assert_string_equal(diag_severity_name(DIAG_NOTE), "note");
	assert_string_equal(diag_severity_name((enum diag_severity)42), "unknown");
}

/* ---- error ---- */

static void test_strerror_names_every_code(void **state)
{
	(void)state;
	assert_string_equal(vs_strerror(VS_OK), "success");
	assert_string_equal(vs_strerror(VS_EPARSE), "malformed input");
	assert_string_equal(vs_strerror(VS_ESNAPSHOT), "unusable snapshot");
	assert_string_equal(vs_strerror(VS_ENOTFOUND), "no such resource");
	assert_string_equal(vs_strerror(VS_EAMBIGUOUS), "ambiguous name");
	assert_string_equal(vs_strerror(VS_EUNSUPPORTED), "not supported");
	assert_string_equal(vs_strerror(VS_ENOENT), strerror(ENOENT));
	assert_string_equal(vs_strerror(VS_ENOMEM), strerror(ENOMEM));
	assert_string_equal(vs_strerror(-5000), "unknown error");
	assert_string_equal(vs_strerror(7), "unknown error");
}

/* RFC 3629 / Unicode table 3-7: what is UTF-8 and what is not. */
static void test_utf8_decode(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(utf8_decode((const unsigned char *)"A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(utf8_decode((const unsigned char *)"\xe2\x82\xac", 3, &cp), 3);
	assert_int_equal(cp, 0x20ac);
	assert_int_equal(utf8_decode((const unsigned char *)"\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(utf8_decode((const unsigned char *)"\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10ffff);
	/* not UTF-8: a lone continuation byte, overlong forms, a surrogate,
	 * beyond U+10FFFF, a sequence cut by a NUL or by @avail */
	static const char *const bad[] = {
		"\x80",         "\xc0\xaf",         "\xc1\xbf",         "\xe0\x80\xaf",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff",
		"\xe2\x82"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(utf8_decode((const unsigned char *)bad[i], 4, NULL), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xc3\xa9", 1, NULL), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"", 0, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_arena_alloc_is_zeroed_and_aligned),
		cmocka_unit_test(test_arena_allocations_do_not_overlap_across_chunks),
		cmocka_unit_test(test_arena_large_allocation_keeps_current_chunk_usable),
		cmocka_unit_test(test_arena_calloc_overflow_returns_null),
		cmocka_unit_test(test_arena_strdup_copies_and_null_gives_null),
		cmocka_unit_test(test_arena_free_null_is_noop),
		cmocka_unit_test(test_vec_grows_and_keeps_elements),
		cmocka_unit_test(test_vec_take_hands_over_buffer_and_empties),
		cmocka_unit_test(test_hmap_put_get_and_missing_key),
		cmocka_unit_test(test_hmap_replace_returns_old_value_and_keeps_size),
		cmocka_unit_test(test_hmap_many_keys_survive_growth),
		cmocka_unit_test(test_hmap_binary_keys_with_nul_bytes_are_distinct),
		cmocka_unit_test(test_hmap_hash_depends_on_every_byte),
		cmocka_unit_test(test_diag_add_copies_strings_and_counts),
		cmocka_unit_test(test_diag_null_code_becomes_unknown),
		cmocka_unit_test(test_diag_long_message_is_truncated_not_overflowed),
		cmocka_unit_test(test_diag_has_code),
		cmocka_unit_test(test_diag_sort_by_file_line_col_then_insertion),
		cmocka_unit_test(test_diag_severity_names),
		cmocka_unit_test(test_strerror_names_every_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

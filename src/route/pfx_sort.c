/*
 * DOC: sorting by prefix on precomputed keys (pfx_sort.h)
 */
#include "route/pfx_sort.h"

#include <string.h>

static uint64_t be64(const uint8_t *b)
{
	uint64_t x = 0;
	for (unsigned i = 0; i < 8; i++)
		x = x << 8 | b[i];
	return x;
}

struct pfx_key pfx_key_of(uint64_t grp, const struct net_prefix *p, uint32_t idx)
{
	return (struct pfx_key){.grp = grp,
				.hi = be64(p->addr.b),
				.lo = be64(p->addr.b + 8),
				.af = p->addr.af,
				.len = p->len,
				.idx = idx};
}

/* Group, family, address, length, then index. */
static bool key_lt(const struct pfx_key *a, const struct pfx_key *b)
{
	if (a->grp != b->grp)
		return a->grp < b->grp;
	if (a->af != b->af)
		return a->af < b->af;
	if (a->hi != b->hi)
		return a->hi < b->hi;
	if (a->lo != b->lo)
		return a->lo < b->lo;
	if (a->len != b->len)
		return a->len < b->len;
	return a->idx < b->idx;
}

static uint32_t run_end(const struct pfx_key *a, uint32_t i, uint32_t n)
{
	while (i + 1 < n && !key_lt(&a[i + 1], &a[i]))
		i++;
	return i + 1;
}

/* Short blocks by insertion first, then the runs merged pairwise until one
 * is left. */
void pfx_keys_sort(struct pfx_key *a, struct pfx_key *tmp, uint32_t n)
{
	enum {
		BLOCK = 24
	};
	if (n < 2 || run_end(a, 0, n) >= n)
		return;
	for (uint32_t b = 0; b < n; b += BLOCK) {
		uint32_t e = b + BLOCK < n ? b + BLOCK : n;
		for (uint32_t i = b + 1; i < e; i++) {
			struct pfx_key x = a[i];
			uint32_t j = i;
			for (; j > b && key_lt(&x, &a[j - 1]); j--)
				a[j] = a[j - 1];
			a[j] = x;
		}
	}
	struct pfx_key *src = a, *dst = tmp;
	for (;;) {
		uint32_t i = 0, runs = 0;
		while (i < n) {
			uint32_t m = run_end(src, i, n);
			uint32_t e = m < n ? run_end(src, m, n) : n;
			uint32_t x = i, y = m, k = i;
			while (x < m && y < e)
				dst[k++] = key_lt(&src[y], &src[x]) ? src[y++] : src[x++];
			while (x < m)
				dst[k++] = src[x++];
			while (y < e)
				dst[k++] = src[y++];
			runs++;
			i = e;
		}
		struct pfx_key *t = src;
		src = dst;
		dst = t;
		if (runs == 1)
			break;
	}
	if (src != a)
		memcpy(a, src, (size_t)n * sizeof(*a));
}

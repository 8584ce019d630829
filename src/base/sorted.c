/*
 * DOC: searching a sorted array (sorted.h)
 */
#include "base/sorted.h"

size_t sorted_lower_bound(const void *base, size_t n, size_t size, const void *key,
			  sorted_cmp_fn cmp)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp((const char *)base + mid * size, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const void *sorted_find(const void *base, size_t n, size_t size, const void *key, sorted_cmp_fn cmp)
{
	size_t i = sorted_lower_bound(base, n, size, key, cmp);
	if (i == n)
		return NULL;
	const void *elem = (const char *)base + i * size;
	return cmp(elem, key) == 0 ? elem : NULL;
}

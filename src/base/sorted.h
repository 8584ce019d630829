/*
 * DOC: searching a sorted array
 *
 * The binary searches the modules run over their sorted indexes (zones by
 * id, names in canonical order, VPCs by id), written once.  @cmp compares
 * one element of the array with the caller's key: negative when the
 * element orders before the key, 0 when it is equal, positive after.  The
 * array must be sorted in that order.  Neither function allocates or keeps
 * anything; they are thread-safe when the array is not written meanwhile.
 */
#ifndef VPCSIM_BASE_SORTED_H
#define VPCSIM_BASE_SORTED_H

#include <stddef.h>

typedef int (*sorted_cmp_fn)(const void *elem, const void *key);

/* The first index of the @n elements of @size bytes at @base whose element
 * does not order before @key: where @key would go to keep the order; @n
 * when every element is before it. */
size_t sorted_lower_bound(const void *base, size_t n, size_t size, const void *key,
			  sorted_cmp_fn cmp);

/* The first element equal to @key, or NULL when there is none. */
const void *sorted_find(const void *base, size_t n, size_t size, const void *key,
			sorted_cmp_fn cmp);

#endif

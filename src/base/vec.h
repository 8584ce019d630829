/*
 * DOC: growable array
 *
 * A heap array of fixed-size elements that grows by doubling, for building
 * lists whose length is not known in advance.  vec_take() hands the buffer
 * to the caller (who frees it with free()).  Not thread-safe.
 */
#ifndef VPCSIM_BASE_VEC_H
#define VPCSIM_BASE_VEC_H

#include <stddef.h>
#include <stdint.h>

struct vec {
	void *items;
	uint32_t n, cap;
	size_t elem;
};

void vec_init(struct vec *v, size_t elem_size);
/* A zeroed new last element, or NULL when out of memory (or 2^32 elements). */
void *vec_push(struct vec *v);
/* Detach the buffer (may be NULL when empty); the vec becomes empty. */
void *vec_take(struct vec *v, uint32_t *n);
void vec_release(struct vec *v);

#define VEC_AT(v, type, i) (&((type *)(v)->items)[i])

#endif

/*
 * DOC: growable array
 */
#include "base/vec.h"

#include <stdlib.h>
#include <string.h>

void vec_init(struct vec *v, size_t elem_size)
{
	v->items = NULL;
	v->n = v->cap = 0;
	v->elem = elem_size;
}

void *vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		if (v->cap >= UINT32_MAX / 2)
			return NULL;
		uint32_t nc = v->cap ? v->cap * 2 : 8;
		void *p = realloc(v->items, (size_t)nc * v->elem);
		if (!p)
			return NULL;
		v->items = p;
		v->cap = nc;
	}
	void *e = (char *)v->items + (size_t)v->n * v->elem;
	memset(e, 0, v->elem);
	v->n++;
	return e;
}

void *vec_take(struct vec *v, uint32_t *n)
{
	void *p = v->items;
	if (n)
		*n = v->n;
	v->items = NULL;
	v->n = v->cap = 0;
	return p;
}

void vec_release(struct vec *v)
{
	free(v->items);
	v->items = NULL;
	v->n = v->cap = 0;
}

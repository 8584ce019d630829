/*
 * DOC: the loader's passes over JSON arrays
 *
 * Every reader walks its arrays in one of a few ways, written once here so
 * that each reader says only what it does with one element:
 *  - ld_each_elem(): the elements of a top-level array, each an object with
 *    its required id;
 *  - ld_each_sub(): the Batfish wrapper shape, a parent id and a sub-array;
 *  - ld_each_merged(): the objects of a top-level array merged by id into
 *    entities read before, through an id index built once per call;
 *  - ld_objs(): an array of objects read into an arena array sized by the
 *    array (count, allocate, fill), one element per call.
 * The findings are the ones each reader wrote by hand before: "elements of
 * KEY must be objects" for a non-object, the required id's, and whatever the
 * element's own function reports.
 */
#include <stdint.h>
#include <string.h>

#include "load/load_internal.h"
#include "vpcsim/error.h"

int ld_each_elem(struct ld_ctx *c, const cJSON *arr, const char *key, const char *id_key,
		 ld_item_fn fn)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, arr)
	{
		const char *id = ld_elem_id(c, e, key, id_key);
		if (!id)
			continue;
		int rc = fn(c, id, e);
		if (rc)
			return rc;
	}
	return 0;
}

int ld_each_sub(struct ld_ctx *c, const cJSON *arr, const char *key, const char *id_key,
		const char *sub_key, ld_item_fn fn)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, arr)
	{
		const char *id = ld_elem_id(c, e, key, id_key);
		if (!id)
			continue;
		const cJSON *subs = ld_arr(c, e, sub_key, id), *x;
		cJSON_ArrayForEach(x, subs)
		{
			if (!ld_elem_obj(c, x, sub_key, NULL))
				continue;
			int rc = fn(c, id, x);
			if (rc)
				return rc;
		}
	}
	return 0;
}

struct hmap *ld_obj_index(const struct vec *v, bool keep_first)
{
	struct hmap *h = hmap_new((size_t)v->n + 16);
	if (!h)
		return NULL;
	for (uint32_t i = 0; i < v->n; i++) {
		const struct model_obj *o =
			(const struct model_obj *)((const char *)v->items + (size_t)i * v->elem);
		if (!o->id || (keep_first && hmap_get_str(h, o->id)))
			continue;
		if (hmap_put_str(h, o->id, (void *)(uintptr_t)(i + 1), NULL)) {
			hmap_free(h);
			return NULL;
		}
	}
	return h;
}

int ld_each_merged(struct ld_ctx *c, const cJSON *arr, const char *key, const struct vec *v,
		   ld_merge_fn fn)
{
	struct hmap *h = ld_obj_index(v, false);
	if (!h)
		return VS_ENOMEM;
	int rc = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, arr)
	{
		if (!ld_elem_obj(c, e, key, NULL))
			continue;
		if ((rc = fn(c, h, e)) != 0)
			break;
	}
	hmap_free(h);
	return rc;
}

void *ld_objs(struct ld_ctx *c, const cJSON *a, const struct ld_array *how, const char *res,
	      const void *arg, uint32_t *n, int *rc)
{
	uint32_t cap;
	char *out = ld_alloc_for(c, a, how->size, &cap);
	*n = 0;
	if (!cap)
		return NULL;
	if (!out) {
		*rc = VS_ENOMEM;
		return NULL;
	}
	const cJSON *x;
	cJSON_ArrayForEach(x, a)
	{
		if (*n == cap)
			break;
		if (how->key ? !ld_elem_obj(c, x, how->key, res) : !cJSON_IsObject(x))
			continue;
		void *elem = out + (size_t)*n * how->size;
		int r = how->fn(c, x, elem, arg);
		if (r < 0) {
			*rc = r;
			return NULL;
		}
		if (r == 0)
			(*n)++;
		else /* the slot is taken by the next element, as if never used */
			memset(elem, 0, how->size);
	}
	return out;
}

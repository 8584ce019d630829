/*
 * DOC: the loader's passes over JSON arrays
 *
 * Every reader walks its arrays in one of a few ways, written once here so
 * that each reader says only what it does with one element:
 *  - ld_each_elem(): the elements of a top-level array, each an object with
 *    its required id;
 *  - ld_each_live(): the same for resources AWS describes with a state, the
 *    gone ones skipped and each other one's entity made before its reader;
 *  - ld_each_sub(): the Batfish wrapper shape, a parent id and a sub-array;
 *  - ld_each_obj(): the objects of an array, whatever they hold;
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

/* Whether element @x of an array is one to read: an object; otherwise
 * "elements of @key must be objects" on @res, or nothing when @key is NULL. */
static bool elem_obj(struct ld_ctx *c, const cJSON *x, const char *key, const char *res)
{
	return key ? ld_elem_obj(c, x, key, res) : cJSON_IsObject(x);
}

int ld_each_obj(struct ld_ctx *c, const cJSON *arr, const char *key, const char *res, ld_obj_fn fn,
		const void *arg)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, arr)
	{
		if (!elem_obj(c, e, key, res))
			continue;
		int rc = fn(c, e, arg);
		if (rc)
			return rc;
	}
	return 0;
}

/* The walk of ld_each_elem(), ld_each_live() and ld_each_sub(): @fn with
 * each element's required @id_key, on the element itself (with its entity
 * made as @live says, when not NULL) or (@sub_key) on each object of its
 * array @sub_key; @id is the element's, in the walk of that array. */
struct item_walk {
	ld_item_fn fn;
	const char *id_key, *sub_key, *id;
	const struct ld_live *live;
};

static int item_live(struct ld_ctx *c, const struct ld_live *l, const char *id, const cJSON *e)
{
	const char *az = l->az_key ? ld_str(c, e, l->az_key, id) : NULL;
	const char *state;
	int rc;
	char *obj = ld_push_live(c, ld_kind_vec(c, l->kind), l->kind, id, e, l->state_key, az,
				 &state, &rc);
	if (!obj)
		return rc;
	if (l->state_off)
		memcpy(obj + l->state_off, &state, sizeof(state));
	if (l->az_key)
		memcpy(obj + l->az_off, &az, sizeof(az));
	return l->fn(c, obj, id, e);
}

static int item_sub(struct ld_ctx *c, const cJSON *x, const void *arg)
{
	const struct item_walk *w = arg;
	return w->fn(c, w->id, x);
}

static int item_elem(struct ld_ctx *c, const cJSON *e, const void *arg)
{
	const struct item_walk *w = arg;
	const char *id = ld_str_req(c, e, w->id_key, NULL);
	if (!id)
		return 0;
	if (w->live)
		return item_live(c, w->live, id, e);
	if (!w->sub_key)
		return w->fn(c, id, e);
	const struct item_walk sub = {.fn = w->fn, .id = id};
	return ld_each_obj(c, ld_arr(c, e, w->sub_key, id), w->sub_key, NULL, item_sub, &sub);
}

int ld_each_elem(struct ld_ctx *c, const cJSON *arr, const char *key, const char *id_key,
		 ld_item_fn fn)
{
	const struct item_walk w = {.fn = fn, .id_key = id_key};
	return ld_each_obj(c, arr, key, NULL, item_elem, &w);
}

int ld_each_live(struct ld_ctx *c, const cJSON *arr, const char *key, const char *id_key,
		 const struct ld_live *how)
{
	const struct item_walk w = {.id_key = id_key, .live = how};
	return ld_each_obj(c, arr, key, NULL, item_elem, &w);
}

int ld_each_sub(struct ld_ctx *c, const cJSON *arr, const char *key, const char *id_key,
		const char *sub_key, ld_item_fn fn)
{
	const struct item_walk w = {.fn = fn, .id_key = id_key, .sub_key = sub_key};
	return ld_each_obj(c, arr, key, NULL, item_elem, &w);
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

struct merge {
	ld_merge_fn fn;
	struct hmap *h;
};

static int merge_one(struct ld_ctx *c, const cJSON *e, const void *arg)
{
	const struct merge *m = arg;
	return m->fn(c, m->h, e);
}

int ld_each_merged(struct ld_ctx *c, const cJSON *arr, const char *key, const struct vec *v,
		   ld_merge_fn fn)
{
	struct hmap *h = ld_obj_index(v, false);
	if (!h)
		return VS_ENOMEM;
	const struct merge m = {fn, h};
	int rc = ld_each_obj(c, arr, key, NULL, merge_one, &m);
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
		if (!elem_obj(c, x, how->key, res))
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

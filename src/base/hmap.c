/*
 * DOC: hash map
 *
 * 64-bit FNV-1a over the key, finished with a multiply-xorshift so the low
 * bits used for the slot index are well mixed.
 */
#include "base/hmap.h"

#include <stdlib.h>
#include <string.h>

#include "vpcsim/error.h"

struct hmap_slot {
	const void *key;
	size_t len;
	uint64_t hash;
	void *val;
};

struct hmap {
	struct hmap_slot *slots;
	size_t cap; /* power of two */
	size_t n;
};

uint64_t hmap_hash(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

struct hmap *hmap_new(size_t expect)
{
	struct hmap *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	size_t cap = 16;
	while (cap < expect * 2 && cap < ((size_t)1 << 40))
		cap <<= 1;
	h->slots = calloc(cap, sizeof(*h->slots));
	if (!h->slots) {
		free(h);
		return NULL;
	}
	h->cap = cap;
	return h;
}

void hmap_free(struct hmap *h)
{
	if (!h)
		return;
	free(h->slots);
	free(h);
}

static struct hmap_slot *hmap_find(const struct hmap *h, const void *key, size_t len, uint64_t hash)
{
	size_t mask = h->cap - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		struct hmap_slot *s = &h->slots[i];
		if (!s->key)
			return s;
		if (s->hash == hash && s->len == len && memcmp(s->key, key, len) == 0)
			return s;
	}
}

static int hmap_grow(struct hmap *h)
{
	size_t ncap = h->cap * 2;
	struct hmap_slot *ns = calloc(ncap, sizeof(*ns));
	if (!ns)
		return VS_ENOMEM;
	struct hmap old = *h;
	h->slots = ns;
	h->cap = ncap;
	for (size_t i = 0; i < old.cap; i++) {
		struct hmap_slot *s = &old.slots[i];
		if (s->key)
			*hmap_find(h, s->key, s->len, s->hash) = *s;
	}
	free(old.slots);
	return 0;
}

int hmap_put(struct hmap *h, const void *key, size_t len, void *val, void **old)
{
	if ((h->n + 1) * 2 > h->cap) {
		int rc = hmap_grow(h);
		if (rc)
			return rc;
	}
	uint64_t hash = hmap_hash(key, len);
	struct hmap_slot *s = hmap_find(h, key, len, hash);
	if (old)
		*old = s->key ? s->val : NULL;
	if (!s->key) {
		s->key = key;
		s->len = len;
		s->hash = hash;
		h->n++;
	}
	s->val = val;
	return 0;
}

void *hmap_get(const struct hmap *h, const void *key, size_t len)
{
	struct hmap_slot *s = hmap_find(h, key, len, hmap_hash(key, len));
	return s->key ? s->val : NULL;
}

size_t hmap_size(const struct hmap *h)
{
	return h->n;
}

int hmap_put_str(struct hmap *h, const char *key, void *val, void **old)
{
	return hmap_put(h, key, strlen(key), val, old);
}

void *hmap_get_str(const struct hmap *h, const char *key)
{
	return hmap_get(h, key, strlen(key));
}

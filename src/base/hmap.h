/*
 * DOC: hash map
 *
 * Open addressing, linear probing, keyed by byte strings the caller owns
 * (they must outlive the map; the model keeps its keys in its arena).  Sized
 * to stay under 50% full, so a lookup touches one or two slots.  Lookups on
 * a map nobody writes to are thread-safe.
 */
#ifndef VPCSIM_BASE_HMAP_H
#define VPCSIM_BASE_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct hmap;

/* @expect: expected number of keys (a hint; the map grows as needed). */
struct hmap *hmap_new(size_t expect);
void hmap_free(struct hmap *h); /* NULL is a no-op */

/* Insert or replace.  0, or VS_ENOMEM.  If @old is not NULL it receives the
 * value replaced (NULL when the key was new). */
int hmap_put(struct hmap *h, const void *key, size_t len, void *val, void **old);
/* The value, or NULL. */
void *hmap_get(const struct hmap *h, const void *key, size_t len);
size_t hmap_size(const struct hmap *h);

/* Convenience for NUL-terminated keys. */
int hmap_put_str(struct hmap *h, const char *key, void *val, void **old);
void *hmap_get_str(const struct hmap *h, const char *key);

uint64_t hmap_hash(const void *key, size_t len);

#endif

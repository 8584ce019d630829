/*
 * DOC: arena allocator
 *
 * A linear allocator for memory that lives and dies together (the model, one
 * query).  Allocation is a pointer bump in a chunk; everything is freed at
 * once by arena_free().  Not thread-safe: one arena per owner.
 */
#ifndef VPCSIM_BASE_ARENA_H
#define VPCSIM_BASE_ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a); /* NULL is a no-op */

/* Zeroed memory aligned for any type; NULL only when out of memory. */
void *arena_alloc(struct arena *a, size_t size);
/* The same, not zeroed: for what the caller writes in full at once. */
void *arena_alloc_raw(struct arena *a, size_t size);
/* Zeroed array of @n elements of @size; NULL on overflow or out of memory. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Copies; NULL in -> NULL out. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void *arena_memdup(struct arena *a, const void *p, size_t size);
/* Bytes handed out so far (for statistics). */
size_t arena_used(const struct arena *a);

#endif

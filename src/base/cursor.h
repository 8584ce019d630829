/*
 * DOC: bounds-checked cursors over wire messages (the BGP and DNS codecs)
 *
 * A read cursor over a received message and a write cursor over an output
 * buffer, both with a *sticky* error (Knot DNS's wire context): a read
 * past the end yields 0 (cur_take() NULL), a write past the capacity
 * writes nothing, and either sets `bad`, which stays set, so a codec reads
 * or writes a group of fields and checks `bad` once after them.  Integers
 * are in network byte order.  Header-only, so the codecs' per-field calls
 * inline; a cursor is the caller's (on its stack), not thread-shared.
 */
#ifndef VPCSIM_BASE_CURSOR_H
#define VPCSIM_BASE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Reads @p[off..n); `bad` once a read did not fit. */
struct cur_rd {
	const uint8_t *p;
	size_t n, off;
	bool bad;
};

/* Writes @p[off..cap); `bad` once a write did not fit. */
struct cur_wr {
	uint8_t *p;
	size_t cap, off;
	bool bad;
};

/* Whether @k more bytes can be read (never after an error, nor from a
 * cursor whose offset a caller moved past its end). */
static inline bool cur_has(const struct cur_rd *c, size_t k)
{
	return !c->bad && c->off <= c->n && c->n - c->off >= k;
}

/* @k bytes from the cursor, or NULL (and bad) when fewer remain. */
static inline const uint8_t *cur_take(struct cur_rd *c, size_t k)
{
	if (!cur_has(c, k)) {
		c->bad = true;
		return NULL;
	}
	const uint8_t *r = c->p + c->off;
	c->off += k;
	return r;
}

static inline uint8_t cur_get8(struct cur_rd *c)
{
	const uint8_t *b = cur_take(c, 1);
	return b ? b[0] : 0;
}

static inline uint16_t cur_get16(struct cur_rd *c)
{
	uint16_t hi = cur_get8(c);
	return (uint16_t)(hi << 8 | cur_get8(c));
}

static inline uint32_t cur_get32(struct cur_rd *c)
{
	uint32_t hi = cur_get16(c);
	return hi << 16 | cur_get16(c);
}

/* @n bytes of @b, or none (and bad) when they do not all fit. */
static inline void cur_put(struct cur_wr *w, const void *b, size_t n)
{
	if (w->bad || w->cap - w->off < n) {
		w->bad = true;
		return;
	}
	if (n)
		memcpy(w->p + w->off, b, n);
	w->off += n;
}

static inline void cur_put8(struct cur_wr *w, uint8_t v)
{
	cur_put(w, &v, 1);
}

static inline void cur_put16(struct cur_wr *w, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
	cur_put(w, b, 2);
}

static inline void cur_put32(struct cur_wr *w, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
	cur_put(w, b, 4);
}

#endif

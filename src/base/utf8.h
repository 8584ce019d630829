/*
 * DOC: UTF-8 -- the one decoder of the project (RFC 3629; Unicode 15,
 * table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF)
 *
 * Used by the JSON parser (strings must be UTF-8, RFC 8259 8.1), the text
 * renderer (bytes that are not UTF-8 are shown escaped) and the JSON
 * printer (they become U+FFFD).  Pure functions: thread-safe.  Inline: the
 * JSON parser calls it for every byte of a string that is not ASCII.
 */
#ifndef VPCSIM_BASE_UTF8_H
#define VPCSIM_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The length (1-4) of the valid UTF-8 sequence at @p, of which @avail bytes
 * may be read, with its code point in *cp (may be NULL); 0 when the bytes
 * there are not one (a NUL ends a sequence: a NUL-terminated string may be
 * given a larger @avail).  @avail 0: 0. */
static inline size_t utf8_decode(const unsigned char *p, size_t avail, uint32_t *cp)
{
	/* table 3-7: each first byte's range, the sequence's length, the
	 * second byte's range (the others are all 80..BF) */
	static const struct {
		unsigned char first_lo, first_hi, n, lo, hi;
	} rows[] = {
		{0xc2, 0xdf, 2, 0x80, 0xbf}, /* U+0080..U+07FF */
		{0xe0, 0xe0, 3, 0xa0, 0xbf}, /* U+0800..U+0FFF */
		{0xe1, 0xec, 3, 0x80, 0xbf}, /* U+1000..U+CFFF */
		{0xed, 0xed, 3, 0x80, 0x9f}, /* U+D000..U+D7FF */
		{0xee, 0xef, 3, 0x80, 0xbf}, /* U+E000..U+FFFF */
		{0xf0, 0xf0, 4, 0x90, 0xbf}, /* U+10000..U+3FFFF */
		{0xf1, 0xf3, 4, 0x80, 0xbf}, /* U+40000..U+FFFFF */
		{0xf4, 0xf4, 4, 0x80, 0x8f}, /* U+100000..U+10FFFF */
	};
	static const unsigned char lead_bits[] = {0, 0, 0x1f, 0x0f, 0x07};
	if (!avail)
		return 0;
	if (p[0] < 0x80) {
		if (cp)
			*cp = p[0];
		return 1;
	}
	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		if (p[0] < rows[r].first_lo || p[0] > rows[r].first_hi)
			continue;
		size_t n = rows[r].n;
		/* each byte checked before the next is read: a NUL stops it */
		if (avail < n || p[1] < rows[r].lo || p[1] > rows[r].hi)
			return 0;
		uint32_t v = (uint32_t)(p[0] & lead_bits[n]) << 6 | (p[1] & 0x3f);
		for (size_t i = 2; i < n; i++) {
			if (p[i] < 0x80 || p[i] > 0xbf)
				return 0;
			v = v << 6 | (p[i] & 0x3f);
		}
		if (cp)
			*cp = v;
		return n;
	}
	return 0;
}

#endif

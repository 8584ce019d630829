/*
 * DOC: UTF-8 -- the one decoder of the project (RFC 3629; Unicode 15,
 * table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF)
 *
 * Used by the JSON parser (strings must be UTF-8, RFC 8259 8.1), the text
 * renderer (bytes that are not UTF-8 are shown escaped) and the JSON
 * printer (they become U+FFFD).  Pure functions: thread-safe.
 */
#ifndef VPCSIM_BASE_UTF8_H
#define VPCSIM_BASE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The length (1-4) of the valid UTF-8 sequence at @p, of which @avail bytes
 * may be read, with its code point in *cp (may be NULL); 0 when the bytes
 * there are not one (a NUL ends a sequence: a NUL-terminated string may be
 * given a larger @avail).  @avail 0: 0. */
size_t utf8_decode(const unsigned char *p, size_t avail, uint32_t *cp);

#endif

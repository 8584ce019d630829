/*
 * DOC: sorting by prefix on precomputed keys (route/ internal)
 *
 * What route/ sorts by prefix -- a table's candidates, a site's
 * announcements, a VIF's prefixes -- is sorted as these keys, never as the
 * structures themselves with comparators that re-read prefixes: a group
 * (the caller's: a VIF, a link; 0 for none), the prefix's family, its
 * address as two big-endian words, its length, then the caller's index
 * (the last tie-break, so the order is total and never depends on the
 * sort).  The prefix must be canonical (net_prefix_canonicalize()): the
 * bytes past the family's length are then zero, so comparing all 16 is
 * comparing the family's, as net_addr_cmp() does.
 */
#ifndef VPCSIM_ROUTE_PFX_SORT_H
#define VPCSIM_ROUTE_PFX_SORT_H

#include <stdbool.h>
#include <stdint.h>

#include "vpcsim/net.h"

struct pfx_key {
	uint64_t grp;
	uint64_t hi, lo;
	uint16_t af, len;
	uint32_t idx;
};

struct pfx_key pfx_key_of(uint64_t grp, const struct net_prefix *p, uint32_t idx);

/* Same group and prefix. */
static inline bool pfx_key_same(const struct pfx_key *a, const struct pfx_key *b)
{
	return a->grp == b->grp && a->hi == b->hi && a->lo == b->lo && a->af == b->af &&
	       a->len == b->len;
}

/* Sort @a[0..n) in key order; @tmp holds n keys of scratch.  A natural
 * merge sort: already sorted input (the usual case: routes copied from a
 * table, a peer's routes kept in order) is one pass. */
void pfx_keys_sort(struct pfx_key *a, struct pfx_key *tmp, uint32_t n);

#endif

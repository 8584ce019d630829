/*
 * DOC: longest-prefix-match table (IPv4 and IPv6)
 *
 * A read-only table from prefixes to 32-bit values, in the shape of DPDK's
 * lib/lpm: compiled once from a set of (prefix -> value) entries by
 * net_lpm_build(), sized exactly at build time, and never allocating or
 * writing on lookup.  The values are the caller's own indices (into the
 * caller's arrays); the table never interprets them.
 *
 * Structure: one multibit trie per address family with a stride of 8 bits
 * (nodes of 256 slots, like DPDK's tbl8 groups), leaf-pushed: every slot
 * holds either the entry that is the longest match for the whole address
 * range below it, or a child node.  A node is stored compressed, as its
 * runs of equal slots and a 256-bit map of where each run starts.  A lookup
 * is one node per address byte until a leaf -- at most 4 for IPv4, 16 for
 * IPv6 -- each a map word, a popcount and a run read.  Each entry also
 * keeps its *cover*, the entry with the longest prefix that properly
 * contains it; every entry that contains an address is on the cover chain
 * of the address's best match, so net_lpm_lookup_all() lists them all,
 * longest first, in O(matches) without looking at any other entry.
 * A table of at most 8 entries has no trie: it is one packed array of
 * masked prefixes, longest first, whose first match is the answer (at most
 * 8 independent compares, where a trie walk is a chain of dependent reads;
 * thousands of small route tables are looked up cold).
 *
 * Memory: 12 bytes per entry, plus 40 per entry in a table of at most 8,
 * else 48 bytes per trie node and 4 bytes per run (at most 256 per node,
 * typically a few).  A node exists for each distinct leading 8*L bits
 * (L >= 1) of the entries longer than 8*L bits, plus one root per family
 * present.  net_lpm_memory() gives the exact size.  Building takes scratch
 * space of 1 KiB per node (on the stack for small tables), freed before it
 * returns.
 *
 * Ownership: net_lpm_build() copies what it needs; the entry array may be
 * freed after it returns.  The table belongs to the caller until
 * net_lpm_free().
 *
 * Thread safety: building and freeing are the caller's to serialise; every
 * other function only reads a built table and may run concurrently with
 * itself and the others from any number of threads.
 */
#ifndef VPCSIM_NET_LPM_H
#define VPCSIM_NET_LPM_H

#include <stddef.h>
#include <stdint.h>

#include "vpcsim/net.h"

/* "No entry": returned by net_lpm_cover(), never a valid position. */
#define NET_LPM_NONE UINT32_MAX
/* Most entries that can contain one address: /0 .. /128. */
#define NET_LPM_MAX_MATCHES 129

struct net_lpm;

struct net_lpm_entry {
	struct net_prefix pfx; /* host bits past the length are ignored */
	uint32_t value;        /* the caller's; returned by the lookups */
};

struct net_lpm_match {
	uint32_t value;
	uint8_t len; /* the matching entry's prefix length */
};

/*
 * Compile the @n entries at @ents into a table and set *out.  IPv4 and
 * IPv6 entries may be mixed; an address only ever matches entries of its
 * own family.  Errors (*out is then NULL):
 *   VS_EINVAL  @out is NULL; @ents is NULL while @n > 0; an entry's family is
 *              neither IPv4 nor IPv6 or its length exceeds 32 / 128; two
 *              entries have the same prefix once host bits are cleared
 *              (the caller groups what shares a prefix under one value);
 *   VS_ERANGE  more than 2^31 - 2 entries, or a trie of 2^31 nodes or more;
 *   VS_ENOMEM  out of memory.
 * An empty table (@n == 0) is valid and matches nothing.
 */
int net_lpm_build(const struct net_lpm_entry *ents, uint32_t n, struct net_lpm **out);

void net_lpm_free(struct net_lpm *t); /* NULL is a no-op */

/*
 * The value of the entry with the longest prefix containing @a.  Returns 0
 * and sets *value; VS_ENOENT when no entry contains @a (including an
 * address of a family the table has no entry for, or of no family);
 * VS_EINVAL when @t, @a or @value is NULL.
 */
int net_lpm_lookup(const struct net_lpm *t, const struct net_addr *a, uint32_t *value);

/*
 * Every entry whose prefix contains @a, longest prefix first (the first is
 * net_lpm_lookup()'s answer).  Writes up to @max of them to @out (which may
 * be NULL when @max is 0) and returns how many there are in all (at most
 * NET_LPM_MAX_MATCHES; 0 when none, or when @t or @a is NULL).
 */
uint32_t net_lpm_lookup_all(const struct net_lpm *t, const struct net_addr *a,
			    struct net_lpm_match *out, uint32_t max);

/*
 * For the entry at position @i of the array given to net_lpm_build(): the
 * position of the entry with the longest prefix that properly contains it
 * (same family, shorter length), or NET_LPM_NONE when there is none or when
 * @t is NULL or @i is out of range.  For build-time precomputation by the
 * caller (a property of an entry's whole cover chain).
 */
uint32_t net_lpm_cover(const struct net_lpm *t, uint32_t i);

/* Entries in the table (0 for NULL). */
uint32_t net_lpm_count(const struct net_lpm *t);
/* Bytes the table occupies, header included (0 for NULL). */
size_t net_lpm_memory(const struct net_lpm *t);

#endif

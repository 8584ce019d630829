/*
 * DOC: longest-prefix-match table -- builder and lookups
 *
 * The builder sorts a copy of the entries by (family, address, length),
 * which puts every prefix right after the prefixes that contain it: one
 * pass with a stack of the open prefixes gives each entry its cover, and
 * counting the distinct leading bytes per trie level gives the exact node
 * count before anything is allocated.  The entries are then inserted
 * shortest prefix first: a longer prefix only ever overwrites a shorter
 * one's slots, and a node created below a leaf starts as 256 copies of that
 * leaf (leaf pushing), so the deepest slot an address reaches is its
 * longest match.
 *
 * Slot encoding (32 bits): 0 = no match; bit 31 set = child node (the low
 * 31 bits are its index); otherwise the position of the matching entry in
 * the caller's array, plus one.
 *
 * Idea from DPDK lib/lpm (DIR-24-8 and tbl8 groups); the root here is a
 * node like the others, so a table costs kilobytes rather than DIR-24-8's
 * 64 MiB, which suits thousands of small route tables.
 */
#include "net/lpm.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "vpcsim/error.h"

#define LPM_SLOTS       256u
#define LPM_CHILD       0x80000000u
#define LPM_MAX_ENTRIES (LPM_CHILD - 2u) /* a leaf is position + 1, below LPM_CHILD */
#define LPM_MAX_NODES   (LPM_CHILD - 1u)

struct lpm_ent {
	uint32_t value;
	uint32_t cover; /* position of the longest proper cover, or NET_LPM_NONE */
	uint8_t len;
};

struct net_lpm {
	uint32_t n_ents, n_nodes;
	uint32_t root[2];     /* root node per family (IPv4, IPv6); NET_LPM_NONE when absent */
	struct lpm_ent *ents; /* in the order of the caller's array */
	uint32_t *slots;      /* n_nodes * LPM_SLOTS */
	size_t bytes;
};

/* Build-time copy of one entry: its canonical prefix and its position. */
struct lpm_key {
	struct net_prefix pfx;
	uint32_t pos;
};

static int lpm_family(uint8_t af)
{
	return af == NET_AF_INET ? 0 : af == NET_AF_INET6 ? 1 : -1;
}

static unsigned lpm_addr_bytes(int fam)
{
	return fam == 0 ? 4 : 16;
}

static int lpm_key_cmp(const void *x, const void *y)
{
	const struct lpm_key *a = x, *b = y;
	if (a->pfx.addr.af != b->pfx.addr.af)
		return a->pfx.addr.af < b->pfx.addr.af ? -1 : 1;
	int c = memcmp(a->pfx.addr.b, b->pfx.addr.b, sizeof(a->pfx.addr.b));
	if (c)
		return c;
	if (a->pfx.len != b->pfx.len)
		return a->pfx.len < b->pfx.len ? -1 : 1;
	return 0;
}

/* Trie level holding a prefix of length @len: the byte its last bit is in. */
static unsigned lpm_level(unsigned len)
{
	return len ? (len - 1) / 8 : 0;
}

/* Nodes the trie of family @fam needs: a root, and one node per distinct
 * leading 8*L bits of the entries longer than 8*L bits.  @k is sorted, so
 * equal leading bytes are adjacent among the entries that qualify. */
static uint64_t lpm_count_nodes(const struct lpm_key *k, uint32_t n, int fam)
{
	uint8_t af = fam == 0 ? NET_AF_INET : NET_AF_INET6;
	uint64_t nodes = 0;
	bool any = false;
	for (uint32_t i = 0; i < n && !any; i++)
		any = k[i].pfx.addr.af == af;
	if (!any)
		return 0;
	nodes = 1;
	for (unsigned l = 1; l < lpm_addr_bytes(fam); l++) {
		const struct lpm_key *prev = NULL;
		for (uint32_t i = 0; i < n; i++) {
			if (k[i].pfx.addr.af != af || k[i].pfx.len <= 8 * l)
				continue;
			if (!prev || memcmp(prev->pfx.addr.b, k[i].pfx.addr.b, l) != 0)
				nodes++;
			prev = &k[i];
		}
	}
	return nodes;
}

/* Put entry @pos (prefix @p) into the trie rooted at @root; @next is the
 * next free node.  Entries arrive shortest first (see DOC). */
static void lpm_insert(struct net_lpm *t, uint32_t root, const struct net_prefix *p, uint32_t pos,
		       uint32_t *next)
{
	uint32_t node = root;
	unsigned lv = lpm_level(p->len);
	for (unsigned l = 0; l < lv; l++) {
		uint32_t *s = &t->slots[(size_t)node * LPM_SLOTS + p->addr.b[l]];
		if (*s & LPM_CHILD) {
			node = *s & ~LPM_CHILD;
			continue;
		}
		if (*next >= t->n_nodes)
			abort(); /* the node count pass and the insertion disagree */
		uint32_t c = (*next)++;
		uint32_t *cs = &t->slots[(size_t)c * LPM_SLOTS];
		for (unsigned j = 0; j < LPM_SLOTS; j++)
			cs[j] = *s; /* inherits the leaf it replaces */
		*s = LPM_CHILD | c;
		node = c;
	}
	unsigned span = 1u << (8 * (lv + 1) - p->len); /* slots this prefix covers at its level */
	unsigned first = p->addr.b[lv] & ~(span - 1) & 0xffu;
	uint32_t *s = &t->slots[(size_t)node * LPM_SLOTS + first];
	for (unsigned j = 0; j < span; j++) {
		if (s[j] & LPM_CHILD)
			abort(); /* only a longer prefix makes a child: inserted later */
		s[j] = pos + 1;
	}
}

int net_lpm_build(const struct net_lpm_entry *ents, uint32_t n, struct net_lpm **out)
{
	if (!out)
		return VS_EINVAL;
	*out = NULL;
	if (!ents && n)
		return VS_EINVAL;
	if (n > LPM_MAX_ENTRIES)
		return VS_ERANGE;
	for (uint32_t i = 0; i < n; i++) {
		int fam = lpm_family(ents[i].pfx.addr.af);
		if (fam < 0 || ents[i].pfx.len > 8 * lpm_addr_bytes(fam))
			return VS_EINVAL;
	}
	struct lpm_key *k = malloc((n ? n : 1) * sizeof(*k));
	if (!k)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		k[i].pfx = ents[i].pfx;
		net_prefix_canonicalize(&k[i].pfx);
		k[i].pos = i;
	}
	qsort(k, n, sizeof(*k), lpm_key_cmp);
	for (uint32_t i = 1; i < n; i++)
		if (lpm_key_cmp(&k[i - 1], &k[i]) == 0) {
			free(k);
			return VS_EINVAL;
		}

	uint64_t nodes[2] = {lpm_count_nodes(k, n, 0), lpm_count_nodes(k, n, 1)};
	if (nodes[0] + nodes[1] > LPM_MAX_NODES) {
		free(k);
		return VS_ERANGE;
	}
	uint32_t n_nodes = (uint32_t)(nodes[0] + nodes[1]);
	size_t head = (sizeof(struct net_lpm) + 15) & ~(size_t)15;
	size_t ents_bytes = ((size_t)n * sizeof(struct lpm_ent) + 15) & ~(size_t)15;
	size_t bytes = head + ents_bytes + (size_t)n_nodes * LPM_SLOTS * sizeof(uint32_t);
	struct net_lpm *t = calloc(1, bytes);
	if (!t) {
		free(k);
		return VS_ENOMEM;
	}
	t->n_ents = n;
	t->n_nodes = n_nodes;
	t->bytes = bytes;
	t->ents = (struct lpm_ent *)(void *)((char *)t + head);
	t->slots = (uint32_t *)(void *)((char *)t + head + ents_bytes);

	/* Covers: in sorted order the open prefixes that contain the current
	 * one are a stack of strictly increasing lengths (at most 129). */
	uint32_t stack[NET_LPM_MAX_MATCHES];
	uint32_t sp = 0;
	for (uint32_t i = 0; i < n; i++) {
		while (sp && !net_prefix_covers(&k[stack[sp - 1]].pfx, &k[i].pfx))
			sp--;
		struct lpm_ent *e = &t->ents[k[i].pos];
		e->value = ents[k[i].pos].value;
		e->len = k[i].pfx.len;
		e->cover = sp ? k[stack[sp - 1]].pos : NET_LPM_NONE;
		if (sp == NET_LPM_MAX_MATCHES)
			abort(); /* nested distinct prefixes have distinct lengths */
		stack[sp++] = i;
	}

	/* Shortest first: a counting sort of the sorted keys by length. */
	uint32_t start[130] = {0};
	uint32_t *by_len = malloc((n ? n : 1) * sizeof(*by_len));
	if (!by_len) {
		free(k);
		free(t);
		return VS_ENOMEM;
	}
	for (uint32_t i = 0; i < n; i++)
		start[k[i].pfx.len + 1]++;
	for (unsigned l = 1; l < 130; l++)
		start[l] += start[l - 1];
	for (uint32_t i = 0; i < n; i++)
		by_len[start[k[i].pfx.len]++] = i;

	uint32_t next = 0;
	for (int fam = 0; fam < 2; fam++)
		t->root[fam] = nodes[fam] ? next++ : NET_LPM_NONE;
	for (uint32_t i = 0; i < n; i++) {
		const struct lpm_key *x = &k[by_len[i]];
		lpm_insert(t, t->root[lpm_family(x->pfx.addr.af)], &x->pfx, x->pos, &next);
	}
	if (next != n_nodes)
		abort(); /* the node count pass and the insertion disagree */
	free(by_len);
	free(k);
	*out = t;
	return 0;
}

void net_lpm_free(struct net_lpm *t)
{
	free(t);
}

/* The leaf slot @a ends at: 0, or the best entry's position + 1. */
static uint32_t lpm_leaf(const struct net_lpm *t, const struct net_addr *a)
{
	int fam = lpm_family(a->af);
	if (fam < 0 || t->root[fam] == NET_LPM_NONE)
		return 0;
	const uint32_t *sl = t->slots;
	uint32_t s = sl[(size_t)t->root[fam] * LPM_SLOTS + a->b[0]];
	/* The last level's nodes have no children (see lpm_count_nodes), so
	 * the bound only documents the depth. */
	for (unsigned i = 1; (s & LPM_CHILD) && i < 16; i++)
		s = sl[(size_t)(s & ~LPM_CHILD) * LPM_SLOTS + a->b[i]];
	return s;
}

int net_lpm_lookup(const struct net_lpm *t, const struct net_addr *a, uint32_t *value)
{
	if (!t || !a || !value)
		return VS_EINVAL;
	uint32_t s = lpm_leaf(t, a);
	if (!s)
		return VS_ENOENT;
	*value = t->ents[s - 1].value;
	return 0;
}

uint32_t net_lpm_lookup_all(const struct net_lpm *t, const struct net_addr *a,
			    struct net_lpm_match *out, uint32_t max)
{
	if (!t || !a)
		return 0;
	uint32_t k = 0;
	uint32_t s = lpm_leaf(t, a);
	for (uint32_t p = s ? s - 1 : NET_LPM_NONE; p != NET_LPM_NONE; p = t->ents[p].cover) {
		if (out && k < max) {
			out[k].value = t->ents[p].value;
			out[k].len = t->ents[p].len;
		}
		k++;
	}
	return k;
}

uint32_t net_lpm_cover(const struct net_lpm *t, uint32_t i)
{
	if (!t || i >= t->n_ents)
		return NET_LPM_NONE;
	return t->ents[i].cover;
}

uint32_t net_lpm_count(const struct net_lpm *t)
{
	return t ? t->n_ents : 0;
}

size_t net_lpm_memory(const struct net_lpm *t)
{
	return t ? t->bytes : 0;
}

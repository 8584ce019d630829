/*
 * DOC: longest-prefix-match table -- builder and lookups
 *
 * The builder sorts a copy of the entries by (family, address, length)
 * (unless they come sorted), which puts every prefix right after the
 * prefixes that contain it: one pass with a stack of the open prefixes
 * gives each entry its cover.  The entries are then inserted shortest
 * prefix first: a longer prefix only ever overwrites a shorter one's slots,
 * and a node created below a leaf starts as 256 copies of that leaf (leaf
 * pushing), so the deepest slot an address reaches is its longest match.
 * The table itself is allocated once, at its exact size, at the end.
 *
 * Slot encoding (32 bits): 0 = no match; bit 31 set = child node (the low
 * 31 bits are its index); otherwise the position of the matching entry in
 * the caller's array, plus one.
 *
 * The trie is built with full 256-slot nodes in scratch memory, then each
 * node is stored compressed: leaf pushing makes long runs of equal slots,
 * so a node keeps one value per run and a 256-bit map of where runs start;
 * slot b is run number popcount(map bits 0..b) - 1, with the count before
 * each 64-bit word stored (the leafvec idea of Poptrie, Asai and Ohara,
 * SIGCOMM 2015).  A small route table's nodes hold a handful of runs, so a
 * table costs hundreds of bytes rather than kilobytes per node.
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

/* One trie node, compressed (see DOC). */
struct lpm_node {
	uint64_t map[4];    /* bit i of map[w]: slot 64w+i starts a run */
	uint32_t base;      /* its first run in runs[] */
	uint16_t before[4]; /* runs starting in map[0 .. w) */
};

/* A table of at most LPM_SMALL entries is one packed array instead of a
 * trie: address and mask as two 64-bit words each, longest prefix first;
 * the first entry that matches is the longest match.  Its loads are
 * independent of each other (a trie's are each on the previous one), which
 * is what a lookup in one of thousands of small, cold route tables waits
 * on. */
#define LPM_SMALL 8

struct lpm_small {
	uint64_t w[2], mask[2]; /* the prefix's bits, big-endian in host words */
	uint32_t leaf;          /* its position + 1 */
	uint8_t af;
};

struct net_lpm {
	uint32_t n_ents, n_nodes, n_runs, n_small;
	uint32_t root[2];     /* root node per family (IPv4, IPv6); NET_LPM_NONE when absent */
	struct lpm_ent *ents; /* in the order of the caller's array */
	struct lpm_node *nodes;
	uint32_t *runs;          /* slot values, one per run */
	struct lpm_small *small; /* n_small > 0: the whole table (no trie) */
	size_t bytes;
};

/* Bytes 8*i .. 8*i+7 of @b as a big-endian 64-bit word. */
static inline uint64_t lpm_word(const uint8_t *b, unsigned i)
{
	uint64_t w;
	memcpy(&w, b + 8 * i, sizeof(w));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	w = __builtin_bswap64(w);
#elif !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__
	w = 0;
	for (unsigned j = 0; j < 8; j++)
		w = w << 8 | b[8 * i + j];
#endif
	return w;
}

static void lpm_small_set(struct lpm_small *x, const struct net_prefix *p, uint32_t pos)
{
	for (unsigned i = 0; i < 2; i++) {
		unsigned bits = p->len > 64 * i ? p->len - 64 * i : 0;
		x->mask[i] = bits >= 64 ? ~0ull : bits ? ~0ull << (64 - bits) : 0;
		x->w[i] = lpm_word(p->addr.b, i) & x->mask[i];
	}
	x->leaf = pos + 1;
	x->af = p->addr.af;
}

/* Small tables are built without touching the heap for scratch space. */
#define LPM_STACK_KEYS  16
#define LPM_STACK_NODES 8

/* Build-time copy of one entry: its canonical prefix and its position. */
struct lpm_key {
	struct net_prefix pfx;
	uint32_t pos;
};

static int lpm_family(uint8_t af)
{
	return af == NET_AF_INET ? 0 : af == NET_AF_INET6 ? 1 : -1;
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

/* Set bits of @x.  Portable: the x86-64 baseline has no POPCNT
 * instruction, and __builtin_popcountll() then calls libgcc. */
static inline uint32_t lpm_popcount(uint64_t x)
{
#ifdef __POPCNT__
	return (uint32_t)__builtin_popcountll(x);
#else
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (uint32_t)((x * 0x0101010101010101ull) >> 56);
#endif
}

/* Index of the lowest set bit of @x (not 0). */
static inline int lpm_ctz(uint64_t x)
{
	return __builtin_ctzll(x);
}

/* Build-time trie: full nodes, and per node a map of the slots where a
 * write started or ended (run boundaries: between two marks every slot
 * holds the same value, since each write stores one value over a range). */
struct lpm_scratch {
	uint32_t *slots; /* cap * LPM_SLOTS */
	uint64_t *edges; /* cap * 4 */
	uint32_t cap, next;
	uint64_t n_runs; /* edges marked so far: the runs of the compressed trie */
	bool heap;       /* slots and edges were allocated (else the caller's stack) */
};

static void lpm_mark(struct lpm_scratch *b, uint32_t node, unsigned slot)
{
	if (slot >= LPM_SLOTS)
		return;
	uint64_t *w = &b->edges[(size_t)node * 4 + slot / 64], bit = 1ull << (slot % 64);
	b->n_runs += !(*w & bit);
	*w |= bit;
}

/* Room for one more node: 0, VS_ERANGE or VS_ENOMEM. */
static int lpm_grow(struct lpm_scratch *b)
{
	if (b->next < b->cap)
		return 0;
	if (b->cap >= LPM_MAX_NODES)
		return VS_ERANGE;
	uint32_t cap = b->cap > LPM_MAX_NODES / 2 ? LPM_MAX_NODES : 2 * b->cap;
	uint32_t *slots = malloc((size_t)cap * LPM_SLOTS * sizeof(*slots));
	uint64_t *edges = malloc((size_t)cap * 4 * sizeof(*edges));
	if (!slots || !edges) {
		free(slots);
		free(edges);
		return VS_ENOMEM;
	}
	memcpy(slots, b->slots, (size_t)b->next * LPM_SLOTS * sizeof(*slots));
	memcpy(edges, b->edges, (size_t)b->next * 4 * sizeof(*edges));
	if (b->heap) {
		free(b->slots);
		free(b->edges);
	}
	b->slots = slots;
	b->edges = edges;
	b->cap = cap;
	b->heap = true;
	return 0;
}

/* A new node, every slot @v (what the slot it hangs from held), in *@c. */
static int lpm_new_node(struct lpm_scratch *b, uint32_t v, uint32_t *c)
{
	int err = lpm_grow(b);
	if (err)
		return err;
	*c = b->next++;
	uint32_t *cs = &b->slots[(size_t)*c * LPM_SLOTS];
	if (v == 0) {
		memset(cs, 0, LPM_SLOTS * sizeof(*cs)); /* a root */
	} else {
		for (unsigned j = 0; j < LPM_SLOTS; j++)
			cs[j] = v;
	}
	memset(&b->edges[(size_t)*c * 4], 0, 4 * sizeof(uint64_t));
	lpm_mark(b, *c, 0);
	return 0;
}

/* Put entry @pos (prefix @p) into the trie rooted at @root.  Entries
 * arrive shortest first (see DOC).  0, VS_ERANGE or VS_ENOMEM. */
static int lpm_insert(struct lpm_scratch *b, uint32_t root, const struct net_prefix *p,
		      uint32_t pos)
{
	uint32_t node = root;
	unsigned lv = lpm_level(p->len);
	for (unsigned l = 0; l < lv; l++) {
		size_t at = (size_t)node * LPM_SLOTS + p->addr.b[l];
		if (b->slots[at] & LPM_CHILD) {
			node = b->slots[at] & ~LPM_CHILD;
			continue;
		}
		uint32_t c;
		int err = lpm_new_node(b, b->slots[at], &c); /* inherits the leaf it replaces */
		if (err)
			return err;
		b->slots[at] = LPM_CHILD | c;
		lpm_mark(b, node, p->addr.b[l]);
		lpm_mark(b, node, p->addr.b[l] + 1u);
		node = c;
	}
	unsigned span = 1u << (8 * (lv + 1) - p->len); /* slots this prefix covers at its level */
	unsigned first = p->addr.b[lv] & ~(span - 1) & 0xffu;
	uint32_t *s = &b->slots[(size_t)node * LPM_SLOTS + first], seen = 0;
	for (unsigned j = 0; j < span; j++) {
		seen |= s[j];
		s[j] = pos + 1;
	}
	if (seen & LPM_CHILD)
		abort(); /* only a longer prefix makes a child: inserted later */
	lpm_mark(b, node, first);
	lpm_mark(b, node, first + span);
	return 0;
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
		if (!net_prefix_valid(&ents[i].pfx))
			return VS_EINVAL;
	}
	struct lpm_key k_stack[LPM_STACK_KEYS];
	uint32_t by_len_stack[LPM_STACK_KEYS];
	uint32_t slots_stack[LPM_STACK_NODES * LPM_SLOTS];
	uint64_t edges_stack[LPM_STACK_NODES * 4];
	struct lpm_key *k = k_stack;
	uint32_t *by_len = by_len_stack;
	struct lpm_scratch b = {.slots = slots_stack, .edges = edges_stack, .cap = LPM_STACK_NODES};
	struct net_lpm *t = NULL;
	int err = 0;
	if (n > LPM_STACK_KEYS) {
		k = malloc((size_t)n * sizeof(*k));
		by_len = malloc((size_t)n * sizeof(*by_len));
		if (!k || !by_len) {
			err = VS_ENOMEM;
			goto out;
		}
	}
	for (uint32_t i = 0; i < n; i++) {
		k[i].pfx = ents[i].pfx;
		net_prefix_canonicalize(&k[i].pfx);
		k[i].pos = i;
	}
	/* Callers often pass their entries sorted already (rib.c does);
	 * equal neighbours once sorted are duplicates. */
	bool sorted = true;
	for (uint32_t i = 1; i < n && sorted; i++)
		sorted = lpm_key_cmp(&k[i - 1], &k[i]) < 0;
	if (!sorted) {
		qsort(k, n, sizeof(*k), lpm_key_cmp);
		for (uint32_t i = 1; i < n; i++)
			if (lpm_key_cmp(&k[i - 1], &k[i]) == 0) {
				err = VS_EINVAL;
				goto out;
			}
	}

	/* Full nodes first, shortest prefix first: a counting sort of the
	 * sorted keys by length. */
	unsigned maxlen = 0;
	for (uint32_t i = 0; i < n; i++)
		maxlen = k[i].pfx.len > maxlen ? k[i].pfx.len : maxlen;
	uint32_t start[130];
	memset(start, 0, (maxlen + 2) * sizeof(start[0]));
	for (uint32_t i = 0; i < n; i++)
		start[k[i].pfx.len + 1]++;
	for (unsigned l = 1; l <= maxlen + 1; l++)
		start[l] += start[l - 1];
	for (uint32_t i = 0; i < n; i++)
		by_len[start[k[i].pfx.len]++] = i;
	uint32_t root[2] = {NET_LPM_NONE, NET_LPM_NONE};
	bool small = n > 0 && n <= LPM_SMALL;
	for (uint32_t i = 0; i < n && !err && !small; i++) {
		const struct lpm_key *x = &k[by_len[i]];
		uint32_t *r = &root[lpm_family(x->pfx.addr.af)];
		if (*r == NET_LPM_NONE)
			err = lpm_new_node(&b, 0, r);
		if (!err)
			err = lpm_insert(&b, *r, &x->pfx, x->pos);
	}
	if (err)
		goto out;
	uint32_t n_nodes = b.next;

	/* Then the table: entries, compressed nodes, runs. */
	uint64_t n_runs = b.n_runs;
	if (n_runs > UINT32_MAX) {
		err = VS_ERANGE;
		goto out;
	}
	size_t head = (sizeof(struct net_lpm) + 15) & ~(size_t)15;
	size_t ents_bytes = ((size_t)n * sizeof(struct lpm_ent) + 15) & ~(size_t)15;
	size_t small_bytes = small ? (size_t)n * sizeof(struct lpm_small) : 0;
	size_t nodes_bytes = (size_t)n_nodes * sizeof(struct lpm_node);
	size_t bytes =
		head + ents_bytes + small_bytes + nodes_bytes + (size_t)n_runs * sizeof(uint32_t);
	t = malloc(bytes);
	if (!t) {
		err = VS_ENOMEM;
		goto out;
	}
	t->n_ents = n;
	t->n_nodes = n_nodes;
	t->n_runs = (uint32_t)n_runs;
	t->root[0] = root[0];
	t->root[1] = root[1];
	t->bytes = bytes;
	t->ents = (struct lpm_ent *)(void *)((char *)t + head);
	t->small = (struct lpm_small *)(void *)((char *)t + head + ents_bytes);
	t->nodes = (struct lpm_node *)(void *)((char *)t + head + ents_bytes + small_bytes);
	t->runs = (uint32_t *)(void *)((char *)t + head + ents_bytes + small_bytes + nodes_bytes);
	t->n_small = small ? n : 0;
	for (uint32_t i = 0; small && i < n; i++) {
		const struct lpm_key *x = &k[by_len[n - 1 - i]]; /* longest first */
		lpm_small_set(&t->small[i], &x->pfx, x->pos);
	}
	uint32_t r = 0;
	for (uint32_t nd = 0; nd < n_nodes; nd++) {
		const uint32_t *sl = &b.slots[(size_t)nd * LPM_SLOTS];
		struct lpm_node *x = &t->nodes[nd];
		x->base = r;
		uint16_t in_node = 0;
		for (unsigned w = 0; w < 4; w++) {
			uint64_t m = b.edges[(size_t)nd * 4 + w];
			x->map[w] = m;
			x->before[w] = in_node;
			in_node = (uint16_t)(in_node + lpm_popcount(m));
			for (; m; m &= m - 1)
				t->runs[r++] = sl[64 * w + (unsigned)lpm_ctz(m)];
		}
	}

	/* Covers: in sorted order the open prefixes that contain the current
	 * one are a stack of strictly increasing lengths (at most 129).  The
	 * keys are distinct (checked above), so containing is properly
	 * containing. */
	uint32_t stack[NET_LPM_MAX_MATCHES];
	uint32_t sp = 0;
	for (uint32_t i = 0; i < n; i++) {
		while (sp && !net_prefix_covers(&k[stack[sp - 1]].pfx, &k[i].pfx))
			sp--;
		struct lpm_ent *e = &t->ents[k[i].pos];
		memset(e, 0, sizeof(*e));
		e->value = ents[k[i].pos].value;
		e->len = k[i].pfx.len;
		e->cover = sp ? k[stack[sp - 1]].pos : NET_LPM_NONE;
		if (sp == NET_LPM_MAX_MATCHES)
			abort(); /* nested distinct prefixes have distinct lengths */
		stack[sp++] = i;
	}
	*out = t;
out:
	if (k != k_stack)
		free(k);
	if (by_len != by_len_stack)
		free(by_len);
	if (b.heap) {
		free(b.slots);
		free(b.edges);
	}
	return err;
}

void net_lpm_free(struct net_lpm *t)
{
	free(t);
}

/* Slot @b of node @nd: the value of the run it falls in. */
static inline uint32_t lpm_slot(const struct net_lpm *t, uint32_t nd, uint8_t b)
{
	const struct lpm_node *x = &t->nodes[nd];
	unsigned w = b >> 6;
	/* bits 0..b%64 of the word; 2 << 63 is 0 in unsigned arithmetic */
	uint64_t upto = x->map[w] & ((2ull << (b & 63)) - 1);
	return t->runs[x->base + x->before[w] + lpm_popcount(upto) - 1];
}

/* The leaf slot @a ends at: 0, or the best entry's position + 1. */
static uint32_t lpm_leaf(const struct net_lpm *t, const struct net_addr *a)
{
	if (t->n_small) {
		/* an IPv4 entry's mask[1] is 0, so its second word is never read */
		uint64_t w0 = lpm_word(a->b, 0), w1 = a->af == NET_AF_INET6 ? lpm_word(a->b, 1) : 0;
		for (uint32_t i = 0; i < t->n_small; i++) {
			const struct lpm_small *x = &t->small[i];
			if (x->af == a->af && (w0 & x->mask[0]) == x->w[0] &&
			    (w1 & x->mask[1]) == x->w[1])
				return x->leaf;
		}
		return 0;
	}
	int fam = lpm_family(a->af);
	if (fam < 0 || t->root[fam] == NET_LPM_NONE)
		return 0;
	uint32_t s = lpm_slot(t, t->root[fam], a->b[0]);
	/* A prefix of at most 32 (128) bits makes children down to level 3
	 * (15) only, so the bound only documents the depth. */
	for (unsigned i = 1; (s & LPM_CHILD) && i < 16; i++)
		s = lpm_slot(t, s & ~LPM_CHILD, a->b[i]);
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

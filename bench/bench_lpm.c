/*
 * DOC: longest-prefix-match benchmark
 *
 *   bench_lpm SNAPSHOT_DIR [--runs N] [--lookups N] [--seed S]
 *
 * On the effective route tables of a snapshot (rib_build(); gen_hybrid's
 * hybrid-5k in bench/run.sh), measures lookups per second in the same run:
 *
 *  1. VPC route tables, a random table per lookup (every table of the
 *     snapshot): the prefixes of each table in
 *       - net_lpm (src/net/lpm.c, the table under test);
 *       - the reference: per (family, length) a sorted array searched by
 *         binary search, longest length first -- the lookup rib.c used
 *         before net_lpm, rewritten here;
 *     and the route engine's own route_vpc_lookup() (AWS's ranking on top
 *     of the table: the winner alone, and with the losers named).
 *  2. One table at a time, IPv4: net_lpm against a DIR-24-8 table in the
 *     shape of DPDK's rte_lpm (a 2^24-entry first level indexed by the top
 *     24 bits, 256-entry second-level groups for longer prefixes), written
 *     here, on the largest TGW route table and on the first VPC route
 *     table; with the memory of each.
 *
 * The addresses are drawn before the clock starts (half in 10.0.0.0/8, a
 * quarter in 172.16.0.0/12, an eighth in 192.168.0.0/16, an eighth
 * anywhere, as bench_routes does); every structure's answers are compared
 * on every address, and a disagreement is reported (exit status 1).  Prints
 * best-of-N and median, and each reference's time over net_lpm's.
 *
 * Not a test: figures only, never fails on a timing.  Exit status 2 when
 * the snapshot cannot be loaded.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_common.h"
#include "net/lpm.h"
#include "vpcsim/diag.h"
#include "vpcsim/error.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"
#include "vpcsim/rib.h"
#include "vpcsim/vpc_route.h"

#define MISS UINT32_MAX

/* ------------------------------------------- reference 1: sorted arrays */

struct ref_ent {
	struct net_prefix pfx;
	uint32_t value;
};

struct ref_grp {
	uint8_t af, len;
	uint32_t start, n;
};

struct ref_tbl {
	struct ref_ent *ents;
	struct ref_grp *grps; /* longest length first, per family */
	uint32_t n_ents, n_grps;
};

static int ref_ent_cmp(const void *x, const void *y)
{
	const struct ref_ent *a = x, *b = y;
	if (a->pfx.addr.af != b->pfx.addr.af)
		return a->pfx.addr.af < b->pfx.addr.af ? -1 : 1;
	if (a->pfx.len != b->pfx.len)
		return a->pfx.len > b->pfx.len ? -1 : 1;
	return net_addr_cmp(&a->pfx.addr, &b->pfx.addr);
}

static int ref_build(const struct net_lpm_entry *e, uint32_t n, struct ref_tbl *t)
{
	memset(t, 0, sizeof(*t));
	t->ents = calloc(n ? n : 1, sizeof(*t->ents));
	t->grps = calloc(n ? n : 1, sizeof(*t->grps));
	if (!t->ents || !t->grps)
		return VS_ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		t->ents[i].pfx = e[i].pfx;
		net_prefix_canonicalize(&t->ents[i].pfx);
		t->ents[i].value = e[i].value;
	}
	t->n_ents = n;
	qsort(t->ents, n, sizeof(*t->ents), ref_ent_cmp);
	for (uint32_t i = 0; i < n; i++) {
		struct ref_grp *g = t->n_grps ? &t->grps[t->n_grps - 1] : NULL;
		if (!g || g->af != t->ents[i].pfx.addr.af || g->len != t->ents[i].pfx.len) {
			g = &t->grps[t->n_grps++];
			g->af = t->ents[i].pfx.addr.af;
			g->len = t->ents[i].pfx.len;
			g->start = i;
		}
		g->n++;
	}
	return 0;
}

static uint32_t ref_lookup(const struct ref_tbl *t, const struct net_addr *dst)
{
	unsigned nb = dst->af == NET_AF_INET ? 4 : 16;
	for (uint32_t g = 0; g < t->n_grps; g++) {
		const struct ref_grp *gr = &t->grps[g];
		if (gr->af != dst->af)
			continue;
		struct net_prefix k = {.addr = *dst, .len = gr->len};
		net_prefix_canonicalize(&k);
		uint32_t lo = gr->start, hi = gr->start + gr->n;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			int c = memcmp(t->ents[mid].pfx.addr.b, k.addr.b, nb);
			if (c == 0)
				return t->ents[mid].value;
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	return MISS;
}

static void ref_free(struct ref_tbl *t)
{
	free(t->ents);
	free(t->grps);
}

/* ------------------------------------ reference 2: DIR-24-8 (rte_lpm shape) */

#define D24_VALID 0x80000000u
#define D24_GROUP 0x40000000u
#define D24_MASK  0x3fffffffu

struct d24 {
	uint32_t *tbl24; /* 2^24 entries: value | VALID, or group | GROUP */
	uint32_t *tbl8;  /* 256 entries per group */
	uint32_t n_groups;
	size_t bytes;
};

static int d24_len_cmp(const void *x, const void *y)
{
	const struct net_lpm_entry *a = x, *b = y;
	return a->pfx.len < b->pfx.len ? -1 : a->pfx.len > b->pfx.len;
}

/* IPv4 entries of @e only; inserted shortest first, so a longer prefix
 * overwrites what it covers and a new group inherits its /24's entry. */
static int d24_build(const struct net_lpm_entry *e, uint32_t n, struct d24 *t)
{
	memset(t, 0, sizeof(*t));
	struct net_lpm_entry *v4 = calloc(n ? n : 1, sizeof(*v4));
	if (!v4)
		return VS_ENOMEM;
	uint32_t n4 = 0, groups = 0;
	for (uint32_t i = 0; i < n; i++)
		if (e[i].pfx.addr.af == NET_AF_INET) {
			v4[n4] = e[i];
			net_prefix_canonicalize(&v4[n4].pfx);
			groups += v4[n4].pfx.len > 24;
			n4++;
		}
	qsort(v4, n4, sizeof(*v4), d24_len_cmp);
	t->tbl24 = calloc((size_t)1 << 24, sizeof(uint32_t));
	t->tbl8 = calloc((size_t)(groups ? groups : 1) * 256, sizeof(uint32_t));
	if (!t->tbl24 || !t->tbl8) {
		free(v4);
		return VS_ENOMEM;
	}
	for (uint32_t i = 0; i < n4; i++) {
		uint32_t ip = net_addr_v4(&v4[i].pfx.addr), len = v4[i].pfx.len;
		uint32_t val = D24_VALID | (v4[i].value & D24_MASK);
		if (len <= 24) {
			uint32_t first = ip >> 8, span = 1u << (24 - len);
			for (uint32_t j = first; j < first + span; j++) {
				if (t->tbl24[j] & D24_GROUP) {
					uint32_t *g = &t->tbl8[(t->tbl24[j] & D24_MASK) * 256];
					for (unsigned k = 0; k < 256; k++)
						g[k] = val;
				} else {
					t->tbl24[j] = val;
				}
			}
			continue;
		}
		uint32_t *slot = &t->tbl24[ip >> 8];
		if (!(*slot & D24_GROUP)) {
			uint32_t gi = t->n_groups++;
			for (unsigned k = 0; k < 256; k++)
				t->tbl8[gi * 256 + k] = *slot;
			*slot = D24_GROUP | gi;
		}
		uint32_t *g = &t->tbl8[(*slot & D24_MASK) * 256];
		uint32_t first = ip & 0xff, span = 1u << (32 - len);
		for (uint32_t j = first; j < first + span; j++)
			g[j] = val;
	}
	t->bytes = ((size_t)1 << 24) * sizeof(uint32_t) + (size_t)t->n_groups * 256 * 4;
	free(v4);
	return 0;
}

static inline uint32_t d24_lookup(const struct d24 *t, uint32_t ip)
{
	uint32_t x = t->tbl24[ip >> 8];
	if (x & D24_GROUP)
		x = t->tbl8[(x & D24_MASK) * 256 + (ip & 0xff)];
	return x & D24_VALID ? x & D24_MASK : MISS;
}

static void d24_free(struct d24 *t)
{
	free(t->tbl24);
	free(t->tbl8);
}

/* ------------------------------------------------------------- workload */

/* The distinct prefixes of @r (its candidates are sorted by prefix), the
 * value being the position of the first candidate with that prefix. */
static struct net_lpm_entry *rib_prefixes(const struct rib *r, uint32_t *n)
{
	struct net_lpm_entry *e = calloc(r->n_routes ? r->n_routes : 1, sizeof(*e));
	*n = 0;
	for (uint32_t i = 0; e && i < r->n_routes; i++)
		if (i == 0 || !net_prefix_eq(&r->routes[i].attr.pfx, &r->routes[i - 1].attr.pfx)) {
			e[*n].pfx = r->routes[i].attr.pfx;
			e[*n].value = i;
			(*n)++;
		}
	return e;
}

static uint32_t lpm_get(const struct net_lpm *t, const struct net_addr *a)
{
	uint32_t v;
	return net_lpm_lookup(t, a, &v) == 0 ? v : MISS;
}

static void row(const char *what, const double *t, int runs, uint32_t lookups, double lpm_best,
		double lpm_med)
{
	double b = bench_best(t, runs), m = bench_median(t, runs);
	printf("%-48s %8.1f M/s %8.1f M/s %7.1f ns %7.1f ns", what, lookups / b / 1e6,
	       lookups / m / 1e6, b / lookups * 1e9, m / lookups * 1e9);
	if (lpm_best > 0)
		printf("  %6.2fx %6.2fx", b / lpm_best, m / lpm_med);
	printf("\n");
}

static void header(void)
{
	printf("%-48s %12s %12s %10s %10s  %7s %7s\n", "", "best", "median", "best", "median",
	       "/lpm", "/lpm");
}

/* Section 2: one table, net_lpm against DIR-24-8. */
static bool one_table(const char *what, const struct net_lpm_entry *e, uint32_t n,
		      const struct net_addr *addrs, uint32_t lookups, int runs)
{
	struct net_lpm *t = NULL;
	struct d24 d;
	if (net_lpm_build(e, n, &t) != 0 || d24_build(e, n, &d) != 0) {
		fprintf(stderr, "bench_lpm: cannot build the tables for %s\n", what);
		exit(2);
	}
	uint32_t *ip = malloc(lookups * sizeof(*ip));
	if (!ip)
		exit(2);
	uint64_t bad = 0;
	for (uint32_t i = 0; i < lookups; i++) {
		ip[i] = net_addr_v4(&addrs[i]);
		bad += lpm_get(t, &addrs[i]) != d24_lookup(&d, ip[i]);
	}
	double tl[64], td[64];
	uint64_t sink = 0;
	for (int k = 0; k < runs; k++) {
		double t0 = bench_now();
		for (uint32_t i = 0; i < lookups; i++)
			sink += lpm_get(t, &addrs[i]);
		tl[k] = bench_now() - t0;
		t0 = bench_now();
		for (uint32_t i = 0; i < lookups; i++)
			sink += d24_lookup(&d, ip[i]);
		td[k] = bench_now() - t0;
	}
	printf("\n-- %s: %u prefixes; net_lpm %.1f KiB, DIR-24-8 %.1f MiB (%u tbl8 groups)\n", what,
	       n, net_lpm_memory(t) / 1024.0, d.bytes / 1048576.0, d.n_groups);
	header();
	double lb = bench_best(tl, runs), lm = bench_median(tl, runs);
	row("net_lpm_lookup", tl, runs, lookups, 0, 0);
	row("DIR-24-8 (rte_lpm shape), reference", td, runs, lookups, lb, lm);
	printf("answers that differ: %llu (checksum %llu)\n", (unsigned long long)bad,
	       (unsigned long long)(sink & 0xffff));
	free(ip);
	net_lpm_free(t);
	d24_free(&d);
	return bad == 0;
}

int main(int argc, char **argv)
{
	const char *dir;
	int runs = 3; /* at most the 64 of the time arrays */
	uint32_t lookups = 1000000;
	uint64_t seed = 1;
	const struct bench_opt opts[] = {
		{"--runs", BENCH_OPT_INT, &runs, 1, 64},
		{"--lookups", BENCH_OPT_U32, &lookups, 1, 100000000},
		{"--seed", BENCH_OPT_U64, &seed, 0, UINT64_MAX},
		{NULL, BENCH_OPT_FLAG, NULL, 0, 0},
	};
	bench_args("bench_lpm",
		   "usage: bench_lpm SNAPSHOT_DIR [--runs N] [--lookups N] [--seed S]\n", opts,
		   argc, argv, &dir);

	struct diag_list *diag;
	struct model *m;
	double t_load;
	if (bench_load("bench_lpm", dir, &m, &diag, &t_load) != 0)
		return 2;
	diag_list_free(diag);
	struct rib_set *set = NULL;
	struct route_vpc *rv = NULL;
	if (rib_build(m, NULL, &set) != 0 || route_vpc_build(m, set, &rv) != 0) {
		fprintf(stderr, "bench_lpm: cannot compute the route tables of %s\n", dir);
		return 2;
	}
	if (m->n_rtbs == 0) {
		printf("bench_lpm: %s has no VPC route table\n", dir);
		return 0;
	}

	/* Section 1: every VPC route table in both structures. */
	uint32_t nt = m->n_rtbs;
	struct net_lpm **lpm = calloc(nt, sizeof(*lpm));
	struct ref_tbl *ref = calloc(nt, sizeof(*ref));
	if (!lpm || !ref)
		return 2;
	size_t lpm_bytes = 0, ref_bytes = 0;
	uint64_t n_pfx = 0;
	double t_lpm_build = 0, t_ref_build = 0;
	for (uint32_t i = 0; i < nt; i++) {
		uint32_t n = 0;
		struct net_lpm_entry *e = rib_prefixes(rib_of(set, &m->rtbs[i].obj), &n);
		if (!e)
			return 2;
		double t0 = bench_now();
		int rc = net_lpm_build(e, n, &lpm[i]);
		double t1 = bench_now();
		rc = rc ? rc : ref_build(e, n, &ref[i]);
		double t2 = bench_now();
		if (rc) {
			fprintf(stderr, "bench_lpm: building table %u: %s\n", i, vs_strerror(rc));
			return 2;
		}
		t_lpm_build += t1 - t0;
		t_ref_build += t2 - t1;
		lpm_bytes += net_lpm_memory(lpm[i]);
		ref_bytes += n * sizeof(struct ref_ent) + ref[i].n_grps * sizeof(struct ref_grp);
		n_pfx += n;
		free(e);
	}

	struct net_addr *addrs = calloc(lookups, sizeof(*addrs));
	uint32_t *which = calloc(lookups, sizeof(*which));
	if (!addrs || !which)
		return 2;
	uint64_t s = bench_rnd_seed(seed);
	for (uint32_t i = 0; i < lookups; i++) {
		bench_rnd_v4(&s, &addrs[i]);
		which[i] = (uint32_t)(bench_rnd(&s) % nt);
	}
	uint64_t bad = 0, hits = 0;
	for (uint32_t i = 0; i < lookups; i++) {
		uint32_t a = lpm_get(lpm[which[i]], &addrs[i]);
		bad += a != ref_lookup(&ref[which[i]], &addrs[i]);
		hits += a != MISS;
	}

	double tl[64], tr[64], tv[64], tx[64];
	uint64_t sink = 0;
	struct route_loser lost[8];
	for (int k = 0; k < runs; k++) {
		double t0 = bench_now();
		for (uint32_t i = 0; i < lookups; i++)
			sink += lpm_get(lpm[which[i]], &addrs[i]);
		tl[k] = bench_now() - t0;
		t0 = bench_now();
		for (uint32_t i = 0; i < lookups; i++)
			sink += ref_lookup(&ref[which[i]], &addrs[i]);
		tr[k] = bench_now() - t0;
		t0 = bench_now();
		for (uint32_t i = 0; i < lookups; i++)
			sink += route_vpc_lookup(rv, &m->rtbs[which[i]], &addrs[i], NULL, NULL,
						 0) != NULL;
		tv[k] = bench_now() - t0;
		t0 = bench_now();
		for (uint32_t i = 0; i < lookups; i++) {
			struct route_match mt;
			sink += route_vpc_lookup(rv, &m->rtbs[which[i]], &addrs[i], &mt, lost, 8) !=
				NULL;
			sink += mt.n_lost;
		}
		tx[k] = bench_now() - t0;
	}

	printf("snapshot   %s\n", dir);
	printf("tables     %u VPC route tables, %llu distinct prefixes; %u lookups of random "
	       "IPv4 addresses, a random table each, %.1f%% matched\n",
	       nt, (unsigned long long)n_pfx, lookups, 100.0 * (double)hits / lookups);
	printf("memory     net_lpm %.1f MiB in all (%.0f B per table), sorted arrays %.1f MiB; "
	       "build net_lpm %.3f s, sorted arrays %.3f s\n",
	       lpm_bytes / 1048576.0, (double)lpm_bytes / nt, ref_bytes / 1048576.0, t_lpm_build,
	       t_ref_build);
	printf("runs       %d (best of %d and median); /lpm = time over net_lpm's\n\n", runs, runs);
	printf("-- VPC route table lookups per second\n");
	header();
	double lb = bench_best(tl, runs), lm = bench_median(tl, runs);
	row("net_lpm_lookup (new)", tl, runs, lookups, 0, 0);
	row("sorted arrays per length (old rib), reference", tr, runs, lookups, lb, lm);
	row("route_vpc_lookup (AWS ranking, winner)", tv, runs, lookups, lb, lm);
	row("route_vpc_lookup (winner and losers)", tx, runs, lookups, lb, lm);
	printf("answers that differ (net_lpm vs sorted arrays): %llu (checksum %llu)\n",
	       (unsigned long long)bad, (unsigned long long)(sink & 0xffff));

	/* Section 2: DIR-24-8 on single tables. */
	uint32_t big = 0, big_n = 0;
	for (uint32_t i = 0; i < m->n_tgw_rtbs; i++) {
		const struct rib *r = rib_of(set, &m->tgw_rtbs[i].obj);
		if (r && r->n_routes > big_n) {
			big = i;
			big_n = r->n_routes;
		}
	}
	bool same = bad == 0;
	uint32_t n = 0;
	struct net_lpm_entry *e = rib_prefixes(rib_of(set, &m->rtbs[0].obj), &n);
	char what[160];
	snprintf(what, sizeof(what), "one VPC route table (%s)", m->rtbs[0].obj.id);
	same &= e && one_table(what, e, n, addrs, lookups, runs);
	free(e);
	if (m->n_tgw_rtbs) {
		e = rib_prefixes(rib_of(set, &m->tgw_rtbs[big].obj), &n);
		snprintf(what, sizeof(what), "largest TGW route table (%s)",
			 m->tgw_rtbs[big].obj.id);
		same &= e && one_table(what, e, n, addrs, lookups, runs);
		free(e);
	}

	for (uint32_t i = 0; i < nt; i++) {
		net_lpm_free(lpm[i]);
		ref_free(&ref[i]);
	}
	free(lpm);
	free(ref);
	free(addrs);
	free(which);
	route_vpc_free(rv);
	rib_free(set);
	model_free(m);
	return same ? 0 : 1;
}

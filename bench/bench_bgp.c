/*
 * DOC: BGP UPDATE parsing benchmark
 *
 *   bench_bgp [--runs N] [--messages N]
 *
 * A stream of N UPDATEs in the shape a router sends a full table (ORIGIN,
 * an AS_PATH of 2 to 5 ASNs, NEXT_HOP, two COMMUNITIES, and 1 to 200 IPv4
 * prefixes of /16 to /24 each; 1 in 8 is IPv6 in MP_REACH_NLRI), built
 * before the clock starts, then timed in the same run:
 *
 *   - reference 1: memcpy of the whole stream (the memory bandwidth floor);
 *   - reference 2: framing only -- each message's marker and length
 *     checked (bgp_msg_header()), nothing inside read;
 *   - bgp_update_parse() of every message (every attribute and NLRI
 *     length checked, RFC 7606), then every prefix read back
 *     (bgp_nlri_next()) and the AS_PATH flattened, what `vpcsim bgp` does
 *     with each UPDATE before storing its routes.
 *
 * Prints messages and prefixes per second, best and median of N runs, and
 * the parse's time over each reference's.  Not a test: figures only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_common.h"
#include "bgp/msg.h"

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* The stream: @n UPDATEs, *len bytes, *npfx prefixes in all. */
static uint8_t *make_stream(size_t n, size_t *len, size_t *npfx)
{
	size_t cap = n * 1024 + BGP_MSG_MAX, off = 0;
	uint8_t *b = malloc(cap);
	if (!b)
		return NULL;
	uint64_t s = 0x9e3779b97f4a7c15ull;
	struct net_prefix p[200];
	*npfx = 0;
	for (size_t i = 0; i < n; i++) {
		bool v6 = rnd(&s) % 8 == 0;
		size_t k = 1 + rnd(&s) % (rnd(&s) % 4 ? 20 : 200);
		for (size_t j = 0; j < k; j++) {
			memset(&p[j], 0, sizeof(p[j]));
			uint64_t r = rnd(&s);
			if (v6) {
				p[j].addr.af = NET_AF_INET6;
				p[j].addr.b[0] = 0x20;
				p[j].addr.b[1] = 0x01;
				memcpy(p[j].addr.b + 2, &r, 6);
				p[j].len = (uint8_t)(32 + r % 17);
			} else {
				p[j].addr.af = NET_AF_INET;
				memcpy(p[j].addr.b, &r, 3);
				p[j].len = (uint8_t)(16 + r % 9);
			}
			net_prefix_canonicalize(&p[j]);
		}
		uint32_t path[5] = {65010, 3356, 1299, 174, 6939};
		uint32_t comm[2] = {(7224u << 16) | 7300, (65010u << 16) | (uint32_t)(i & 0xffff)};
		struct bgp_announce a = {.as_path = path,
					 .as_path_len = 2 + (uint32_t)(rnd(&s) % 4),
					 .as4 = true,
					 .next_hop = 0xa9fe6402u,
					 .communities = comm,
					 .n_communities = 2};
		a.next_hop6[0] = 0xfe;
		a.next_hop6[1] = 0x80;
		a.next_hop6[15] = 2;
		size_t used = 0;
		size_t w = bgp_build_update(b + off, cap - off, &a, p, k, &used);
		if (!w)
			break;
		off += w;
		*npfx += used;
	}
	*len = off;
	return b;
}

static volatile uint64_t sink;

static double run_memcpy(const uint8_t *b, size_t len, uint8_t *dst)
{
	double t0 = bench_now();
	memcpy(dst, b, len);
	sink += dst[len / 2];
	return bench_now() - t0;
}

static double run_framing(const uint8_t *b, size_t len, size_t *msgs)
{
	double t0 = bench_now();
	size_t off = 0, n = 0;
	uint8_t type;
	struct bgp_notify e;
	int l;
	while (off < len && (l = bgp_msg_header(b + off, len - off, &type, &e)) > 0) {
		off += (size_t)l;
		n++;
	}
	*msgs = n;
	return bench_now() - t0;
}

static double run_parse(const uint8_t *b, size_t len, size_t *msgs, size_t *pfx)
{
	const struct bgp_parse_opts po = {.as4 = true, .ebgp = true, .peer_as = 65010};
	double t0 = bench_now();
	size_t off = 0, n = 0, np = 0;
	uint8_t type;
	struct bgp_notify e;
	int l;
	uint64_t acc = 0;
	while (off < len && (l = bgp_msg_header(b + off, len - off, &type, &e)) > 0) {
		struct bgp_update u;
		if (bgp_update_parse(b + off, (size_t)l, &po, &u, &e) == 0 && !u.withdraw_all) {
			uint32_t path[64];
			acc += bgp_as_path_flat(&u, path, 64);
			acc += bgp_community(&u, 0);
			struct bgp_nlri_iter it;
			struct net_prefix p;
			for (bgp_nlri_begin(&it, &u.nlri); bgp_nlri_next(&it, &p); np++)
				acc += p.len;
			for (bgp_nlri_begin(&it, &u.mp_reach); bgp_nlri_next(&it, &p); np++)
				acc += p.len;
		}
		off += (size_t)l;
		n++;
	}
	sink += acc;
	*msgs = n;
	*pfx = np;
	return bench_now() - t0;
}

int main(int argc, char **argv)
{
	int runs = 5;
	size_t n = 200000;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--runs") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--messages") && i + 1 < argc)
			n = (size_t)strtoul(argv[++i], NULL, 10);
		else {
			fprintf(stderr, "usage: bench_bgp [--runs N] [--messages N]\n");
			return 2;
		}
	}
	if (runs < 1 || runs > 100 || n < 1 || n > 10000000) {
		fprintf(stderr, "bench_bgp: --runs 1..100, --messages 1..10000000\n");
		return 2;
	}
	size_t len, npfx;
	uint8_t *b = make_stream(n, &len, &npfx);
	uint8_t *dst = malloc(len ? len : 1);
	double *tm = calloc((size_t)runs, sizeof(double)),
	       *tf = calloc((size_t)runs, sizeof(double));
	double *tp = calloc((size_t)runs, sizeof(double));
	if (!b || !dst || !tm || !tf || !tp) {
		fprintf(stderr, "bench_bgp: out of memory\n");
		return 2;
	}
	size_t msgs = 0, got = 0, pf = 0;
	for (int r = 0; r < runs; r++) {
		tm[r] = run_memcpy(b, len, dst);
		tf[r] = run_framing(b, len, &msgs);
		tp[r] = run_parse(b, len, &got, &pf);
	}
	if (got != msgs || pf != npfx)
		fprintf(stderr, "bench_bgp: parsed %zu messages and %zu prefixes of %zu and %zu\n",
			got, pf, msgs, npfx);
	printf("%zu UPDATEs, %zu prefixes, %.1f MB; best / median of %d runs\n", msgs, npfx,
	       len / 1e6, runs);
	double bm = bench_best(tm, runs), bf = bench_best(tf, runs), bp = bench_best(tp, runs);
	printf("  %-44s %8.2f ms  %7.2f GB/s\n", "reference: memcpy of the stream", bm * 1e3,
	       len / bm / 1e9);
	printf("  %-44s %8.2f ms  %7.2f M msgs/s\n", "reference: framing only (marker, length)",
	       bf * 1e3, msgs / bf / 1e6);
	printf("  %-44s %8.2f ms  %7.2f M msgs/s  %6.2f M prefixes/s  (median %.2f ms)\n",
	       "bgp_update_parse + every prefix + AS_PATH", bp * 1e3, msgs / bp / 1e6,
	       npfx / bp / 1e6, bench_median(tp, runs) * 1e3);
	printf("  parse / framing %.1fx, parse / memcpy %.1fx\n", bp / bf, bp / bm);
	free(b);
	free(dst);
	free(tm);
	free(tf);
	free(tp);
	return 0;
}

/*
 * DOC: what the benchmark programs and the snapshot generators share
 *
 * The command line of all six (one operand, --NAME VALUE options described
 * by a table), and for the benchmarks the clock and the statistics they
 * print their figures with, the timed load of the snapshot, and the
 * reproducible random IPv4 workload of bench_routes and bench_lpm, so that
 * they report time the same way and draw the same addresses.  Bad input
 * on the command line, or a snapshot that does not load, ends the program
 * with exit status 2.  Single-threaded.
 */
#ifndef VPCSIM_BENCH_COMMON_H
#define VPCSIM_BENCH_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vpcsim/diag.h"
#include "vpcsim/model.h"
#include "vpcsim/net.h"

/* ---- command line ---- */

enum bench_opt_kind {
	BENCH_OPT_INT,  /* int *, a number in [min, max] */
	BENCH_OPT_U32,  /* uint32_t *, likewise */
	BENCH_OPT_U64,  /* uint64_t *, likewise */
	BENCH_OPT_STR,  /* const char **: the value as it is (a file name) */
	BENCH_OPT_FLAG, /* bool *: set, no value */
};

/* One option: @name with its dashes ("--runs"), where its value goes. */
struct bench_opt {
	const char *name;
	enum bench_opt_kind kind;
	void *out;
	uint64_t min, max;
};

/*
 * @argv: one operand (SNAPSHOT_DIR, OUTDIR) into *operand, and the options
 * of @opts (ended by an entry with a NULL name) in any order.  A second or no operand, an option not in
 * @opts or without its value: @usage on stderr, exit 2.  A value that is
 * not a decimal number in range: "@prog: NAME needs a number from MIN to
 * MAX, not 'VALUE'" on stderr, exit 2.
 */
void bench_args(const char *prog, const char *usage, const struct bench_opt *opts, int argc,
		char **argv, const char **operand);

/* ---- clock and statistics ---- */

/* Seconds on CLOCK_MONOTONIC. */
double bench_now(void);
/* Sort @n doubles ascending, in place. */
void bench_sort(double *v, size_t n);
/* The smallest of @n > 0 values. */
double bench_best(const double *v, int n);
/* The median of @n > 0 values (@v is left as it is; v[0] when out of memory). */
double bench_median(const double *v, int n);

/* ---- the snapshot ---- */

/*
 * load_snapshot(@dir) into *m, its time in *seconds, its findings in *diag
 * (the caller frees both).  0, or load_snapshot()'s error (or VS_ENOMEM),
 * said on stderr with the findings as "@prog: load_snapshot(@dir): ERROR";
 * then *m and *diag are NULL.
 */
int bench_load(const char *prog, const char *dir, struct model **m, struct diag_list **diag,
	       double *seconds);
/* When @diag holds errors (a generator's output should be clean): how
 * many, and the first five, on stderr. */
void bench_show_errors(const char *prog, const struct diag_list *diag);

/* ---- random IPv4 workload (xorshift64*) ---- */

/* The state for @seed (0 would stay 0: it starts from a fixed constant). */
uint64_t bench_rnd_seed(uint64_t seed);
uint64_t bench_rnd(uint64_t *s);
/* One address: half in 10.0.0.0/8, a quarter in 172.16.0.0/12, an eighth
 * in 192.168.0.0/16, an eighth anywhere. */
void bench_rnd_v4(uint64_t *s, struct net_addr *a);

#endif

/*
 * DOC: command line, clock, statistics, load and random workload of the
 * benchmark programs and generators (bench_common.h)
 */
#include "bench_common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vpcsim/error.h"
#include "vpcsim/load.h"
#include "vpcsim/report.h"

/* ---- command line ---- */

static void usage_exit(const char *usage)
{
	fputs(usage, stderr);
	exit(2);
}

static uint64_t opt_number(const char *prog, const struct bench_opt *o, const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < o->min || v > o->max) {
		fprintf(stderr, "%s: %s needs a number from %llu to %llu, not '%s'\n", prog,
			o->name, (unsigned long long)o->min, (unsigned long long)o->max, s);
		exit(2);
	}
	return v;
}

void bench_args(const char *prog, const char *usage, const struct bench_opt *opts, int argc,
		char **argv, const char **operand)
{
	*operand = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct bench_opt *o = NULL;

		if (a[0] != '-') {
			if (*operand)
				usage_exit(usage);
			*operand = a;
			continue;
		}
		for (const struct bench_opt *k = opts; k->name && !o; k++)
			if (!strcmp(a, k->name))
				o = k;
		if (!o)
			usage_exit(usage);
		if (o->kind == BENCH_OPT_FLAG) {
			*(bool *)o->out = true;
			continue;
		}
		if (i + 1 >= argc)
			usage_exit(usage);
		const char *v = argv[++i];
		switch (o->kind) {
		case BENCH_OPT_INT:
			*(int *)o->out = (int)opt_number(prog, o, v);
			break;
		case BENCH_OPT_U32:
			*(uint32_t *)o->out = (uint32_t)opt_number(prog, o, v);
			break;
		case BENCH_OPT_U64:
			*(uint64_t *)o->out = opt_number(prog, o, v);
			break;
		case BENCH_OPT_STR:
			*(const char **)o->out = v;
			break;
		case BENCH_OPT_FLAG:
			break;
		}
	}
	if (!*operand)
		usage_exit(usage);
}

/* ---- clock and statistics ---- */

double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

void bench_sort(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), dcmp);
}

double bench_best(const double *v, int n)
{
	double b = v[0];
	for (int i = 1; i < n; i++)
		if (v[i] < b)
			b = v[i];
	return b;
}

double bench_median(const double *v, int n)
{
	double *s = malloc((size_t)n * sizeof(*s));
	if (!s)
		return v[0];
	memcpy(s, v, (size_t)n * sizeof(*s));
	bench_sort(s, (size_t)n);
	double m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	free(s);
	return m;
}

/* ---- the snapshot ---- */

int bench_load(const char *prog, const char *dir, struct model **m, struct diag_list **diag,
	       double *seconds)
{
	*m = NULL;
	*diag = diag_list_new();
	double t0 = bench_now();
	int rc = *diag ? load_snapshot(dir, NULL, *diag, m) : VS_ENOMEM;
	*seconds = bench_now() - t0;
	if (rc == 0)
		return 0;
	if (*diag)
		report_diag_print(stderr, *diag);
	fprintf(stderr, "%s: load_snapshot(%s): %s\n", prog, dir, vs_strerror(rc));
	diag_list_free(*diag);
	*diag = NULL;
	return rc;
}

void bench_show_errors(const char *prog, const struct diag_list *diag)
{
	size_t n = diag_count_severity(diag, DIAG_ERROR), shown = 0;

	if (n == 0)
		return;
	fprintf(stderr, "%s: the loader reported %zu error(s); first ones:\n", prog, n);
	for (size_t i = 0; i < diag_count(diag) && shown < 5; i++) {
		const struct diag *d = diag_get(diag, i);
		if (d->severity == DIAG_ERROR) {
			fprintf(stderr, "  [%s] %s: %s\n", d->code, d->resource ? d->resource : "-",
				d->message);
			shown++;
		}
	}
}

/* ---- random IPv4 workload ---- */

uint64_t bench_rnd_seed(uint64_t seed)
{
	return seed ? seed : 0x9e3779b97f4a7c15ull;
}

uint64_t bench_rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

void bench_rnd_v4(uint64_t *s, struct net_addr *a)
{
	uint64_t x = bench_rnd(s);
	uint32_t v = (uint32_t)x, sel = (uint32_t)(x >> 32) & 7;
	if (sel < 4)
		v = 0x0a000000u | (v & 0x00ffffffu); /* 10/8 */
	else if (sel < 6)
		v = 0xac100000u | (v & 0x000fffffu); /* 172.16/12 */
	else if (sel == 6)
		v = 0xc0a80000u | (v & 0x0000ffffu); /* 192.168/16 */
	net_addr_set_v4(a, v);
}

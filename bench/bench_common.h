/*
 * DOC: what the benchmark programs share
 *
 * The clock and the statistics bench_load, bench_routes and bench_trace
 * print their figures with, so the three report time the same way.
 */
#ifndef VPCSIM_BENCH_COMMON_H
#define VPCSIM_BENCH_COMMON_H

#include <stddef.h>

/* Seconds on CLOCK_MONOTONIC. */
double bench_now(void);
/* Sort @n doubles ascending, in place. */
void bench_sort(double *v, size_t n);
/* The smallest of @n > 0 values. */
double bench_best(const double *v, int n);
/* The median of @n > 0 values (@v is left as it is; v[0] when out of memory). */
double bench_median(const double *v, int n);

#endif

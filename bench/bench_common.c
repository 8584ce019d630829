/*
 * DOC: clock and statistics of the benchmark programs (bench_common.h)
 */
#include "bench_common.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

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

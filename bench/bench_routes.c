/*
 * DOC: route computation benchmark
 *
 *   bench_routes SNAPSHOT_DIR [--runs N] [--lookups N] [--seed S]
 *                [--dx-prefix-limit N]
 *
 * Measures, on the same snapshot and in the same run:
 *  - the reference: load_snapshot() (read + parse + model + indexes);
 *  - rib_build(): every effective route table (VPC and TGW route tables,
 *    VGWs, DX gateways, sites) after propagation and best-path selection;
 *  - rib_lookup(): longest-prefix match of random addresses on random TGW
 *    route tables, in ns per lookup (the addresses are drawn before the
 *    clock starts: half in 10.0.0.0/8, a quarter in 172.16.0.0/12, an
 *    eighth in 192.168.0.0/16, an eighth anywhere).
 * and prints best-of-N and median side by side, the ratio rib_build / load,
 * how many tables and routes were computed, and rib_build against the goal
 * of one second for the 5,000-VPC hybrid network of gen_hybrid.
 *
 * Not a test: it reports figures and never fails on them.  Exit status 2
 * when the snapshot cannot be loaded or the routes cannot be computed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_common.h"
#include "vpcsim/diag.h"
#include "vpcsim/error.h"
#include "vpcsim/load.h"
#include "vpcsim/model.h"
#include "vpcsim/rib.h"

#define GOAL_SECONDS 1.0
#define GOAL_VPCS    5000u

/* Tables and routes of one kind of routing domain. */
struct tally {
	const char *what;
	uint32_t tables;
	uint64_t routes, installed, down;
};

static void tally_kind(const struct rib_set *set, const struct model *m, enum model_kind k,
		       struct tally *t)
{
	uint32_t n = model_count(m, k);
	for (uint32_t i = 0; i < n; i++) {
		const struct rib *r = rib_of(set, model_get(m, k, i));
		if (!r)
			continue;
		t->tables++;
		t->routes += r->n_routes;
		for (uint32_t j = 0; j < r->n_routes; j++) {
			t->installed += rib_installed(&r->routes[j]);
			t->down += r->routes[j].down;
		}
	}
}

int main(int argc, char **argv)
{
	const char *dir;
	int runs = 3;
	uint32_t lookups = 1000000;
	uint64_t seed = 1;
	struct rib_opts ro = {0};
	const struct bench_opt opts[] = {
		{"--runs", BENCH_OPT_INT, &runs, 1, 1000},
		{"--lookups", BENCH_OPT_U32, &lookups, 1, 100000000},
		{"--seed", BENCH_OPT_U64, &seed, 0, UINT64_MAX},
		{"--dx-prefix-limit", BENCH_OPT_U32, &ro.dx_prefix_limit, 1, 1000000},
		{NULL, BENCH_OPT_FLAG, NULL, 0, 0},
	};
	bench_args("bench_routes",
		   "usage: bench_routes SNAPSHOT_DIR [--runs N] [--lookups N] [--seed S]\n"
		   "                    [--dx-prefix-limit N]\n",
		   opts, argc, argv, &dir);

	double *t_load = calloc((size_t)runs, sizeof(double));
	double *t_rib = calloc((size_t)runs, sizeof(double));
	double *t_look = calloc((size_t)runs, sizeof(double));
	if (!t_load || !t_rib || !t_look)
		return 2;

	/* 1. the reference: the load, N times; the last model is kept */
	struct model *m = NULL;
	unsigned long long n_err = 0, n_warn = 0;
	for (int i = 0; i < runs; i++) {
		struct diag_list *diag;
		model_free(m);
		if (bench_load("bench_routes", dir, &m, &diag, &t_load[i]) != 0)
			return 2;
		n_err = diag_count_severity(diag, DIAG_ERROR);
		n_warn = diag_count_severity(diag, DIAG_WARNING);
		if (i == 0)
			bench_show_errors("bench_routes", diag);
		diag_list_free(diag);
	}

	/* 2. route computation, N times on the same model; the last set is kept */
	struct rib_set *set = NULL;
	for (int i = 0; i < runs; i++) {
		rib_free(set);
		set = NULL;
		double t0 = bench_now();
		int rc = rib_build(m, &ro, &set);
		t_rib[i] = bench_now() - t0;
		if (rc != 0) {
			fprintf(stderr, "bench_routes: rib_build: %s\n", vs_strerror(rc));
			return 2;
		}
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double rss_mib = (double)ru.ru_maxrss / 1024.0;

	struct tally kinds[] = {
		{"VPC route tables", 0, 0, 0, 0},
		{"TGW route tables", 0, 0, 0, 0},
		{"VGWs", 0, 0, 0, 0},
		{"DX gateways", 0, 0, 0, 0},
		{"sites", 0, 0, 0, 0},
	};
	static const enum model_kind kind_of[] = {MODEL_RTB, MODEL_TGW_RTB, MODEL_VGW, MODEL_DXGW,
						  MODEL_SITE};
	struct tally all = {"all", 0, 0, 0, 0};
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		tally_kind(set, m, kind_of[k], &kinds[k]);
		all.tables += kinds[k].tables;
		all.routes += kinds[k].routes;
		all.installed += kinds[k].installed;
		all.down += kinds[k].down;
	}
	uint32_t vifs_down = 0;
	for (uint32_t i = 0; i < m->n_vifs; i++)
		vifs_down += rib_vif_down(set, &m->vifs[i]) != NULL;

	/* 3. lookups on TGW route tables; the workload is drawn first */
	const struct rib **tables = calloc(m->n_tgw_rtbs ? m->n_tgw_rtbs : 1, sizeof(*tables));
	uint32_t n_tables = 0;
	for (uint32_t i = 0; tables && i < m->n_tgw_rtbs; i++) {
		const struct rib *r = rib_of(set, &m->tgw_rtbs[i].obj);
		if (r)
			tables[n_tables++] = r;
	}
	struct net_addr *addrs = calloc(lookups, sizeof(*addrs));
	uint32_t *which = calloc(lookups, sizeof(*which));
	uint64_t hits = 0;
	bool looked = tables && addrs && which && n_tables > 0;
	if (looked) {
		uint64_t s = bench_rnd_seed(seed);
		for (uint32_t i = 0; i < lookups; i++) {
			bench_rnd_v4(&s, &addrs[i]);
			which[i] = (uint32_t)(bench_rnd(&s) % n_tables);
		}
		for (int k = 0; k < runs; k++) {
			uint64_t h = 0;
			double t0 = bench_now();
			for (uint32_t i = 0; i < lookups; i++)
				h += rib_lookup(tables[which[i]], &addrs[i], NULL, 0, NULL) != NULL;
			t_look[k] = bench_now() - t0;
			hits = h;
		}
	}

	double lb = bench_best(t_load, runs), lm = bench_median(t_load, runs);
	double rb = bench_best(t_rib, runs), rm = bench_median(t_rib, runs);
	uint64_t n_adv = 0;
	for (uint32_t i = 0; i < m->n_sites; i++)
		n_adv += m->sites[i].n_adv;

	printf("snapshot   %s\n", dir);
	printf("model      %u VPCs, %u subnets, %u VPC route tables, %u TGWs, %u TGW route "
	       "tables, %u TGW attachments, %u VPNs, %u DX gateways, %u VIFs, %u sites "
	       "(%llu advertisements); %llu error / %llu warning findings\n",
	       m->n_vpcs, m->n_subnets, m->n_rtbs, m->n_tgws, m->n_tgw_rtbs, m->n_tgw_atts,
	       m->n_vpns, m->n_dxgws, m->n_vifs, m->n_sites, (unsigned long long)n_adv, n_err,
	       n_warn);
	printf("runs       %d (best of %d and median)\n\n", runs, runs);
	printf("%-44s %12s %12s\n", "", "best", "median");
	printf("%-44s %10.3f s %10.3f s\n", "load_snapshot (read+parse+model+idx), ref.", lb, lm);
	printf("%-44s %10.3f s %10.3f s\n", "rib_build (all effective route tables)", rb, rm);
	printf("%-44s %11.2fx %11.2fx\n", "ratio rib_build / load", rb / lb, rm / lm);
	if (looked) {
		double pb = bench_best(t_look, runs) / lookups * 1e9;
		double pm = bench_median(t_look, runs) / lookups * 1e9;
		printf("%-44s %9.1f ns %9.1f ns\n", "rib_lookup, per lookup (TGW route tables)", pb,
		       pm);
	}
	printf("%-44s %10.1f MiB\n", "peak RSS (model + route tables)", rss_mib);

	printf("\n%-18s %8s %12s %12s %8s\n", "computed", "tables", "candidates", "installed",
	       "down");
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		printf("%-18s %8u %12llu %12llu %8llu\n", kinds[k].what, kinds[k].tables,
		       (unsigned long long)kinds[k].routes, (unsigned long long)kinds[k].installed,
		       (unsigned long long)kinds[k].down);
	printf("%-18s %8u %12llu %12llu %8llu\n", "total", all.tables,
	       (unsigned long long)all.routes, (unsigned long long)all.installed,
	       (unsigned long long)all.down);
	printf("VIF sessions down: %u of %u\n", vifs_down, m->n_vifs);
	if (looked)
		printf("lookups: %u random addresses on %u TGW route tables, %llu matched "
		       "(%.1f%%)\n",
		       lookups, n_tables, (unsigned long long)hits, 100.0 * (double)hits / lookups);
	else
		printf("lookups: none (no TGW route table)\n");

	if (m->n_vpcs >= GOAL_VPCS)
		printf("\ngoal: route computation for a %u-VPC snapshot under %.0f s: best %.3f s, "
		       "median %.3f s -> %s\n",
		       m->n_vpcs, GOAL_SECONDS, rb, rm, rm <= GOAL_SECONDS ? "MET" : "NOT MET");
	else
		printf("\ngoal: (the %.0f s goal is for a %u-VPC snapshot; this one has %u VPCs)\n",
		       GOAL_SECONDS, GOAL_VPCS, m->n_vpcs);

	free(addrs);
	free(which);
	free(tables);
	rib_free(set);
	model_free(m);
	free(t_load);
	free(t_rib);
	free(t_look);
	return 0;
}
